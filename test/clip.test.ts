import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TextRuns, visibleItems } from "../src/read/clip.js";
import { readPdf } from "../src/read/pdf.js";
import type { TextItem } from "../src/read/text.js";
import type { ReadResult } from "../src/read/types.js";
import { CORPUS, FIXTURES, simplePdf, tinyPdf } from "./helpers.js";

// Text and lines clipped out of view are not read (src/read/clip.ts), by either
// reader, and both readers leave out the same: WPS Office paints a table cell
// that runs over a page break whole on both pages, each time clipped to the
// part on that page, so every text layer holds the other page's lines too.

const CLIP = join(FIXTURES, "clip");
const texts = (r: ReadResult, page = 0) => r.pages[page]!.fragments.map((f) => f.text);
const view = (r: ReadResult) => r.pages.map(({ page, width, height, fragments, rules, sideways }) => ({ page, width, height, fragments, rules, sideways }));

describe("declarations drawn the WPS way (fixtures/clip, scripts/make-clip-fixture.mjs)", () => {
  const lines = JSON.parse(readFileSync(join(CLIP, "wps-clipped-cells.lines.json"), "utf8")) as { page: number; seen: string[]; unseen: { text: string; where: string }[] }[];
  const squash = (parts: string[]) => parts.join("").replace(/\s+/g, "");

  it("holds lines drawn out of sight, in the margins and beyond the page edges", () => {
    const unseen = lines.flatMap((p) => p.unseen);
    expect(unseen.filter((l) => l.where === "in the margin").length).toBeGreaterThan(10);
    expect(unseen.filter((l) => l.where === "beyond the page edge").length).toBeGreaterThan(0);
  });

  it("reads, on every page, exactly the lines a person sees, in the order they are drawn", async () => {
    const own = await readPdf(new Uint8Array(readFileSync(join(CLIP, "wps-clipped-cells.pdf"))));
    expect(own.textFrom).toBe("content");
    expect(own.pages.map((p) => squash(p.fragments.map((f) => f.text)))).toEqual(lines.map((p) => squash(p.seen)));
  });

  it("reads the same on pdf.js's path, with the clips from the own content reader or from pdf.js's operator list", async () => {
    const bytes = readFileSync(join(CLIP, "wps-clipped-cells.pdf"));
    const own = await readPdf(new Uint8Array(bytes));
    const pdfjs = await readPdf(new Uint8Array(bytes), { textSource: "pdfjs" });
    expect(pdfjs.textFrom).toBe("pdfjs");
    expect(view(pdfjs)).toEqual(view(own));
    // Encrypted (an owner password only): the own reader declines it, and the clips come from pdf.js's operator list.
    const locked = await readPdf(new Uint8Array(readFileSync(join(CLIP, "wps-clipped-cells-encrypted.pdf"))));
    expect(locked.textFrom).toBe("pdfjs");
    expect(locked.declined).toMatch(/encrypted/);
    expect(locked.pages.map((p) => p.rulesFrom)).toEqual(own.pages.map(() => "pdfjs"));
    expect(view(locked)).toEqual(view(own));
  });

  it("keeps only what shows of the borders drawn whole under a split cell's clip", async () => {
    const own = await readPdf(new Uint8Array(readFileSync(join(CLIP, "wps-clipped-cells.pdf"))));
    // The script clips each page to its margins less 12 pt (as WPS clips to the printable area).
    for (const page of own.pages) {
      for (const r of page.rules) {
        expect(r.y0, `page ${page.page}`).toBeGreaterThanOrEqual(50 - 12 - 1);
        expect(r.y1, `page ${page.page}`).toBeLessThanOrEqual(page.height - 50 + 12 + 1);
      }
    }
  });
});

describe("the real WPS export (fixtures/corpus/real)", () => {
  it("starts page 4 where a person sees it start, not with page 3's clipped lines", async () => {
    const bytes = readFileSync(join(CORPUS, "real", "putuo-commerce-2025-budget.pdf"));
    for (const options of [{}, { textSource: "pdfjs" as const }]) {
      const r = await readPdf(new Uint8Array(bytes), options);
      expect(texts(r, 3)[0]).toMatch(/^应急机制，协调重要商品储备/);
      expect(texts(r, 3).join("")).not.toContain("导本区相关企业技术创新");
      // Page 3 holds the start of page 4's part in its bottom margin: not read there either.
      expect(texts(r, 2).join("")).toContain("导本区相关企业技术创新");
      expect(texts(r, 2).join("")).not.toContain("应急机制");
    }
  });
});

/**
 * One page painting `content` (Helvetica /F1, so pdf.js reads the text), read
 * with the clips from the own content reader and from pdf.js's operator list;
 * both must agree.
 */
async function readBoth(pdf: Uint8Array): Promise<ReadResult> {
  const own = await readPdf(pdf.slice());
  const opList = await readPdf(pdf.slice(), { ruleSource: "pdfjs" });
  expect(own.pages[0]!.rulesFrom).toBe("content");
  expect(opList.pages[0]!.rulesFrom).toBe("pdfjs");
  expect(view(opList)).toEqual(view(own));
  return own;
}
const line = (x: number, y: number, s: string) => `BT /F1 12 Tf ${x} ${y} Td (${s}) Tj ET`;

describe("clips in the content stream", () => {
  it("leaves out text painted outside the clip, and q/Q restores the clip", async () => {
    const r = await readBoth(simplePdf(`q 100 600 200 100 re W n ${line(110, 650, "inside")} ${line(110, 500, "below")} Q ${line(110, 450, "after Q")}`));
    expect(texts(r)).toEqual(["inside", "after Q"]);
  });

  it("intersects nested clips, W* as W", async () => {
    const r = await readBoth(simplePdf(`q 0 0 300 842 re W n q 200 0 395 842 re W* n ${line(100, 700, "left")} ${line(250, 650, "middle")} ${line(400, 600, "right")} Q Q`));
    expect(texts(r)).toEqual(["middle"]);
  });

  it("takes a clip that is no rectangle as its bounding box (never hiding what shows)", async () => {
    // A triangle: "corner" lies outside it but inside its box; a curve: its box includes the control points.
    const triangle = `q 100 600 m 300 600 l 200 700 l h W n ${line(105, 685, "corner")} ${line(110, 500, "below")} Q`;
    const curve = `q 100 600 m 100 700 300 700 300 600 c h W n ${line(110, 690, "under the arch")} ${line(110, 720, "above")} Q`;
    expect(texts(await readBoth(simplePdf(triangle)))).toEqual(["corner"]);
    expect(texts(await readBoth(simplePdf(curve)))).toEqual(["under the arch"]);
  });

  it("ignores a W with no path at all, and a Q the page never saved", async () => {
    const r = await readBoth(simplePdf(`Q W n ${line(110, 650, "still read")}`));
    expect(texts(r)).toEqual(["still read"]);
  });

  it("reads a line when at least half its height shows, and whole when its start shows", async () => {
    // 12 pt text: its box runs from 1.68 below the baseline to 10.32 above it. A clip from 3 above the
    // baseline shows 7.3 of it; from 8 above, 2.3 (a sliver, as of the next line below a cell's clip).
    const grazing = (from: number, s: string) => `q 100 ${600 + from} 300 100 re W n ${line(110, 600, s)} Q`;
    expect(texts(await readBoth(simplePdf(grazing(3, "mostly shown"))))).toEqual(["mostly shown"]);
    expect(texts(await readBoth(simplePdf(grazing(8, "a sliver"))))).toEqual([]);
    // Cut at the side (a cell's overflow): pdf.js's items cannot be cut glyph by glyph, so it is read whole.
    const overflow = `q 100 590 40 40 re W n ${line(110, 600, "overflowing text")} Q`;
    expect(texts(await readBoth(simplePdf(overflow)))).toEqual(["overflowing text"]);
  });

  it("cuts ruling lines at the clip and drops those outside it", async () => {
    const r = await readBoth(simplePdf(`q 100 600 200 100 re W n 50 650 m 400 650 l S 50 500 m 400 500 l S 150 400 m 150 800 l S Q 50 450 m 400 450 l S`));
    const rules = r.pages[0]!.rules.map(({ orientation, x0, x1, y0, y1 }) => [orientation, x0, x1, y0, y1].map((v) => (typeof v === "number" ? Math.round(v) : v)));
    // Page space runs down from the top of the 842 pt page.
    expect(rules).toEqual([
      ["h", 100, 300, 192, 192],
      ["v", 150, 150, 142, 242],
      ["h", 50, 400, 392, 392],
    ]);
  });

  it("clips a form XObject to its /BBox, and keeps the form's clip to the form", async () => {
    const form = `${line(10, 10, "in the box")} ${line(10, 200, "out of the box")} 0 0 5 5 re W n`;
    const page = `q 1 0 0 1 100 600 cm /X1 Do Q ${line(100, 400, "after the form")}`;
    const pdf = tinyPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>",
      `<< /Length ${page.length} >>\nstream\n${page}\nendstream`,
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      `<< /Type /XObject /Subtype /Form /BBox [0 0 200 100] /Resources << /Font << /F1 5 0 R >> >> /Length ${form.length} >>\nstream\n${form}\nendstream`,
    ]);
    expect(texts(await readBoth(pdf))).toEqual(["in the box", "after the form"]);
  });
});

describe("matching text items to the operators that showed them", () => {
  const item = (str: string, x: number, y: number, width = 40): TextItem => ({ str, transform: [12, 0, 0, 12, x, y], width, height: 12 });
  const box = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y1] as const;

  it("judges an item by the clip of the run that starts where it starts", () => {
    const runs = new TextRuns();
    runs.push(box(0, 0, 100, 100), 10, 50);
    runs.push(box(0, 500, 100, 600), 10, 50); // the same place, a later run: the next item is matched to it
    const items = [item("shown", 10, 50), item("hidden", 10, 50)];
    expect(visibleItems(items, runs).map((i) => i.str)).toEqual(["shown"]);
  });

  it("keeps an item no run names unless every clip it may have been shown under hides it", () => {
    const runs = new TextRuns();
    runs.push(box(0, 0, 100, 100), 10, 50);
    runs.push(box(0, 500, 100, 600), NaN, NaN); // its place needs the font
    runs.push(box(0, 500, 100, 600), 10, 300);
    // "maybe" (at 60, 50) and "gone" (at 10, 200) started in run 0 or 1: run 0's clip shows "maybe", neither shows "gone".
    const items = [item("first", 10, 50), item("maybe", 60, 50), item("gone", 10, 200), item("last", 10, 300)];
    expect(visibleItems(items, runs).map((i) => i.str)).toEqual(["first", "maybe"]);
  });
});
