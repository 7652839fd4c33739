import type { Fragment, PageContent } from "../read/types.js";

// Lines: fragments that share a baseline, left to right, each piece keeping its
// x-range so later stages can tell columns apart.

export interface Word {
  text: string;
  x0: number;
  x1: number;
  /** The glyphs' vertical extent (the source fragment's), for provenance. */
  top: number;
  bottom: number;
  size: number;
  /** White space separated this word from the previous one in the source text. */
  spaceBefore: boolean;
  /** Split off the same source fragment as the previous word (its x-range is estimated). */
  inFragment?: boolean;
}

export interface Line {
  page: number;
  baseline: number;
  top: number;
  bottom: number;
  size: number;
  words: Word[];
  /** The page's text is set on a character grid (see PageContent.grid). */
  grid?: { pitch: number; column: number };
}

const FULL_WIDTH = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** A text's estimated width in ems: full-width characters 1, white space 0.3, others 0.55. */
export function weight(s: string): number {
  return [...s].reduce((w, ch) => w + (FULL_WIDTH.test(ch) ? 1 : /\s/.test(ch) ? 0.3 : 0.55), 0);
}

/**
 * A word cut in two before its character `at` (a label glued to the value before
 * it: `440310241270025641154项目名称：`); the cut's x is estimated from character widths.
 */
export function splitWord(word: Word, at: number): [Word, Word] {
  const left = word.text.slice(0, at), right = word.text.slice(at);
  const x = word.x0 + ((word.x1 - word.x0) * weight(left)) / (weight(word.text) || 1);
  return [
    { ...word, text: left, x1: x },
    { ...word, text: right, x0: x, spaceBefore: false, inFragment: true },
  ];
}

// A fragment that carries several cells' text ("设备维保完成率 5 条 该指标…", as some
// producers emit a whole row in one string) is split at white space; the pieces'
// x-ranges are estimated from character widths (full-width 1 em, others ½ em).
function splitFragment(f: Fragment): Word[] {
  const parts = f.text.split(/(\s+)/).filter((p) => p !== "");
  if (parts.length === 1) return [{ text: f.text, x0: f.x0, x1: f.x1, top: f.top, bottom: f.bottom, size: f.size, spaceBefore: f.spaceBefore ?? false }];
  const total = parts.reduce((w, p) => w + weight(p), 0) || 1;
  const scale = (f.x1 - f.x0) / total;
  const words: Word[] = [];
  let x = f.x0;
  let space = false;
  for (const part of parts) {
    const w = weight(part) * scale;
    if (/^\s+$/.test(part)) space = true;
    else {
      words.push({ text: part, x0: x, x1: x + w, top: f.top, bottom: f.bottom, size: f.size, spaceBefore: space, inFragment: words.length > 0 });
      space = false;
    }
    x += w;
  }
  if ((f.spaceBefore || /^\s/.test(f.text)) && words[0]) words[0].spaceBefore = true;
  return words;
}

/** Groups a page's fragments into lines, top to bottom. */
export function groupLines(page: PageContent): Line[] {
  const fragments = [...page.fragments].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const lines: Line[] = [];
  for (const f of fragments) {
    // Same line: baselines within a fifth of the font size. Values centred between
    // the two lines of a wrapped label sit half a line off and stay separate lines.
    const line = lines.find((l) => Math.abs(l.baseline - f.baseline) <= 0.2 * Math.min(l.size, f.size));
    const words = splitFragment(f);
    if (line) {
      line.words.push(...words);
      line.top = Math.min(line.top, f.top);
      line.bottom = Math.max(line.bottom, f.bottom);
      line.size = Math.max(line.size, f.size);
    } else {
      lines.push({ page: page.page, baseline: f.baseline, top: f.top, bottom: f.bottom, size: f.size, words, ...(page.grid ? { grid: page.grid } : {}) });
    }
  }
  for (const line of lines) {
    line.words.sort((a, b) => a.x0 - b.x0);
    // Fragments that overlap almost entirely are the same glyphs drawn twice
    // (fake bold, shadows); keep one copy.
    line.words = line.words.filter((w, i, all) => {
      const prev = all[i - 1];
      return !(prev && prev.text === w.text && Math.abs(prev.x0 - w.x0) < 0.3 * w.size);
    });
  }
  return lines.sort((a, b) => a.baseline - b.baseline);
}

// Glyphs of one word touch; a space is ¼–⅓ em wide.
export const SPACE_GAP = 0.15;

/** The line's text with a single space wherever the source had white space or a visible gap. */
export function lineText(words: readonly Word[]): string {
  let out = "";
  words.forEach((w, i) => {
    const prev = words[i - 1];
    if (prev && (w.spaceBefore || w.x0 - prev.x1 > SPACE_GAP * Math.min(w.size, prev.size))) out += " ";
    out += w.text;
  });
  return out;
}
