import { squash } from "./parse/join.js";
import { lineText, type Line } from "./layout/lines.js";
import type { Rule } from "./read/types.js";

export const FORM_TITLE = "二级项目支出绩效目标申报表";

/** One page's share of a form: its lines and the ruling lines drawn in that band. */
export interface FormPart {
  page: number;
  lines: Line[];
  rules: Rule[];
}

export interface FormRegion {
  title: string;
  parts: FormPart[];
}

/**
 * A heading line is the title itself, perhaps with a short prefix (`附表3`, a year,
 * a unit's name); a sentence that merely mentions the title is not a heading.
 */
export function isHeading(line: Line): boolean {
  const text = squash(lineText(line.words));
  const at = text.indexOf(FORM_TITLE);
  if (at < 0) return false;
  const rest = text.slice(0, at) + text.slice(at + FORM_TITLE.length);
  return rest.length <= 16 && !/[，。；;,：:]/.test(rest);
}

/**
 * Splits a document at every 二级项目支出绩效目标申报表 heading. A form may start
 * mid-page, share a page with others and run over several pages; whatever comes
 * before the first heading (a cover, prose, other tables) is not part of any form.
 */
export function splitForms(pages: { page: number; lines: Line[]; rules: Rule[] }[]): FormRegion[] {
  const forms: FormRegion[] = [];
  let current: FormRegion | null = null;
  for (const { page, lines, rules } of pages) {
    let part: FormPart | null = null;
    let partTop = -Infinity;
    const closePart = (bottom: number) => {
      if (part) part.rules = rules.filter((r) => r.y1 >= partTop - 1 && r.y0 <= bottom + 1);
    };
    for (const line of lines) {
      if (isHeading(line)) {
        closePart(line.top);
        current = { title: FORM_TITLE, parts: [] };
        forms.push(current);
        part = { page, lines: [], rules: [] };
        partTop = line.top;
        current.parts.push(part);
        continue;
      }
      if (!current) continue;
      if (!part) {
        part = { page, lines: [], rules: [] };
        partTop = -Infinity;
        current.parts.push(part);
      }
      part.lines.push(line);
    }
    closePart(Infinity);
  }
  return forms;
}
