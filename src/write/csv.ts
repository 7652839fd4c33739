import { stringify, type Options as StringifyOptions } from "csv-stringify/sync";
import { FormSchema, IndicatorSchema, type Document, type Form, type Indicator, type Warning } from "../schema.js";
import { indicatorField } from "../warning.js";
import { MESSAGE_SEPARATOR, rowWarnings, warningsByForm } from "./warnings.js";

/**
 * CSV output (docs/output.md, CSV): UTF-8 with a byte-order mark, RFC 4180 quoting
 * and CRLF record ends (csv-stringify), one header row.
 *
 * - "indicators" (default): one row per indicator; the form's identifying and
 *   header fields are repeated on each row so the file pivots directly. A form
 *   with no indicator rows still gets one row (indicator cells empty), so no
 *   form disappears from the file.
 * - "projects": one row per form, every Form field except `indicators`, plus
 *   `indicatorCount`.
 *
 * Both end with `warnings` (警告): the messages of the warnings that name the
 * row's form (write/warnings.ts) and, in the indicators shape, that row or no
 * row in particular, joined with "；".
 *
 * Cells: null → empty; booleans → 是/否 with Chinese labels, true/false with
 * English ones; `pages` joined with ";".
 *
 * Text a spreadsheet would convert when the file is opened by double-click
 * (Excel, WPS and LibreOffice detect types on open: a 21-digit 项目编码 becomes
 * 4.40304E+20, "100%" the number 1, "1-2" and "3/4" dates, "1e5" 100000, "007"
 * 7) is written as the string formula ="…", which every one of them shows as
 * the text it holds (the idiom spreadsheet users know for codes in CSV files).
 * Only such text is wrapped: it holds nothing but digits, the signs, symbols and
 * date words of numbers and dates, and never a quote, so the formula is a
 * string literal and cannot compute anything.
 *
 * Formula escaping: a *text* cell that begins with = + - @, their full-width
 * forms ＝＋－＠, a tab or a carriage return gets a leading "'" so that a
 * spreadsheet never runs it. Numeric cells (amounts, period, targetNumber) are
 * written as plain numbers and never escaped: a cell "-5" is read by every
 * spreadsheet as the number minus five, not as a formula, and escaping it would
 * turn it into text that no longer sums. Text that merely looks numeric (a
 * printed 指标值 "-5%") is wrapped as ="-5%" instead: inside a string literal it
 * cannot run, and it is shown exactly as printed. Note that the target operator
 * "=" is a text cell too, so it is written as "'=".
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
export type CsvColumn = "source" | FormField | "indicatorCount" | IndicatorColumn | "warnings";

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
  warnings: "警告",
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

/** The columns of a shape, in order; both shapes start with `source` and end with `warnings`. */
export function csvColumns(shape: CsvShape): readonly CsvColumn[] {
  return shape === "projects"
    ? ["source", ...PROJECT_FORM_FIELDS, "indicatorCount", "warnings"]
    : ["source", ...INDICATOR_FORM_FIELDS, ...INDICATOR_FIELDS, "warnings"];
}

/** The Chinese labels of the nested target fields and of the indicator table, for fieldLabel(). */
const FIELD_LABELS_ZH: Readonly<Record<string, string>> = {
  indicators: "指标表",
  target: "运算符、目标数值、计量单位",
  "target.operator": CSV_LABELS_ZH.targetOperator,
  "target.number": CSV_LABELS_ZH.targetNumber,
  "target.unit": CSV_LABELS_ZH.targetUnit,
};

/**
 * The Chinese label of a warning's field, for people: `annualAmount` →
 * 本年度项目金额（万元）, `indicators[4].explanation` → 第5项指标 指标解释,
 * `indicators` → 指标表; a key without a label is given as it is.
 */
export function fieldLabel(field: string): string {
  const zh = (key: string): string => FIELD_LABELS_ZH[key] ?? (CSV_LABELS_ZH as Readonly<Record<string, string>>)[key] ?? key;
  const row = indicatorField(field);
  if (row) return row.key === undefined ? `第${row.index + 1}项指标` : `第${row.index + 1}项指标 ${zh(row.key)}`;
  return zh(field);
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

// What type detection on opening a CSV may turn into something else: digits with
// only spaces and the characters of numbers, percentages, fractions, currency amounts,
// dates and times around them (ASCII and full-width; 年月日时分秒, 上午/下午,
// AM/PM and English month names), TRUE/FALSE, and error literals (#N/A, …).
const DATE_WORDS = /上午|下午|\b(?:a\.?m\.?|p\.?m\.?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/giu;
const NUMBER_OR_DATE = /^[0-9０-９ \u00a0\u3000.．,，:：/／\-－−+＋%％‰()（）$＄¥￥€£eE年月日时時分秒]*$/u;
const DIGIT = /[0-9０-９]/u;
const LITERAL = /^ *(?:true|false|#null!|#div\/0!|#value!|#ref!|#name\?|#num!|#n\/a) *$/iu;
/** Excel's limit on a text constant inside a formula. */
const MAX_LITERAL = 255;

/** Whether a spreadsheet opening the CSV might show this text as something else (a number, a date, a boolean). */
export function spreadsheetWouldConvert(text: string): boolean {
  if (LITERAL.test(text)) return true;
  const rest = text.replace(DATE_WORDS, "");
  return DIGIT.test(rest) && NUMBER_OR_DATE.test(rest);
}

/**
 * A text cell as it must stand in a CSV so that a spreadsheet shows exactly the
 * text: ="…" where type detection would convert it, "'" before what would run
 * as a formula, otherwise the text itself.
 */
export function spreadsheetText(text: string): string {
  if (text.length <= MAX_LITERAL && spreadsheetWouldConvert(text)) return `="${text}"`;
  return escapeFormula(text);
}

function cellText(cell: Cell, labels: CsvLabels): string {
  if (cell === null) return "";
  if (typeof cell === "boolean") return labels === "zh" ? (cell ? "是" : "否") : String(cell);
  if (typeof cell === "number") return String(cell); // numbers are never escaped, see above
  if (typeof cell === "string") return spreadsheetText(cell);
  return cell.join(";");
}

function formCell(doc: Document, form: Form, column: CsvColumn): Cell {
  if (column === "source") return doc.source;
  if (column === "indicatorCount") return form.indicators.length;
  return form[column as FormField];
}

function warningsCell(warnings: readonly Warning[]): Cell {
  return warnings.length === 0 ? null : warnings.map((warning) => warning.message).join(MESSAGE_SEPARATOR);
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

/** One data row of a table. */
export interface TableRow {
  /** The row's indicator (0-based, in its form); undefined for a row of the projects shape, and for the only row of a form without indicators. */
  indicator: number | undefined;
  /** The warnings of the row: those that name its form and, in the indicators shape, its indicator or none in particular. */
  warnings: Warning[];
  /** Typed cell values (numbers, booleans, null, text, the pages list) in `csvColumns(shape)` order. */
  cells: Cell[];
}

/** The data rows of a shape: shared by the CSV and XLSX writers. */
export function tableRows(docs: readonly Document[], shape: CsvShape): TableRow[] {
  const columns = csvColumns(shape);
  const rows: TableRow[] = [];
  for (const doc of docs) {
    const byForm = warningsByForm(doc);
    doc.forms.forEach((form, f) => {
      const indicators: readonly (number | undefined)[] =
        shape === "projects" || form.indicators.length === 0 ? [undefined] : form.indicators.map((_, i) => i);
      for (const i of indicators) {
        const indicator = i === undefined ? undefined : form.indicators[i];
        const warnings = rowWarnings(byForm[f]!, i);
        const cells = columns.map((column): Cell => {
          if (column === "warnings") return warningsCell(warnings);
          return isIndicatorColumn(column) ? indicatorCell(indicator, column) : formCell(doc, form, column);
        });
        rows.push({ indicator: i, warnings, cells });
      }
    });
  }
  return rows;
}

/** The data rows (as cell text, before CSV quoting) of the given Documents. */
export function csvRows(docs: readonly Document[], shape: CsvShape, labels: CsvLabels): string[][] {
  return tableRows(docs, shape).map((row) => row.cells.map((cell) => cellText(cell, labels)));
}

/**
 * csv-stringify's options for records (after the BOM): CRLF record ends; a field
 * is quoted when it holds a line break (csv-stringify itself quotes only the
 * record delimiter; RFC 4180 wants any CR or LF quoted), or a semicolon or a
 * tab, which LibreOffice's import dialog also takes as separators by default.
 */
export const CSV_RECORD_OPTIONS: StringifyOptions = { record_delimiter: "windows", quoted_match: /[\r\n;\t]/ };

/** The CSV text (BOM, header row, CRLF) of the given Documents, rows concatenated in input order. */
export function formatCsv(docs: readonly Document[], options: CsvOptions = {}): string {
  const shape = options.shape ?? "indicators";
  const labels = options.labels ?? "zh";
  return stringify([csvHeader(shape, labels), ...csvRows(docs, shape, labels)], { ...CSV_RECORD_OPTIONS, bom: true });
}
