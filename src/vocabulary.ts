// The form's vocabulary, in one place for PDFs and text dumps alike: its title
// and what makes a line a heading, the header fields' labels, the indicator
// table's head, the 一级/二级 categories of both templates, and what page
// furniture (page numbers) looks like. Value shapes live in parse/values.ts.

/** Text with all white space removed, for comparing labels and headings. */
export function squash(text: string): string {
  return text.replace(/[\s\u3000]+/g, "");
}

export const FORM_TITLE = "二级项目支出绩效目标申报表";

/**
 * Whether a line's text is a form's heading: the title itself, perhaps with a
 * short prefix or suffix (`附表3`, a year, a unit's name, `（续）`); a sentence that
 * merely mentions the title is not a heading. `continued` is a heading that says
 * the form goes on from the previous page (`（续）`, `续表`), not a new form.
 */
export function headingKind(text: string): "new" | "continued" | null {
  const s = squash(text);
  const at = s.indexOf(FORM_TITLE);
  if (at < 0) return null;
  const rest = s.slice(0, at) + s.slice(at + FORM_TITLE.length);
  if (rest.length > 16 || /[，。；;,：:]/.test(rest)) return null;
  return /续/.test(rest) ? "continued" : "new";
}

// Page numbers, matched on text with white space removed. A bare number is a
// page number only where the caller knows the line is page furniture (a margin).
const PAGE_NUMBER = [
  /^第\d+页(?:[,，/／]?共\d+页)?$/,
  /^共\d+页第\d+页$/,
  /^[-－—–]\d+[-－—–]$/,
  /^\d+[/／]\d+$/,
  /^page\d+(?:of\d+)?$/i,
];
const BARE_PAGE_NUMBER = [/^\d+$/, /^\d+of\d+$/i];

export function isPageNumber(text: string, { bare = false } = {}): boolean {
  const s = squash(text);
  return PAGE_NUMBER.some((re) => re.test(s)) || (bare && BARE_PAGE_NUMBER.some((re) => re.test(s)));
}

/** A note printed with the heading that carries no field: `（金额）单位：万元`. */
export function isUnitNote(text: string): boolean {
  return /^[（(]?(?:金额)?单位[：:](?:人民币)?万元[）)]?$/.test(squash(text));
}

// Words only the form itself prints: a line carrying them is form content, even
// where it repeats at the same place on several pages.
export const FORM_WORDS =
  /二级项目支出绩效目标申报表|一级指标|三级指标|指标解释|项目编码|项目名称|申请单位|预算单位|实施期限|项目类型|是否新增|分配方式|项目总金额|本年度项目|项目概况|年度目标|长期目标/;

// The header fields' printed labels. Labels wrap anywhere when printed
// (`项目总金额（中期规` / `划，万元）：`), so they are matched on text with white
// space removed, and full- and half-width brackets and colons alike.

export type HeaderKey =
  | "projectCode" | "projectName" | "applicant" | "budgetUnit" | "period" | "projectType"
  | "isNew" | "allocationMethod" | "totalAmount" | "annualAmount" | "overview" | "annualGoal" | "longTermGoal";

const P = "(?:[（(][^）)]{0,20}[）)])?"; // optional parenthetical: （中期规划，万元）

/** Each header field's label words (before any parenthetical; any one of them opens the label). */
export const LABEL_WORDS: Record<HeaderKey, readonly string[]> = {
  projectCode: ["项目编码", "项目代码", "项目编号"],
  projectName: ["项目名称"],
  applicant: ["申请单位"],
  budgetUnit: ["一级预算单位"],
  period: ["实施期限"],
  projectType: ["项目类型"],
  isNew: ["是否新增项目"],
  allocationMethod: ["分配方式"],
  totalAmount: ["项目总金额"],
  annualAmount: ["本年度项目金额"],
  overview: ["项目概况"],
  annualGoal: ["年度目标"],
  longTermGoal: ["长期目标"],
};

export const HEADER_LABELS: { key: HeaderKey; pattern: RegExp }[] = (Object.entries(LABEL_WORDS) as [HeaderKey, readonly string[]][]).map(
  ([key, words]) => ({ key, pattern: new RegExp(`^(?:${words.join("|")})${P}`) }),
);

const COLON = /^[：:]/;

/**
 * The field whose label `text` begins without completing it, three characters at
 * least (`本年度项目金`, a label cut by a line or page break before `额（万元）：`), or null.
 */
export function labelStart(text: string): HeaderKey | null {
  const s = squash(text);
  if (s.length < 3) return null;
  for (const [key, words] of Object.entries(LABEL_WORDS) as [HeaderKey, string[]][]) {
    if (words.some((word) => word.length > s.length && word.startsWith(s))) return key;
  }
  return null;
}

/**
 * If `text` starts with a header label, the field and whatever follows the label
 * (and its colon) in the same text, white space inside the label ignored;
 * `length` is how many characters other than white space the label took.
 */
export function matchLabel(text: string): { key: HeaderKey; rest: string; length: number } | null {
  // Map each non-space character of the squashed text back to its index in `text`.
  const positions: number[] = [];
  let squashed = "";
  for (let i = 0; i < text.length; i++) {
    if (/[\s\u3000]/.test(text[i]!)) continue;
    positions.push(i);
    squashed += text[i];
  }
  for (const { key, pattern } of HEADER_LABELS) {
    const m = pattern.exec(squashed);
    if (!m) continue;
    let end = m[0].length;
    // A parenthetical cut by a line or page break (`项目总金额（中` / `期规划，万元）：`):
    // the label goes on past the end of this text.
    if (/^[（(][^）)]*$/.test(squashed.slice(end))) end = squashed.length;
    if (COLON.test(squashed.slice(end))) end += 1;
    const cut = end < positions.length ? positions[end]! : text.length;
    return { key, rest: text.slice(cut).trim(), length: end };
  }
  return null;
}

// A label with its colon anywhere in a text (a value printed so close to the next
// label that both came out as one word: `440310241270025641154项目名称：`).
const GLUED_LABEL = new RegExp(`(?:${HEADER_LABELS.map(({ pattern }) => pattern.source.slice(1)).join("|")})[：:]`, "g");

/** Where in a word a label (with its colon) starts after other text, or -1. */
export function gluedLabelAt(text: string): number {
  if (!text.includes("：") && !text.includes(":")) return -1;
  for (const m of text.matchAll(GLUED_LABEL)) if (m.index > 0) return m.index;
  return -1;
}

export const TABLE_HEADERS = ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"] as const;
export type Column = 0 | 1 | 2 | 3 | 4;

// Templates vary the wording of the table header a little (年度指标值,
// 指标值（目标值）, 指标说明); a header cell is recognised by its whole text, so a
// body cell that merely mentions 指标值 is never taken for one.
const TABLE_HEADER_PATTERNS: [RegExp, Column][] = [
  [/^一级指标$/, 0],
  [/^二级指标$/, 1],
  [/^三级指标$/, 2],
  [/^(?:年度)?(?:指标值|目标值)(?:[（(][^）)]{0,8}[）)])?$/, 3],
  [/^指标(?:解释|说明)$/, 4],
];

// Table-head words as printed (with the variants above), for telling a head cut
// off at the end of a line.
const TABLE_HEAD_WORDS = [...TABLE_HEADERS, "年度指标值", "目标值", "指标说明"];

/**
 * Whether `text` is the first part of a header label or a table-head word whose
 * rest is printed on the line below it: a word cut short (`一级指`, `项目总金`),
 * a parenthetical still open (`项目总金额（中期`), or a label whose colon (or
 * parenthetical) opens `next`, the text below it.
 */
export function labelGoesOn(text: string, next?: string): boolean {
  const s = squash(text);
  if (s.length < 2) return false;
  for (const word of [...Object.values(LABEL_WORDS).flat(), ...TABLE_HEAD_WORDS]) {
    if (word.length > s.length && word.startsWith(s)) return true;
    if (!s.startsWith(word)) continue;
    const rest = s.slice(word.length);
    if (/^[（(][^）)]*$/.test(rest)) return true;
    if (next !== undefined && /^(?:[（(][^）)]*[）)])?$/.test(rest) && /^[：:（(]/.test(squash(next))) return true;
  }
  return false;
}

/** The usual opening of a 指标解释 (`该指标主要考察…`). */
export const EXPLANATION_START = /^(?:该|本|此)指标/u;

/** Whether a line is the indicator table's head row (its 三级指标 with another head word). */
export function isTableHeadLine(text: string): boolean {
  const s = squash(text);
  return s.length <= 40 && s.includes("三级指标") && /一级指标|二级指标|指标值|目标值|指标解释|指标说明/.test(s);
}

/** Which table column a header cell names, or null. */
export function tableHeaderColumn(squashedText: string): Column | null {
  for (const [pattern, col] of TABLE_HEADER_PATTERNS) if (pattern.test(squashedText)) return col;
  return null;
}

// The indicator categories. The older template has 一级 产出/效益/满意度 with
// 成本 as a 二级 under 产出; the national 2021+ template names them with a
// trailing 指标 and makes 成本指标 a 一级 of its own, with 经济/社会/生态环境成本指标.
export const LEVEL1_NAMES = ["产出", "效益", "满意度", "成本"] as const;
export const LEVEL2_NAMES = [
  "数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度", "其他满意度",
  "经济成本", "社会成本", "生态环境成本",
] as const;

/** A category name without the national template's trailing 指标 (`数量指标` → `数量`). */
export function categoryStem(name: string): string {
  return name.length > 2 && name.endsWith("指标") ? name.slice(0, -2) : name;
}

// The 一级 each 二级 sits under (stems): 成本 under 产出 in the older template;
// the national one's 经济/社会/生态环境成本 under its 一级 成本.
const LEVEL2_PARENT: Record<string, string> = {
  数量: "产出", 质量: "产出", 时效: "产出", 成本: "产出",
  经济效益: "效益", 社会效益: "效益", 生态效益: "效益", 可持续影响: "效益",
  服务对象满意度: "满意度", 其他满意度: "满意度",
  经济成本: "成本", 社会成本: "成本", 生态环境成本: "成本",
};

/**
 * Whether a 二级指标 sits under a 一级指标 as far as the two templates tell:
 * true or false for names they know, null where either name is another.
 */
export function categoryBelongs(level2: string, level1: string): boolean | null {
  const parent = LEVEL2_PARENT[categoryStem(level2.replace(/^[*＊]\s*/, ""))];
  const stem = categoryStem(level1);
  if (parent === undefined || !(LEVEL1_NAMES as readonly string[]).includes(stem)) return null;
  return parent === stem;
}

// What a 三级指标's name says of its 二级 category. Only a last word: it settles
// which rows a merged 二级 cell covers where the layout leaves two readings
// exactly as likely (a layout text dump, which keeps a row's line but not where
// between two rows a merged cell's name was printed).
const LEVEL2_HINTS: [RegExp, string][] = [
  [/成本|预算|支付进度|支出进度/, "成本"],
  [/及时|时效|时限|响应时间|完成时间|期限/, "时效"],
  [/满意度|投诉/, "服务对象满意度"],
  [/合格率|完好率|运行率|可用率|修复率|准确率|整改完成率|达标率/, "质量"],
  [/数量|次数|人次|场次|点位数|站点数|购置数|场所数/, "数量"],
];

/** The 二级 category a 三级指标's name points to (stem), or null. */
export function level2Hint(level3: string): string | null {
  return LEVEL2_HINTS.find(([pattern]) => pattern.test(level3))?.[1] ?? null;
}

export const isLevel1Name = (name: string): boolean => (LEVEL1_NAMES as readonly string[]).includes(categoryStem(name));
export const isLevel2Name = (name: string): boolean => (LEVEL2_NAMES as readonly string[]).includes(categoryStem(name.replace(/^[*＊]\s*/, "")));
