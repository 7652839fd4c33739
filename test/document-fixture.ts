import type { Document, Form, Indicator } from "../src/schema.js";

// Hand-built Documents for the writer tests: the awkward cases on purpose
// (formula-looking text, half- and full-width; quotes, commas and hard line
// breaks; a 不适用 row; a form without indicators; nulls; negative numbers).

export function indicator(overrides: Partial<Indicator> = {}): Indicator {
  return {
    level1: "产出",
    level2: "数量",
    core: true,
    level3: "发放离退休干部节日慰问金人数",
    value: "3 人",
    target: { operator: "=", number: 3, unit: "人" },
    explanation: "该指标主要考察发放离退休干部节日慰问金人数是否达到目标人数",
    applicable: true,
    ...overrides,
  };
}

export function form(overrides: Partial<Form> = {}): Form {
  return {
    title: "二级项目支出绩效目标申报表",
    pages: [3, 4],
    projectCode: "004403042210615000045",
    projectName: "离退休干部节日慰问金（科级及以下）",
    applicant: "深圳市福田区数据管理中心",
    budgetUnit: "深圳市福田区政务服务数据管理局（本级）",
    period: 3,
    projectTypeCode: "15",
    projectType: "履职类项目",
    isNew: false,
    allocationMethod: "因素法",
    totalAmount: 5068.37,
    annualAmount: 0,
    overview: "1.保障离退休干部节日慰问；\n2.按时发放，做到“应发尽发”, 不漏一人",
    annualGoal: '通过及时完成离退休干部节日慰问金的发放，"保证"离休干部的节日慰问',
    longTermGoal: "",
    indicators: [
      indicator(),
      indicator({
        level2: "质量",
        level3: "=SUM(A1:A9)",
        value: "≥95%",
        target: { operator: "≥", number: 95, unit: "%" },
        explanation: "+该指标主要考察准确率",
      }),
      indicator({
        level2: "时效",
        core: false,
        level3: "发放及时性",
        value: "及时",
        target: null,
        explanation: "@及时发放",
      }),
      indicator({
        level1: "效益",
        level2: "经济效益",
        level3: "不适用",
        value: "不适用",
        target: null,
        explanation: "不适用",
        applicable: false,
      }),
      indicator({
        level1: "效益",
        level2: "社会效益",
        level3: "－5%的投诉下降",
        value: "-5%",
        target: { operator: "=", number: -5, unit: "%" },
        explanation: "＝＋＠全角开头不会被执行",
      }),
    ],
    ...overrides,
  };
}

export const documentA: Document = {
  source: "declarations/2024/fu-tian.pdf",
  pageCount: 40,
  forms: [
    form(),
    form({
      pages: [5],
      projectCode: "440304221061500000099",
      projectName: "＠空表, 没有指标",
      period: null,
      projectTypeCode: null,
      projectType: null,
      isNew: true,
      allocationMethod: null,
      totalAmount: null,
      annualAmount: -12.5,
      overview: "\t以制表符开头",
      annualGoal: "\r以回车开头",
      longTermGoal: "-长期",
      indicators: [],
    }),
  ],
  warnings: [{ form: 1, page: 4, field: "annualAmount", about: "declaration", code: "amount-mismatch", message: "金额无法识别" }],
};

export const documentB: Document = {
  source: "seed.txt",
  pageCount: null,
  forms: [
    form({
      pages: [],
      projectCode: "440304221061500000100",
      projectName: "第二个文件的项目",
      indicators: [indicator({ level1: "满意度", level2: "服务对象满意度", value: "＞90%", target: { operator: ">", number: 90, unit: "%" } })],
    }),
  ],
  warnings: [],
};

/** documentA with warnings of every reach: a form's field, one indicator row, a page, the whole document. */
export const documentWarned: Document = {
  ...documentA,
  warnings: [
    ...documentA.warnings,
    { form: 1, page: 3, field: "indicators[1].value", about: "extraction", code: "row-doubtful", message: "第2行指标值看不清" },
    { form: null, page: 5, field: null, about: "extraction", code: "text-lost", message: "第5页文字丢失" },
    { form: null, page: null, field: null, about: "extraction", code: "document-damaged", message: "整份文件损坏" },
  ],
};
