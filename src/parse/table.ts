import { cellText, joinOnBaseline, sameBaseline, type Cell, type TextLine } from "../layout/cells.js";
import { squash, tableHeaderColumn, type Column } from "../vocabulary.js";
import { overlapY, span } from "./header.js";

// The indicator table: its head, its columns, where it ends, its rows (anchored on
// the 三级指标 cells), merged 一级/二级 cells filled down, and rows cut by a page
// break joined with their other part.

export interface TableHead {
  page: number;
  /** The head's cells by column. */
  cells: Map<Column, Cell>;
  /** The vertical band the head occupies on its page. */
  band: { top: number; bottom: number };
}

export interface Row {
  page: number;
  span: { top: number; bottom: number };
  cells: [Cell[], Cell[], Cell[], Cell[], Cell[]];
}

export interface Table {
  rows: Row[];
  /** Per row, the merged 一级 and 二级 cells that cover it (empty where filled down). */
  merged: [Cell | undefined, Cell | undefined][];
  /** Repeated heads on continuation pages. */
  repeatedHeads: Cell[];
  /** Cells inside the table that belong to no row (to be reported). */
  leftovers: Cell[];
  /** Cells after the table's end: not part of the form. */
  after: Cell[];
  /** Value/explanation cells that matched no row, with their column. */
  unmatched: { cell: Cell; col: 3 | 4 }[];
}

interface Range {
  col: Column;
  x0: number;
  x1: number;
}

/**
 * A cell whose first lines are a table head word over other text (a head repeated
 * at the top of a continuation page, drawn with no rule between it and the row it
 * interrupts): its head lines and the rest as two cells. Only where the page
 * shows a whole head row (four columns or more) at that height.
 */
export function splitRepeatedHeads(cells: readonly Cell[]): Cell[] {
  type Candidate = { cell: Cell; lines: number; col: Column };
  const candidates: Candidate[] = [];
  for (const cell of cells) {
    if (tableHeaderColumn(squash(cellText(cell))) !== null) continue;
    for (let k = 1; k <= 2 && k < cell.lines.length; k++) {
      const col = tableHeaderColumn(squash(cell.lines.slice(0, k).map((l) => l.text).join("")));
      if (col !== null) {
        candidates.push({ cell, lines: k, col });
        break;
      }
    }
  }
  if (!candidates.length) return [...cells];
  const headLike = (c: Cell) => tableHeaderColumn(squash(cellText(c))) !== null;
  const out: Cell[] = [];
  for (const cell of cells) {
    const cand = candidates.find((c) => c.cell === cell);
    if (!cand) {
      out.push(cell);
      continue;
    }
    const headLines = cell.lines.slice(0, cand.lines);
    const y = headLines[0]!.baseline;
    const columns = new Set<Column>([cand.col]);
    for (const other of cells) {
      if (other === cell || other.page !== cell.page) continue;
      const c = candidates.find((x) => x.cell === other);
      const first = other.lines[0];
      if (!first || !sameBaseline(first, { baseline: y, size: first.size })) continue;
      if (c) columns.add(c.col);
      else if (headLike(other)) columns.add(tableHeaderColumn(squash(cellText(other)))!);
    }
    if (columns.size < 4) {
      out.push(cell);
      continue;
    }
    out.push(partOf(cell, headLines), { ...partOf(cell, cell.lines.slice(cand.lines)), openTop: true });
  }
  return out;
}

function partOf(cell: Cell, lines: TextLine[]): Cell {
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

/** The first table head of the cells (the row holding 三级指标, its other labels in its band). */
export function findHead(cells: readonly Cell[]): TableHead | null {
  const third = cells.find((c) => tableHeaderColumn(squash(cellText(c))) === 2);
  if (!third) return null;
  const band = span(third);
  const head = new Map<Column, Cell>();
  for (const c of cells) {
    if (c.page !== third.page || overlapY(span(c), band) <= 0) continue;
    const col = tableHeaderColumn(squash(cellText(c)));
    if (col !== null && !head.has(col)) head.set(col, c);
  }
  return { page: third.page, cells: head, band };
}

/** Whether a cell lies before the head (is part of the header grid). */
export function beforeHead(c: Cell, head: TableHead | null): boolean {
  return !head || c.page < head.page || (c.page === head.page && (c.top + c.bottom) / 2 < head.band.top + 0.01);
}

export function parseTable(body: readonly Cell[], head: TableHead): Table {
  const columns = columnRanges(head.cells, body);
  const ruled = [...head.cells.values()].some((c) => c.box);
  const ordered = [...body].sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0);

  // Repeated heads: a band of head words on a continuation page.
  const repeatedHeads = new Set<Cell>();
  for (const c of ordered) {
    if (tableHeaderColumn(squash(cellText(c))) === null) continue;
    const band = ordered.filter((o) => o.page === c.page && overlapY(span(o), span(c)) > 0 && tableHeaderColumn(squash(cellText(o))) !== null);
    if (band.length >= 3) for (const o of band) repeatedHeads.add(o);
  }

  // Where the table ends: in a ruled table, after the last cell drawn in one of
  // its columns' boxes (what follows — another budget table, notes, a signature
  // block — is not the form's); in a borderless one, at the first text that runs
  // across columns or is set larger than the table's own.
  const bodySize = median(ordered.filter((c) => !repeatedHeads.has(c)).map((c) => c.lines[0]?.size ?? 0));
  const inTable = (c: Cell): boolean => {
    if (repeatedHeads.has(c)) return true;
    if ((c.lines[0]?.size ?? 0) > 1.2 * bodySize) return false;
    if (ruled) return !!c.box && columns.some((r) => near(c.box!.x0, r.x0) && near(c.box!.x1, r.x1));
    return !c.box && columns.filter((r) => Math.min(r.x1, c.x1) - Math.max(r.x0, c.x0) > 2 * (c.lines[0]?.size ?? 10)).length <= 1;
  };
  let end: number;
  if (ruled) end = ordered.findLastIndex(inTable) + 1;
  else {
    const first = ordered.findIndex((c) => !inTable(c));
    end = first < 0 ? ordered.length : first;
  }
  const within = ordered.slice(0, end);
  const after = ordered.slice(end);

  const leftovers: Cell[] = [];
  const byColumn: Cell[][] = [[], [], [], [], []];
  for (const c of within) {
    if (repeatedHeads.has(c)) continue;
    const col = inTable(c) ? columnOf(c, columns) : null;
    if (col === null || !squash(cellText(c))) {
      if (squash(cellText(c))) leftovers.push(c);
      continue;
    }
    byColumn[col]!.push(c);
  }

  const rows: Row[] = byColumn[2]!.map((c) => ({ page: c.page, span: span(c), cells: [[], [], [c], [], []] }));
  rows.sort((a, b) => a.page - b.page || a.span.top - b.span.top);

  // Value and explanation cells join the row whose band holds them; cells above
  // the first row of a continuation page finish the previous page's row.
  const unmatched: Table["unmatched"] = [];
  for (const col of [3, 4] as const) {
    for (const c of byColumn[col]!) {
      const row = rowFor(rows, c);
      if (row) row.cells[col].push(c);
      else unmatched.push({ cell: c, col });
    }
  }
  joinSplitRows(rows);
  // A borderless row reaches as far as any of its cells on its page.
  for (const row of rows) {
    if (row.cells[2][0]?.box) continue;
    for (const c of row.cells.flat()) {
      if (c.page !== row.page) continue;
      row.span = { top: Math.min(row.span.top, c.top), bottom: Math.max(row.span.bottom, c.bottom) };
    }
  }
  const level1 = assignMerged(rows, byColumn[0]!);
  const level2 = assignMerged(rows, byColumn[1]!);
  const assigned = new Set([...level1, ...level2].filter((c): c is Cell => c !== undefined));
  for (const c of [...byColumn[0]!, ...byColumn[1]!]) if (!assigned.has(c)) leftovers.push(c);
  return {
    rows,
    merged: rows.map((_, i) => [level1[i], level2[i]]),
    repeatedHeads: [...repeatedHeads],
    leftovers,
    after,
    unmatched,
  };
}

/**
 * Rows cut by a page break: the first row of a page is the rest of the previous
 * page's last row when it has no 指标值 while that row has one, or when that row
 * has none and this one has it (a value printed in the row's second part). (A box
 * left open at the break says nothing: browsers draw no border there between two
 * rows either.)
 */
function joinSplitRows(rows: Row[]): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const row = rows[i]!, prev = rows[i - 1]!;
    if (prev.page === row.page) continue;
    const hasValue = (r: Row) => r.cells[3].length > 0;
    if (hasValue(row) !== hasValue(prev)) {
      for (const col of [2, 3, 4] as const) prev.cells[col].push(...row.cells[col]);
      rows.splice(i, 1);
    }
  }
}

function rowFor(rows: Row[], c: Cell): Row | undefined {
  const s = span(c);
  const mid = (s.top + s.bottom) / 2;
  const onPage = rows.filter((r) => r.page === c.page);
  const earlier = () => [...rows].reverse().find((r) => r.page < c.page);
  // Nothing starts on this page: the cell continues the last row before it.
  if (onPage.length === 0) return earlier();
  const first = onPage[0]!;
  if (c.box) {
    const containing = onPage.find((r) => r.span.top - 1 <= mid && mid <= r.span.bottom + 1);
    if (containing) return containing;
    if (mid < first.span.top) return earlier() ?? first;
  } else {
    // Borderless: the row whose 三级指标 overlaps the cell most (top- or centre-aligned
    // cells both overlap their row's first line); above every row on a
    // continuation page, the previous page's row.
    let best: Row | undefined;
    let bestOverlap = 0;
    for (const r of onPage) {
      const o = overlapY(r.span, s);
      if (o > bestOverlap) [best, bestOverlap] = [r, o];
    }
    if (best) return best;
    if (s.bottom < first.span.top) return earlier() ?? first;
  }
  return onPage.reduce((best, r) =>
    Math.abs((r.span.top + r.span.bottom) / 2 - mid) < Math.abs((best.span.top + best.span.bottom) / 2 - mid) ? r : best,
  );
}

/**
 * Merged 一级/二级 cells span several rows; each row gets the merged cell that
 * covers it, or none (then it is filled down from the row above). A ruled merged
 * cell covers the rows inside its box. A borderless one is printed either at the
 * top of its rows or centred on them.
 */
function assignMerged(rows: Row[], cells: Cell[]): (Cell | undefined)[] {
  const out: (Cell | undefined)[] = rows.map(() => undefined);
  const sorted = [...cells].sort((a, b) => a.page - b.page || a.top - b.top);
  const level = (c: Cell, r: Row) => Math.abs(r.span.top - c.top) < 0.5 * (c.lines[0]?.size ?? 10);
  // One alignment for the whole table, read off its first merged cell: printed
  // level with the first row means top-aligned. (A centred cell can be level with
  // a row in the middle of its span, so this is not decided cell by cell.)
  const firstLoose = sorted.find((c) => !c.box);
  const firstRow = firstLoose && rows.find((r) => r.page === firstLoose.page);
  const topAligned = !!firstLoose && !!firstRow && level(firstLoose, firstRow);
  const centred: Cell[] = [];
  for (const c of sorted) {
    const onPage = rows.map((r, i) => [r, i] as const).filter(([r]) => r.page === c.page);
    if (onPage.length === 0) continue;
    if (c.box) {
      // A box closed at the page's edge (cut open by a page break) may reach into the
      // rows of the cell below it; the first row a cell covers is always its own.
      const s = span(c);
      let first = true;
      for (const [r, i] of onPage) {
        const mid = (r.span.top + r.span.bottom) / 2;
        if (s.top - 1 > mid || mid > s.bottom + 1) continue;
        if (first || out[i] === undefined) out[i] = c;
        first = false;
      }
    } else if (topAligned) {
      const row = onPage.find(([r]) => level(c, r)) ?? onPage.find(([r]) => r.span.bottom >= c.top);
      if (row) out[row[1]] = c;
    } else centred.push(c);
  }
  for (const page of new Set(centred.map((c) => c.page))) {
    const indices = rows.map((r, i) => (r.page === page ? i : -1)).filter((i) => i >= 0);
    const blocks = centred.filter((c) => c.page === page);
    tileCentred(indices.map((i) => rows[i]!.span), blocks.map((c) => (c.top + c.bottom) / 2)).forEach((start, k) => {
      out[indices[start]!] = blocks[k]!;
    });
  }
  return out;
}

/**
 * Centred merged cells on one page: the contiguous runs of rows they cover, in
 * order, tiling the page's rows down to its last (rows before the first run
 * continue a merged cell from the previous page), chosen so that each run's middle
 * is as near as can be to its text's middle. Returns each block's first row.
 */
function tileCentred(spans: { top: number; bottom: number }[], mids: number[]): number[] {
  const n = spans.length, k = mids.length;
  if (n === 0 || k === 0) return [];
  // cost[b][e]: best total for blocks 0..b with block b ending at row e; from[b][e]: its start.
  const cost = Array.from({ length: k }, () => new Array<number>(n).fill(Infinity));
  const from = Array.from({ length: k }, () => new Array<number>(n).fill(-1));
  const miss = (s: number, e: number, b: number) => Math.abs((spans[s]!.top + spans[e]!.bottom) / 2 - mids[b]!);
  for (let b = 0; b < k; b++) {
    for (let e = b; e < n; e++) {
      for (let s = b; s <= e; s++) {
        const before = b === 0 ? 0 : cost[b - 1]![s - 1]!;
        const total = before + miss(s, e, b);
        if (total < cost[b]![e]!) [cost[b]![e], from[b]![e]] = [total, s];
      }
    }
  }
  const starts = new Array<number>(k);
  let e = n - 1;
  for (let b = k - 1; b >= 0; b--) {
    const s = from[b]![e]!;
    if (s < 0) return starts.fill(0).map((_, i) => Math.min(i, n - 1));
    starts[b] = s;
    e = s - 1;
  }
  return starts;
}

const near = (a: number, b: number) => Math.abs(a - b) < 2.5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * One cell from several pieces of it (split by a page break, or at a column edge):
 * pages in order, and on each page lines on one baseline joined left to right.
 */
export function mergeCells(cells: readonly Cell[]): Cell {
  const ordered = [...cells].sort((a, b) => a.page - b.page || a.top - b.top);
  const lines: TextLine[] = [];
  for (const c of ordered) {
    for (const l of c.lines) {
      const same = lines.find((m) => m.page === c.page && sameBaseline(m, l));
      if (same) joinOnBaseline(same, l);
      else lines.push({ ...l, page: c.page, words: [...l.words] });
    }
  }
  lines.sort((a, b) => a.page! - b.page! || a.baseline - b.baseline);
  return { ...ordered[0]!, x0: Math.min(...cells.map((c) => c.x0)), x1: Math.max(...cells.map((c) => c.x1)), lines };
}

/** The text of a field printed in several cells (or none). */
export function joinCells(cells: readonly Cell[]): string {
  if (cells.length === 0) return "";
  if (cells.length === 1) return cellText(cells[0]!);
  return cellText(mergeCells(cells));
}

function width(r: Range, c: Cell): number {
  return Math.min(r.x1, c.x1) - Math.max(r.x0, c.x0);
}

function columnRanges(headers: Map<Column, Cell>, body: readonly Cell[]): Range[] {
  const ranges: Range[] = [...headers.entries()]
    .map(([col, c]) => ({ col, x0: c.box?.x0 ?? c.x0, x1: c.box?.x1 ?? c.x1 }))
    .sort((a, b) => a.x0 - b.x0);
  // Without ruled boxes, the border between two columns is where, between their
  // header texts, the fewest body cells cross (the gutter the text keeps clear).
  const loose = body.filter((c) => !c.box);
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    const cell = headers.get(r.col)!;
    if (cell.box) continue;
    const prev = ranges[i - 1], next = ranges[i + 1];
    r.x0 = prev ? gutter(headers.get(prev.col)!.x1, cell.x0, loose) : -Infinity;
    r.x1 = next ? gutter(cell.x1, headers.get(next.col)!.x0, loose) : Infinity;
  }
  return ranges;
}

function gutter(from: number, to: number, cells: readonly Cell[]): number {
  if (to <= from) return (from + to) / 2;
  let best = (from + to) / 2;
  let bestCount = Infinity;
  let bestRun = 0;
  // Scan in 1pt steps; among the least-crossed positions keep the middle of the widest run.
  let runStart = from;
  let runCount = -1;
  for (let x = from; x <= to + 0.5; x += 1) {
    const count = cells.filter((c) => c.x0 < x && x < c.x1).length;
    if (count !== runCount) {
      runStart = x;
      runCount = count;
    }
    const w = x - runStart;
    if (count < bestCount || (count === bestCount && w > bestRun)) {
      bestCount = count;
      bestRun = w;
      best = (runStart + x) / 2;
    }
  }
  return best;
}

function columnOf(c: Cell, ranges: Range[]): Column | null {
  const x = c.box ? (c.box.x0 + c.box.x1) / 2 : (c.x0 + c.x1) / 2;
  if (!c.box) {
    // Borderless: the column holding most of the text.
    let best: Range | undefined;
    for (const r of ranges) if (!best || width(r, c) > width(best, c)) best = r;
    return best && width(best, c) > 0 ? best.col : null;
  }
  for (const r of ranges) if (r.x0 - 1 <= x && x <= r.x1 + 1) return r.col;
  return null;
}

