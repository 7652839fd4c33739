import type { Form, Indicator, Warning } from "../schema.js";
import { borderlessEdges, buildCells, cellText, joinOnBaseline, sameBaseline, type Cell, type TextLine } from "../layout/cells.js";
import type { FormRegion } from "../segment.js";
import type { WarningCode } from "../schema.js";
import { warning } from "../warning.js";
import { squash } from "./join.js";
import { matchLabel, tableHeaderColumn, type Column, type HeaderKey } from "../vocabulary.js";
import { NOT_APPLICABLE, parseAmount, parsePeriod, parseProjectType, parseTarget, parseYesNo } from "./values.js";

// Parses one form from its positioned lines: the header grid (label → the cell to
// its right), then the indicator table (columns from the header row, rows from
// the 三级指标 cells, merged 一级/二级 cells filled down, rows split by a page
// break re-joined).

export interface ParsedForm {
  form: Form;
  warnings: Warning[];
}

interface Span {
  top: number;
  bottom: number;
}

/** The vertical extent a cell occupies: its ruled box, else its text. */
function span(c: Cell): Span {
  return c.box ? { top: c.box.y0, bottom: c.box.y1 } : { top: c.top, bottom: c.bottom };
}

function centerY(c: Cell): number {
  return (c.top + c.bottom) / 2;
}

function overlapY(a: Span, b: Span): number {
  return Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
}

type Warn = (code: WarningCode, field: string | null, message: string, page?: number | null) => void;

export function parseFormRegion(region: FormRegion, formNumber: number): ParsedForm {
  const warnings: Warning[] = [];
  const warn: Warn = (code, field, message, page = null) => warnings.push(warning(code, { form: formNumber, page, field }, message));

  const cells: Cell[] = [];
  // Borderless column edges are taken from the whole form: a page may hold only a row or two.
  const edges = borderlessEdges(region.parts.flatMap((p) => p.lines));
  for (const part of region.parts) cells.push(...buildCells(part.lines, part.rules, edges));

  // The table header: the row holding 三级指标 (its other labels share its band).
  const third = cells.find((c) => tableHeaderColumn(squash(cellText(c))) === 2);
  const headerBand = third ? span(third) : null;
  const headerCells = new Map<Column, Cell>();
  if (third && headerBand) {
    for (const c of cells) {
      if (c.page !== third.page || overlapY(span(c), headerBand) <= 0) continue;
      const col = tableHeaderColumn(squash(cellText(c)));
      if (col !== null) headerCells.set(col, c);
    }
  }
  const before = (c: Cell) => !third || c.page < third.page || (c.page === third.page && centerY(c) < headerBand!.top + 0.01);
  const tableHeader = new Set(headerCells.values());
  const headerPart = cells.filter((c) => before(c) && !tableHeader.has(c));
  const header = parseHeader(headerPart, warn);
  // The pages the form spans: those its header and table rows were printed on
  // (not a trailing page of prose after its table).
  const pages = new Set<number>([region.parts[0]?.page ?? 1, ...headerPart.map((c) => c.page), ...[...headerCells.values()].map((c) => c.page)]);

  let indicators: Indicator[] = [];
  if (!third || headerCells.size < 5) {
    warn("table-missing", "indicators", "the indicator table (一级指标 … 指标解释) was not found");
  } else {
    const body = cells.filter((c) => !before(c) && !(c.page === third.page && overlapY(span(c), headerBand!) > 0));
    indicators = parseTable(body, headerCells, warn, pages);
    if (indicators.length === 0) warn("table-empty", "indicators", "the indicator table has no rows (cut off?)");
  }

  const projectType = parseProjectType(header.projectType);
  const form: Form = {
    title: region.title,
    pages: [...pages].sort((a, b) => a - b),
    projectCode: header.projectCode.replace(/\s+/g, ""),
    projectName: header.projectName,
    applicant: header.applicant,
    budgetUnit: header.budgetUnit,
    period: parsePeriod(header.period),
    projectTypeCode: projectType.code,
    projectType: projectType.name,
    isNew: parseYesNo(header.isNew),
    allocationMethod: header.allocationMethod || null,
    totalAmount: parseAmount(header.totalAmount),
    annualAmount: parseAmount(header.annualAmount),
    overview: header.overview,
    annualGoal: header.annualGoal,
    longTermGoal: header.longTermGoal,
    indicators,
  };
  return { form, warnings };
}


type Header = Record<HeaderKey, string>;

function parseHeader(cells: Cell[], warn: Warn): Header {
  const header: Header = {
    projectCode: "", projectName: "", applicant: "", budgetUnit: "", period: "", projectType: "", isNew: "",
    allocationMethod: "", totalAmount: "", annualAmount: "", overview: "", annualGoal: "", longTermGoal: "",
  };
  const seen = new Set<HeaderKey>();
  const labelled = cells.map((c) => {
    const text = cellText(c);
    return { cell: c, text, label: matchLabel(text) };
  });
  for (const { cell, label } of labelled) {
    if (!label || seen.has(label.key)) continue;
    seen.add(label.key);
    if (label.rest) {
      header[label.key] = label.rest;
      continue;
    }
    // The value is the nearest cell to the right that shares the label's row.
    const s = span(cell);
    const candidates = labelled.filter(
      (o) => o.cell !== cell && o.cell.page === cell.page && !o.label && o.cell.x0 >= cell.x1 - 1 && overlapY(span(o.cell), s) > 0,
    );
    candidates.sort((a, b) => a.cell.x0 - b.cell.x0);
    const value = candidates[0];
    // A value cell further right than the next label belongs to that label.
    const nextLabel = labelled
      .filter((o) => o.label && o.cell !== cell && o.cell.page === cell.page && o.cell.x0 > cell.x1 && overlapY(span(o.cell), s) > 0)
      .sort((a, b) => a.cell.x0 - b.cell.x0)[0];
    if (!value || (nextLabel && value.cell.x0 >= nextLabel.cell.x0)) continue;
    // Borderless text can split one value's lines at a column edge of the table
    // below; pieces on the value's own baselines, before the next label, are its.
    const pieces = candidates.filter(
      (o) => o === value || ((!nextLabel || o.cell.x0 < nextLabel.cell.x0) && !o.cell.box && sharesBaseline(o.cell, value.cell)),
    );
    header[label.key] = pieces.length > 1 ? cellText(mergeCells(pieces.map((o) => o.cell))) : value.text;
  }
  for (const key of ["projectCode", "projectName", "applicant", "budgetUnit"] as const) {
    if (!seen.has(key)) warn("label-missing", key, `the label for ${key} was not found`);
  }
  return header;
}

interface Row {
  page: number;
  span: Span;
  cells: [Cell[], Cell[], Cell[], Cell[], Cell[]];
}

function parseTable(
  body: Cell[],
  headers: Map<Column, Cell>,
  warn: Warn,
  pages: Set<number>,
): Indicator[] {
  const columns = columnRanges(headers, body);
  const byColumn: Cell[][] = [[], [], [], [], []];
  for (const c of tableCells(body, columns)) {
    const text = squash(cellText(c));
    if (!text) continue;
    // A table header repeated on a continuation page is not a row.
    if (tableHeaderColumn(text) !== null) continue;
    const col = columnOf(c, columns);
    if (col === null) continue;
    byColumn[col]!.push(c);
    pages.add(c.page);
  }

  const rows: Row[] = [];
  for (const c of byColumn[2]!) {
    rows.push({ page: c.page, span: span(c), cells: [[], [], [c], [], []] });
  }
  rows.sort((a, b) => a.page - b.page || a.span.top - b.span.top);

  // Value and explanation cells join the row whose band holds them; cells above
  // the first row of a continuation page finish the previous page's row.
  for (const col of [3, 4] as const) {
    for (const c of byColumn[col]!) {
      const row = rowFor(rows, c);
      if (row) row.cells[col].push(c);
      else warn("cell-unmatched", null, `a ${col === 3 ? "指标值" : "指标解释"} cell matched no indicator row: ${cellText(c)}`, c.page);
    }
  }
  // A row at the top of a continuation page with no value of its own is the rest
  // of the previous page's last row (a row split by the page break).
  for (let i = rows.length - 1; i > 0; i--) {
    const row = rows[i]!, prev = rows[i - 1]!;
    const firstOnPage = prev.page !== row.page;
    if (firstOnPage && row.cells[3].length === 0 && prev.cells[3].length > 0) {
      for (const col of [2, 3, 4] as const) prev.cells[col].push(...row.cells[col]);
      rows.splice(i, 1);
    }
  }
  // A borderless row reaches as far as any of its cells on its page.
  for (const row of rows) {
    if (row.cells[2][0]?.box) continue;
    for (const c of row.cells.flat()) {
      if (c.page !== row.page) continue;
      row.span = { top: Math.min(row.span.top, c.top), bottom: Math.max(row.span.bottom, c.bottom) };
    }
  }

  const levels = [assignMerged(rows, byColumn[0]!), assignMerged(rows, byColumn[1]!)];
  const indicators: Indicator[] = [];
  let level1 = "";
  let level2 = "";
  rows.forEach((row, i) => {
    level1 = levels[0]![i] ?? level1;
    level2 = levels[1]![i] ?? level2;
    const core = /^[*＊]/.test(level2);
    const level3 = joinCells(row.cells[2]);
    const value = joinCells(row.cells[3]);
    const explanation = joinCells(row.cells[4]);
    const applicable = value !== NOT_APPLICABLE && level3 !== NOT_APPLICABLE;
    indicators.push({
      level1,
      level2: level2.replace(/^[*＊]\s*/, ""),
      core,
      level3,
      value,
      target: applicable ? parseTarget(value) : null,
      explanation,
      applicable,
    });
  });
  return indicators;
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
 * Merged 一级/二级 cells span several rows; each row gets the text of the merged
 * cell that covers it, or nothing (then it is filled down from the row above).
 * A ruled merged cell covers the rows inside its box. A borderless one is printed
 * either at the top of its rows or centred on them.
 */
function assignMerged(rows: Row[], cells: Cell[]): (string | undefined)[] {
  const out: (string | undefined)[] = rows.map(() => undefined);
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
    const text = cellText(c);
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
        if (first || out[i] === undefined) out[i] = text;
        first = false;
      }
    } else if (topAligned) {
      const row = onPage.find(([r]) => level(c, r)) ?? onPage.find(([r]) => r.span.bottom >= c.top);
      if (row) out[row[1]] = text;
    } else centred.push(c);
  }
  for (const page of new Set(centred.map((c) => c.page))) {
    const indices = rows.map((r, i) => (r.page === page ? i : -1)).filter((i) => i >= 0);
    const blocks = centred.filter((c) => c.page === page);
    tileCentred(indices.map((i) => rows[i]!.span), blocks.map((c) => (c.top + c.bottom) / 2)).forEach((start, k) => {
      out[indices[start]!] = cellText(blocks[k]!);
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
function tileCentred(spans: Span[], mids: number[]): number[] {
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

/**
 * The body cells that belong to the table. In a ruled table, text outside every
 * ruled box (notes or prose after the table) is not part of it. In a borderless
 * one, the table ends at the first text that runs across several columns…
 */
function tableCells(body: Cell[], columns: Range[]): Cell[] {
  const ordered = [...body].sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0);
  if (ordered.some((c) => c.box)) return ordered.filter((c) => c.box);
  // …or at a heading: text set larger than the table's own.
  const sizes = ordered.map((c) => c.lines[0]?.size ?? 0).sort((a, b) => a - b);
  const bodySize = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const end = ordered.findIndex(
    (c) =>
      (c.lines[0]?.size ?? 0) > 1.2 * bodySize ||
      columns.filter((r) => Math.min(r.x1, c.x1) - Math.max(r.x0, c.x0) > 2 * (c.lines[0]?.size ?? 10)).length > 1,
  );
  return end < 0 ? ordered : ordered.slice(0, end);
}

function joinCells(cells: Cell[]): string {
  if (cells.length === 0) return "";
  if (cells.length === 1) return cellText(cells[0]!);
  return cellText(mergeCells(cells));
}

function sharesBaseline(a: Cell, b: Cell): boolean {
  return a.page === b.page && a.lines.some((l) => b.lines.some((m) => sameBaseline(m, l)));
}

/**
 * One cell from several pieces of it (split by a page break, or at a column edge):
 * pages in order, and on each page lines on one baseline joined left to right.
 */
function mergeCells(cells: Cell[]): Cell {
  const ordered = [...cells].sort((a, b) => a.page - b.page || a.top - b.top);
  const lines: TextLine[] = [];
  for (const c of ordered) {
    for (const l of c.lines) {
      const same = lines.find((m) => m.page === c.page && sameBaseline(m, l));
      if (same) joinOnBaseline(same, l);
      else lines.push({ ...l, page: c.page });
    }
  }
  lines.sort((a, b) => a.page! - b.page! || a.baseline - b.baseline);
  return { ...ordered[0]!, x0: Math.min(...cells.map((c) => c.x0)), x1: Math.max(...cells.map((c) => c.x1)), lines };
}

function width(r: Range, c: Cell): number {
  return Math.min(r.x1, c.x1) - Math.max(r.x0, c.x0);
}

interface Range {
  col: Column;
  x0: number;
  x1: number;
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
    const width = x - runStart;
    if (count < bestCount || (count === bestCount && width > bestRun)) {
      bestCount = count;
      bestRun = width;
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
