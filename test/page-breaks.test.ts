import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { extract } from "../src/extract.js";
import { dropFurniture } from "../src/layout/furniture.js";
import { groupLines, lineText, type Line } from "../src/layout/lines.js";
import { parseFormRegion, type ParsedForm } from "../src/parse/form.js";
import { readPdf } from "../src/read/pdf.js";
import type { Form } from "../src/schema.js";
import { splitForms, type FormRegion } from "../src/segment.js";
import { FIXTURES, truthOf } from "./helpers.js";

// Issue 9: page breaks never corrupt a form, and text that ends in no field is
// reported. Each fixture below has a layout the older parser got wrong (see
// fixtures/README.md); the forms must come out exactly, and the glyph boxes each
// field was read from show that the case really occurs in the fixture.

async function regions(name: string): Promise<FormRegion[]> {
  const read = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, name))));
  const lines = dropFurniture(read.pages.map((p) => ({ lines: groupLines(p), rules: p.rules, height: p.height })));
  return splitForms(read.pages.map((p, i) => ({ page: p.page, lines: lines[i]!, rules: p.rules })));
}

async function parsed(name: string): Promise<{ forms: ParsedForm[]; truth: Form[] }> {
  return { forms: (await regions(name)).map((r, i) => parseFormRegion(r, i + 1)), truth: truthOf(join(FIXTURES, name)) };
}

const pagesOf = (pieces: { page: number }[] | undefined) => [...new Set((pieces ?? []).map((p) => p.page))];
const extraction = (p: ParsedForm) => p.warnings.filter((w) => w.about === "extraction");

describe("a header value cut by a page break", () => {
  it.each(["a4-open-breaks.pdf", "a4l-repeated-head-split.pdf", "a4-forms-then-tables.pdf"])(
    "%s: the part on the page without the label joins its field",
    async (name) => {
      const { forms, truth } = await parsed(name);
      let split = 0;
      forms.forEach(({ form, sources }, i) => {
        for (const key of ["overview", "annualGoal", "longTermGoal"] as const) {
          if (pagesOf(sources.form[key]).length < 2) continue;
          split++;
          expect(form[key], `form ${i + 1} ${key}`).toBe(truth[i]![key]);
        }
      });
      expect(split).toBeGreaterThan(0);
      expect(forms.flatMap(extraction)).toEqual([]);
    },
  );

  it("with its label printed on the continuation page only (a4l-repeated-head-split)", async () => {
    const [regionsOf, { forms, truth }] = [await regions("a4l-repeated-head-split.pdf"), await parsed("a4l-repeated-head-split.pdf")];
    let labelAfter = 0;
    forms.forEach(({ form, sources }, i) => {
      for (const [key, label] of [["overview", "项目概况"], ["annualGoal", "年度目标"]] as const) {
        const pages = pagesOf(sources.form[key]);
        if (pages.length < 2) continue;
        const labelPage = regionsOf[i]!.parts.find((part) => part.lines.some((l) => lineText(l.words).replace(/\s/g, "").startsWith(label)))?.page;
        if (labelPage === pages[1]) labelAfter++;
        expect(form[key]).toBe(truth[i]![key]);
      }
    });
    expect(labelAfter).toBeGreaterThan(0);
  });
});

describe("a table row cut by a page break", () => {
  it.each(["a4-open-breaks.pdf", "a4l-repeated-head-split.pdf", "letter-split-rows.pdf", "a4-national-wording.pdf"])(
    "%s: each cell's tail on the next page stays in its row",
    async (name) => {
      const { forms, truth } = await parsed(name);
      let split = 0;
      forms.forEach(({ form, sources }, i) => {
        sources.indicators.forEach((row, j) => {
          if (pagesOf(row.explanation).length < 2 && pagesOf(row.level3).length < 2) return;
          split++;
          expect(form.indicators[j], `form ${i + 1} row ${j + 1}`).toEqual(truth[i]!.indicators[j]);
        });
        expect(form.indicators.length).toBe(truth[i]!.indicators.length);
      });
      expect(split).toBeGreaterThan(0);
    },
  );

  it("a head repeated inside the split row enters no field (a4l-repeated-head-split)", async () => {
    const { forms } = await parsed("a4l-repeated-head-split.pdf");
    const text = JSON.stringify(forms.map((f) => f.form.indicators));
    for (const word of ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]) expect(text).not.toContain(word);
    expect(forms.flatMap(extraction)).toEqual([]);
  });

  it("a merged 一级/二级 cell whose text is printed on the next page only covers its rows on both (a4-open-breaks)", async () => {
    const { forms, truth } = await parsed("a4-open-breaks.pdf");
    let elsewhere = 0;
    forms.forEach(({ form, sources }, i) => {
      sources.indicators.forEach((row, j) => {
        const rowPage = pagesOf(row.level3)[0];
        for (const key of ["level1", "level2"] as const) {
          if (pagesOf(row[key])[0] === rowPage) continue;
          if (pagesOf(row[key])[0]! > rowPage!) elsewhere++;
          expect(form.indicators[j]![key], `form ${i + 1} row ${j + 1} ${key}`).toBe(truth[i]!.indicators[j]![key]);
        }
      });
    });
    expect(elsewhere).toBeGreaterThan(0);
  });
});

describe("a form ends where its table ends", () => {
  let doc: Awaited<ReturnType<typeof extract>>;
  beforeAll(async () => {
    doc = await extract(join(FIXTURES, "a4-forms-then-tables.pdf"));
  });

  it("the budget tables and signature blocks after a form are none of its fields, nor its pages", () => {
    const truth = truthOf(join(FIXTURES, "a4-forms-then-tables.pdf"));
    expect(doc.forms).toEqual(truth);
    const text = JSON.stringify(doc.forms);
    for (const word of ["单位负责人", "填报人", "联系电话", "项目支出预算明细表", "合  计", "本年预算", "名词解释"]) expect(text).not.toContain(word);
    expect(doc.warnings.filter((w) => w.about === "extraction")).toEqual([]);
    // The last table and the glossary have pages of their own, which no form spans.
    expect(Math.max(...doc.forms.flatMap((f) => f.pages))).toBeLessThan(doc.pageCount! - 1);
  });
});

describe("borderless tables", () => {
  it("a value printed right up to the next label is cut apart at the label (a4-borderless-glued)", async () => {
    const read = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, "a4-borderless-glued.pdf"))));
    // The case is there: a project code and the next label with less than a column gutter between them.
    const lines = read.pages.flatMap((p) => groupLines(p));
    const glued = lines.filter((l: Line) => {
      const i = l.words.findIndex((w) => /^\d{21}$/.test(w.text));
      const next = l.words[i + 1];
      return i >= 0 && next && next.text.startsWith("项目名称") && next.x0 - l.words[i]!.x1 < 0.9 * next.size;
    });
    expect(glued.length).toBeGreaterThan(0);
    const doc = await extract(join(FIXTURES, "a4-borderless-glued.pdf"));
    expect(doc.forms).toEqual(truthOf(join(FIXTURES, "a4-borderless-glued.pdf")));
    expect(doc.warnings.filter((w) => w.about === "extraction")).toEqual([]);
  });
});

describe("the national 2021+ template", () => {
  it("is read exactly, with no false core-category warning (a4-national-wording)", async () => {
    const doc = await extract(join(FIXTURES, "a4-national-wording.pdf"));
    expect(doc.forms).toEqual(truthOf(join(FIXTURES, "a4-national-wording.pdf")));
    expect(doc.forms.flatMap((f) => f.indicators.map((r) => r.level1))).toContain("成本指标");
    expect(doc.warnings).toEqual([]);
  });
});

describe("the books of a form", () => {
  it("every word of a clean form ends in a place: no unplaced text", async () => {
    for (const name of ["a4-open-breaks.pdf", "a4-borderless-glued.pdf", "budget-report.pdf", "a4-landscape-filled-serif.pdf"]) {
      const { forms } = await parsed(name);
      expect(forms.flatMap((f) => f.unplaced), name).toEqual([]);
    }
  });

  it("text printed in a form's region that belongs to no field is named in an extraction warning, with its form and page", async () => {
    const all = await regions("a4-multi-per-page.pdf");
    const region = all[2]!;
    // A stamp's text in the table's area, between the table and nothing else.
    const part = region.parts[0]!;
    const row = part.lines.at(-1)!;
    const stamp: Line = {
      ...row,
      baseline: row.baseline + 0.5,
      top: row.top + 0.5,
      bottom: row.bottom + 0.5,
      words: [{ text: "（此处加盖公章）", x0: row.words[0]!.x0 - 30, x1: row.words[0]!.x0 - 2, top: row.top, bottom: row.bottom, size: row.size, spaceBefore: false }],
    };
    const clean = parseFormRegion(region, 3);
    expect(clean.unplaced).toEqual([]);
    const stamped = parseFormRegion({ ...region, parts: [{ ...part, lines: [...part.lines, stamp] }, ...region.parts.slice(1)] }, 3);
    expect(stamped.form).toEqual(clean.form);
    expect(stamped.unplaced.map((u) => u.text)).toEqual(["（此处加盖公章）"]);
    expect(stamped.warnings).toContainEqual(
      expect.objectContaining({ form: 3, page: part.page, about: "extraction", code: "unplaced-text", message: expect.stringContaining("（此处加盖公章）") }),
    );
  });

  it("the heading's unit note (金额单位：万元) is the heading's, not unplaced text", async () => {
    const region = (await regions("a4-multi-per-page.pdf"))[0]!;
    const h = region.heading;
    const part = region.parts[0]!;
    // Between the heading and the grid's first line, at the right.
    const top = h.bottom + 0.5, bottom = part.lines[0]!.top - 4;
    expect(bottom - top).toBeGreaterThan(3);
    const note: Line = {
      ...h,
      baseline: bottom - 0.5,
      top,
      bottom,
      size: bottom - top,
      words: [{ text: "金额单位：万元", x0: 480, x1: 540, top, bottom, size: bottom - top, spaceBefore: false }],
    };
    const withNote = parseFormRegion({ ...region, parts: [{ ...part, lines: [note, ...part.lines] }, ...region.parts.slice(1)] }, 1);
    expect(withNote.form).toEqual(parseFormRegion(region, 1).form);
    expect(withNote.unplaced).toEqual([]);
  });

  it("a row that lost its 指标值 is flagged, not passed off as complete", async () => {
    const region = (await regions("a4-multi-per-page.pdf"))[0]!;
    const clean = parseFormRegion(region, 1);
    const row = clean.form.indicators[1]!;
    // Take the second row's value off the page (the word on its line that reads as the value).
    const lines = region.parts.map((part) => ({
      ...part,
      lines: part.lines.map((l) => (lineText(l.words).includes(row.level3) ? { ...l, words: l.words.filter((w) => w.text !== row.value) } : l)),
    }));
    const cut = parseFormRegion({ ...region, parts: lines }, 1);
    expect(cut.form.indicators[1]!.value).toBe("");
    expect(cut.warnings).toContainEqual(expect.objectContaining({ form: 1, field: "indicators[1]", about: "extraction", code: "row-doubtful" }));
    expect(clean.warnings.filter((w) => w.code === "row-doubtful")).toEqual([]);
  });
});
