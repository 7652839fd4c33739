import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCells, cellText } from "../src/layout/cells.js";
import { dropFurniture } from "../src/layout/furniture.js";
import { groupLines, lineText, type Line } from "../src/layout/lines.js";
import { parseFormRegion } from "../src/parse/form.js";
import { squash } from "../src/parse/join.js";
import { readPdf } from "../src/read/pdf.js";
import type { ReadResult } from "../src/read/types.js";
import { isHeading, splitForms } from "../src/segment.js";
import { CORPUS, FIXTURES, fixturePdfs, simplePdf, truthOf } from "./helpers.js";

// Each stage on its own, on real fixture PDFs.

// Taken before anything loads pdf.js. (Comparing by identity: core-js makes its
// replacements print as "[native code]".)
const NATIVES = [Array.prototype.push, JSON.parse, JSON.stringify];

const cache = new Map<string, Promise<ReadResult>>();
function read(name: string): Promise<ReadResult> {
  if (!cache.has(name)) cache.set(name, readPdf(new Uint8Array(readFileSync(join(FIXTURES, name)))));
  return cache.get(name)!;
}

function pipelineLines(r: ReadResult): Line[][] {
  return dropFurniture(r.pages.map((p) => ({ lines: groupLines(p), rules: p.rules, height: p.height })));
}

describe("read", () => {
  it("gives each page's fragments with boxes in top-down page space", async () => {
    const r = await read("a4-portrait-ruled-sans.pdf");
    expect(r.pageCount).toBe(8);
    const page = r.pages[0]!;
    expect(page.width).toBeCloseTo(595.28, 0);
    const title = page.fragments.find((f) => f.text.includes("申报表"))!;
    expect(title.top).toBeLessThan(title.baseline);
    // The title is near the top of the page, above every label.
    const code = page.fragments.find((f) => f.text.startsWith("项目编码"))!;
    expect(title.baseline).toBeLessThan(code.baseline);
    expect(code.x0).toBeLessThan(code.x1);
  });

  it("decodes stroked lines into horizontal and vertical rules", async () => {
    const { rules } = (await read("a4-portrait-ruled-sans.pdf")).pages[0]!;
    expect(rules.filter((r) => r.orientation === "h").length).toBeGreaterThan(10);
    expect(rules.filter((r) => r.orientation === "v").length).toBeGreaterThan(10);
    for (const r of rules) {
      if (r.orientation === "h") expect(r.y0).toBe(r.y1);
      else expect(r.x0).toBe(r.x1);
    }
  });

  it("decodes thin filled rectangles into rules as well", async () => {
    const { rules } = (await read("a4-landscape-filled-serif.pdf")).pages[0]!;
    expect(rules.filter((r) => r.orientation === "h").length).toBeGreaterThan(10);
    expect(rules.filter((r) => r.orientation === "v").length).toBeGreaterThan(10);
  });

  // Every fixture (and corpus PDF) is read by the own content-stream reader on
  // every page, and gives exactly pdf.js's rules. The damaged regression files
  // are left out: a page the own reader cannot decode goes to pdf.js by design.
  // Read all by pdf.js, the clips come from its operator list too (as for an
  // encrypted file): the same text is left out as clipped (src/read/clip.ts).
  const pdfs = [...fixturePdfs().map((f) => join(FIXTURES, f)), ...readdirSync(CORPUS).filter((f) => f.endsWith(".pdf")).map((f) => join(CORPUS, f))];
  it.each(pdfs.map((p) => [basename(p), p]))("reads the rules of %s itself, and exactly as pdf.js does", async (_, path) => {
    const own = await readPdf(new Uint8Array(readFileSync(path)));
    const pdfjs = await readPdf(new Uint8Array(readFileSync(path)), { ruleSource: "pdfjs", textSource: "pdfjs" });
    expect(own.pages.map((p) => p.rulesFrom)).toEqual(own.pages.map(() => "content"));
    expect(pdfjs.pages.map((p) => p.rulesFrom)).toEqual(own.pages.map(() => "pdfjs"));
    expect(own.pages.map((p) => p.rules)).toEqual(pdfjs.pages.map((p) => p.rules));
    expect(own.pages.map((p) => p.fragments)).toEqual(pdfjs.pages.map((p) => p.fragments));
  }, 30_000);

  // The own text reader takes every fixture (pdfkit's embedded TrueType, the
  // non-embedded STSong-Light with UniGB-UCS2-H, object streams, rotated pages)
  // and the corpus files (ReportLab's simple TrueType fonts, Chromium's Type3
  // fonts, 112 in each), and hands the layout exactly what pdf.js would: the
  // same fragments, to the last bit of every coordinate.
  // fixtures/reader/ adds three pages of every text operator and state change
  // pdfkit never writes, and Type3 fonts (text-operators.pdf), PDFs written
  // by LibreOffice, wkhtmltopdf and cairo (scripts/make-reader-fixtures.sh),
  // and one declaration as each producer of the producer mix writes it
  // (decl-*.pdf, scripts/make-producer-mix.mjs: Type1 programs, the standard
  // 14, STSong-Light named otherwise in its descriptor, Ghostscript, XeLaTeX).
  const readerPdfs = readdirSync(join(FIXTURES, "reader")).filter((f) => f.endsWith(".pdf")).map((f) => join(FIXTURES, "reader", f));
  it.each([...pdfs, ...readerPdfs].map((p) => [basename(p), p]))("reads the text of %s itself, and exactly as pdf.js does", async (_, path) => {
    const own = await readPdf(new Uint8Array(readFileSync(path)));
    const pdfjs = await readPdf(new Uint8Array(readFileSync(path)), { textSource: "pdfjs" });
    expect(pdfjs.textFrom).toBe("pdfjs");
    expect(own.textFrom, own.declined).toBe("content");
    const view = (r: ReadResult) => r.pages.map(({ page, width, height, fragments, rules, problems, sideways }) => ({ page, width, height, fragments, rules, problems, sideways }));
    expect(own.pageCount).toBe(pdfjs.pageCount);
    expect(view(own)).toEqual(view(pdfjs));
  });

  it("asks pdf.js for the rules of a page whose content stream it cannot decode, and only that page", async () => {
    const r = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, "regress", "garbled-content-stream.pdf"))));
    expect(r.pages.map((p) => p.rulesFrom)).toEqual(["pdfjs", "content", "content", "content", "content"]);
    expect(r.pages[0]!.rules.length).toBeGreaterThan(0);
  });

  it("reads a page the way its text runs, whatever its /Rotate, and counts text turned against the rest", async () => {
    const line = (y: number) => `BT /F1 12 Tf 1 0 0 1 72 ${y} Tm (Upright text line number ${y}) Tj ET`;
    const turned = "BT /F1 12 Tf 0 1 -1 0 500 100 Tm (This whole line is set sideways, ninety degrees to the rest) Tj ET";
    // Turned by the page's /Rotate, or by the content itself (a quarter turn in cm on an unrotated page).
    const cases = [0, 90, 180, 270].map((rotate) => ({ rotate, cm: "1 0 0 1 0 0" })).concat([{ rotate: 0, cm: "0 1 -1 0 595 0" }, { rotate: 90, cm: "-1 0 0 -1 595 842" }]);
    for (const { rotate, cm } of cases) {
      const r = await readPdf(simplePdf(`q ${cm} cm\n${[line(500), line(480), line(460), turned].join("\n")}\nQ`, `/Rotate ${rotate} `));
      const page = r.pages[0]!;
      expect(page.fragments.map((f) => f.text)).toEqual(["Upright text line number 500", "Upright text line number 480", "Upright text line number 460"]);
      expect(page.sideways).toBe("This whole line is set sideways, ninety degrees to the rest".length);
    }
  });

  it("finds no rules where none are drawn", async () => {
    const r = await read("16k-borderless-top.pdf");
    expect(r.pages.every((p) => p.rules.length === 0)).toBe(true);
  });

  it("leaves Node's own Array.prototype.push and JSON in place after loading pdf.js (its polyfills are slower)", async () => {
    await read("a4-portrait-ruled-sans.pdf");
    const now = [Array.prototype.push, JSON.parse, JSON.stringify];
    now.forEach((fn, i) => expect(fn).toBe(NATIVES[i]));
  });

  it("reads a non-embedded CID font (STSong-Light, UniGB-UCS2-H) through the package CMaps", async () => {
    const page = (await read("cid-stsong-nonembedded.pdf")).pages[0]!;
    expect(page.fragments.map((f) => f.text).join("")).toContain("二级项目支出绩效目标申报表");
    expect(page.problems).toEqual([]);
  });
});

describe("lines", () => {
  it("groups fragments on one baseline, left to right, words keeping their x-ranges", async () => {
    const page = (await read("a4-portrait-ruled-sans.pdf")).pages[0]!;
    const lines = groupLines(page);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.baseline).toBeGreaterThanOrEqual(lines[i - 1]!.baseline);
    const codeLine = lines.find((l) => lineText(l.words).includes("项目编码"))!;
    const xs = codeLine.words.map((w) => w.x0);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(squash(lineText(codeLine.words))).toMatch(/^项目编码：\d{21}项目名称：/);
  });

  it("drops running headers and page numbers, never form text", async () => {
    const r = await read("a4-landscape-filled-serif.pdf");
    const kept = pipelineLines(r).flat().map((l) => squash(lineText(l.words)));
    const all = r.pages.flatMap((p) => groupLines(p)).map((l) => squash(lineText(l.words)));
    expect(all.some((t) => /^第\d+页/.test(t))).toBe(true);
    expect(kept.some((t) => /^第\d+页/.test(t))).toBe(false);
    expect(kept.some((t) => t.includes("项目支出绩效目标") && !t.includes("申报表"))).toBe(false);
    expect(kept.filter((t) => t.includes("二级项目支出绩效目标申报表")).length).toBe(6);
  });
});

describe("segment", () => {
  it("splits at every heading, several forms to a page, ignoring what precedes the first", async () => {
    const r = await read("a4-multi-per-page.pdf");
    const lines = pipelineLines(r);
    const forms = splitForms(r.pages.map((p, i) => ({ page: p.page, lines: lines[i]!, rules: p.rules })));
    expect(forms.length).toBe(8);
    expect(forms.map((f) => f.parts[0]!.page)).toEqual(truthOf(join(FIXTURES, "a4-multi-per-page.pdf")).map((f) => f.pages[0]));
    // Each part's rules lie within its band of the page.
    for (const form of forms) for (const part of form.parts) {
      const top = Math.min(...part.lines.map((l) => l.top));
      for (const rule of part.rules) expect(rule.y1).toBeGreaterThan(top - 30);
    }
  });

  it("takes a line that is the title, not a sentence naming it", () => {
    const line = (text: string): Line => ({ page: 1, baseline: 10, top: 0, bottom: 12, size: 12, words: [{ text, x0: 0, x1: 100, top: 0, bottom: 12, size: 12, spaceBefore: false }] });
    expect(isHeading(line("二级项目支出绩效目标申报表"))).toBe(true);
    expect(isHeading(line("附表3 二级项目支出绩效目标申报表"))).toBe(true);
    expect(isHeading(line("以下为本部门各项目的二级项目支出绩效目标申报表，请审阅。"))).toBe(false);
  });
});

describe("cells", () => {
  let cells: ReturnType<typeof buildCells>;
  beforeAll(async () => {
    const page = (await read("a4-portrait-ruled-sans.pdf")).pages[0]!;
    cells = buildCells(groupLines(page), page.rules);
  });

  it("puts a wrapped label into one ruled box", () => {
    const label = cells.find((c) => squash(cellText(c)).startsWith("项目总金额"))!;
    expect(label.box).not.toBeNull();
    expect(label.lines.length).toBeGreaterThan(1);
    expect(squash(cellText(label))).toBe("项目总金额（中期规划，万元）：");
  });

  it("rebuilds borderless cells from text alone", async () => {
    const page = (await read("16k-borderless-top.pdf")).pages[0]!;
    const loose = buildCells(groupLines(page), page.rules);
    expect(loose.every((c) => c.box === null)).toBe(true);
    const texts = loose.map((c) => squash(cellText(c)));
    expect(texts).toContain("项目编码：");
    expect(texts).toContain("三级指标");
  });
});

describe("parse", () => {
  it("parses a region into the form the truth gives", async () => {
    const r = await read("letter-split-rows.pdf");
    const lines = pipelineLines(r);
    const regions = splitForms(r.pages.map((p, i) => ({ page: p.page, lines: lines[i]!, rules: p.rules })));
    const truth = truthOf(join(FIXTURES, "letter-split-rows.pdf"));
    regions.forEach((region, i) => {
      const { form, warnings } = parseFormRegion(region, i + 1);
      expect(form).toEqual(truth[i]);
      expect(warnings.filter((w) => w.field === "indicators" && /not found|no rows/.test(w.message))).toEqual([]);
    });
  });

  it("warns when a form's table is missing", async () => {
    const r = await read("a4-multi-per-page.pdf");
    const lines = pipelineLines(r);
    const [first] = splitForms(r.pages.map((p, i) => ({ page: p.page, lines: lines[i]!, rules: p.rules })));
    // Keep only the header grid: every line above the table header.
    const cut = first!.parts[0]!.lines.findIndex((l) => squash(lineText(l.words)).includes("三级指标"));
    const headerOnly = { ...first!, parts: [{ ...first!.parts[0]!, lines: first!.parts[0]!.lines.slice(0, cut) }] };
    const { form, warnings } = parseFormRegion(headerOnly, 1);
    expect(form.indicators).toEqual([]);
    expect(form.projectCode).toMatch(/^\d{21}$/);
    expect(warnings.some((w) => w.field === "indicators" && /not found/.test(w.message))).toBe(true);
  });
});
