import type { Document } from "../schema.js";

/** Pretty-printed JSON (2 spaces) with a trailing newline: one Document as an object, several as an array. */
export function formatJson(docs: Document | readonly Document[]): string {
  return `${JSON.stringify(docs, null, 2)}\n`;
}
