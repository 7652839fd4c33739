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
 * Items (lines of a PDF, or of a text dump) cut into forms at each one that
 * starts a form (see vocabulary's headingKind); whatever comes before the first
 * heading (a cover, prose, other tables) is not part of any form.
 */
export function splitAtHeadings<T>(items: Iterable<T>, textOf: (item: T) => string): { heading: T; items: T[] }[] {
  const forms: { heading: T; items: T[] }[] = [];
  for (const item of items) {
    if (headingKind(textOf(item)) === "new") forms.push({ heading: item, items: [] });
    else forms.at(-1)?.items.push(item);
  }
  return forms;
}

/**
 * Splits a document at every 二级项目支出绩效目标申报表 heading. A form may start
 * mid-page, share a page with others and run over several pages; each page's
 * share of it keeps the ruling lines drawn in its band.
 */
export function splitForms(pages: { page: number; lines: Line[]; rules: Rule[] }[]): FormRegion[] {
  const rulesOf = new Map(pages.map((p) => [p.page, p.rules]));
  const forms = splitAtHeadings(pages.flatMap((p) => p.lines), (line) => lineText(line.words));
  return forms.map(({ heading, items }, i) => {
    const next = forms[i + 1]?.heading;
    const parts: FormPart[] = [{ page: heading.page, lines: [], rules: [] }];
    for (const line of items) {
      if (line.page !== parts.at(-1)!.page) parts.push({ page: line.page, lines: [], rules: [] });
      parts.at(-1)!.lines.push(line);
    }
    // A part's band: from its form's heading (on the heading's page) to the next form's heading (on that one's).
    for (const part of parts) {
      const top = part.page === heading.page ? heading.top : -Infinity;
      const bottom = next && next.page === part.page ? next.top : Infinity;
      part.rules = (rulesOf.get(part.page) ?? []).filter((r) => r.y1 >= top - 1 && r.y0 <= bottom + 1);
    }
    return { title: FORM_TITLE, heading, parts };
  });
}
