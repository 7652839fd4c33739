import { DocumentSchema, type Document } from "./schema.js";

// The output contract's check, in a module of its own: it loads zod, which the
// reader and parser do without (a batch's worker processes hand their Documents
// to the main process, which checks each before it is written).

/**
 * Parses a Document through DocumentSchema (the output contract) and returns the
 * parsed copy: unknown keys or wrong types throw a ZodError here, before any byte
 * is written. The copy's keys are in schema order.
 */
export function validateDocument(doc: unknown): Document {
  return DocumentSchema.parse(doc);
}
