import { createRequire } from "node:module";
import type { Document } from "../schema.js";

// The yaml package (73 modules) is loaded by the first YAML output, not by every
// run that loads the writers: it is a quarter of the start-up of a one-file
// JSON conversion. Its Node build is CommonJS, so it loads synchronously.
let yaml: typeof import("yaml") | undefined;

/**
 * YAML of the same tree as the JSON output: one Document as a mapping, several
 * as a sequence. Long lines are not folded and no anchors/aliases are emitted,
 * so the file reads like the JSON and parses back to the same value.
 */
export function formatYaml(docs: Document | readonly Document[]): string {
  yaml ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yaml.stringify(docs, { lineWidth: 0, aliasDuplicateObjects: false });
}
