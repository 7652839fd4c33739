import ExcelJS from "exceljs";
import type { Document } from "../schema.js";
import { CSV_LABELS_ZH, csvColumns, tableRows, type Cell, type CsvColumn, type CsvLabels } from "./csv.js";

/**
 * XLSX output (exceljs): one workbook, two sheets.
 *
 * - 项目: one row per form, the columns of the CSV "projects" shape
 *   (source, title, pages, projectCode, … indicatorCount).
 * - 指标: one row per indicator, the columns of the CSV "indicators" shape, so
 *   source and 项目编码 link each row to its form.
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
 * The workbook's creation and modification dates are fixed (to `date`, or the
 * Unix epoch), so the same Documents always give the same sheets.
 */

export const XLSX_SHEETS = { projects: "项目", indicators: "指标" } as const;

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

function addSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly CsvColumn[], rows: Cell[][], labels: CsvLabels): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  const header = columns.map((column) => (labels === "zh" ? CSV_LABELS_ZH[column] : column));
  const widths = header.map((label) => displayWidth(label));
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) {
    const values = row.map((cell) => xlsxValue(cell, labels));
    values.forEach((value, i) => {
      widths[i] = Math.max(widths[i]!, displayWidth(value === null ? "" : String(value)));
    });
    sheet.addRow(values);
  }
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** The XLSX workbook (as file bytes) of the given Documents, rows in input order. */
export async function formatXlsx(docs: readonly Document[], options: XlsxOptions = {}): Promise<Uint8Array> {
  const labels = options.labels ?? "zh";
  const workbook = new ExcelJS.Workbook();
  const date = options.date ?? new Date(0);
  workbook.creator = "perf-extract";
  workbook.created = date;
  workbook.modified = date;
  addSheet(workbook, XLSX_SHEETS.projects, csvColumns("projects"), tableRows(docs, "projects"), labels);
  addSheet(workbook, XLSX_SHEETS.indicators, csvColumns("indicators"), tableRows(docs, "indicators"), labels);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
