import { DocumentSchema, type Document } from "../schema.js";

/**
 * Parse a Document through DocumentSchema (the output contract) and return the
 * parsed copy: unknown keys or wrong types throw a ZodError here, before any
 * byte is written. The copy's keys are in schema order.
 */
export function validateDocument(doc: unknown): Document {
  return DocumentSchema.parse(doc);
}

/** A copy of the Document without the indicator rows that read 不适用 (applicable: false). */
export function dropNotApplicable(doc: Document): Document {
  return {
    ...doc,
    forms: doc.forms.map((form) => ({
      ...form,
      indicators: form.indicators.filter((indicator) => indicator.applicable),
    })),
  };
}
