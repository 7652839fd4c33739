import { WARNING_CODES, type Document, type Warning, type WarningCode } from "./schema.js";

// One way to make a warning: its `about` always follows from its code.

export interface Where {
  form?: number | null;
  page?: number | null;
  field?: string | null;
}

export function warning(code: WarningCode, where: Where, message: string): Warning {
  return { form: where.form ?? null, page: where.page ?? null, field: where.field ?? null, about: WARNING_CODES[code].about, code, message };
}

/** Whether the output may differ from what is printed somewhere: a person must look (exit status 1). */
export function needsReview(doc: Pick<Document, "warnings">): boolean {
  return doc.warnings.some((w) => w.about === "extraction");
}
