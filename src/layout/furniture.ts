import type { Rule } from "../read/types.js";
import { FORM_WORDS, isPageNumber, squash } from "../vocabulary.js";
import { lineText, type Line } from "./lines.js";

// Running page headers, footers and page numbers are page furniture, not form
// content; they must never leak into a field. Furniture sits in the page's top or
// bottom margin, outside any ruled table, and is either a page number or text
// that recurs at the same place on many pages.

const MARGIN = 0.12;

export interface PageLines {
  lines: Line[];
  rules: Rule[];
  height: number;
}

/** The vertical band a page's ruled table occupies, or null without rules. */
function ruledBand(rules: readonly Rule[]): { top: number; bottom: number } | null {
  const h = rules.filter((r) => r.orientation === "h");
  if (h.length < 2) return null;
  return { top: Math.min(...h.map((r) => r.y0)), bottom: Math.max(...h.map((r) => r.y0)) };
}

export function dropFurniture(pages: readonly PageLines[]): Line[][] {
  const text = (l: Line) => squash(lineText(l.words));
  const key = (l: Line) => `${text(l).replace(/\d+/g, "#")}@${Math.round(l.baseline / 6)}`;
  const candidate = pages.map(({ lines, rules, height }) => {
    const band = ruledBand(rules);
    return lines.map((l) => {
      // A layout text dump's page has the lines it has, margins or not: there what
      // frames the page's text is the margin (see below).
      const inMargin = l.grid !== undefined || l.bottom < height * MARGIN || l.top > height * (1 - MARGIN);
      const inTable = band !== null && l.top > band.top - 1 && l.bottom < band.bottom + 1;
      return inMargin && !inTable && !FORM_WORDS.test(text(l));
    });
  });
  const seen = new Map<string, number>();
  pages.forEach(({ lines }, p) => {
    const keys = new Set(lines.filter((_, i) => candidate[p]![i]).map(key));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  });
  const height = (p: number) => pages[p]!.height;
  const repeated = (k: string) => pages.length >= 2 && (seen.get(k) ?? 0) >= Math.max(2, 0.4 * pages.length);
  return pages.map(({ lines }, p) => {
    // A layout text dump need not keep the page's margins (pdftotext drops them), so
    // the last row of a table can repeat at a page's foot: there a running line is
    // one a blank line sets apart from the text it frames.
    const apart = (l: Line, i: number) => {
      const gap = (other: Line | undefined) => !other || Math.abs(other.baseline - l.baseline) >= 2 * l.grid!.pitch - 0.01;
      return !l.grid || (l.baseline < height(p) / 2 ? gap(lines[i + 1]) : gap(lines[i - 1]));
    };
    const furniture = lines.map((l, i) => candidate[p]![i]! && (isPageNumber(text(l), { bare: true }) || (repeated(key(l)) && apart(l, i))));
    // Furniture frames the page: only the lines above all content or below it go.
    // A line amid content is content, whatever it looks like (the second line of a
    // wrapped label at the same height on two pages).
    const firstContent = furniture.indexOf(false);
    const lastContent = furniture.lastIndexOf(false);
    return lines.filter((_, i) => !furniture[i] || (i > firstContent && i < lastContent && firstContent >= 0));
  });
}
