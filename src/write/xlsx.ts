import ExcelJS from "exceljs";
import type { About, Document, Warning } from "../schema.js";
import { CSV_LABELS_ZH, csvColumns, fieldLabel, tableRows, type Cell, type CsvColumn, type CsvLabels, type CsvShape, type TableRow } from "./csv.js";
import { indicatorField } from "../warning.js";

/**
 * XLSX output (exceljs): one workbook, three sheets.
 *
 * - 项目: one row per form, the columns of the CSV "projects" shape
 *   (source, title, pages, projectCode, … indicatorCount, warnings).
 * - 指标: one row per indicator, the columns of the CSV "indicators" shape, so
 *   source and 项目编码 link each row to its form.
 * - 警告: one row per warning: source, 项目编码, form, page, field, about, code,
 *   message.
 *
 * Header row in Chinese labels (default) or the JSON key names (`labels: "en"`),
 * bold and frozen, with an auto-filter; column widths fitted to the longest line
 * of each column (CJK characters count double), capped so that long prose
 * columns stay usable.
 *
 * Cells keep their types: amounts, period, target numbers and indicatorCount
 * are numbers; text is always a text cell, so a value that begins with "=" is
 * stored as the text printed and never as a formula (no "'" prefix is needed,
 * unlike CSV); booleans are 是/否 with Chinese labels and TRUE/FALSE cells with
 * English ones; `pages` is joined with ";"; null is an empty cell.
 *
 * A cell of 项目 or 指标 whose field a warning names is filled in a warning
 * colour (light red for `extraction`, light yellow for `declaration`; red when
 * both) and carries the warnings' messages as a cell note; the `about` cells of
 * 警告 are filled in the same colours, as the legend.
 *
 * The workbook's creation and modification dates are fixed (to `date`, or the
 * Unix epoch), so the same Documents always give the same sheets.
 */

export const XLSX_SHEETS = { projects: "项目", indicators: "指标", warnings: "警告" } as const;

/** The columns of the 警告 sheet, with their Chinese labels. */
export const WARNING_SHEET_LABELS_ZH = {
  source: CSV_LABELS_ZH.source,
  projectCode: CSV_LABELS_ZH.projectCode,
  form: "表序号",
  page: "页码",
  field: "字段",
  about: "类别",
  code: "代码",
  message: "说明",
} as const;
type WarningSheetColumn = keyof typeof WARNING_SHEET_LABELS_ZH;

/** Fill colours (ARGB) of a cell a warning names: Excel's own "Bad" and "Neutral" cell-style fills. */
export const WARNING_FILLS: Readonly<Record<About, string>> = { extraction: "FFFFC7CE", declaration: "FFFFEB9C" };

export interface XlsxOptions {
  labels?: CsvLabels;
  /** Stored as the workbook's created/modified date; default 1970-01-01. */
  date?: Date;
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Wide (East Asian full-width) code points: CJK, Hangul, full-width forms and the supplementary ideographs. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

/** Display width of a text in spreadsheet character units (its longest line; wide characters count 2). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const line of text.split("\n")) {
    let w = 0;
    for (const ch of line) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
    width = Math.max(width, w);
  }
  return width;
}

function xlsxValue(cell: Cell, labels: CsvLabels): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === "boolean") return labels === "zh" ? (cell ? "是" : "否") : cell;
  if (typeof cell === "number" || typeof cell === "string") return cell;
  return cell.join(";");
}

function addSheet(workbook: ExcelJS.Workbook, name: string, header: readonly string[], rows: readonly ExcelJS.CellValue[][]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  const widths = header.map((label) => displayWidth(label));
  sheet.addRow([...header]).font = { bold: true };
  for (const values of rows) {
    values.forEach((value, i) => {
      widths[i] = Math.max(widths[i]!, displayWidth(value === null ? "" : String(value)));
    });
    sheet.addRow(values);
  }
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  return sheet;
}

function fill(cell: ExcelJS.Cell, about: About): void {
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: WARNING_FILLS[about] } };
}

const TARGET_COLUMNS: Readonly<Record<string, readonly CsvColumn[]>> = {
  target: ["targetOperator", "targetNumber", "targetUnit"],
  "target.operator": ["targetOperator"],
  "target.number": ["targetNumber"],
  "target.unit": ["targetUnit"],
};
const INDICATOR_CELLS: readonly CsvColumn[] = csvColumns("indicators").filter((column) => !csvColumns("projects").includes(column));

/**
 * The columns of a table row that a warning's field names: a form field's own
 * column; for `indicators[N].key`, the key's column(s) on indicator N's row (the
 * whole row's indicator cells without a key); for `indicators` (the table as a
 * whole), 指标数量 in 项目 and the empty indicator cells of a form without
 * indicators in 指标.
 */
function columnsNamed(field: string, row: TableRow, shape: CsvShape, columns: readonly CsvColumn[]): CsvColumn[] {
  const named = indicatorField(field);
  if (named) {
    if (shape !== "indicators" || row.indicator !== named.index) return [];
    if (named.key === undefined) return [...INDICATOR_CELLS];
    return [...(TARGET_COLUMNS[named.key] ?? [named.key as CsvColumn])].filter((column) => columns.includes(column));
  }
  if (field === "indicators") return shape === "projects" ? ["indicatorCount"] : row.indicator === undefined ? [...INDICATOR_CELLS] : [];
  return columns.includes(field as CsvColumn) ? [field as CsvColumn] : [];
}

/** Fill the cells of a 项目 or 指标 sheet that warnings name, and give each the warnings' messages as a note. */
function markWarnings(sheet: ExcelJS.Worksheet, shape: CsvShape, rows: readonly TableRow[]): void {
  const columns = csvColumns(shape);
  rows.forEach((row, r) => {
    const named = new Map<CsvColumn, Warning[]>();
    for (const warning of row.warnings) {
      if (warning.field === null) continue;
      for (const column of columnsNamed(warning.field, row, shape, columns)) named.set(column, [...(named.get(column) ?? []), warning]);
    }
    for (const [column, warnings] of named) {
      const cell = sheet.getRow(r + 2).getCell(columns.indexOf(column) + 1);
      fill(cell, warnings.some((warning) => warning.about === "extraction") ? "extraction" : "declaration");
      cell.note = warnings.map((warning) => `${warning.message} (${warning.code})`).join("\n");
    }
  });
}

/** The 警告 sheet: one row per warning, in document order. */
function addWarningSheet(workbook: ExcelJS.Workbook, docs: readonly Document[], labels: CsvLabels): void {
  const columns = Object.keys(WARNING_SHEET_LABELS_ZH) as WarningSheetColumn[];
  const rows: ExcelJS.CellValue[][] = [];
  const abouts: About[] = [];
  for (const doc of docs) {
    for (const warning of doc.warnings) {
      const values: Record<WarningSheetColumn, ExcelJS.CellValue> = {
        source: doc.source,
        projectCode: warning.form === null ? null : (doc.forms[warning.form - 1]?.projectCode ?? null),
        form: warning.form,
        page: warning.page,
        field: warning.field === null ? null : labels === "zh" ? fieldLabel(warning.field) : warning.field,
        about: warning.about,
        code: warning.code,
        message: warning.message,
      };
      rows.push(columns.map((column) => values[column]));
      abouts.push(warning.about);
    }
  }
  const sheet = addSheet(workbook, XLSX_SHEETS.warnings, labels === "zh" ? columns.map((column) => WARNING_SHEET_LABELS_ZH[column]) : columns, rows);
  const aboutColumn = columns.indexOf("about") + 1;
  abouts.forEach((about, r) => fill(sheet.getRow(r + 2).getCell(aboutColumn), about));
}

/** The XLSX workbook (as file bytes) of the given Documents, rows in input order. */
export async function formatXlsx(docs: readonly Document[], options: XlsxOptions = {}): Promise<Uint8Array> {
  const labels = options.labels ?? "zh";
  const workbook = new ExcelJS.Workbook();
  const date = options.date ?? new Date(0);
  workbook.creator = "perf-extract";
  workbook.created = date;
  workbook.modified = date;
  for (const shape of ["projects", "indicators"] as const) {
    const columns = csvColumns(shape);
    const rows = tableRows(docs, shape);
    const header = columns.map((column) => (labels === "zh" ? CSV_LABELS_ZH[column] : column));
    const sheet = addSheet(workbook, XLSX_SHEETS[shape], header, rows.map((row) => row.cells.map((cell) => xlsxValue(cell, labels))));
    markWarnings(sheet, shape, rows);
  }
  addWarningSheet(workbook, docs, labels);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
