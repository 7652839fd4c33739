import type { Document, Warning } from "../schema.js";
import { indicatorField } from "../warning.js";

// Where a warning points in the tables: which forms, which indicator row, which
// column. Shared by the CSV `warnings` column, the XLSX cell marks and the
// warning list on standard error, so that all three name the same places.

/**
 * The forms (0-based) a warning names. A warning about one form names that form;
 * a warning about the document as a whole (`form: null`) names the forms printed
 * on its page, or every form when it names no page or a page outside every form
 * (a damaged page tree, a scanned page among the forms: any of them may be
 * affected), so that no warning goes without a row in a table.
 */
export function formsNamed(doc: Pick<Document, "forms">, warning: Warning): number[] {
  if (warning.form !== null) return warning.form >= 1 && warning.form <= doc.forms.length ? [warning.form - 1] : [];
  const all = doc.forms.map((_, i) => i);
  if (warning.page === null) return all;
  const onPage = all.filter((i) => doc.forms[i]!.pages.includes(warning.page!));
  return onPage.length > 0 ? onPage : all;
}

/** For each form of the document, the warnings that name it, in document order. */
export function warningsByForm(doc: Pick<Document, "forms" | "warnings">): Warning[][] {
  const byForm: Warning[][] = doc.forms.map(() => []);
  for (const warning of doc.warnings) for (const i of formsNamed(doc, warning)) byForm[i]!.push(warning);
  return byForm;
}

/**
 * Of a form's warnings, those for one row of the indicators table: the ones about
 * that indicator and the ones about no particular indicator. `indicator`
 * undefined (a form's only row, when it has no indicators; a row of the
 * projects table) takes every warning of the form.
 */
export function rowWarnings(formWarnings: readonly Warning[], indicator: number | undefined): Warning[] {
  if (indicator === undefined) return [...formWarnings];
  return formWarnings.filter((warning) => {
    const named = indicatorField(warning.field);
    return named === undefined || named.index === indicator;
  });
}

/** The number of forms of a document that an `extraction` warning names: the forms a person must compare with the PDF. */
export function formsToCheck(doc: Pick<Document, "forms" | "warnings">): number {
  const forms = new Set<number>();
  for (const warning of doc.warnings) if (warning.about === "extraction") for (const i of formsNamed(doc, warning)) forms.add(i);
  return forms.size;
}

/** Separator of the messages in one cell of the `warnings` column (docs/output.md). */
export const MESSAGE_SEPARATOR = "；";
