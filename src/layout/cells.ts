import type { Rule } from "../read/types.js";
import { joinLines, type CellLine } from "../parse/join.js";
import { lineText, SPACE_GAP, weight, type Line, type Word } from "./lines.js";

// Cells: the words of a table region grouped into the boxes they were printed in.
// Where ruling lines enclose a word, its cell is the box they draw (exact, even
// for merged cells). Where they do not (tables drawn without borders), cells are
// rebuilt from text geometry: runs separated by wide gaps, stacked while the
// baseline pitch stays that of one wrapped paragraph.

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface TextLine {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
  /** Set on lines gathered from cells of several pages. */
  page?: number;
  /** The words the line was made of, left to right (what its text and provenance come from). */
  words: Word[];
}

export interface Cell {
  page: number;
  /** The enclosing ruled box, or null when the cell was rebuilt from text alone. */
  box: Box | null;
  /** Extent of the text itself. */
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  lines: TextLine[];
}

/** A cell of some of another's lines (its box kept, its text extent theirs). */
export function cellOfLines(cell: Cell, lines: TextLine[]): Cell {
  const words = lines.flatMap((l) => l.words);
  return {
    ...cell,
    lines,
    x0: Math.min(...lines.map((l) => l.x0)),
    x1: Math.max(...lines.map((l) => l.x1)),
    top: Math.min(...words.map((w) => w.top)),
    bottom: Math.max(...words.map((w) => w.bottom)),
  };
}

const TOL = 1.5;

export class RuleIndex {
  private readonly v: Rule[];
  private readonly h: Rule[];
  constructor(rules: readonly Rule[]) {
    this.v = rules.filter((r) => r.orientation === "v");
    this.h = rules.filter((r) => r.orientation === "h");
  }
  get empty(): boolean {
    return this.v.length === 0 || this.h.length === 0;
  }
  /**
   * The box drawn around a point, or null where no vertical rules enclose it. A
   * cell cut by a page break has no rule on its open side (top, bottom, or both for
   * a merged cell running through a whole page): that side stays infinite here and
   * is closed at the edge of the printed region by `buildCells`.
   */
  boxAt(x: number, y: number): Box | null {
    let x0 = -Infinity, x1 = Infinity, y0 = -Infinity, y1 = Infinity;
    for (const r of this.v) {
      if (y < r.y0 - TOL || y > r.y1 + TOL) continue;
      if (r.x0 <= x && r.x0 > x0) x0 = r.x0;
      if (r.x0 >= x && r.x0 < x1) x1 = r.x0;
    }
    for (const r of this.h) {
      if (x < r.x0 - TOL || x > r.x1 + TOL) continue;
      if (r.y0 <= y && r.y0 > y0) y0 = r.y0;
      if (r.y0 >= y && r.y0 < y1) y1 = r.y0;
    }
    if (!Number.isFinite(x0 + x1)) return null;
    return { x0, x1, y0, y1 };
  }
}

interface Run {
  words: Word[];
  line: Line;
  x0: number;
  x1: number;
}

function runOf(words: Word[], line: Line): Run {
  return { words, line, x0: words[0]!.x0, x1: words.at(-1)!.x1 };
}

/**
 * Splits a line's words where the gap is wider than a column gutter, or where a
 * word starts at a column edge (an x where other runs of the region start too):
 * a right-aligned number can end close to the next column's label.
 */
export function splitRuns(line: Line, words: readonly Word[] = line.words, edges: readonly number[] = [], gutter = 0.9): Run[] {
  const runs: Run[] = [];
  let cur: Word[] = [];
  for (const w of words) {
    const prev = cur.at(-1);
    const gap = prev ? w.x0 - prev.x1 : 0;
    // A space inside one source fragment ("2 小时内") is a space, even where the
    // word after it happens to line up with an edge.
    const atEdge = gap > SPACE_GAP * w.size && !w.inFragment && edges.some((x) => Math.abs(x - w.x0) < 1);
    // On a character grid a space between two ideographs parts two cells: text
    // inside a cell has a space only next to Latin letters or digits (`IDC 机房`).
    const gridGap = line.grid !== undefined && gap > 0 && prev !== undefined && !LATIN.test(prev.text.at(-1)!) && !LATIN.test(w.text[0]!);
    if (prev && (gap > gutter * Math.min(w.size, prev.size) || atEdge || gridGap)) {
      runs.push(runOf(cur, line));
      cur = [];
    }
    cur.push(w);
  }
  if (cur.length) runs.push(runOf(cur, line));
  return runs;
}

const LATIN = /[A-Za-z0-9]/;

function toTextLine(run: Run): TextLine {
  return { text: lineText(run.words), x0: run.x0, x1: run.x1, baseline: run.line.baseline, size: run.line.size, words: [...run.words] };
}

function newCell(page: number, box: Box | null, run: Run): Cell {
  return { page, box, x0: run.x0, x1: run.x1, top: run.line.top, bottom: run.line.bottom, lines: [toTextLine(run)] };
}

function extend(cell: Cell, run: Run): void {
  cell.x0 = Math.min(cell.x0, run.x0);
  cell.x1 = Math.max(cell.x1, run.x1);
  cell.top = Math.min(cell.top, run.line.top);
  cell.bottom = Math.max(cell.bottom, run.line.bottom);
  const last = cell.lines.at(-1);
  // Words of one box on one baseline belong to one line of the cell.
  if (last && sameBaseline(last, run.line)) joinOnBaseline(last, toTextLine(run), run.words[0]!.spaceBefore);
  else cell.lines.push(toTextLine(run));
}

export function sameBaseline(a: { baseline: number }, b: { baseline: number; size: number }): boolean {
  return Math.abs(a.baseline - b.baseline) < 0.2 * b.size;
}

/**
 * Joins `piece` into `line`, both on one baseline, left to right whichever comes
 * first, with one space where the source had one or the gap shows one (as `lineText`).
 */
export function joinOnBaseline(line: TextLine, piece: TextLine, spaceBefore = false): void {
  const [left, right] = line.x0 <= piece.x0 ? [line, piece] : [piece, line];
  const space = (right === piece && spaceBefore) || right.x0 - left.x1 > SPACE_GAP * Math.min(left.size, right.size);
  line.text = left.text + (space ? " " : "") + right.text;
  line.words = [...left.words, ...right.words];
  line.x0 = Math.min(line.x0, piece.x0);
  line.x1 = Math.max(line.x1, piece.x1);
}

/** Left edges of borderless columns: one set for all lines, or each line's own. */
export type Edges = readonly number[] | ((line: Line) => readonly number[]);

/**
 * `edges`: left edges of the borderless columns, when known from more text than
 * these lines (a form's last page may hold only a row or two).
 */
export function buildCells(lines: readonly Line[], rules: readonly Rule[], edges?: Edges): Cell[] {
  const index = new RuleIndex(rules);
  const byBox = new Map<string, Cell>();
  const cells: Cell[] = [];
  const loose: { line: Line; words: Word[] }[] = [];
  for (const line of lines) {
    const looseWords: Word[] = [];
    // Consecutive words in the same box form one run.
    let runWords: Word[] = [];
    let runKey = "";
    let runBox: Box | null = null;
    const flush = () => {
      if (!runWords.length) return;
      const run = runOf(runWords, line);
      const cell = byBox.get(runKey);
      if (cell) extend(cell, run);
      else {
        const c = newCell(line.page, runBox, run);
        byBox.set(runKey, c);
        cells.push(c);
      }
      runWords = [];
    };
    for (const w of line.words) {
      const box = index.empty ? null : index.boxAt((w.x0 + w.x1) / 2, line.baseline - 0.3 * line.size);
      if (!box) {
        flush();
        looseWords.push(w);
        continue;
      }
      const key = `${box.x0.toFixed(1)},${box.x1.toFixed(1)},${box.y0.toFixed(1)},${box.y1.toFixed(1)}`;
      if (key !== runKey) flush();
      runKey = key;
      runBox = box;
      runWords.push(w);
    }
    flush();
    if (looseWords.length) loose.push({ line, words: looseWords });
  }
  // An open side runs to the edge of what is printed on this page.
  const top = Math.min(...lines.map((l) => l.top)) - 1;
  const bottom = Math.max(...lines.map((l) => l.bottom)) + 1;
  for (const c of cells) {
    if (c.box && !Number.isFinite(c.box.y0)) c.box.y0 = top;
    if (c.box && !Number.isFinite(c.box.y1)) c.box.y1 = bottom;
  }
  cells.push(...stackRuns(loose, edges));
  return cells.sort((a, b) => a.top - b.top || a.x0 - b.x0);
}

/** Borderless cells: runs stacked into paragraphs by horizontal overlap and line pitch. */
function stackRuns(loose: { line: Line; words: Word[] }[], knownEdges?: Edges): Cell[] {
  const cells: Cell[] = [];
  const open: Cell[] = [];
  const edges = knownEdges ?? columnEdges(loose.map(({ line, words }) => splitRuns(line, words)));
  for (const { line, words } of loose) {
    for (const run of splitRuns(line, words, typeof edges === "function" ? edges(line) : edges)) {
      const overlaps = (c: Cell) => Math.min(c.x1, run.x1) - Math.max(c.x0, run.x0) > 0 || Math.abs(c.x0 - run.x0) < 2;
      // The cell above this run in the same column, if it is still within one line pitch.
      let target: Cell | undefined;
      // On a character grid (a layout text dump) the line pitch cannot tell a
      // cell's next line from the next row: each run stays a cell of its own, for
      // layout/grid.ts to put together.
      for (let i = line.grid ? -1 : open.length - 1; i >= 0; i--) {
        const c = open[i]!;
        if (!overlaps(c)) continue;
        const last = c.lines.at(-1)!;
        const pitch = line.baseline - last.baseline;
        // One paragraph: one type size, one line pitch.
        const sameSize = Math.abs(line.size - last.size) < 0.15 * line.size;
        if (sameSize && pitch > 0.2 * line.size && pitch <= 1.5 * line.size) target = c;
        break;
      }
      if (target) extend(target, run);
      else {
        const c = newCell(line.page, null, run);
        cells.push(c);
        open.push(c);
      }
    }
  }
  return cells;
}

/** Left edges where at least three runs start: the columns of a borderless grid. */
export function borderlessEdges(lines: readonly Line[]): number[] {
  return columnEdges(lines.map((line) => splitRuns(line)));
}

function columnEdges(lines: Run[][]): number[] {
  const starts = lines.flatMap((runs) => runs.map((r) => r.x0)).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 0; i < starts.length; ) {
    let j = i;
    while (j + 1 < starts.length && starts[j + 1]! - starts[i]! < 1) j++;
    if (j - i + 1 >= 3) edges.push(starts[i]!);
    i = j + 1;
  }
  return edges;
}

// What a line cannot break inside: the next line's first such chunk moves down
// whole (a run of ASCII like "100%" or "*24", one ideograph), with the punctuation
// a line may not start with ("100%，", "。」").
const FIRST_CHUNK = /^(?:[\x21-\x7e％‰]+|\S)[，。、；：？！）》」』”’%％·…,.;:)\]]*/u;

// A cell's text is asked for again and again by the parser; its lines never change.
const texts = new WeakMap<Cell, string>();

/** The cell's text, wrapped lines re-joined (hard breaks where a line ended well short). */
export function cellText(cell: Cell): string {
  let text = texts.get(cell);
  if (text === undefined) texts.set(cell, (text = joinCellLines(cell)));
  return text;
}

function joinCellLines(cell: Cell): string {
  const right = Math.max(...cell.lines.map((l) => l.x1));
  const left = Math.min(...cell.lines.map((l) => l.x0));
  // Only left-aligned text shows a paragraph end by stopping short; centred or
  // right-aligned lines stop short of the edge whatever they hold. A line stopped
  // short when it left 2½ em or more, and room enough for what starts the next line
  // (a line wrapped before "100%，" stops that short and is still wrapped).
  const flushLeft = (l: TextLine | undefined) => l !== undefined && l.x0 - left < 1.5;
  const endsShort = (l: TextLine, next: TextLine | undefined): boolean => {
    if (!flushLeft(l) || !next || !flushLeft(next)) return false;
    const room = right - l.x1;
    const chunk = FIRST_CHUNK.exec(next.text.trim())?.[0] ?? "";
    return room > Math.max(2.5, weight(chunk) + 0.3) * l.size;
  };
  const lines: CellLine[] = cell.lines.map((l, i) => ({ text: l.text, endsShort: endsShort(l, cell.lines[i + 1]) }));
  return joinLines(lines);
}
