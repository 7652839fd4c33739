import { cellOfLines, cellText, sameBaseline, type Cell, type TextLine } from "../layout/cells.js";
import { lineText, splitWord, type Word } from "../layout/lines.js";
import { labelStart, matchLabel, squash, type HeaderKey } from "../vocabulary.js";

// The header grid: each label cell and the value printed to its right. A value
// cut by a page break is joined with its other part: the part on the page
// without the label sits at the bottom of the page before the label's row, or
// at the top of the page after it, in the value's column; a label printed on
// both pages (a tall row drawn on each) makes one field of both parts.

export interface HeaderField {
  key: HeaderKey;
  /** The label's cells (one, or one per page when printed on both). */
  labels: Cell[];
  /** The value's cells, in print order (a label's own line may carry the start). */
  values: Cell[];
}

export interface HeaderGrid {
  fields: HeaderField[];
  /** Header cells that belong to no field (to be reported). */
  leftovers: Cell[];
  /** Those of them printed at a page break (a value's other part that fits no field). */
  atBreak: Set<Cell>;
}

interface Item {
  cell: Cell;
  key: HeaderKey | null;
}

interface Span {
  top: number;
  bottom: number;
}

export function span(c: Cell): Span {
  return c.box ? { top: c.box.y0, bottom: c.box.y1 } : { top: c.top, bottom: c.bottom };
}

export function overlapY(a: Span, b: Span): number {
  return Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
}

function overlapX(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
}

const extentX = (c: Cell) => (c.box ? { x0: c.box.x0, x1: c.box.x1 } : { x0: c.x0, x1: c.x1 });
const centreY = (c: Cell) => (c.top + c.bottom) / 2;

/** A cell made of some of another cell's words (its lines kept, empty ones dropped). */
function subCell(cell: Cell, keep: (word: Word) => boolean): Cell | null {
  const lines: TextLine[] = [];
  for (const line of cell.lines) {
    const words = line.words.filter(keep);
    if (!words.length) continue;
    lines.push({ ...line, words, text: lineText(words), x0: words[0]!.x0, x1: words.at(-1)!.x1 });
  }
  return lines.length ? cellOfLines(cell, lines) : null;
}

/**
 * A cell that starts with a label and goes on with its value (`项目编码：4403…` in
 * one box or one borderless run): the label's words and the value's words as two
 * cells, a word straddling the two cut where the label ends.
 */
function splitLabel(cell: Cell, labelLength: number): { label: Cell; value: Cell | null } {
  let seen = 0;
  const labelWords = new Set<Word>();
  for (const line of cell.lines) {
    const words: Word[] = [];
    for (const word of line.words) {
      const length = squash(word.text).length;
      if (seen >= labelLength) words.push(word);
      else if (seen + length <= labelLength) {
        labelWords.add(word);
        words.push(word);
      } else {
        // Cut after the label's last character (white space inside the word skipped).
        let at = 0;
        for (let kept = 0; at < word.text.length && kept < labelLength - seen; at++) if (!/[\s\u3000]/.test(word.text[at]!)) kept++;
        const [left, right] = splitWord(word, at);
        labelWords.add(left);
        words.push(left, right);
      }
      seen += length;
    }
    line.words = words;
  }
  return { label: subCell(cell, (w) => labelWords.has(w))!, value: subCell(cell, (w) => !labelWords.has(w)) };
}

/** Labels and their values, in print order; `cells` are the header part's cells. */
export function parseHeaderGrid(cells: readonly Cell[]): HeaderGrid {
  const items: Item[] = [];
  const inlineValue = new Map<Cell, Cell>();
  for (const cell of cells) {
    const text = cellText(cell);
    const match = matchLabel(text);
    if (!match) {
      // A label cut short by a page break (`本年度项目金`), its end on the next page.
      items.push({ cell, key: labelStart(text) });
      continue;
    }
    const { label, value } = match.rest ? splitLabel(cell, match.length) : { label: cell, value: null };
    items.push({ cell: label, key: match.key });
    if (value) inlineValue.set(label, value);
  }
  items.sort((a, b) => a.cell.page - b.cell.page || a.cell.top - b.cell.top || a.cell.x0 - b.cell.x0);

  const fields: HeaderField[] = [];
  const byKey = new Map<HeaderKey, HeaderField>();
  const leftovers: Cell[] = [];
  const labelItems = items.filter((i) => i.key !== null);
  const firstLabelOn = (page: number) => labelItems.find((i) => i.cell.page === page);
  for (const item of labelItems) {
    const key = item.key!;
    const earlier = byKey.get(key);
    if (earlier) {
      // The same label again: the row's part on this page, when it is the last field
      // before the page break and this the first label after it.
      const lastLabel = earlier.labels.at(-1)!;
      const lastBefore = labelItems.filter((i) => i.cell.page === lastLabel.page).at(-1)!;
      if (lastBefore.cell === lastLabel && item.cell.page > lastLabel.page && firstLabelOn(item.cell.page) === item) {
        earlier.labels.push(item.cell);
        continue;
      }
      leftovers.push(item.cell);
      continue;
    }
    const field: HeaderField = { key, labels: [item.cell], values: [] };
    fields.push(field);
    byKey.set(key, field);
  }

  const isLabel = new Set(labelItems.map((i) => i.cell));
  const taken = new Set<Cell>();
  const plain = items.filter((i) => i.key === null).map((i) => i.cell);
  // A label's value: the nearest cell to its right sharing its row, before the next
  // label; borderless text can split one value's lines at a column edge of the
  // table below, so pieces on the value's own baselines before the next label are its.
  for (const field of fields) {
    for (const label of field.labels) {
      const inline = inlineValue.get(label);
      if (inline) {
        field.values.push(inline);
        continue;
      }
      const s = span(label);
      const onRow = (c: Cell) => c.page === label.page && overlapY(span(c), s) > 0;
      const nextLabel = [...isLabel]
        .filter((o) => o !== label && onRow(o) && o.x0 > label.x1)
        .sort((a, b) => a.x0 - b.x0)[0];
      const candidates = plain
        .filter((o) => !taken.has(o) && onRow(o) && o.x0 >= label.x1 - 1 && (!nextLabel || o.x0 < nextLabel.x0))
        .sort((a, b) => a.x0 - b.x0);
      const value = candidates[0];
      if (!value) continue;
      const pieces = candidates.filter((o) => o === value || (!o.box && sharesBaseline(o, value)));
      for (const p of pieces) taken.add(p);
      field.values.push(...pieces);
    }
  }

  // What is left: the parts of values cut by a page break.
  const valueColumn = (field: HeaderField) => {
    const cells = field.values.length ? field.values : null;
    if (cells) return { x0: Math.min(...cells.map((c) => extentX(c).x0)), x1: Math.max(...cells.map((c) => extentX(c).x1)) };
    const label = field.labels[0]!;
    return { x0: extentX(label).x1, x1: Infinity };
  };
  // Where a field starts: its label's first page (its label or value may go on to the next).
  const fieldPage = (field: HeaderField) => field.labels[0]!.page;
  const rest = plain.filter((c) => !taken.has(c)).sort((a, b) => a.page - b.page || a.top - b.top);
  const atBreak = new Set<Cell>();
  const labels = labelItems.map((i) => i.cell);
  const firstPage = Math.min(...cells.map((c) => c.page));
  for (const cell of rest) {
    // The end of a label cut by the page break, at the top of the next page in
    // the label's column (`（中期规划，万元）：` below `项目总金额`).
    const cut = labelTail(cell, fields, labels);
    if (cut) {
      cut.labels.push(cell);
      taken.add(cell);
      continue;
    }
    const home = continuation(cell, fields, labels, valueColumn, fieldPage);
    if (home) {
      home.values.push(cell);
      taken.add(cell);
      continue;
    }
    leftovers.push(cell);
    const { leading, trailing } = position(cell, labels);
    if ((leading && cell.page > firstPage) || (trailing && fields.some((f) => fieldPage(f) > cell.page))) atBreak.add(cell);
  }
  for (const field of fields) field.values.sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0);
  return { fields, leftovers, atBreak };
}

/**
 * The field whose label a cell at the top of a page finishes: one of the last row
 * of labels before the break, the one whose label column the cell lies in.
 */
function labelTail(cell: Cell, fields: HeaderField[], labels: Cell[]): HeaderField | undefined {
  if (!position(cell, labels).leading) return undefined;
  const above = fields.filter((f) => f.labels.at(-1)!.page === cell.page - 1);
  const lowest = Math.max(...above.map((f) => f.labels.at(-1)!.bottom));
  const lastRow = above.filter((f) => overlapY(span(f.labels.at(-1)!), { top: lowest - 1, bottom: lowest }) > 0);
  return lastRow.find((f) => {
    const label = extentX(f.labels.at(-1)!);
    return overlapX(extentX(cell), label) > 0 && cell.x1 <= label.x1 + 1;
  });
}

/** Whether a cell lies above every label of its page, or below every one. */
function position(cell: Cell, labels: Cell[]): { leading: boolean; trailing: boolean } {
  const onPage = labels.filter((l) => l.page === cell.page);
  const y = centreY(cell);
  return { leading: onPage.every((l) => y < span(l).top + 1), trailing: onPage.every((l) => y > span(l).bottom - 1) };
}

/**
 * The field a cell cut by a page break belongs to: above every label of its page,
 * one of the last row of fields before the break; below every label of its page,
 * one of the first row after it — the one whose value column the cell lies in
 * (of two side by side, the one whose label is nearest on its left).
 */
function continuation(
  cell: Cell,
  fields: HeaderField[],
  labels: Cell[],
  valueColumn: (f: HeaderField) => { x0: number; x1: number },
  fieldPage: (f: HeaderField) => number,
): HeaderField | undefined {
  const { leading, trailing } = position(cell, labels);
  const inColumn = (row: HeaderField[]) =>
    row
      .filter((f) => overlapX(extentX(cell), valueColumn(f)) > 0 && f.labels[0]!.x0 <= cell.x0)
      .sort((a, b) => b.labels[0]!.x0 - a.labels[0]!.x0)[0];
  // The fields whose first label shares a row with `last`'s.
  const rowOf = (last: HeaderField | undefined, among: HeaderField[]) =>
    last ? among.filter((f) => f.labels[0]!.page === last.labels[0]!.page && overlapY(span(f.labels[0]!), span(last.labels[0]!)) > 0) : [];
  if (leading) {
    const earlier = fields.filter((f) => fieldPage(f) < cell.page);
    const home = inColumn(rowOf(earlier.at(-1), earlier));
    if (home) return home;
  }
  if (trailing) {
    const later = fields.filter((f) => fieldPage(f) > cell.page);
    const home = inColumn(rowOf(later[0], later));
    if (home) return home;
  }
  return undefined;
}

function sharesBaseline(a: Cell, b: Cell): boolean {
  return a.page === b.page && a.lines.some((l) => b.lines.some((m) => sameBaseline(m, l)));
}
