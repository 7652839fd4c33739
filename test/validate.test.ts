import { describe, expect, it } from "vitest";
import { validateDocument } from "../src/contract.js";
import { consistencyWarnings } from "../src/validate.js";
import type { Form, Indicator } from "../src/schema.js";

const row = (level2: string): Indicator => ({
  level1: "产出", level2, core: true, level3: "x", value: "100%", target: { operator: "=", number: 100, unit: "%" }, explanation: "y", applicable: true,
});
const form = (over: Partial<Form> = {}): Form => ({
  title: "二级项目支出绩效目标申报表", pages: [2], projectCode: "440304221061500000045", projectName: "p", applicant: "a", budgetUnit: "b",
  period: 3, projectTypeCode: "15", projectType: "履职类项目", isNew: false, allocationMethod: "因素法", totalAmount: 300, annualAmount: 100,
  overview: "", annualGoal: "", longTermGoal: "",
  indicators: ["数量", "质量", "时效", "成本", "社会效益", "服务对象满意度"].map(row),
  ...over,
});
const messages = (f: Form) => consistencyWarnings(f, 4).map((w) => `${w.field}: ${w.message}`);

describe("consistencyWarnings", () => {
  it("says nothing about a consistent form", () => expect(messages(form())).toEqual([]));
  it("flags a project code that is not 21 digits", () => {
    expect(messages(form({ projectCode: "44030422106150000004" }))).toEqual([expect.stringMatching(/^projectCode: .*not 21 digits/)]);
  });
  it("flags annualAmount above totalAmount, and far from total ÷ period", () => {
    expect(messages(form({ annualAmount: 400 }))).toEqual([expect.stringMatching(/^annualAmount: .*exceeds/)]);
    expect(messages(form({ annualAmount: 10 }))).toEqual([expect.stringMatching(/^annualAmount: .*far from/)]);
  });
  it("names a missing core category", () => {
    expect(messages(form({ indicators: ["数量", "质量", "成本", "社会效益", "服务对象满意度"].map(row) }))).toEqual(["indicators: core category missing: 时效"]);
  });
  it("knows the national 2021+ template: 成本指标 a 一级 of its own, names ending in 指标", () => {
    const national = (level1: string, level2: string): Indicator => ({ ...row(level2), level1 });
    const rows = [
      national("产出指标", "数量指标"), national("产出指标", "质量指标"), national("产出指标", "时效指标"),
      national("成本指标", "经济成本指标"), national("成本指标", "社会成本指标"), national("成本指标", "生态环境成本指标"),
      national("效益指标", "社会效益指标"), national("满意度指标", "服务对象满意度指标"),
    ];
    expect(messages(form({ indicators: rows }))).toEqual([]);
    // Any one of the cost categories will do; none is a missing category.
    expect(messages(form({ indicators: rows.filter((r) => r.level2 !== "经济成本指标" && r.level2 !== "社会成本指标") }))).toEqual([]);
    expect(messages(form({ indicators: rows.filter((r) => r.level1 !== "成本指标") }))).toEqual([
      "indicators: core category missing: 成本指标（经济/社会/生态环境成本指标）",
    ]);
    expect(messages(form({ indicators: rows.filter((r) => r.level2 !== "时效指标") }))).toEqual(["indicators: core category missing: 时效指标"]);
    // The older template still needs its 成本 under 产出.
    expect(messages(form({ indicators: ["数量", "质量", "时效", "社会效益", "服务对象满意度"].map(row) }))).toEqual(["indicators: core category missing: 成本"]);
  });
  it("carries the form number and first page", () => {
    expect(consistencyWarnings(form({ projectCode: "" }), 4)[0]).toMatchObject({ form: 4, page: 2, field: "projectCode" });
  });
});

describe("validateDocument", () => {
  it("accepts a Document in the contract and rejects one outside it", () => {
    expect(validateDocument({ source: "a.pdf", pageCount: 1, forms: [form()], warnings: [] }).forms).toHaveLength(1);
    expect(() => validateDocument({ source: "a.pdf", pageCount: 1, forms: [{ ...form(), extra: 1 } as Form], warnings: [] })).toThrow();
  });
});

describe("documentWarnings", () => {
  it("names each form that repeats an earlier form's project code, as a declaration warning", async () => {
    const { documentWarnings } = await import("../src/validate.js");
    const other = "440304221061500000046";
    const forms = [form(), form({ projectCode: other, pages: [3] }), form({ pages: [5] }), form({ pages: [6] })];
    expect(documentWarnings(forms)).toEqual([
      { form: 3, page: 5, field: "projectCode", about: "declaration", code: "project-code-repeated", message: "form 3 has the same project code 440304221061500000045 as form 1" },
      { form: 4, page: 6, field: "projectCode", about: "declaration", code: "project-code-repeated", message: "form 4 has the same project code 440304221061500000045 as form 1" },
    ]);
    expect(documentWarnings([form(), form({ projectCode: other })])).toEqual([]);
    // A code missing from two forms is not a code they share (each is named missing on its own).
    expect(documentWarnings([form({ projectCode: "" }), form({ projectCode: "" })])).toEqual([]);
  });
});
