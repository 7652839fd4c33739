import { stringify } from "yaml";
import type { Document } from "../schema.js";

/**
 * YAML of the same tree as the JSON output: one Document as a mapping, several
 * as a sequence. Long lines are not folded and no anchors/aliases are emitted,
 * so the file reads like the JSON and parses back to the same value.
 */
export function formatYaml(docs: Document | readonly Document[]): string {
  return stringify(docs, { lineWidth: 0, aliasDuplicateObjects: false });
}
