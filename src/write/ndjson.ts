import type { Document } from "../schema.js";

/** Newline-delimited JSON: one Document per line, each line ending in "\n". */
export function formatNdjson(docs: readonly Document[]): string {
  return docs.map((doc) => `${JSON.stringify(doc)}\n`).join("");
}
