import { z } from "zod";

// The zod schemas are the single source of the output contract (../shared/SCHEMA.md):
// every TypeScript type below is inferred from them and every Document is parsed
// through DocumentSchema before a writer sees it.

export const OPERATORS = ["≥", "≤", ">", "<", "="] as const;

export const TargetSchema = z
  .object({
    operator: z.enum(OPERATORS).describe("comparison, full-width and ASCII forms normalised"),
    number: z.number().describe("the numeric part of the value"),
    unit: z.string().describe("what follows the number, trimmed; may be empty"),
  })
  .strict();

export const IndicatorSchema = z
  .object({
    level1: z.string().describe("一级指标, filled down from its merged cell"),
    level2: z.string().describe("二级指标 without the leading *"),
    core: z.boolean().describe("二级指标 printed with a leading *"),
    level3: z.string().describe("三级指标"),
    value: z.string().describe("指标值 as printed"),
    target: TargetSchema.nullable().describe("指标值 parsed; null when qualitative"),
    explanation: z.string().describe("指标解释"),
    applicable: z.boolean().describe("false when the row reads 不适用"),
  })
  .strict();

export const FormSchema = z
  .object({
    title: z.string(),
    pages: z.array(z.number().int().positive()).describe("1-based pages the form spans; [] for text input"),
    projectCode: z.string().describe("项目编码, digits as a string"),
    projectName: z.string().describe("项目名称"),
    applicant: z.string().describe("申请单位"),
    budgetUnit: z.string().describe("一级预算单位"),
    period: z.number().nullable().describe("实施期限"),
    projectTypeCode: z.string().nullable().describe("项目类型: leading code"),
    projectType: z.string().nullable().describe("项目类型: name"),
    isNew: z.boolean().nullable().describe("是否新增项目"),
    allocationMethod: z.string().nullable().describe("分配方式"),
    totalAmount: z.number().nullable().describe("项目总金额（中期规划，万元）"),
    annualAmount: z.number().nullable().describe("本年度项目金额（万元）"),
    overview: z.string().describe("项目概况"),
    annualGoal: z.string().describe("年度目标"),
    longTermGoal: z.string().describe("长期目标（跨度多年的项目需填）"),
    indicators: z.array(IndicatorSchema),
  })
  .strict();

export const WarningSchema = z
  .object({
    form: z.number().int().positive().nullable().describe("1-based form index, null for the whole document"),
    page: z.number().int().positive().nullable(),
    field: z.string().nullable(),
    message: z.string(),
  })
  .strict();

export const DocumentSchema = z
  .object({
    source: z.string().describe("the input path as given"),
    pageCount: z.number().int().nonnegative().nullable().describe("pages in the PDF; null for text input"),
    forms: z.array(FormSchema),
    warnings: z.array(WarningSchema),
  })
  .strict();

export type Target = z.infer<typeof TargetSchema>;
export type Operator = Target["operator"];
export type Indicator = z.infer<typeof IndicatorSchema>;
export type Form = z.infer<typeof FormSchema>;
export type Warning = z.infer<typeof WarningSchema>;
export type Document = z.infer<typeof DocumentSchema>;

/** The JSON Schema of one Document, as printed by `perf-extract schema`. */
export function documentJsonSchema(): unknown {
  return z.toJSONSchema(DocumentSchema, { target: "draft-2020-12" });
}
