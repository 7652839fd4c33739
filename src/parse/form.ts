import { borderlessEdges, buildCells, cellText, RuleIndex, type Cell } from "../layout/cells.js";
import { gridHeaderCells, joinGridLabels } from "../layout/grid.js";
import { lineText, splitWord, type Line, type Word } from "../layout/lines.js";
import type { Form, FormPrintedField, Indicator, IndicatorPrintedField, Warning, WarningCode } from "../schema.js";
import type { FormRegion } from "../segment.js";
import { FORM_TITLE, gluedLabelAt, isTableHeadLine, isUnitNote, squash, type HeaderKey } from "../vocabulary.js";
import { warning } from "../warning.js";
import { parseHeaderGrid, overlapY } from "./header.js";
import { Ledger, piece, wordsOf, type FieldSources, type PagedWord, type Piece, type Unplaced } from "./ledger.js";
import { beforeHead, findHead, joinCells, parseTable, splitRepeatedHeads, type Table } from "./table.js";
import { NOT_APPLICABLE, parseAmount, parsePeriod, parseProjectType, parseTarget, parseYesNo } from "./values.js";

// Parses one form from its positioned lines: the header grid (label → the cell to
// its right), then the indicator table, keeping the books as it goes: every word
// of the form's region (heading to the end of its table) ends in the heading, a
// label, the table head or one field's value, and what ends nowhere is reported.

export interface ParsedForm {
  form: Form;
  warnings: Warning[];
  /** Where each field was printed (glyph boxes in each page's reading frame). */
  sources: FieldSources;
  /** Text of the region that ended in no field. */
  unplaced: Unplaced[];
}

type Warn = (code: WarningCode, field: string | null, message: string, page?: number | null) => void;

/** A value glued to the label after it (`440310241270025641154项目名称：`) is cut apart. */
function splitGluedLabels(line: Line): Line {
  const words: Word[] = [];
  for (const word of line.words) {
    let rest = word;
    for (let at = gluedLabelAt(rest.text); at > 0; at = gluedLabelAt(rest.text)) {
      const [left, right] = splitWord(rest, at);
      words.push(left);
      rest = { ...right, inFragment: false };
    }
    words.push(rest);
  }
  return words.length === line.words.length ? line : { ...line, words };
}

const HEADER_FIELDS: Record<HeaderKey, FormPrintedField[]> = {
  projectCode: ["projectCode"],
  projectName: ["projectName"],
  applicant: ["applicant"],
  budgetUnit: ["budgetUnit"],
  period: ["period"],
  projectType: ["projectTypeCode", "projectType"],
  isNew: ["isNew"],
  allocationMethod: ["allocationMethod"],
  totalAmount: ["totalAmount"],
  annualAmount: ["annualAmount"],
  overview: ["overview"],
  annualGoal: ["annualGoal"],
  longTermGoal: ["longTermGoal"],
};

const MAX_UNPLACED_WARNINGS = 5;

export function parseFormRegion(region: FormRegion, formNumber: number): ParsedForm {
  const warnings: Warning[] = [];
  const warn: Warn = (code, field, message, page = null) => warnings.push(warning(code, { form: formNumber, page, field }, message));
  const ledger = new Ledger();
  const sources: FieldSources = { form: {}, indicators: [] };
  const pieces = (cells: readonly Cell[]): Piece[] => cells.flatMap(wordsOf).map(({ page, word }) => piece(page, word));

  // Borderless column edges are taken from the whole form (a page may hold only a
  // row or two), the header grid's apart from the table's: a header value that goes
  // on after a space where a table column starts is not cut there.
  // (A head cell wrapped over two lines reaches above the line that holds 三级指标.)
  const headLine = region.parts.flatMap((p) => p.lines).find((l) => isTableHeadLine(lineText(l.words)));
  const inHeader = (l: Line): boolean =>
    !headLine || l.page < headLine.page || (l.page === headLine.page && l.bottom < headLine.top - 0.5 * headLine.size);
  const headerEdges = borderlessEdges(region.parts.flatMap((p) => p.lines.filter(inHeader)));
  const tableEdges = borderlessEdges(region.parts.flatMap((p) => p.lines.filter((l) => !inHeader(l))));
  const edgesOf = (l: Line) => (inHeader(l) ? headerEdges : tableEdges);
  let cells = splitRepeatedHeads(region.parts.flatMap((part) => buildCells(part.lines.map(splitGluedLabels), part.rules, edgesOf)));
  // Text on a character grid (a layout text dump) comes one cell per run: see layout/grid.ts.
  const onGrid = region.parts.flatMap((p) => p.lines).find((l) => l.grid)?.grid;
  if (onGrid) cells = joinGridLabels(cells, onGrid);

  const heading: PagedWord[] = region.heading.words.map((word) => ({ page: region.heading.page, word }));
  ledger.claim(heading, "heading");
  const titleWords = heading.filter(({ word }) => FORM_TITLE.includes(squash(word.text)) && squash(word.text));
  sources.form.title = (titleWords.length ? titleWords : heading).map(({ page, word }) => piece(page, word));

  // The header grid: everything above the table head.
  const head = findHead(cells);
  const headCells = new Set(head?.cells.values() ?? []);
  const headerCells = cells.filter((c) => beforeHead(c, head) && !headCells.has(c));
  // The heading's unit note (金额单位：万元) belongs with the heading.
  const notes = new Set(headerCells.filter((c) => isUnitNote(cellText(c))));
  ledger.claimCells(notes, "heading");
  const onGridHeader = onGrid ? gridHeaderCells(headerCells, onGrid) : null;
  const grid = parseHeaderGrid((onGridHeader?.cells ?? headerCells).filter((c) => !notes.has(c)));
  for (const [key, why] of onGridHeader?.doubtful ?? []) warn("value-doubtful", key, `${key}: ${why}`);
  const text = {} as Record<HeaderKey, string>;
  for (const field of grid.fields) {
    ledger.claimCells(field.labels, "label");
    ledger.claimCells(field.values, "value");
    text[field.key] = joinCells(field.values);
    if (field.values.length) for (const key of HEADER_FIELDS[field.key]) sources.form[key] = pieces(field.values);
  }
  const header = (key: HeaderKey) => text[key] ?? "";
  for (const key of ["projectCode", "projectName", "applicant", "budgetUnit"] as const) {
    if (!grid.fields.some((f) => f.key === key)) warn("label-missing", key, `the label for ${key} was not found`);
  }

  let table: Table | null = null;
  let inRegion: Cell[] = [...headerCells];
  if (!head || head.cells.size < 5) {
    warn("table-missing", "indicators", "the indicator table (一级指标 … 指标解释) was not found");
    inRegion = cells;
  } else {
    ledger.claimCells(headCells, "table-head");
    // Text in the head's band that is no head cell stays in the region, unplaced.
    const inHeadBand = new Set(cells.filter((c) => !headCells.has(c) && !beforeHead(c, head) && c.page === head.page && overlapY({ top: c.top, bottom: c.bottom }, head.band) > 0));
    const body = cells.filter((c) => !beforeHead(c, head) && !headCells.has(c) && !inHeadBand.has(c));
    const rules = new Map(region.parts.map((part) => [part.page, new RuleIndex(part.rules)]));
    table = parseTable(body, head, (page, x, y) => rules.get(page)?.boxAt(x, y) ?? null, onGrid);
    ledger.claimCells(table.repeatedHeads, "table-head");
    const after = new Set(table.after);
    inRegion.push(...headCells, ...inHeadBand, ...body.filter((c) => !after.has(c)));
    for (const cell of table.headLike) {
      warn("row-doubtful", null, `a cell on page ${cell.page} reads as the table head («${clip(cellText(cell))}») but stands in the table's body`, cell.page);
    }
    for (const { cell, col } of table.unmatched) {
      warn("cell-unmatched", null, `a ${col === 3 ? "指标值" : "指标解释"} cell matched no indicator row: ${clip(cellText(cell))}`, cell.page);
      ledger.claimCells([cell], "value"); // reported here, not again as unplaced
    }
  }

  const indicators: Indicator[] = [];
  if (table) {
    let level1: Cell | undefined;
    let level2: Cell | undefined;
    table.rows.forEach((row, i) => {
      level1 = table!.merged[i]![0] ?? level1;
      level2 = table!.merged[i]![1] ?? level2;
      const l1 = level1 ? cellText(level1) : "";
      const l2 = level2 ? cellText(level2) : "";
      const level3 = joinCells(row.cells[2]);
      const value = joinCells(row.cells[3]);
      const explanation = joinCells(row.cells[4]);
      const applicable = value !== NOT_APPLICABLE && level3 !== NOT_APPLICABLE;
      indicators.push({
        level1: l1,
        level2: l2.replace(/^[*＊]\s*/, ""),
        core: /^[*＊]/.test(l2),
        level3,
        value,
        target: applicable ? parseTarget(value) : null,
        explanation,
        applicable,
      });
      for (const col of [2, 3, 4] as const) ledger.claimCells(row.cells[col], "value");
      const own: Partial<Record<IndicatorPrintedField, Piece[]>> = {};
      const put = (key: IndicatorPrintedField, cells: (Cell | undefined)[]) => {
        const found = cells.filter((c): c is Cell => c !== undefined);
        if (found.length && squash(found.map(cellText).join(""))) own[key] = pieces(found);
      };
      put("level1", [level1]);
      put("level2", [level2]);
      put("level3", row.cells[2]);
      put("value", row.cells[3]);
      put("explanation", row.cells[4]);
      sources.indicators.push(own);
      // A row with a part missing was probably cut or joined wrong: a person must look.
      const page = row.page;
      const missing = [!l1 && "一级指标", !l2 && "二级指标", !value && "指标值"].filter(Boolean);
      if (missing.length) warn("row-doubtful", `indicators[${i}]`, `row ${i + 1} (${clip(level3)}) has no ${missing.join("、")}`, page);
      else if (table!.doubtful.has(i)) {
        warn("row-doubtful", `indicators[${i}]`, `row ${i + 1} (${clip(level3)}): ${table!.doubtful.get(i)}`, page);
      }
    });
    ledger.claimCells(table.merged.flat().filter((c): c is Cell => c !== undefined), "value");
    if (indicators.length === 0) warn("table-empty", "indicators", "the indicator table has no rows (cut off?)");
  }

  // The books: what in the region ended in no place.
  const unplaced: (Unplaced & { atBreak: boolean })[] = [];
  for (const cell of inRegion) {
    const open = wordsOf(cell).filter(({ word }) => !ledger.has(word));
    if (!open.length) continue;
    for (const page of new Set(open.map((w) => w.page))) {
      const words = open.filter((w) => w.page === page);
      const boxes = words.map(({ word }) => piece(page, word));
      unplaced.push({
        page,
        x0: Math.min(...boxes.map((b) => b.x0)),
        x1: Math.max(...boxes.map((b) => b.x1)),
        top: Math.min(...boxes.map((b) => b.top)),
        bottom: Math.max(...boxes.map((b) => b.bottom)),
        text: words.map(({ word }) => word.text).join(" "),
        atBreak: grid.atBreak.has(cell),
      });
    }
  }
  unplaced.sort((a, b) => a.page - b.page || a.top - b.top || a.x0 - b.x0);
  unplaced.slice(0, MAX_UNPLACED_WARNINGS).forEach((u) =>
    u.atBreak
      ? warn("continuation-unplaced", null, `text at the page break on page ${u.page} goes on from or into a value but fits no field: «${clip(u.text)}»`, u.page)
      : warn("unplaced-text", null, `text on page ${u.page} ended in no field: «${clip(u.text)}»`, u.page),
  );
  if (unplaced.length > MAX_UNPLACED_WARNINGS) {
    const rest = unplaced.slice(MAX_UNPLACED_WARNINGS);
    warn("unplaced-text", null, `${rest.length} more pieces of text (on ${[...new Set(rest.map((u) => u.page))].map((p) => `page ${p}`).join(", ")}) ended in no field`, rest[0]!.page);
  }

  // The pages the form spans: those its heading, header and table were printed on.
  const pages = new Set<number>([region.heading.page]);
  for (const cell of inRegion) for (const { page, word } of wordsOf(cell)) if (ledger.has(word)) pages.add(page);

  const projectType = parseProjectType(header("projectType"));
  const form: Form = {
    title: region.title,
    pages: [...pages].sort((a, b) => a - b),
    projectCode: header("projectCode").replace(/\s+/g, ""),
    projectName: header("projectName"),
    applicant: header("applicant"),
    budgetUnit: header("budgetUnit"),
    period: readValue("period", parsePeriod),
    projectTypeCode: projectType.code,
    projectType: projectType.name,
    isNew: readValue("isNew", parseYesNo),
    allocationMethod: header("allocationMethod") || null,
    totalAmount: readValue("totalAmount", parseAmount),
    annualAmount: readValue("annualAmount", parseAmount),
    overview: header("overview"),
    annualGoal: header("annualGoal"),
    longTermGoal: header("longTermGoal"),
    indicators,
  };
  return { form, warnings, sources, unplaced: unplaced.map(({ atBreak: _, ...u }) => u) };

  function readValue<T>(key: HeaderKey, parse: (text: string) => T | null): T | null {
    const printed = header(key);
    const value = printed ? parse(printed) : null;
    if (printed && value === null) warn("value-unreadable", key, `${key} could not be read from "${clip(printed)}"`);
    return value;
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}
