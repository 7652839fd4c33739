import { lineText, type Line } from "./layout/lines.js";
import type { Rule } from "./read/types.js";
import { FORM_TITLE, headingKind } from "./vocabulary.js";

export { FORM_TITLE };

/** One page's share of a form: its lines and the ruling lines drawn in that band. */
export interface FormPart {
  page: number;
  lines: Line[];
  rules: Rule[];
}

export interface FormRegion {
  title: string;
  /** The heading line the form starts at (its words are the title's provenance). */
  heading: Line;
  parts: FormPart[];
}

/** A line that starts a new form (see vocabulary's headingKind). */
export function isHeading(line: Line): boolean {
  return headingKind(lineText(line.words)) === "new";
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
        current = { title: FORM_TITLE, heading: line, parts: [] };
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
