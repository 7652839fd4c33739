import type { About, Document, Warning } from "../schema.js";
import { fieldLabel } from "../write/csv.js";
import { oneLine } from "./failure.js";

// The warnings of a run, listed on standard error after it: one line each,
// `extraction` ones (a person must compare the output with the PDF) before
// `declaration` ones (the declaration as printed is inconsistent), each kind in
// input order.
//
// At most WARNING_LINES lines are listed, then a count of the rest: a batch of a
// year's declarations can carry thousands of warnings (a template without a core
// category warns on every form), and a list longer than a screen or two buries
// the failures and the summary printed after it; every warning is in the output
// anyway (the 警告 column of a CSV, the 警告 sheet, `warnings` in JSON). Only the
// first WARNING_LINES lines of each kind are kept, so memory does not grow with
// the batch.

export const WARNING_LINES = 50;

/** `path: form 3 (项目编码 …), page 5, 指标解释: message` — what is known of where, then the message. */
export function warningLine(path: string, doc: Pick<Document, "forms">, warning: Warning): string {
  const where: string[] = [];
  if (warning.form !== null) {
    const code = doc.forms[warning.form - 1]?.projectCode;
    where.push(`form ${warning.form}${code ? ` (项目编码 ${code})` : ""}`);
  }
  if (warning.page !== null) where.push(`page ${warning.page}`);
  if (warning.field !== null) where.push(fieldLabel(warning.field));
  return `${path}: ${where.length > 0 ? `${where.join(", ")}: ` : ""}${oneLine(warning.message)}`;
}

export class WarningList {
  private readonly kept: Record<About, string[]> = { extraction: [], declaration: [] };
  private readonly counts: Record<About, number> = { extraction: 0, declaration: 0 };

  /** Take the warnings of one converted input (call in input order). */
  add(path: string, doc: Pick<Document, "forms" | "warnings">): void {
    for (const warning of doc.warnings) {
      this.counts[warning.about]++;
      const kept = this.kept[warning.about];
      if (kept.length < WARNING_LINES) kept.push(warningLine(path, doc, warning));
    }
  }

  get total(): number {
    return this.counts.extraction + this.counts.declaration;
  }

  /** The groups to print: each kind's heading and lines, at most WARNING_LINES lines in all; and how many are left out. */
  listing(): { groups: { about: About; heading: string; lines: string[] }[]; omitted: number } {
    const extraction = this.kept.extraction.slice(0, WARNING_LINES);
    const declaration = this.kept.declaration.slice(0, WARNING_LINES - extraction.length);
    const groups = [
      { about: "extraction" as const, heading: "to compare with the PDF (extraction warnings; the output may differ from what is printed):", lines: extraction },
      { about: "declaration" as const, heading: "inconsistent as printed (declaration warnings):", lines: declaration },
    ].filter((group) => group.lines.length > 0);
    return { groups, omitted: this.total - extraction.length - declaration.length };
  }
}
