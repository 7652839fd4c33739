import { z } from "zod";
import { ABOUTS, WARNING_CODE_LIST, WARNING_CODES } from "./codes.js";

export * from "./codes.js";

// The zod schemas are the single source of the output contract (docs/output.md):
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

/** Where a value was printed: a page and the union of its glyph boxes there. */
export const PlaceSchema = z
  .object({
    page: z.number().int().positive().describe("1-based page"),
    box: z
      .tuple([z.number(), z.number(), z.number(), z.number()])
      .describe("[x0, y0, x1, y1] in points on the page as displayed (its /Rotate applied), origin top-left, y downwards"),
  })
  .strict();
export type Place = z.infer<typeof PlaceSchema>;

/** The Form fields read off the page, each of which has a provenance entry when non-empty. */
export const FORM_PRINTED_FIELDS = [
  "title", "projectCode", "projectName", "applicant", "budgetUnit", "period", "projectTypeCode", "projectType",
  "isNew", "allocationMethod", "totalAmount", "annualAmount", "overview", "annualGoal", "longTermGoal",
] as const;
/** The Indicator fields read off the page (core, target and applicable are derived from these). */
export const INDICATOR_PRINTED_FIELDS = ["level1", "level2", "level3", "value", "explanation"] as const;
export type FormPrintedField = (typeof FORM_PRINTED_FIELDS)[number];
export type IndicatorPrintedField = (typeof INDICATOR_PRINTED_FIELDS)[number];

function provenanceSchema<K extends string>(keys: readonly K[]) {
  const places = z.array(PlaceSchema).min(1);
  return z
    .object(Object.fromEntries(keys.map((k) => [k, places.optional()])) as Record<K, z.ZodOptional<typeof places>>)
    .strict()
    .describe("for each non-empty printed field, one place per page it was printed on (only with --provenance)");
}
export const FormProvenanceSchema = provenanceSchema(FORM_PRINTED_FIELDS);
export const IndicatorProvenanceSchema = provenanceSchema(INDICATOR_PRINTED_FIELDS);
export type FormProvenance = z.infer<typeof FormProvenanceSchema>;
export type IndicatorProvenance = z.infer<typeof IndicatorProvenanceSchema>;

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
    provenance: IndicatorProvenanceSchema.optional(),
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
    provenance: FormProvenanceSchema.optional(),
  })
  .strict();

export const WarningSchema = z
  .object({
    form: z.number().int().positive().nullable().describe("1-based form index, null for the whole document"),
    page: z.number().int().positive().nullable(),
    field: z.string().nullable().describe("the Form key, or the Indicator key as indicators[4].explanation"),
    about: z.enum(ABOUTS).describe("extraction: a person must look at the page; declaration: what is printed is inconsistent"),
    code: z.enum(WARNING_CODE_LIST).describe("stable identifier of the kind of problem"),
    message: z.string(),
  })
  .strict()
  .refine((w) => WARNING_CODES[w.code].about === w.about, { message: "about does not match the code", path: ["about"] });

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
