import type { Document } from "../schema.js";
import { formatCsv, type CsvLabels, type CsvShape } from "./csv.js";
import { formatJson } from "./json.js";
import { formatNdjson } from "./ndjson.js";
import { dropNotApplicable, validateDocument } from "./prepare.js";
import { formatYaml } from "./yaml.js";

export { CSV_LABELS_ZH, csvColumns, csvHeader, escapeFormula, type CsvColumn, type CsvLabels, type CsvShape } from "./csv.js";
export { dropNotApplicable, validateDocument } from "./prepare.js";

export const OUTPUT_FORMATS = ["json", "yaml", "ndjson", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
  const list = (single ? [docs as Document] : (docs as readonly Document[])).map((doc) => {
    const valid = validateDocument(doc);
    return options.skipNa ? dropNotApplicable(valid) : valid;
  });
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

const EXTENSION_FORMATS: Readonly<Record<string, OutputFormat>> = {
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".csv": "csv",
};

/** The output format implied by a file name's extension (case-insensitive), or undefined. */
export function formatForPath(path: string): OutputFormat | undefined {
  const match = /\.[^./\\]+$/.exec(path);
  return match ? EXTENSION_FORMATS[match[0].toLowerCase()] : undefined;
}
