import { normalizeText } from "../normalize.js";
import { headingKind, isPageNumber } from "../vocabulary.js";
import type { Fragment, PageContent, ReadResult } from "./types.js";

// A layout text dump (`pdftotext -layout`, pdfplumber's `layout=True`) keeps the
// page's columns as runs of spaces: each printed line is a line of the dump, and
// a word's character offset stands for its x position. Read that way, the dump is
// positioned text, and goes through the same geometric stages as a PDF's text.
//
// Both tools put every character in one column, ideographs included (poppler
// and pdfplumber count characters, not display width); a dump made for a
// terminal may count an ideograph as two. Which of the two counts lines the
// dump's columns up is measured, not assumed.

/** Points per column, and the type size that makes two columns one em. */
const COLUMN = 5;
const SIZE = 2 * COLUMN;
/** Points per line: consecutive lines of one cell stack (≤ 1.5 em apart), a blank line parts them. */
const PITCH = 1.2 * SIZE;

/** Share of a dump's lines that must show columns as runs of spaces for it to be read as a layout dump. */
const LAYOUT_SHARE = 0.3;

/** Whether the text keeps the page's columns as runs of spaces (indentation, gaps of three or more). */
export function isLayoutText(text: string): boolean {
  const lines = text.split(/\r\n?|\n|\f/).filter((l) => l.trim());
  if (lines.length === 0) return false;
  const spaced = lines.filter((l) => /\S[ \u3000]{3,}\S/.test(l) || /^[ \u3000]{4,}\S/.test(l)).length;
  return spaced >= LAYOUT_SHARE * lines.length;
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

type Measure = (s: string) => number;
const byChar: Measure = (s) => [...s].length;
const byDisplay: Measure = (s) => [...s].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);

interface Word {
  text: string;
  /** Column of its first character, and its width in columns. */
  col: number;
  cols: number;
  spaceBefore: boolean;
}

function words(line: string, measure: Measure): Word[] {
  const out: Word[] = [];
  const re = /[^ \u3000]+/gu;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const before = line.slice(0, m.index);
    out.push({ text: m[0], col: measure(before), cols: measure(m[0]), spaceBefore: m.index > 0 && before.length > 0 });
  }
  return out;
}

/**
 * Which count lines the columns up: the one under which more words that follow
 * a gap start exactly where a word on another line starts.
 */
function chooseMeasure(lines: string[]): Measure {
  const aligned = (measure: Measure) => {
    const starts = new Map<number, number>();
    let total = 0;
    for (const line of lines) {
      if (!/[^\x00-\x7f]/.test(line)) continue;
      for (const w of words(line, measure)) {
        if (w.col === 0) continue;
        starts.set(w.col, (starts.get(w.col) ?? 0) + 1);
        total++;
      }
    }
    let shared = 0;
    for (const n of starts.values()) if (n > 1) shared += n;
    return total ? shared / total : 0;
  };
  return aligned(byDisplay) > aligned(byChar) + 0.1 ? byDisplay : byChar;
}

/**
 * The dump's pages: split at form feeds. Without them, at page numbers (after a
 * number printed at the foot of its page; before the lines that open a page with
 * one), else every so many lines (pdfplumber pads each page to about the same
 * number of lines): the fewest for which each break falls in the blank margins.
 * Else the dump is one page.
 */
function splitPages(text: string): string[][] {
  const lines = (page: string) => page.split("\n").map((l) => l.replace(/\t/g, "        ").replace(/[ \u3000]+$/u, ""));
  const raw = text.split("\f");
  if (raw.length > 1) {
    if (raw.at(-1)!.trim() === "") raw.pop();
    return raw.map(lines);
  }
  const all = lines(text);
  const cut = (breaks: number[]) => [0, ...breaks, all.length].slice(1).map((end, k, ends) => all.slice(k === 0 ? 0 : ends[k - 1], end));
  const numbered = all.flatMap((l, i) => (l.trim() && isPageNumber(l.trim()) ? [i] : []));
  if (numbered.length >= 2) {
    // A number before the first heading opens its page; else it ends it.
    const heading = all.findIndex((l) => headingKind(l) !== null);
    const atTop = heading >= 0 && numbered[0]! < heading;
    const breaks = numbered.map((n) => {
      if (!atTop) return n + 1;
      let k = n;
      while (k > 0 && all[k - 1]!.trim()) k--;
      return k;
    });
    return cut(breaks.filter((b, i) => b > 0 && b < all.length && (i === 0 || b > breaks[i - 1]!)));
  }
  for (let period = MIN_PAGE_LINES; period <= all.length / 2; period++) {
    const breaks: number[] = [];
    let at = period;
    // Until what is left is the last page (within the drift: its blank foot may be cut short).
    while (all.length - at > DRIFT) {
      // The break may drift a line or two from page to page: the nearest blank pair of lines.
      const found = [0, 1, -1, 2, -2].map((d) => at + d).find((b) => b > 0 && b < all.length && !all[b - 1]!.trim() && !all[b]!.trim());
      if (found === undefined) break;
      breaks.push(found);
      at = found + period;
    }
    // The last page is a page too (within the drift).
    if (all.length - at <= DRIFT && breaks.length && Math.abs(all.length - breaks.at(-1)! - period) <= DRIFT) return cut(breaks);
  }
  return [all];
}

/** Fewer lines than this are no page of a declaration. */
const MIN_PAGE_LINES = 20;
/** How many lines a page break of a dump without form feeds may drift from page to page. */
const DRIFT = 2;

/** The dump as positioned pages: a word's column gives its x, its line the baseline. */
export function readLayoutText(text: string): ReadResult {
  const pages = splitPages(normalizeText(text).replace(/\r\n?/g, "\n"));
  const measure = chooseMeasure(pages.flat());
  const result: PageContent[] = pages.map((lines, p) => {
    const fragments: Fragment[] = [];
    let width = 0;
    lines.forEach((line, i) => {
      const baseline = (i + 1) * PITCH;
      for (const w of words(line, measure)) {
        fragments.push({
          text: w.text,
          x0: w.col * COLUMN,
          x1: (w.col + w.cols) * COLUMN,
          baseline,
          top: baseline - 0.8 * SIZE,
          bottom: baseline + 0.2 * SIZE,
          size: SIZE,
          spaceBefore: w.spaceBefore,
        });
        width = Math.max(width, (w.col + w.cols) * COLUMN);
      }
    });
    return { page: p + 1, width, height: (lines.length + 1) * PITCH, fragments, rules: [], problems: [], grid: { pitch: PITCH, column: COLUMN } };
  });
  return { pageCount: result.length, pages: result };
}
