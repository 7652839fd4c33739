// The header fields' printed labels. Labels wrap anywhere when printed
// (`项目总金额（中期规` / `划，万元）：`), so they are matched on text with white
// space removed, and full- and half-width brackets and colons alike.

export type HeaderKey =
  | "projectCode" | "projectName" | "applicant" | "budgetUnit" | "period" | "projectType"
  | "isNew" | "allocationMethod" | "totalAmount" | "annualAmount" | "overview" | "annualGoal" | "longTermGoal";

const P = "(?:[（(][^）)]{0,20}[）)])?"; // optional parenthetical: （中期规划，万元）

export const HEADER_LABELS: { key: HeaderKey; pattern: RegExp }[] = [
  { key: "projectCode", pattern: new RegExp(`^项目(?:编码|代码|编号)${P}`) },
  { key: "projectName", pattern: new RegExp(`^项目名称${P}`) },
  { key: "applicant", pattern: new RegExp(`^申请单位${P}`) },
  { key: "budgetUnit", pattern: new RegExp(`^一级预算单位${P}`) },
  { key: "period", pattern: new RegExp(`^实施期限${P}`) },
  { key: "projectType", pattern: new RegExp(`^项目类型${P}`) },
  { key: "isNew", pattern: new RegExp(`^是否新增项目${P}`) },
  { key: "allocationMethod", pattern: new RegExp(`^分配方式${P}`) },
  { key: "totalAmount", pattern: new RegExp(`^项目总金额${P}`) },
  { key: "annualAmount", pattern: new RegExp(`^本年度项目金额${P}`) },
  { key: "overview", pattern: new RegExp(`^项目概况${P}`) },
  { key: "annualGoal", pattern: new RegExp(`^年度目标${P}`) },
  { key: "longTermGoal", pattern: new RegExp(`^长期目标${P}`) },
];

const COLON = /^[：:]/;

/**
 * If `text` starts with a header label, the field and whatever follows the label
 * (and its colon) in the same text, white space inside the label ignored.
 */
export function matchLabel(text: string): { key: HeaderKey; rest: string } | null {
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
    if (COLON.test(squashed.slice(end))) end += 1;
    const cut = end < positions.length ? positions[end]! : text.length;
    return { key, rest: text.slice(cut).trim() };
  }
  return null;
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

/** Which table column a header cell names, or null. */
export function tableHeaderColumn(squashedText: string): Column | null {
  for (const [pattern, col] of TABLE_HEADER_PATTERNS) if (pattern.test(squashedText)) return col;
  return null;
}
