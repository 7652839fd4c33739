// The warning codes and what each is about: part of the output contract
// (schema.ts builds its WarningSchema from them), kept apart from the zod
// schemas so that the reader and parser, which make warnings, load no zod: a
// worker process starts about 0.1 s sooner without it.

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
