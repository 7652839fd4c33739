import type { Operator, Target } from "../schema.js";

// Value shapes of the form's cells: amounts, periods, the 项目类型 code, 是/否,
// and the 指标值 target.

// Each operator as printed: in signs, then in words.
const OPERATOR_SIGNS: [string[], string[], Operator][] = [
  [["≥", ">=", "＞=", ">＝", "＞＝", "≧"], ["不低于", "不少于", "大于等于", "大于或等于"], "≥"],
  [["≤", "<=", "＜=", "<＝", "＜＝", "≦"], ["不高于", "不超过", "不多于", "小于等于", "小于或等于"], "≤"],
  [[">", "＞"], ["大于", "高于", "超过"], ">"],
  [["<", "＜"], ["小于", "低于"], "<"],
  [["=", "＝"], ["等于"], "="],
];
const OPERATOR_FORMS: [RegExp, Operator][] = OPERATOR_SIGNS.map(([signs, words, op]) => [new RegExp(`^(?:${[...signs, ...words].join("|")})`), op]);

const NUMBER_SOURCE = "[+\\-－]?(?:\\d{1,3}(?:[,，]\\d{3})+|\\d+)(?:[.．]\\d+)?";
const NUMBER = new RegExp(`^${NUMBER_SOURCE}`);

/**
 * A 指标值 with a number, standing on its own between spaces in a line of text
 * (`≥95%`, `3 人`, `≥1000 万条`, `24 小时内`, `0`): an operator sign, the number,
 * and a unit of at most six characters. Global: use with matchAll.
 */
export const NUMERIC_VALUE_IN_TEXT = new RegExp(
  `(?<=^|\\s)(?:${OPERATOR_SIGNS.flatMap(([signs]) => signs).sort((a, b) => b.length - a.length).join("|")})?\\s?${NUMBER_SOURCE}(?:\\s?(?:[%％‰]|[^\\s\\d%％‰]{1,6}))?(?=\\s|$)`,
  "gu",
);

/** `≥1000 万条` → {≥, 1000, 万条}; qualitative values (`及时`, `不适用`) → null. */
export function parseTarget(value: string): Target | null {
  let rest = value.trim();
  let operator: Operator = "=";
  for (const [pattern, op] of OPERATOR_FORMS) {
    const m = pattern.exec(rest);
    if (m) {
      operator = op;
      rest = rest.slice(m[0].length).trim();
      break;
    }
  }
  const m = NUMBER.exec(rest);
  if (!m) return null;
  const number = Number(m[0].replace(/[,，]/g, "").replace("．", ".").replace("－", "-"));
  if (!Number.isFinite(number)) return null;
  const unit = rest.slice(m[0].length).trim();
  // "1.8-2%" or "2%-5%" are ranges, not one target: keep them qualitative.
  if (/^[-－~～至到]\s*\d/.test(unit)) return null;
  return { operator, number, unit };
}

/** `5,068.37` → 5068.37; anything that is not one number → null. */
export function parseAmount(text: string): number | null {
  const t = text.replace(/\s+/g, "");
  if (!/^[+\-－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．]\d+)?$/.test(t)) return null;
  const n = Number(t.replace(/[,，]/g, "").replace("．", ".").replace("－", "-"));
  return Number.isFinite(n) ? n : null;
}

/** 实施期限 `3` or `3年` → 3. */
export function parsePeriod(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(?:年)?$/.exec(text.replace(/\s+/g, ""));
  return m ? Number(m[1]) : null;
}

/** 项目类型 `15 履职类项目` → {code: "15", name: "履职类项目"}. */
export function parseProjectType(text: string): { code: string | null; name: string | null } {
  const t = text.trim();
  if (!t) return { code: null, name: null };
  const m = /^(\d+)\s*(.*)$/s.exec(t);
  if (m) return { code: m[1]!, name: m[2]!.trim() || null };
  return { code: null, name: t };
}

/** 是否新增项目: 是 → true, 否 → false. */
export function parseYesNo(text: string): boolean | null {
  const t = text.replace(/\s+/g, "");
  if (t === "是" || t === "Y" || t === "y") return true;
  if (t === "否" || t === "N" || t === "n") return false;
  return null;
}

export const NOT_APPLICABLE = "不适用";
