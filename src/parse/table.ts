import { cellOfLines, cellText, joinOnBaseline, sameBaseline, type Box, type Cell, type TextLine } from "../layout/cells.js";
import { lineText, type Word } from "../layout/lines.js";
import { gridMerged, gridTableCells, type Grid } from "../layout/grid.js";
import { isLevel1Name, isLevel2Name, squash, tableHeaderColumn, type Column } from "../vocabulary.js";
import { overlapY, span } from "./header.js";
import { tileCentred } from "./tiling.js";

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
  /** Rows read with doubt, and why: a borderless 一级/二级 cell placed with doubt (its text far from the middle of the rows given it), or on a character grid a cell whose rows the grid did not settle. */
  doubtful: Map<number, string>;
  /** Repeated heads on continuation pages. */
  repeatedHeads: Cell[];
  /** Cells inside the table that belong to no row (to be reported). */
  leftovers: Cell[];
  /** Cells after the table's end: not part of the form. */
  after: Cell[];
  /** Value/explanation cells that matched no row, with their column. */
  unmatched: { cell: Cell; col: 3 | 4 }[];
  /** Body cells that read as a head word without a head row around them (kept where they are, doubtful). */
  headLike: Cell[];
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
    out.push(cellOfLines(cell, headLines), cellOfLines(cell, cell.lines.slice(cand.lines)));
  }
  return out;
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

/** The ruled box around a point of a page, its sides open (infinite) where a page break cut it. */
export type RuledBoxAt = (page: number, x: number, y: number) => Box | null;
type BoxAt = (page: number, y: number) => Box | null;

export function parseTable(body: readonly Cell[], head: TableHead, boxAt: RuledBoxAt, grid?: Grid): Table {
  let columns = columnRanges(head.cells, body);
  const ruled = [...head.cells.values()].some((c) => c.box);
  const ordered = (ruled ? [...body] : body.flatMap((c) => splitAtGutters(c, columns))).sort(
    (a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0,
  );

  // Repeated heads: a band of head words on a continuation page.
  const repeatedHeads = new Set<Cell>();
  for (const c of ordered) {
    if (tableHeaderColumn(squash(cellText(c))) === null) continue;
    const band = ordered.filter((o) => o.page === c.page && overlapY(span(o), span(c)) > 0 && tableHeaderColumn(squash(cellText(o))) !== null);
    if (band.length >= 3) for (const o of band) repeatedHeads.add(o);
  }

  // A character grid lays out each page's columns anew (pdftotext -layout): there
  // a page with a head of its own takes its columns from it, and the first head's
  // columns are read off the other pages only.
  const pageColumns = new Map<number, Range[]>();
  if (grid) {
    for (const page of new Set([...repeatedHeads].map((c) => c.page))) {
      const own = new Map<Column, Cell>();
      for (const c of repeatedHeads) if (c.page === page) own.set(tableHeaderColumn(squash(cellText(c)))!, c);
      if (own.size === head.cells.size) pageColumns.set(page, columnRanges(own, body.filter((c) => c.page === page)));
    }
    if (pageColumns.size) columns = columnRanges(head.cells, body.filter((c) => !pageColumns.has(c.page)));
  }
  const columnsOf = (c: Cell) => pageColumns.get(c.page) ?? columns;

  // Where the table ends: in a ruled table, after the last cell drawn in one of
  // its columns' boxes (what follows — another budget table, notes, a signature
  // block — is not the form's); in a borderless one, at the first text that runs
  // across columns or is set larger than the table's own.
  const bodySize = median(ordered.filter((c) => !repeatedHeads.has(c)).map((c) => c.lines[0]?.size ?? 0));
  const inTable = (c: Cell): boolean => {
    if (repeatedHeads.has(c)) return true;
    if ((c.lines[0]?.size ?? 0) > 1.2 * bodySize) return false;
    if (ruled) return !!c.box && columns.some((r) => near(c.box!.x0, r.x0) && near(c.box!.x1, r.x1));
    return !c.box && columnsOf(c).filter((r) => Math.min(r.x1, c.x1) - Math.max(r.x0, c.x0) > 2 * (c.lines[0]?.size ?? 10)).length <= 1;
  };
  // A borderless table goes on past a stray line when rows of it follow on the
  // same page (that line is then the table's, and reported if it fits no row).
  const rowFollows = (k: number): boolean => {
    const page = ordered[k]!.page;
    const later = ordered.slice(k + 1).filter((c) => c.page === page && inTable(c));
    return later.some((c) => {
      const band = later.filter((o) => overlapY(span(o), span(c)) > 0);
      return new Set(band.map((o) => columnOf(o, columnsOf(o)))).size >= 3;
    });
  };
  let end: number;
  if (ruled) end = ordered.findLastIndex(inTable) + 1;
  else {
    end = ordered.length;
    for (let k = 0; k < ordered.length; k++) {
      if (inTable(ordered[k]!) || rowFollows(k)) continue;
      end = k;
      break;
    }
  }
  const within = ordered.slice(0, end);
  const after = ordered.slice(end);

  const leftovers: Cell[] = [];
  const byColumn: Cell[][] = [[], [], [], [], []];
  const cellOf = (c: Cell) => (inTable(c) ? columnOf(c, columnsOf(c)) : null);
  // On a character grid the runs are put together into cells here, where the columns are known.
  const runs = within.filter((c) => !repeatedHeads.has(c));
  const cells: { cell: Cell; col: Column | null; doubt?: string }[] = grid ? gridTableCells(runs, cellOf, grid) : runs.map((cell) => ({ cell, col: cellOf(cell) }));
  const headLike = cells.map(({ cell }) => cell).filter((c) => tableHeaderColumn(squash(cellText(c))) !== null);
  for (const { cell: c, col } of cells) {
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
  const boxIn = (col: Column): BoxAt => {
    const range = columns.find((r) => r.col === col);
    return (page, y) => (range ? boxAt(page, (range.x0 + range.x1) / 2, y) : null);
  };
  const placedDoubtfully = new Set<number>();
  const [level1, level2] = grid
    ? gridMerged(rows, [byColumn[0]!, byColumn[1]!], grid)
    : [assignMerged(rows, byColumn[0]!, isLevel1Name, boxIn(0), placedDoubtfully), assignMerged(rows, byColumn[1]!, isLevel2Name, boxIn(1), placedDoubtfully)];
  const doubtful = new Map<number, string>();
  const doubts = new Map(cells.flatMap(({ cell, doubt }) => (doubt ? [[cell, doubt] as const] : [])));
  rows.forEach((row, i) => {
    const doubt = row.cells.flat().map((c) => doubts.get(c)).find((d) => d !== undefined);
    if (doubt) doubtful.set(i, doubt);
    else if (placedDoubtfully.has(i))
      doubtful.set(i, "which 一级/二级 cell covers it is not certain (the table has no ruling lines and the cell's text is not centred on any run of rows)");
  });
  const assigned = new Set([...level1, ...level2].filter((c): c is Cell => c !== undefined));
  for (const c of [...byColumn[0]!, ...byColumn[1]!]) if (!assigned.has(c)) leftovers.push(c);
  return {
    rows,
    merged: rows.map((_, i) => [level1[i], level2[i]]),
    doubtful,
    repeatedHeads: [...repeatedHeads],
    leftovers,
    after,
    unmatched,
    headLike,
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

/** A row's extent on each page it was printed on (a row cut by a page break has two). */
interface Part {
  page: number;
  top: number;
  bottom: number;
}

function rowParts(row: Row): Part[] {
  const parts = new Map<number, Part>();
  for (const c of row.cells.flat()) {
    const s = span(c);
    const part = parts.get(c.page);
    if (part) [part.top, part.bottom] = [Math.min(part.top, s.top), Math.max(part.bottom, s.bottom)];
    else parts.set(c.page, { page: c.page, ...s });
  }
  return [...parts.values()].sort((a, b) => a.page - b.page);
}

const middle = (p: { top: number; bottom: number }) => (p.top + p.bottom) / 2;

/**
 * Merged 一级/二级 cells span several rows; each row gets the merged cell that
 * covers it, or none (then it is filled down from the row above). `known` tells a
 * category name of the column (a name cut by a page break is joined again).
 */
function assignMerged(rows: Row[], cells: Cell[], known: (name: string) => boolean, boxAt: BoxAt, doubtful: Set<number>): (Cell | undefined)[] {
  const parts = rows.map(rowParts);
  const ruled = cells.filter((c) => c.box);
  return ruled.length ? assignRuled(parts, ruled, known, boxAt) : assignLoose(parts, cells, doubtful);
}

/**
 * Ruled: a row takes the text printed in the box its part lies in (on any page it
 * spans). A row whose box is empty — the merged cell's text printed on another
 * page — is filled down when the box goes on from above (cut open at the top, or
 * the first of its page after earlier rows); otherwise, when the box runs into
 * the page break (cut open at the bottom, or the last of its page), it takes the
 * text of the first box of the next page, where a cell centred on its whole span
 * printed it.
 */
function assignRuled(parts: Part[][], cells: Cell[], known: (name: string) => boolean, boxAt: BoxAt): (Cell | undefined)[] {
  const inside = (box: Box, y: number) => box.y0 - 1 <= y && y <= box.y1 + 1;
  const textIn = (page: number, box: Box | null) =>
    box ? cells.filter((c) => c.page === page && inside(box, middle(c))).sort((a, b) => b.top - a.top)[0] : undefined;
  const boxOf = (p: Part) => boxAt(p.page, middle(p));
  const partsOn = (page: number) => parts.flat().filter((p) => p.page === page);
  const firstOnPage = (page: number, box: Box) => partsOn(page).every((p) => middle(p) >= box.y0 - 1);
  const lastOnPage = (page: number, box: Box) => partsOn(page).every((p) => middle(p) <= box.y1 + 1);

  const out = parts.map((rowParts) => rowParts.map((p) => textIn(p.page, boxOf(p))).find((c) => c !== undefined));
  for (let i = 0; i < out.length; i++) {
    if (out[i]) continue;
    const first = parts[i]![0]!, last = parts[i]!.at(-1)!;
    const top = boxOf(first), bottom = boxOf(last);
    if (!top || !bottom) continue;
    if (i > 0 && (!Number.isFinite(top.y0) || firstOnPage(first.page, top))) continue; // filled down
    if (!Number.isFinite(bottom.y1) || lastOnPage(last.page, bottom)) {
      const next = partsOn(last.page + 1).sort((a, b) => a.top - b.top)[0];
      const text = next && textIn(next.page, boxOf(next));
      if (text) for (let k = i; k < out.length && !out[k] && parts[k]!.every((p) => p.page <= last.page); k++) out[k] = text;
    }
  }
  // A name cut by a page break ("*服务对象满" / "意度"): the last box of one page and
  // the first of the next make one cell when only together they name a category.
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1], b = out[i];
    if (!a || !b || a === b || b.page !== a.page + 1) continue;
    const [ta, tb] = [cellText(a), cellText(b)].map((t) => squash(t).replace(/^[*＊]/, ""));
    if (known(ta!) || known(tb!) || !known(ta! + tb!)) continue;
    const joined = mergeCells([a, b]);
    for (let k = 0; k < out.length; k++) if (out[k] === a || out[k] === b) out[k] = joined;
  }
  return out;
}

/**
 * Borderless: a merged cell's text is printed either at the top of its rows or
 * centred on them. One alignment for the column: top-aligned when every cell is
 * level with the top of a row. (A centred cell can be level with a row — one that
 * is a row of its own, or the middle one of three — so this is not decided cell
 * by cell.) Centred cells tile the table's rows in order, across its pages, each
 * run of rows as near as can be centred on its text.
 */
function assignLoose(parts: Part[][], cells: Cell[], doubtful: Set<number>): (Cell | undefined)[] {
  const out: (Cell | undefined)[] = parts.map(() => undefined);
  const sorted = [...cells].sort((a, b) => a.page - b.page || a.top - b.top);
  const level = (c: Cell, p: Part) => p.page === c.page && Math.abs(p.top - c.top) < 0.5 * (c.lines[0]?.size ?? 10);
  const topAligned = sorted.length > 0 && sorted.every((c) => parts.some((ps) => level(c, ps[0]!)));
  if (topAligned) {
    for (const c of sorted) {
      const i = parts.findIndex((ps) => level(c, ps[0]!));
      const at = i >= 0 ? i : parts.findIndex((ps) => ps.some((p) => p.page === c.page && p.bottom >= c.top));
      if (at >= 0) out[at] = c;
    }
    return out;
  }
  // Each row part reaches halfway to its neighbours (the cell's padding), and half
  // a usual gap past the first and last of its page; the table's pages are laid
  // end to end, a page's rows starting where the last page's ended.
  const all = parts.flat();
  const pages = [...new Set(all.map((p) => p.page))].sort((a, b) => a - b);
  const gaps: number[] = [];
  const band = new Map<Part, { top: number; bottom: number }>();
  for (const page of pages) {
    const onPage = all.filter((p) => p.page === page).sort((a, b) => a.top - b.top);
    onPage.forEach((p, i) => {
      if (i > 0) gaps.push(p.top - onPage[i - 1]!.bottom);
      band.set(p, { top: p.top, bottom: p.bottom });
    });
  }
  const half = Math.max(0, median(gaps)) / 2;
  const offset = new Map<number, number>();
  let end = 0;
  for (const page of pages) {
    const onPage = all.filter((p) => p.page === page).sort((a, b) => a.top - b.top);
    onPage.forEach((p, i) => {
      const b = band.get(p)!;
      b.top = i > 0 ? (p.top + onPage[i - 1]!.bottom) / 2 : p.top - half;
      b.bottom = i < onPage.length - 1 ? (p.bottom + onPage[i + 1]!.top) / 2 : p.bottom + half;
    });
    const top = band.get(onPage[0]!)!.top;
    offset.set(page, end - top);
    end += band.get(onPage.at(-1)!)!.bottom - top;
  }
  const at = (page: number, y: number) => (offset.get(page) ?? 0) + y;
  const spans = parts.map((ps) => ({ top: at(ps[0]!.page, band.get(ps[0]!)!.top), bottom: at(ps.at(-1)!.page, band.get(ps.at(-1)!)!.bottom) }));
  const placed = sorted.filter((c) => offset.has(c.page));
  const whole = tileCentred(spans, placed.map((c) => ({ top: at(c.page, c.top), bottom: at(c.page, c.bottom) })));

  // Or centred on the part of its span on the page it is printed on (the rest of
  // the span, on other pages, left empty): each page's rows tiled by its own cells.
  const perPage = { starts: [] as number[], cost: 0, cells: [] as Cell[], misses: [] as number[] };
  for (const page of pages) {
    const blocks = placed.filter((c) => c.page === page);
    const rowsHere = parts.map((ps, i) => [ps.find((p) => p.page === page), i] as const).filter(([p]) => p !== undefined);
    const anchored = rowsHere.filter(([, i]) => parts[i]![0]!.page === page || i === 0);
    if (!blocks.length || !anchored.length) continue;
    const tiled = tileCentred(anchored.map(([p]) => band.get(p!)!), blocks);
    perPage.cost += tiled.cost;
    tiled.starts.forEach((start, k) => {
      perPage.starts.push(anchored[start]![1]);
      perPage.cells.push(blocks[k]!);
      perPage.misses.push(tiled.misses[k]!);
    });
  }
  const chosen = perPage.cells.length === placed.length && perPage.cost < whole.cost ? perPage : { ...whole, cells: placed };
  chosen.starts.forEach((row, k) => {
    out[row] = chosen.cells[k];
    // Text far from the middle of the rows it was given: no tiling fits the print.
    if (chosen.misses[k]! > (chosen.cells[k]!.lines[0]?.size ?? 10)) {
      const next = Math.min(parts.length, ...chosen.starts.filter((s) => s > row));
      for (let r = row; r < next; r++) doubtful.add(r);
    }
  });
  return out;
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

/**
 * A borderless cell that runs across a column border of the table — text of two
 * cells printed so close that it came out as one run (`*服务对象满意度 工作人员满意度`)
 * — cut into one cell per column, each word going to the column its middle lies in.
 */
function splitAtGutters(cell: Cell, columns: Range[]): Cell[] {
  const home = (x0: number, x1: number) => columns.find((r) => r.x0 <= (x0 + x1) / 2 && (x0 + x1) / 2 < r.x1);
  const crossed = columns.filter((r) => Math.min(r.x1, cell.x1) - Math.max(r.x0, cell.x0) > 0.5 * (cell.lines[0]?.size ?? 10));
  if (crossed.length < 2) return [cell];
  const byColumn = new Map<Range, TextLine[]>();
  for (const line of cell.lines) {
    const parts = new Map<Range, Word[]>();
    for (const word of line.words) {
      const r = home(word.x0, word.x1);
      if (!r) return [cell];
      parts.set(r, [...(parts.get(r) ?? []), word]);
    }
    for (const [r, words] of parts) {
      const piece = { ...line, words, text: lineText(words), x0: words[0]!.x0, x1: words.at(-1)!.x1 };
      byColumn.set(r, [...(byColumn.get(r) ?? []), piece]);
    }
  }
  return byColumn.size < 2 ? [cell] : [...byColumn.values()].map((lines) => cellOfLines(cell, lines));
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
  // Scan in 1pt steps for the runs of least-crossed positions. Of several, keep the
  // one that ends where the next column's text starts (a head centred over
  // left-aligned text leaves clear space on both sides of that text's left edge),
  // then the widest; the gutter is its middle.
  const runs: { start: number; end: number; count: number }[] = [];
  for (let x = from; x <= to + 0.5; x += 1) {
    const count = cells.filter((c) => c.x0 < x && x < c.x1).length;
    const last = runs.at(-1);
    if (last && last.count === count) last.end = x;
    else runs.push({ start: x, end: x, count });
  }
  const least = Math.min(...runs.map((r) => r.count));
  const startsAt = (x: number) => cells.filter((c) => Math.abs(c.x0 - x) <= 1.5).length;
  const best = runs
    .filter((r) => r.count === least)
    .sort((a, b) => startsAt(b.end) - startsAt(a.end) || b.end - b.start - (a.end - a.start))[0]!;
  return (best.start + best.end) / 2;
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

