import { stringify } from "csv-stringify/sync";
import { FormSchema, IndicatorSchema, type Document, type Form, type Indicator } from "../schema.js";

/**
 * CSV output (SCHEMA.md § CSV): UTF-8 with a byte-order mark, RFC 4180 quoting
 * and CRLF record ends (csv-stringify), one header row.
 *
 * - "indicators" (default): one row per indicator; the form's identifying and
 *   header fields are repeated on each row so the file pivots directly. A form
 *   with no indicator rows still gets one row (indicator cells empty), so no
 *   form disappears from the file.
 * - "projects": one row per form, every Form field except `indicators`, plus
 *   `indicatorCount`.
 *
 * Cells: null → empty; booleans → 是/否 with Chinese labels, true/false with
 * English ones; `pages` joined with ";".
 *
 * Formula escaping: a *text* cell that begins with = + - @, their full-width
 * forms ＝＋－＠, a tab or a carriage return gets a leading "'" so that a
 * spreadsheet never runs it. Numeric cells (amounts, period, targetNumber) are
 * written as plain numbers and never escaped: a cell "-5" is read by every
 * spreadsheet as the number minus five, not as a formula, and escaping it would
 * turn it into text that no longer sums. Text that merely looks numeric (a
 * printed 指标值 "-5%") is still escaped, as the contract says. Note that the
 * target operator "=" is a text cell too, so it is written as "'=".
 */

export type CsvShape = "indicators" | "projects";
export type CsvLabels = "zh" | "en";

export interface CsvOptions {
  /** Row shape; default "indicators". */
  shape?: CsvShape;
  /** Header labels: Chinese printed labels (default) or the JSON key names. */
  labels?: CsvLabels;
}

type FormField = Exclude<keyof Form, "indicators" | "provenance">;
type IndicatorColumn = Exclude<keyof Indicator, "target" | "provenance"> | "targetOperator" | "targetNumber" | "targetUnit";
export type CsvColumn = "source" | FormField | "indicatorCount" | IndicatorColumn;

/** Chinese header label of every column; the English label is the key itself. */
export const CSV_LABELS_ZH: Readonly<Record<CsvColumn, string>> = {
  source: "来源文件",
  title: "表名",
  pages: "页码",
  projectCode: "项目编码",
  projectName: "项目名称",
  applicant: "申请单位",
  budgetUnit: "一级预算单位",
  period: "实施期限",
  projectTypeCode: "项目类型编码",
  projectType: "项目类型",
  isNew: "是否新增项目",
  allocationMethod: "分配方式",
  totalAmount: "项目总金额（中期规划，万元）",
  annualAmount: "本年度项目金额（万元）",
  overview: "项目概况",
  annualGoal: "年度目标",
  longTermGoal: "长期目标",
  indicatorCount: "指标数量",
  level1: "一级指标",
  level2: "二级指标",
  core: "核心指标",
  level3: "三级指标",
  value: "指标值",
  targetOperator: "运算符",
  targetNumber: "目标数值",
  targetUnit: "计量单位",
  explanation: "指标解释",
  applicable: "是否适用",
};

// The columns follow the zod schema's field order, so a field added to the
// schema appears in the CSV without a second list to keep in step.

/** Every Form field except indicators, in schema order (the "projects" shape). */
const PROJECT_FORM_FIELDS: readonly FormField[] = FormSchema.keyof().options.filter(
  (key): key is FormField => key !== "indicators" && key !== "provenance",
);

/**
 * The form fields repeated on each indicator row: where the form is, what it
 * is and its header cells. The long free-text cells (概况, 目标) and the
 * constant title are left to the "projects" shape.
 */
const LEFT_TO_PROJECTS: ReadonlySet<FormField> = new Set(["title", "overview", "annualGoal", "longTermGoal"]);
const INDICATOR_FORM_FIELDS: readonly FormField[] = PROJECT_FORM_FIELDS.filter((key) => !LEFT_TO_PROJECTS.has(key));

/** The indicator's fields in schema order, its nested target spread into three columns. */
const INDICATOR_FIELDS: readonly IndicatorColumn[] = IndicatorSchema.keyof().options.flatMap((key): IndicatorColumn[] =>
  key === "provenance" ? [] : key === "target" ? ["targetOperator", "targetNumber", "targetUnit"] : [key],
);

/** The columns of a shape, in order; both shapes start with `source`. */
export function csvColumns(shape: CsvShape): readonly CsvColumn[] {
  return shape === "projects"
    ? ["source", ...PROJECT_FORM_FIELDS, "indicatorCount"]
    : ["source", ...INDICATOR_FORM_FIELDS, ...INDICATOR_FIELDS];
}

/** The header row of a shape in the chosen labels. */
export function csvHeader(shape: CsvShape, labels: CsvLabels): string[] {
  return csvColumns(shape).map((column) => (labels === "zh" ? CSV_LABELS_ZH[column] : column));
}

/** A cell's value before it is rendered as CSV text (or as an XLSX cell). */
export type Cell = string | number | boolean | null | readonly number[];

const FORMULA_START = /^[=+\-@＝＋－＠\t\r]/u;

/** Prefix "'" to text a spreadsheet would otherwise take for a formula. */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(cell: Cell, labels: CsvLabels): string {
  if (cell === null) return "";
  if (typeof cell === "boolean") return labels === "zh" ? (cell ? "是" : "否") : String(cell);
  if (typeof cell === "number") return String(cell); // numbers are never escaped, see above
  if (typeof cell === "string") return escapeFormula(cell);
  return cell.join(";");
}

function formCell(doc: Document, form: Form, column: CsvColumn): Cell {
  if (column === "source") return doc.source;
  if (column === "indicatorCount") return form.indicators.length;
  return form[column as FormField];
}

function indicatorCell(indicator: Indicator | undefined, column: IndicatorColumn): Cell {
  if (indicator === undefined) return null;
  switch (column) {
    case "targetOperator":
      return indicator.target?.operator ?? null;
    case "targetNumber":
      return indicator.target?.number ?? null;
    case "targetUnit":
      return indicator.target?.unit ?? null;
    default:
      return indicator[column];
  }
}

const INDICATOR_COLUMN_SET: ReadonlySet<string> = new Set(INDICATOR_FIELDS);

function isIndicatorColumn(column: CsvColumn): column is IndicatorColumn {
  return INDICATOR_COLUMN_SET.has(column);
}

/**
 * The data rows of a shape as typed cell values (numbers, booleans, null, text,
 * the pages list), in `csvColumns(shape)` order: shared by the CSV and XLSX writers.
 */
export function tableRows(docs: readonly Document[], shape: CsvShape): Cell[][] {
  const columns = csvColumns(shape);
  const rows: Cell[][] = [];
  for (const doc of docs) {
    for (const form of doc.forms) {
      const indicators: readonly (Indicator | undefined)[] =
        shape === "projects" || form.indicators.length === 0 ? [undefined] : form.indicators;
      for (const indicator of indicators) {
        rows.push(columns.map((column) => (isIndicatorColumn(column) ? indicatorCell(indicator, column) : formCell(doc, form, column))));
      }
    }
  }
  return rows;
}

/** The data rows (as cell text, before CSV quoting) of the given Documents. */
export function csvRows(docs: readonly Document[], shape: CsvShape, labels: CsvLabels): string[][] {
  return tableRows(docs, shape).map((row) => row.map((cell) => cellText(cell, labels)));
}

/** The CSV text (BOM, header row, CRLF) of the given Documents, rows concatenated in input order. */
export function formatCsv(docs: readonly Document[], options: CsvOptions = {}): string {
  const shape = options.shape ?? "indicators";
  const labels = options.labels ?? "zh";
  return stringify([csvHeader(shape, labels), ...csvRows(docs, shape, labels)], {
    bom: true,
    record_delimiter: "windows",
    // csv-stringify only quotes the record delimiter itself; RFC 4180 wants any CR or LF quoted.
    quoted_match: /[\r\n]/,
  });
}
