import { describe, expect, it } from "vitest";
import { consistencyWarnings, validateDocument } from "../src/validate.js";
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
