import { startsNumberedItem } from "../parse/join.js";
import { tileCentred, type Span } from "../parse/tiling.js";
import { categoryBelongs, categoryStem, EXPLANATION_START, isLevel1Name, isLevel2Name, labelGoesOn, level2Hint, matchLabel, squash, type Column, type HeaderKey } from "../vocabulary.js";
import { parseTarget } from "../parse/values.js";
import { joinOnBaseline, type Cell, type TextLine } from "./cells.js";

// Cells of text set on a character grid (a layout text dump, see
// read/layout-text.ts). Line spacing there says nothing of where a cell ends:
// rows follow each other without a gap, a centred cell's lines straddle the lines
// of the cells beside it, a wrapped label may have its value between its halves.
// So on a grid each run is first a cell of its own (layout/cells.ts), and is then
// put together with others by what the form is made of:
//
// - a label or table-head word cut off at the end of its run goes on in the run
//   below it (labelGoesOn, from the vocabulary);
// - in the header grid, each line of a value belongs to the label nearest to it in
//   the column of labels to its left;
// - in the indicator table every row has one 指标值, so the value lines anchor
//   the rows; the 三级指标 and the 指标解释 lines are shared out between them in
//   order, each row's lines reaching its anchor, a paragraph neither split between
//   two rows nor run on into the next;
// - a merged 一级/二级 cell is its lines, a name wrapped over two lines put back
//   together.

export interface Grid {
  /** Points between two lines, and the width of one character. */
  pitch: number;
  column: number;
}

const lineOf = (l: TextLine, grid: Grid) => Math.round(l.baseline / grid.pitch);
const firstLine = (c: Cell, grid: Grid) => lineOf(c.lines[0]!, grid);
const lastLine = (c: Cell, grid: Grid) => lineOf(c.lines.at(-1)!, grid);
const text = (c: Cell) => c.lines.map((l) => l.text).join("");
/** Set one above the other: flush left, or centred on one another. */
const stacked = (a: Cell, b: Cell, grid: Grid) => Math.abs(a.x0 - b.x0) <= 2 * grid.column || Math.abs(a.x0 + a.x1 - b.x0 - b.x1) <= 4 * grid.column;

/** One cell from several: their lines top to bottom, their extents joined. */
export function mergeGridCells(cells: readonly Cell[], span?: { top: number; bottom: number }): Cell {
  const lines = cells.flatMap((c) => c.lines).sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  return {
    page: cells[0]!.page,
    box: null,
    x0: Math.min(...cells.map((c) => c.x0)),
    x1: Math.max(...cells.map((c) => c.x1)),
    top: Math.min(...cells.map((c) => c.top), span?.top ?? Infinity),
    bottom: Math.max(...cells.map((c) => c.bottom), span?.bottom ?? -Infinity),
    lines,
  };
}

/** Labels and table-head words cut off at the end of a run, joined with their rest below them. */
export function joinGridLabels(cells: readonly Cell[], grid: Grid): Cell[] {
  const out = [...cells].sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0);
  for (let i = 0; i < out.length; i++) {
    for (;;) {
      const cell = out[i]!;
      // The run below it in its column, at most two lines down (a value may sit between).
      const j = out.findIndex(
        (c, k) => k > i && c.page === cell.page && lastLine(cell, grid) < firstLine(c, grid) && firstLine(c, grid) - lastLine(cell, grid) <= 2 && stacked(cell, c, grid),
      );
      if (j < 0 || !labelGoesOn(text(cell), text(out[j]!))) break;
      out[i] = mergeGridCells([cell, out[j]!]);
      out.splice(j, 1);
    }
  }
  return out;
}

/**
 * The header grid's cells: the lines right of the labels first make up values (a
 * numbered item goes on after one, a line after a full one), and each value joins
 * the label nearest to it in the nearest column of labels to its left (of two as
 * near, the one whose middle is nearer; then the lower one: a value centred on
 * its label can start level with the label above). Each value cell reaches its
 * label's lines, so that the two share a row.
 */
export function gridHeaderCells(runs: readonly Cell[], grid: Grid): { cells: Cell[]; doubtful: Map<HeaderKey, string> } {
  const words = joinWords(runs, grid);
  const labels = words.filter((c) => matchLabel(text(c)) !== null);
  const cells = joinAcrossColumns(words, labels, grid);
  const sorted = cells.filter((c) => !labels.includes(c)).sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0);
  const leftColumn = (cell: Cell) => {
    const left = labels.filter((l) => l.page === cell.page && l.x1 <= cell.x0 + grid.column);
    if (left.length === 0) return [];
    const x = Math.max(...left.map((l) => l.x0));
    return left.filter((l) => Math.abs(l.x0 - x) <= 2 * grid.column);
  };
  // Of the labels in a column, the one nearest to lines top..bottom (of two as
  // near, the one whose middle is nearer; then the lower one).
  const distance = (l: Cell, top: number, bottom: number) => Math.max(0, firstLine(l, grid) - bottom, top - lastLine(l, grid));
  const offCentre = (l: Cell, top: number, bottom: number) => Math.abs(firstLine(l, grid) + lastLine(l, grid) - top - bottom);
  const nearest = (candidates: Cell[], top: number, bottom: number) =>
    [...candidates].sort((a, b) => distance(a, top, bottom) - distance(b, top, bottom) || offCentre(a, top, bottom) - offCentre(b, top, bottom) || b.top - a.top)[0];
  const span = (value: Cell[]) => [firstLine(value[0]!, grid), lastLine(value.at(-1)!, grid)] as const;
  // Values: runs of lines in one column that go on from each other. A line level
  // with a label is that label's: a value nearer another label stops above it.
  // The first value of a page may go on with the last of the page before (a
  // paragraph or a list cut by the page break).
  const values: Cell[][] = [];
  sorted.forEach((cell, i) => {
    const column = leftColumn(cell);
    const prev = sorted[i - 1];
    const overleaf = prev !== undefined && prev.page === cell.page - 1 && Math.abs(prev.x0 - cell.x0) <= 2 * grid.column;
    const open = values.findLast((v) => {
      const last = v.at(-1)!;
      return last.page === cell.page && Math.abs(last.x0 - cell.x0) <= 2 * grid.column && leftColumn(last)[0] === column[0];
    }) ?? (overleaf ? values.at(-1) : undefined);
    const here = open?.filter((c) => c.page === cell.page) ?? [];
    const level = column.find((l) => firstLine(l, grid) <= firstLine(cell, grid) && firstLine(cell, grid) <= lastLine(l, grid));
    const elsewhere = here.length > 0 && level !== undefined && nearest(column, ...span(here)) !== level;
    const goesOn = open !== undefined && (here.length ? column.length > 0 && continues(open, cell, sorted, grid) : goesOverleaf(open, cell, sorted, grid));
    if (open && goesOn && !elsewhere) open.push(cell);
    else values.push([cell]);
  });
  // A value cut by a page break belongs to the label beside one of its parts;
  // the part on the other page is left to the header reader, which gives a part
  // at a break to the field the break cut.
  const owned = new Map<Cell, Cell[]>(labels.map((l) => [l, []]));
  const rest: Cell[] = [];
  // A grid keeps no half lines: where it leaves a value's label in doubt, both fields are named.
  const doubtful = new Map<HeaderKey, string>();
  const doubt = (cells: readonly Cell[], why: string) => {
    for (const c of cells) {
      const key = matchLabel(text(c))?.key;
      if (key && !doubtful.has(key)) doubtful.set(key, why);
    }
  };
  for (const value of values) {
    const parts = [...new Set(value.map((c) => c.page))].map((page) => value.filter((c) => c.page === page));
    const choices = parts.flatMap((part) => {
      const [top, bottom] = span(part);
      const label = nearest(leftColumn(part[0]!), top, bottom);
      if (!label) return [];
      // The labels of its column, those run on with their value (`一级预算单位： 深圳…`) too.
      const column = labels.filter((l) => l.page === label.page && Math.abs(l.x0 - label.x0) <= 2 * grid.column && labelEnd(l) <= part[0]!.x0 + grid.column);
      // As near and as centred to another label: the grid did not say whose it is.
      const tied = column.filter((l) => l !== label && distance(l, top, bottom) === distance(label, top, bottom) && offCentre(l, top, bottom) === offCentre(label, top, bottom));
      if (tied.length) doubt([label, ...tied], `«${part.map(text).join("")}» stands as near to another label's line: whose value it is, is not certain`);
      // A value's lines reach the line of another label of its column: one row's value cannot, so its lines may be another field's.
      const crossed = column.filter((l) => l !== label && firstLine(l, grid) <= bottom && lastLine(l, grid) >= top);
      if (crossed.length) doubt([label, ...crossed], `its lines reach another label's line: a line may be another field's`);
      return [{ part, label, off: distance(label, top, bottom) }];
    });
    const chosen = parts.length > 1 ? choices.sort((a, b) => a.off - b.off)[0] : choices[0];
    for (const part of parts) {
      if (chosen && part === chosen.part) owned.get(chosen.label)!.push(...part);
      else rest.push(...part);
    }
  }
  const out = [...rest, ...labels];
  for (const [label, parts] of owned) {
    if (parts.length) out.push(mergeGridCells(parts, { top: label.top, bottom: label.bottom }));
  }
  return { cells: out, doubtful };
}

/** Where a label's own text ends: a label run on with its value (`一级预算单位： 深圳…`) ends at its first word. */
const labelEnd = (l: Cell) => (matchLabel(text(l))?.rest.trim() ? l.lines[0]!.words[0]!.x1 : l.x1);

/**
 * A value line as wide as the header (项目概况 set across the page) may show a
 * wide gap where the dump spaced a Latin word out (`IDC    机房…`), even where
 * the column of labels on the right stands. Two values of one line are two only
 * with a label between them that is beside the line (its value, centred on it,
 * may start a line or two above or below it); else the gap is inside one line.
 */
const NEAR_LABEL = 2;

function joinAcrossColumns(cells: readonly Cell[], labels: readonly Cell[], grid: Grid): Cell[] {
  const out: Cell[] = [];
  const oneLine = (c: Cell) => c.lines.length === 1;
  for (const c of [...cells].sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0)) {
    const prev = out.at(-1);
    const join =
      prev !== undefined && !labels.includes(prev) && !labels.includes(c) && oneLine(prev) && oneLine(c) && prev.page === c.page &&
      firstLine(prev, grid) === firstLine(c, grid) &&
      !labels.some((l) => l.page === c.page && l.x0 < c.x0 && l.x1 > prev.x1 && firstLine(l, grid) - NEAR_LABEL <= firstLine(c, grid) && firstLine(c, grid) <= lastLine(l, grid) + NEAR_LABEL);
    if (join) {
      const line = { ...prev.lines[0]! };
      joinOnBaseline(line, c.lines[0]!);
      out[out.length - 1] = { ...mergeGridCells([prev, c]), lines: [line] };
    } else out.push(c);
  }
  return out;
}

/**
 * Runs of one line a single space apart are one text (`IDC` `机房…`, split where
 * a word happens to start at a column edge), unless the second opens a label.
 */
function joinWords(cells: readonly Cell[], grid: Grid): Cell[] {
  const out: Cell[] = [];
  for (const c of [...cells].sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0)) {
    const prev = out.at(-1);
    const words =
      prev !== undefined && prev.page === c.page && prev.lines.length === 1 && c.lines.length === 1 && firstLine(prev, grid) === firstLine(c, grid) &&
      c.x0 - prev.x1 <= grid.column + 0.01 && matchLabel(text(c)) === null && !labelGoesOn(text(c));
    if (words) {
      const line = { ...prev.lines[0]! };
      joinOnBaseline(line, c.lines[0]!, true);
      out[out.length - 1] = { ...mergeGridCells([prev, c]), lines: [line] };
    } else out.push(c);
  }
  return out;
}

/** Whether `next` goes on with the value right above it: a numbered item in a numbered list, or a line after a full one. */
function continues(value: readonly Cell[], next: Cell, all: readonly Cell[], grid: Grid): boolean {
  const last = value.at(-1)!.lines.at(-1)!;
  if (firstLine(next, grid) - lineOf(last, grid) > 2) return false;
  if (itemNumber(next.lines[0]!.text)) return nextItem(value, next);
  return isFull(last, all, grid);
}

/** Whether `next`, first on its page, goes on with the value that ended the page before: the list's next item, or after a full line. */
function goesOverleaf(value: readonly Cell[], next: Cell, all: readonly Cell[], grid: Grid): boolean {
  if (itemNumber(next.lines[0]!.text)) return nextItem(value, next);
  return isFull(value.at(-1)!.lines.at(-1)!, all, grid);
}

/** Whether `next` opens the next item of the list the value is (（4） then （5）), not a list of its own (1.). */
function nextItem(value: readonly Cell[], next: Cell): boolean {
  const item = itemNumber(next.lines[0]!.text);
  const before = value.flatMap((c) => c.lines).map((l) => itemNumber(l.text)).findLast((n) => n !== null);
  return item !== null && before !== undefined && before !== null && before.style === item.style && before.n + 1 === item.n;
}

/** A numbered item's style and number: `（4）…` → {（）, 4}, `2.…` → {., 2}; else null. */
function itemNumber(text: string): { style: string; n: number } | null {
  if (!startsNumberedItem(text)) return null;
  const m = /^\s*([（(]?)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*([.．、)）]?)/u.exec(text);
  if (m) {
    const digits = /\d/.test(m[2]!) ? Number(m[2]) : " 一二三四五六七八九十".indexOf(m[2]!.at(-1)!) + (m[2]!.length > 1 ? 10 : 0);
    return { style: `${m[1]}${m[3]}`, n: digits };
  }
  const circled = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".indexOf(text.trim()[0]!);
  return circled >= 0 ? { style: "①", n: circled + 1 } : null;
}

/**
 * A line that reaches the right edge of the text of its column: it wrapped there.
 * The edge is the furthest end that recurs, near the widest, among the lines
 * that start where this one does. Lines are measured in ems, not in the dump's
 * columns: a Latin letter takes a column however narrow it was printed, so a
 * full line with Latin in it would stand out past the edge and move it.
 */
/** A line's width in ems: an ideograph or full-width sign one, a Latin letter, digit or space a half. */
const ems = (text: string) => [...text].reduce((n, ch) => n + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0);

/** How many characters' width Latin letters may add to a full line of ideographs. */
const LATIN_SLACK = 4;

function isFull(line: TextLine, all: readonly Cell[], grid: Grid): boolean {
  const end = (l: TextLine) => l.x0 + ems(l.text) * grid.column;
  const ends = all.flatMap((c) => c.lines.filter((l) => Math.abs(l.x0 - line.x0) <= 1.5 * grid.column).map(end)).sort((a, b) => b - a);
  const widest = ends[0] ?? end(line);
  const recurring = ends.find((e) => e >= widest - LATIN_SLACK * grid.column && ends.filter((o) => Math.abs(o - e) <= 0.5 * grid.column).length >= 2);
  const right = recurring ?? widest;
  return right - end(line) <= grid.column + 0.01;
}


// What sharing lines out between rows costs: a line away from its row's anchor,
// a gap inside a cell, a paragraph that ended and yet goes on, a cell that wrapped
// and yet stops, a row without the cell, text carried over from the previous page.
const COST = { away: 1, gap: 3, blank: 2, endedShort: 2, stoppedFull: 1, empty: 5, carried: 0.5, notCarried: 10 };

/**
 * The indicator table's cells on a grid: per page, rows anchored at the 指标值
 * lines (a value's wrapped second line goes with it), the 三级指标 and 指标解释
 * lines shared out between them, merged 一级/二级 names joined. Cells of one row
 * share its span. Lines above the first row that go on with the previous page's
 * last row (its cell ended full there) are kept above that row, for the table
 * reader to carry them over.
 */
export function gridTableCells(cells: readonly Cell[], columnOf: (c: Cell) => Column | null, grid: Grid): { cell: Cell; col: Column | null; doubt?: string }[] {
  const out: { cell: Cell; col: Column | null; doubt?: string }[] = [];
  const emit = (cell: Cell, col: Column | null, doubt?: string) => out.push({ cell, col, ...(doubt ? { doubt } : {}) });
  const pages = [...new Set(cells.map((c) => c.page))].sort((a, b) => a - b);
  // Whether each column's last cell on the previous page ended full (it goes on overleaf).
  let open: Record<2 | 4, boolean> = { 2: false, 4: false };
  for (const page of pages) {
    const byColumn: Cell[][] = [[], [], [], [], []];
    for (const [c, col] of placeRuns(cells.filter((c) => c.page === page), columnOf, grid)) {
      if (col === null) emit(c, null);
      else byColumn[col]!.push(c);
    }
    for (const col of [0, 1, 2, 3, 4] as const) byColumn[col] = oneCellPerLine(byColumn[col]!, grid);
    for (const col of [0, 1] as const) for (const c of categoryCells(byColumn[col]!, grid)) emit(c, col);

    const { anchors, doubtful: wrapDoubt } = valueAnchors(byColumn[3]!, byColumn[2]!, byColumn[4]!, grid);
    if (anchors.length === 0) {
      for (const col of [2, 3, 4] as const) if (byColumn[col]!.length) emit(mergeGridCells(byColumn[col]!), col);
      continue;
    }
    const groups = new Map<2 | 4, Cell[][]>();
    const contested = new Map<2 | 4, boolean[]>();
    // Lines with text in any column of the table on this page.
    const filled = new Set(byColumn.flat().flatMap((c) => c.lines.map((l) => lineOf(l, grid))));
    const blank = (a: number, b: number) => {
      for (let line = a + 1; line < b; line++) if (!filled.has(line)) return true;
      return false;
    };
    for (const col of [2, 4] as const) {
      const lines = byColumn[col]!;
      const shared = shareOut(lines, anchors.map((a) => firstLine(a[0]!, grid)), open[col], lines, blank, grid);
      groups.set(col, shared.groups);
      contested.set(col, shared.contested);
    }
    // Each row's cells share one span: from its first line to its last, in any column.
    const bandOf = (i: number) => {
      const members = [...anchors[i]!, ...groups.get(2)![i + 1]!, ...groups.get(4)![i + 1]!];
      return { top: Math.min(...members.map((c) => c.top)), bottom: Math.max(...members.map((c) => c.bottom)) };
    };
    const firstTop = bandOf(0).top;
    for (const col of [2, 4] as const) {
      const carried = groups.get(col)![0]!;
      if (carried.length) {
        const cell = mergeGridCells(carried);
        // Above the first row, whatever lines it shares with it: the rest of the previous page's row.
        cell.top = Math.min(cell.top, firstTop - grid.pitch);
        cell.bottom = firstTop - 0.5 * grid.pitch;
        emit(cell, col);
      }
    }
    anchors.forEach((value, i) => {
      const band = bandOf(i);
      emit(mergeGridCells(value, band), 3, wrapDoubt.has(i) ? "its 指标值 may go on in the next row's short 指标值 (or that row may be this one's wrapped lines)" : undefined);
      for (const col of [2, 4] as const) {
        const group = groups.get(col)![i + 1]!;
        // Another parting of the lines as likely: the grid did not say where this row's cell ends.
        const doubt = contested.get(col)![i + 1] ? `where its ${col === 2 ? "三级指标" : "指标解释"} ends is not certain (the text's lines fit more than one parting of the rows)` : undefined;
        if (group.length) emit(mergeGridCells(group, band), col, doubt);
      }
    });
    for (const col of [2, 4] as const) {
      const last = groups.get(col)!.at(-1)!.at(-1);
      open = { ...open, [col]: last !== undefined && isFull(last.lines.at(-1)!, byColumn[col]!, grid) };
    }
  }
  return out;
}

/**
 * The columns of a page's runs. A layout dump may squeeze a line's cells to the
 * left of their column (pdftotext lays each page out anew). So on each line, a
 * run one space after a Latin letter or digit (`≥3000` `万人次`) goes where the run
 * before it went, being the rest of its text; and of two runs a space parts
 * otherwise that fall in one column, the second moves to the next column where
 * that one is empty on the line.
 */
function placeRuns(cells: readonly Cell[], columnOf: (c: Cell) => Column | null, grid: Grid): [Cell, Column | null][] {
  const placed = cells.map((c) => [c, columnOf(c)] as [Cell, Column | null]).sort((a, b) => a[0].top - b[0].top || a[0].x0 - b[0].x0);
  for (let i = 1; i < placed.length; i++) {
    const [prev, prevCol] = placed[i - 1]!, [cell, col] = placed[i]!;
    if (firstLine(prev, grid) !== firstLine(cell, grid) || prevCol === null || col === null) continue;
    const glued = cell.x0 - prev.x1 <= grid.column + 0.01 && (/[A-Za-z0-9]/.test(text(prev).at(-1) ?? "") || /^[A-Za-z0-9]/.test(text(cell)));
    if (glued) placed[i] = [cell, prevCol];
    else if (col === prevCol && col < 4 && !placed.some(([c, k]) => k === col + 1 && firstLine(c, grid) === firstLine(cell, grid)))
      placed[i] = [cell, (col + 1) as Column];
  }
  return placed;
}

/** A column's runs, those on one line joined into one (`＞12` `个系统`). */
function oneCellPerLine(cells: Cell[], grid: Grid): Cell[] {
  const out: Cell[] = [];
  for (const c of [...cells].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const prev = out.at(-1);
    if (prev && firstLine(prev, grid) === firstLine(c, grid) && prev.lines.length === 1 && c.lines.length === 1) {
      const line = { ...prev.lines[0]! };
      joinOnBaseline(line, c.lines[0]!, true);
      out[out.length - 1] = { ...mergeGridCells([prev, c]), lines: [line] };
    } else out.push(c);
  }
  return out;
}

/**
 * The value lines that start a row, each with the lines that wrap it: a line
 * goes on with the value above it (`≥3000 万` / `条`) when that one is a number
 * that filled its line, no 三级指标 line stands beside it or between the two, and
 * it is a unit's end of a character or two. Also which rows are in doubt: a
 * short value kept as a row of its own only because the 三级指标 line beside it
 * wraps a full one (the row wrapping as a whole: `≥153 个系` / `统`).
 */
function valueAnchors(values: Cell[], thirds: Cell[], explanations: Cell[], grid: Grid): { anchors: Cell[][]; doubtful: Set<number> } {
  const anchors: Cell[][] = [];
  const doubtful = new Set<number>();
  // A 三级指标 line right under a full one may be that cell wrapping with its value, not a new row's.
  const wrapsAbove = (t: Cell) => thirds.some((u) => lastLine(u, grid) === firstLine(t, grid) - 1 && isFull(u.lines.at(-1)!, thirds, grid));
  for (const v of values) {
    const prev = anchors.at(-1)?.at(-1);
    const at = firstLine(v, grid);
    const likeWrap = prev !== undefined && at - lastLine(prev, grid) <= 2 && isFull(prev.lines.at(-1)!, values, grid) && parseTarget(text(prev)) !== null && [...squash(text(v))].length <= 2;
    const beside = prev === undefined ? [] : thirds.filter((t) => lastLine(prev, grid) < firstLine(t, grid) && firstLine(t, grid) <= at);
    if (likeWrap && beside.length === 0) anchors.at(-1)!.push(v);
    else {
      // Read as a row of its own, yet as like the wrap of the value above: both rows are in doubt.
      // (Not where an explanation opens beside it: `该指标…` starts a row.)
      const opens = explanations.some((e) => firstLine(e, grid) === at && EXPLANATION_START.test(text(e)));
      if (likeWrap && beside.every(wrapsAbove) && !opens) doubtful.add(anchors.length - 1).add(anchors.length);
      anchors.push([v]);
    }
  }
  return { anchors, doubtful };
}

/**
 * Shares a column's lines out between the rows, in order: group 0 is carried over
 * from the previous page (cheap only where that page's cell ended full), group i
 * belongs to the row anchored at line anchors[i - 1]. Dynamic programming over
 * where each group ends. `blank(a, b)`: whether a line between lines a and b is
 * empty across the table (rows are set apart by such lines; a cell's own lines
 * are not). Also says which groups another sharing, within SHARE_MARGIN of the
 * best, ends elsewhere: the grid did not settle where those rows part.
 */
function shareOut(lines: Cell[], anchors: number[], carryOpen: boolean, column: readonly Cell[], blank: (a: number, b: number) => boolean, grid: Grid): { groups: Cell[][]; contested: boolean[] } {
  const n = lines.length, k = anchors.length;
  const at = lines.map((c) => firstLine(c, grid));
  const full = lines.map((c) => isFull(c.lines.at(-1)!, column, grid));
  const cost = (g: number, from: number, to: number): number => {
    if (from === to) return g === 0 ? 0 : COST.empty;
    let total = 0;
    for (let i = from; i + 1 < to; i++) {
      if (at[i + 1]! - at[i]! > 2) total += COST.gap;
      else if (blank(at[i]!, at[i + 1]!)) total += COST.blank;
      if (!full[i] && !startsNumberedItem(lines[i + 1]!.lines[0]!.text)) total += COST.endedShort;
      // `该指标…` opens an explanation, not the middle of one.
      if (EXPLANATION_START.test(lines[i + 1]!.lines[0]!.text)) total += COST.endedShort;
    }
    if (g === 0) return total + (to - from) * (carryOpen ? COST.carried : COST.notCarried);
    const anchor = anchors[g - 1]!;
    total += COST.away * Math.max(0, at[from]! - anchor, anchor - at[to - 1]!);
    // A full last line says the cell went on, unless the lines ran out.
    if (full[to - 1] && to < n) total += COST.stoppedFull;
    return total;
  };
  // best[g][i]: least cost of groups 0..g covering lines[0..i); from[g][i]: where group g starts.
  const best = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = 0; i <= n; i++) best[0]![i] = cost(0, 0, i);
  for (let g = 1; g <= k; g++) {
    for (let i = 0; i <= n; i++) {
      for (let s = 0; s <= i; s++) {
        const total = best[g - 1]![s]! + cost(g, s, i);
        if (total < best[g]![i]!) [best[g]![i], from[g]![i]] = [total, s];
      }
    }
  }
  // starts[g]: where group g starts (starts[k + 1] = n).
  const starts = new Array<number>(k + 2).fill(0);
  starts[k + 1] = n;
  for (let g = k; g >= 1; g--) starts[g] = from[g]![starts[g + 1]!]!;
  const groups = Array.from({ length: k + 1 }, (_, g) => lines.slice(starts[g]!, starts[g + 1]!));
  // A line moved across one parting, the rest kept: nearly as good means in doubt.
  const contested: boolean[] = new Array(k + 1).fill(false);
  const pair = (g: number, split: number) => cost(g - 1, starts[g - 1]!, split) + cost(g, split, starts[g + 1]!);
  for (let g = 1; g <= k; g++) {
    const here = pair(g, starts[g]!);
    for (const split of [starts[g]! - 1, starts[g]! + 1]) {
      if (split < starts[g - 1]! || split > starts[g + 1]!) continue;
      // A line after a full one and a blank line, itself a line apart from the rest
      // of its row: one reading has a blank line inside a cell (pdfplumber leaves
      // some), the other a row whose lines are not one under another. Neither wins.
      const blankOnly =
        split === starts[g]! + 1 && split >= 2 && split < starts[g + 1]! && full[split - 2]! &&
        blank(at[split - 2]!, at[split - 1]!) && at[split - 1]! - at[split - 2]! <= 2 && at[split]! - at[split - 1]! === 2;
      if (pair(g, split) - here <= SHARE_MARGIN + (blankOnly ? COST.blank : 0)) contested[g - 1] = contested[g] = true;
    }
  }
  return { groups, contested };
}

/** How much more than the best a sharing of lines may cost and still be as likely. */
const SHARE_MARGIN = 0.5;

/**
 * A merged 一级/二级 column's cells: each line a name of its own, but a name
 * wrapped over two lines (`*服务对象满意` / `度`) put back together — where the
 * first part is no name yet and the line below completes one, or it filled its
 * column.
 */
function categoryCells(lines: Cell[], grid: Grid): Cell[] {
  const out: Cell[] = [];
  const isName = (t: string) => {
    const name = categoryStem(t.replace(/^[*＊]\s*/, ""));
    return isLevel1Name(name) || isLevel2Name(name);
  };
  for (const cell of lines) {
    const prev = out.at(-1);
    const joined = prev ? text(prev) + text(cell) : "";
    const goesOn =
      prev !== undefined &&
      firstLine(cell, grid) - lastLine(prev, grid) <= 2 &&
      !isName(text(prev)) &&
      (isName(joined) || isFull(prev.lines.at(-1)!, lines, grid));
    if (goesOn) out[out.length - 1] = mergeGridCells([prev, cell]);
    else out.push(cell);
  }
  return out;
}

/** A table row as the table reader keeps it (parse/table.ts's Row). */
interface GridRow {
  page: number;
  span: Span;
  cells: Cell[][];
}

/**
 * The merged 一级/二级 cells of a table on a character grid, placed on its rows
 * (one cell per row that a cell starts; the reader fills down). Both columns share
 * one alignment: top-aligned only where the table's first row has a cell level
 * with it in each column and every cell is level with the top of a row (a layout
 * dump puts each line of text on a line of its own, so a centred cell is often
 * level with some row). Centred cells tile each page's rows, the first one going on
 * from the last page's cell, the last one maybe running on overleaf; text that
 * falls between two lines stands on the upper one. A 一级 cell covers rows whose
 * 二级 sit under it, where the names tell; and where the layout leaves a 二级 cell's
 * rows exactly as likely two ways, the 三级指标 names settle it.
 */
export function gridMerged(rows: readonly GridRow[], columns: readonly [Cell[], Cell[]], grid: Grid): [(Cell | undefined)[], (Cell | undefined)[]] {
  const level = (c: Cell, r: GridRow) => r.page === c.page && Math.abs(r.span.top - c.top) < 0.5 * grid.pitch;
  const first = rows[0];
  const present = columns.filter((cells) => cells.length);
  const topAligned =
    first !== undefined &&
    present.length > 0 &&
    present.every((cells) => cells.some((c) => level(c, first))) &&
    present.flat().every((c) => rows.some((r) => level(c, r)));
  const third = (row: number) => rows[row]!.cells[2]!.map(text).join("");
  // A grid keeps the line a name was printed on, not where between two lines its
  // middle was: readings half a line apart are alike, and there a 三级指标 name
  // that points to another 二级 settles it.
  const hinted = (cell: Cell, row: number) => {
    const hint = level2Hint(third(row));
    return hint !== null && hint !== categoryStem(text(cell).replace(/^[*＊]\s*/, "")) ? (HINT_LINES * grid.pitch) / (2 * (cell.bottom - cell.top)) : 0;
  };
  const level2 = placeOnGrid(rows, columns[1], topAligned, grid, hinted);
  const level2Of: string[] = [];
  level2.forEach((c, i) => level2Of.push(c ? text(c) : (level2Of[i - 1] ?? "")));
  const misfit = (cell: Cell, row: number) => (categoryBelongs(level2Of[row]!, text(cell)) === false ? 1 : 0);
  let level1 = placeOnGrid(rows, columns[0], topAligned, grid, misfit);
  if (topAligned) {
    // Where the names tell, the reading that puts fewer rows under a wrong 一级 wins.
    const centred = placeOnGrid(rows, columns[0], false, grid, misfit);
    if (misfits(centred, misfit) < misfits(level1, misfit)) level1 = centred;
  }
  return [level1, level2];
}

function misfits(out: (Cell | undefined)[], misfit: (cell: Cell, row: number) => number): number {
  let n = 0, name: Cell | undefined;
  out.forEach((c, i) => {
    name = c ?? name;
    if (name) n += misfit(name, i);
  });
  return n;
}

/** What a 三级指标 name pointing to another 二级 weighs, in lines of offset: more than the half line a grid cannot see, less than a whole one. */
const HINT_LINES = 0.75;

function placeOnGrid(rows: readonly GridRow[], cells: readonly Cell[], topAligned: boolean, grid: Grid, misfit: (cell: Cell, row: number) => number): (Cell | undefined)[] {
  const out: (Cell | undefined)[] = rows.map(() => undefined);
  const sorted = [...cells].sort((a, b) => a.page - b.page || a.top - b.top);
  if (topAligned) {
    for (const c of sorted) {
      const i = rows.findIndex((r) => r.page === c.page && Math.abs(r.span.top - c.top) < 0.5 * grid.pitch);
      const at = i >= 0 ? i : rows.findIndex((r) => r.page === c.page && r.span.bottom >= c.top);
      if (at >= 0) out[at] = c;
    }
    return out;
  }
  for (const page of new Set(sorted.map((c) => c.page))) {
    const indices = rows.flatMap((r, i) => (r.page === page ? [i] : []));
    if (!indices.length) continue;
    const blocks = sorted.filter((c) => c.page === page);
    const carried = out.slice(0, indices[0]).findLast((c) => c !== undefined);
    const { starts } = tileCentred(
      indices.map((i) => rows[i]!.span),
      blocks,
      {
        openStart: rows.some((r) => r.page < page),
        openEnd: rows.some((r) => r.page > page),
        slack: grid.pitch / 2,
        inside: 2,
        misfits: blocks.map((c) => indices.map((i) => misfit(c, i))),
        carry: indices.map((i) => (carried ? misfit(carried, i) : 0)),
      },
    );
    starts.forEach((start, k) => (out[indices[start]!] = blocks[k]));
  }
  return out;
}
