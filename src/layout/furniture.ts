import { squash } from "../parse/join.js";
import { lineText, type Line } from "./lines.js";

// Running page headers, footers and page numbers are page furniture, not form
// content; they must never leak into a field.

const PAGE_NUMBER = [
  /^第\d+页(?:[,，/]?共\d+页)?$/,
  /^[-–—]?\d+[-–—]?$/,
  /^\d+\/\d+$/,
  /^(?:page)?\d+(?:of\d+)?$/i,
  /^共\d+页第\d+页$/,
];

// Lines carrying the form's own vocabulary are content even where they repeat
// at the same place on every page (a repeated table header is handled by the parser).
const FORM_WORDS = /二级项目支出绩效目标申报表|一级指标|三级指标|指标解释|项目编码|项目名称/;

const MARGIN = 0.12;

export function dropFurniture(pages: { lines: Line[]; height: number }[]): Line[][] {
  const key = (l: Line) => squash(lineText(l.words)).replace(/\d+/g, "#");
  const inMargin = (l: Line, h: number) => l.bottom < h * MARGIN || l.top > h * (1 - MARGIN);
  const seen = new Map<string, number>();
  for (const { lines, height } of pages) {
    const keys = new Set(lines.filter((l) => inMargin(l, height)).map(key));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const repeated = (k: string) => pages.length >= 2 && (seen.get(k) ?? 0) >= Math.max(2, 0.4 * pages.length);
  return pages.map(({ lines, height }) =>
    lines.filter((l) => {
      if (!inMargin(l, height)) return true;
      const text = squash(lineText(l.words));
      if (FORM_WORDS.test(text)) return true;
      if (PAGE_NUMBER.some((p) => p.test(text))) return false;
      return !repeated(key(l));
    }),
  );
}
