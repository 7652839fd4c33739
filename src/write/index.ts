import type { Document } from "../schema.js";
import { formatCsv, type CsvLabels, type CsvShape } from "./csv.js";
import { formatJson } from "./json.js";
import { formatNdjson } from "./ndjson.js";
import { dropNotApplicable, validateDocument } from "./prepare.js";
import { formatYaml } from "./yaml.js";

export { CSV_LABELS_ZH, csvColumns, csvHeader, escapeFormula, fieldLabel, spreadsheetText, type CsvColumn, type CsvLabels, type CsvShape } from "./csv.js";
export { dropNotApplicable, validateDocument } from "./prepare.js";
export { piecewiseFormat, type PiecewiseFormat } from "./stream.js";

/** The text formats, rendered by formatDocuments(). */
export const OUTPUT_FORMATS = ["json", "yaml", "ndjson", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** Every format a file can be written in: the text formats and XLSX (binary, rendered by renderDocuments()). */
export const FILE_FORMATS = [...OUTPUT_FORMATS, "xlsx"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export interface FormatOptions {
  /** CSV row shape (CSV only); default "indicators". */
  csv?: CsvShape;
  /** CSV header labels (CSV only); default "zh". */
  labels?: CsvLabels;
  /** Drop indicator rows with applicable: false, in every format. */
  skipNa?: boolean;
}

/**
 * Render Documents in one output format and return the whole text.
 *
 * `docs` is either one Document or an array of them, and that choice decides
 * the JSON/YAML tree: a single Document is written as the Document object, an
 * array (of any length, as for a batch run) as an array of Documents. NDJSON
 * writes one Document per line and CSV concatenates the rows under one header
 * either way.
 *
 * Every Document is parsed with DocumentSchema first (a ZodError is thrown
 * before anything is rendered if one does not satisfy the contract).
 */
export function formatDocuments(
  docs: Document | readonly Document[],
  format: OutputFormat,
  options: FormatOptions = {},
): string {
  const single = !Array.isArray(docs);
  const list = prepared(docs, options);
  switch (format) {
    case "json":
      return formatJson(single ? list[0]! : list);
    case "yaml":
      return formatYaml(single ? list[0]! : list);
    case "ndjson":
      return formatNdjson(list);
    case "csv":
      return formatCsv(list, { shape: options.csv, labels: options.labels });
    default: {
      const unknown: never = format;
      throw new TypeError(`unknown output format ${String(unknown)}`);
    }
  }
}

function prepared(docs: Document | readonly Document[], options: FormatOptions): Document[] {
  return (Array.isArray(docs) ? (docs as readonly Document[]) : [docs as Document]).map((doc) => {
    const valid = validateDocument(doc);
    return options.skipNa ? dropNotApplicable(valid) : valid;
  });
}

/**
 * Render Documents in any file format: the text of formatDocuments() for the
 * text formats, the workbook's bytes for XLSX (two sheets, see write/xlsx.ts;
 * exceljs is loaded only then). `options.date` is the XLSX workbook's date.
 */
export async function renderDocuments(
  docs: Document | readonly Document[],
  format: FileFormat,
  options: FormatOptions & { date?: Date } = {},
): Promise<string | Uint8Array> {
  if (format !== "xlsx") return formatDocuments(docs, format, options);
  const { formatXlsx } = await import("./xlsx.js");
  return formatXlsx(prepared(docs, options), { labels: options.labels, ...(options.date ? { date: options.date } : {}) });
}

const EXTENSION_FORMATS: Readonly<Record<string, FileFormat>> = {
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".csv": "csv",
  ".xlsx": "xlsx",
};

/** The output format implied by a file name's extension (case-insensitive), or undefined. */
export function formatForPath(path: string): FileFormat | undefined {
  const match = /\.[^./\\]+$/.exec(path);
  return match ? EXTENSION_FORMATS[match[0].toLowerCase()] : undefined;
}
