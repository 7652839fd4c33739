import type { Document, Form, Warning, WarningCode } from "./schema.js";
import { indicatorField, warning } from "./warning.js";
import { categoryStem } from "./vocabulary.js";

// Consistency checks over parsed forms. Nothing here changes a field: every
// problem becomes a warning in the Document, so an auditor sees it.

// The categories every declaration must cover. The older template has 成本 as a
// 二级 under 产出; the national 2021+ one makes 成本指标 a 一级 of its own, whose
// 二级 (经济/社会/生态环境成本指标) may each be 不适用 but one must be there.
const CORE_CATEGORIES = ["数量", "质量", "时效", "社会效益", "服务对象满意度"];
const COST_LEVEL2 = ["经济成本", "社会成本", "生态环境成本"];

/** The core categories a form's indicator table lacks, in the wording of its template. */
export function missingCategories(indicators: readonly { level1: string; level2: string }[]): string[] {
  const level1 = new Set(indicators.map((i) => categoryStem(i.level1)));
  const level2 = new Set(indicators.map((i) => categoryStem(i.level2)));
  // The national template: its wording (一级 names ending in 指标) or its cost categories.
  const national = indicators.some((i) => /.指标$/.test(i.level1)) || level1.has("成本") || COST_LEVEL2.some((c) => level2.has(c));
  const suffix = national ? "指标" : "";
  const missing = CORE_CATEGORIES.filter((c) => !level2.has(c)).map((c) => c + suffix);
  if (!national && !level2.has("成本")) missing.splice(3, 0, "成本");
  if (national && !COST_LEVEL2.some((c) => level2.has(c))) missing.push("成本指标（经济/社会/生态环境成本指标）");
  return missing;
}

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
    const missing = missingCategories(form.indicators);
    if (missing.length) warn("core-category-missing", "indicators", `core categor${missing.length > 1 ? "ies" : "y"} missing: ${missing.join("、")}`);
  }
  return out;
}

/**
 * Checks across the forms of one document: a 项目编码 that two forms share (a
 * project declared twice, or a page of the PDF read twice) is named on each
 * form after the first that has it.
 */
export function documentWarnings(forms: readonly Form[]): Warning[] {
  const out: Warning[] = [];
  const first = new Map<string, number>();
  forms.forEach((form, i) => {
    if (!form.projectCode) return;
    const earlier = first.get(form.projectCode);
    if (earlier === undefined) first.set(form.projectCode, i + 1);
    else
      out.push(
        warning("project-code-repeated", { form: i + 1, page: form.pages[0] ?? null, field: "projectCode" }, `form ${i + 1} has the same project code ${form.projectCode} as form ${earlier}`),
      );
  });
  return out;
}

/**
 * A copy of the Document without the indicator rows that read 不适用 (applicable:
 * false). A warning's `indicators[N]` follows its row to the row's new place; a
 * warning about a dropped row names the indicator table instead, so that it
 * never points at another row.
 */
export function dropNotApplicable(doc: Document): Document {
  // For each form, each old row's new index (undefined: dropped).
  const places = doc.forms.map((form) => {
    let kept = 0;
    return form.indicators.map((indicator) => (indicator.applicable ? kept++ : undefined));
  });
  const renumbered = (w: Warning): Warning => {
    const named = indicatorField(w.field);
    if (!named || w.form === null || !places[w.form - 1]) return w;
    const place = places[w.form - 1]![named.index];
    const field = place === undefined ? "indicators" : `indicators[${place}]${named.key === undefined ? "" : `.${named.key}`}`;
    return { ...w, field };
  };
  return {
    ...doc,
    forms: doc.forms.map((form) => ({ ...form, indicators: form.indicators.filter((indicator) => indicator.applicable) })),
    warnings: doc.warnings.map(renumbered),
  };
}
