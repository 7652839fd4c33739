import { DocumentSchema, type Document, type Form, type Warning, type WarningCode } from "./schema.js";
import { warning } from "./warning.js";

// Consistency checks over parsed forms. Nothing here changes a field: every
// problem becomes a warning in the Document, so an auditor sees it.

const CORE_CATEGORIES = ["数量", "质量", "时效", "成本", "社会效益", "服务对象满意度"];

export function consistencyWarnings(form: Form, formNumber: number): Warning[] {
  const out: Warning[] = [];
  const page = form.pages[0] ?? null;
  const warn = (code: WarningCode, field: string, message: string) => out.push(warning(code, { form: formNumber, page, field }, message));

  if (!/^\d{21}$/.test(form.projectCode)) {
    warn("project-code-malformed", "projectCode", form.projectCode ? `project code "${form.projectCode}" is not 21 digits` : "project code is missing");
  }
  const { totalAmount: total, annualAmount: annual, period } = form;
  if (total !== null && annual !== null) {
    if (annual > total + 0.005) warn("amount-exceeds-total", "annualAmount", `annual amount ${annual} exceeds the total amount ${total}`);
    else if (period !== null && period > 0 && total > 0) {
      // Multi-year totals are usually the annual amount times the period; far off means a misread digit.
      const ratio = (annual * period) / total;
      if (ratio < 0.5 || ratio > 2) warn("amount-mismatch", "annualAmount", `annual amount ${annual} × period ${period} is far from the total amount ${total}`);
    }
  }
  if (form.indicators.length > 0) {
    const present = new Set(form.indicators.map((i) => i.level2));
    const missing = CORE_CATEGORIES.filter((c) => !present.has(c));
    if (missing.length) warn("core-category-missing", "indicators", `core categor${missing.length > 1 ? "ies" : "y"} missing: ${missing.join("、")}`);
  }
  return out;
}

/**
 * Parses a Document through DocumentSchema (the output contract) and returns the
 * parsed copy: unknown keys or wrong types throw a ZodError here, before any byte
 * is written. The copy's keys are in schema order.
 */
export function validateDocument(doc: unknown): Document {
  return DocumentSchema.parse(doc);
}

/** A copy of the Document without the indicator rows that read 不适用 (applicable: false). */
export function dropNotApplicable(doc: Document): Document {
  return {
    ...doc,
    forms: doc.forms.map((form) => ({ ...form, indicators: form.indicators.filter((indicator) => indicator.applicable) })),
  };
}
