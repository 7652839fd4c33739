import { WARNING_CODES, type WarningCode } from "./codes.js";
import type { Document, Warning } from "./schema.js";

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

/** A warning's field when it names one indicator row: `indicators[4].explanation` → row 4 (0-based, as in the form's JSON array), key `explanation`. */
export interface IndicatorField {
  index: number;
  /** The Indicator key (`explanation`, `target`, `target.number`, …); undefined when the whole row is named. */
  key: string | undefined;
}

const INDICATOR_FIELD = /^indicators\[(\d+)\](?:\.(.+))?$/;

export function indicatorField(field: string | null): IndicatorField | undefined {
  const match = field === null ? null : INDICATOR_FIELD.exec(field);
  return match ? { index: Number(match[1]), key: match[2] } : undefined;
}
