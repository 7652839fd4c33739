import { z } from "zod";

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

export const ABOUTS = ["extraction", "declaration"] as const;
export type About = (typeof ABOUTS)[number];

/**
 * Every kind of warning, by its stable code: whether it is about the extraction
 * (the output may differ from what is printed: a person must look at the page)
 * or about the declaration (the output is what is printed, and what is printed is
 * inconsistent), and what it means. The README and docs/output.md list exactly
 * these; a code is never reworded or reused for another meaning.
 */
export const WARNING_CODES = {
  "unplaced-text": { about: "extraction", meaning: "text printed inside a form's region ended in no field, label, heading or table head" },
  "continuation-unplaced": { about: "extraction", meaning: "text continuing a cell across a page break could not be joined to the cell it continues" },
  "row-doubtful": { about: "extraction", meaning: "an indicator row's cells could not be told apart for certain (a cell missing, or a cell that looks like a table head)" },
  "label-missing": { about: "extraction", meaning: "a label every form prints (项目编码, 项目名称, 申请单位, 一级预算单位) was not found" },
  "value-unreadable": { about: "extraction", meaning: "a printed value could not be read as the field's type (an amount, a period, 是/否)" },
  "value-doubtful": { about: "extraction", meaning: "a header value may hold another field's text, read from a text dump (a label's words inside it, or lines its layout leaves between two labels)" },
  "table-missing": { about: "extraction", meaning: "the indicator table (一级指标 … 指标解释) was not found" },
  "table-empty": { about: "extraction", meaning: "the indicator table has a head but no rows (cut off?)" },
  "cell-unmatched": { about: "extraction", meaning: "a 指标值 or 指标解释 cell could not be matched to an indicator row" },
  "text-lost": { about: "extraction", meaning: "text on a page could not be fully read (a damaged font or stream)" },
  "field-maybe-lost": { about: "extraction", meaning: "a field came out empty on a page whose text could not be fully read" },
  "page-without-text": { about: "extraction", meaning: "a page has no text at all, or only images (a scan), where a form may be" },
  "sideways-text": { about: "extraction", meaning: "text set at an angle against the rest of its page was not read" },
  "document-damaged": { about: "extraction", meaning: "the PDF as a whole is damaged (its page tree, its cross-reference table, a font)" },
  "pages-unreached": { about: "extraction", meaning: "the page tree does not reach every page the file holds (a /Count that lies, a /Pages that points at one page): the text of those pages is missing" },
  "page-repeated": { about: "extraction", meaning: "the page tree lists the same page more than once: its text, and its forms, come out twice" },
  "page-count-wrong": { about: "extraction", meaning: "the page tree's /Count disagrees with the pages found: pages may be missing" },
  "page-box-damaged": { about: "extraction", meaning: "a page's visible box (/MediaBox, /CropBox) cannot be right: larger than any PDF page, or leaving the lines drawn on the page outside it (and the text drawn with them unread)" },
  "glyph-widths-damaged": { about: "extraction", meaning: "a font's glyph widths cannot be right (negative, several times the font size, or for codes no font has): characters set in it may be misplaced" },
  "project-code-malformed": { about: "declaration", meaning: "the 项目编码 is missing or is not 21 digits" },
  "amount-exceeds-total": { about: "declaration", meaning: "本年度项目金额 is larger than 项目总金额" },
  "amount-mismatch": { about: "declaration", meaning: "本年度项目金额 × 实施期限 is far from 项目总金额 (less than half or more than twice)" },
  "core-category-missing": { about: "declaration", meaning: "a core 二级指标 category of the template is missing from the indicator table" },
  "project-code-repeated": { about: "declaration", meaning: "two or more forms in one document have the same 项目编码" },
} as const satisfies Record<string, { about: About; meaning: string }>;

export type WarningCode = keyof typeof WARNING_CODES;
export const WARNING_CODE_LIST = Object.keys(WARNING_CODES) as [WarningCode, ...WarningCode[]];

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
