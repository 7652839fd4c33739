import { stringify as stringifyCsv } from "csv-stringify/sync";
import { stringify as stringifyYaml } from "yaml";
import type { Document } from "../schema.js";
import { CSV_RECORD_OPTIONS, csvHeader, csvRows } from "./csv.js";
import type { FormatOptions, OutputFormat } from "./index.js";
import { dropNotApplicable, validateDocument } from "./prepare.js";

/**
 * A text format cut into pieces, so that a batch can write an array of
 * Documents one Document at a time, as each is done, without holding them all:
 * `head` + `item(doc0, 0)` + `item(doc1, 1)` + … + `tail(n)` is byte for byte
 * what formatDocuments(docs, format, options) gives for the array. `head` and
 * the first item are to be written together (nothing at all is written for an
 * empty batch, where tail(0) alone is the text of the empty array).
 */
export interface PiecewiseFormat {
  head: string;
  item(doc: Document, index: number): string;
  tail(count: number): string;
}

const BOM = "\uFEFF";

export function piecewiseFormat(format: OutputFormat, options: FormatOptions = {}): PiecewiseFormat {
  const prepare = (doc: Document): Document => {
    const valid = validateDocument(doc);
    return options.skipNa ? dropNotApplicable(valid) : valid;
  };
  switch (format) {
    case "ndjson":
      return { head: "", item: (doc) => `${JSON.stringify(prepare(doc))}\n`, tail: () => "" };
    case "json":
      // JSON.stringify(array, null, 2): "[\n" + each element's own text indented by two spaces, ",\n" between, "\n]".
      return {
        head: "[\n",
        item: (doc, i) => `${i > 0 ? ",\n" : ""}  ${JSON.stringify(prepare(doc), null, 2).replace(/\n/g, "\n  ")}`,
        tail: (count) => (count === 0 ? "[]\n" : "\n]\n"),
      };
    case "yaml":
      // A sequence is its items' texts one after the other.
      return {
        head: "",
        item: (doc) => stringifyYaml([prepare(doc)], { lineWidth: 0, aliasDuplicateObjects: false }),
        tail: (count) => (count === 0 ? "[]\n" : ""),
      };
    case "csv": {
      const shape = options.csv ?? "indicators";
      const labels = options.labels ?? "zh";
      const rows = (records: string[][]): string =>
        records.length === 0 ? "" : stringifyCsv(records, CSV_RECORD_OPTIONS);
      const head = `${BOM}${rows([csvHeader(shape, labels)])}`;
      return { head, item: (doc) => rows(csvRows([prepare(doc)], shape, labels)), tail: (count) => (count === 0 ? head : "") };
    }
    default: {
      const unknown: never = format;
      throw new TypeError(`unknown output format ${String(unknown)}`);
    }
  }
}
