import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExtractError } from "../src/errors.js";
import { extractDetailed } from "../src/extract.js";
import { readPdf } from "../src/read/pdf.js";
import type { Document, WarningCode } from "../src/schema.js";
import { needsReview } from "../src/warning.js";
import { appendUpdate, dictOf, objectsOf, objectsWhere, refsUnder, replaceValue, type RawObject } from "./fuzz-pdf.mjs";
import { BIN, CORPUS, FIXTURES } from "./helpers.js";

// Damage to a document's structure that still parses: each is made here from a
// real PDF (most as an incremental update with its own cross-reference section,
// so every reader sees it), and each must either leave the output exactly as
// the undamaged file's, or say so in an `extraction` warning (exit status 1).

const load = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const SYNTH = join(CORPUS, "synth-102.pdf"); // ReportLab: simple TrueType fonts, 13 pages, 10 forms
const PDFKIT = join(FIXTURES, "a4-multi-per-page.pdf"); // pdfkit: Identity-H fonts with /W, 4 pages, 8 forms

const isPage = /\/Type\s*\/Page(?![A-Za-z])/;
const isPages = /\/Type\s*\/Pages\b/;
const ref = (num: number): string => `${num} 0 R`;

function parts(bytes: Uint8Array) {
  const objects = objectsOf(bytes);
  const top = objectsWhere(objects, isPages).find((n) => !/\/Parent\b/.test(dictOf(n.body)))!;
  const pages = refsUnder(top.body, "Kids").map((num) => objects.get(num)!);
  return { objects, top, pages };
}

async function documentOf(bytes: Uint8Array): Promise<{ document: Document; textLost: boolean; reader?: string }> {
  return extractDetailed(bytes, { source: "x.pdf" });
}

const codes = (doc: Document): WarningCode[] => doc.warnings.map((w) => w.code);

describe("one view of the document: text and ruling lines from the same objects", () => {
  it("an object redefined after %%EOF, unseen by pdf.js, does not lend its lines to pdf.js's text", async () => {
    // Page 2's definition appended after %%EOF with no cross-reference section:
    // pdf.js reads the page the file's table lists; a scan of the file finds the
    // appended one, which shows page 3's content. The own reader leaves such a file
    // to pdf.js; its lines must then come from pdf.js too, or page 2's rows vanish
    // between the text of one page and the lines of another.
    const bytes = load(SYNTH);
    const { objects, pages } = parts(bytes);
    const page = pages[1]!;
    const other = refsUnder(pages[2]!.body, "Contents")[0]!;
    const damaged = appendUpdate(bytes, new Map([[page.num, replaceValue(page.body, "Contents", ref(other))!]]), { xref: false });
    expect(objects.size).toBeGreaterThan(0);

    const read = await readPdf(damaged.slice());
    expect(read.textFrom).toBe("pdfjs");
    expect(read.pages.every((p) => p.rulesFrom === "pdfjs")).toBe(true);
    const [before, after] = await Promise.all([documentOf(bytes), documentOf(damaged)]);
    expect(after.document.forms).toEqual(before.document.forms);
    expect(after.document.warnings).toEqual(before.document.warnings);
  }, 60_000);

  it("keeps the own reader's lines where its objects are pdf.js's (a sound cross-reference chain)", async () => {
    // A file the own reader declines for its fonts alone (pdf.js reads the text) still gets its lines from the own reader.
    const read = await readPdf(load(join(FIXTURES, "bad", "hostile-fontmatrix.pdf")));
    expect(read.textFrom).toBe("pdfjs");
    expect(read.pages.some((p) => p.rulesFrom === "content")).toBe(true);
  }, 60_000);
});

describe("lost structure is never quiet", () => {
  async function warned(damaged: Uint8Array, code: WarningCode): Promise<Document> {
    const { document, textLost } = await documentOf(damaged);
    expect(codes(document)).toContain(code);
    const w = document.warnings.find((x) => x.code === code)!;
    expect(w.about).toBe("extraction");
    expect(w.message).toMatch(/^the PDF is damaged: |page \d+/);
    expect(needsReview(document) && textLost).toBe(true);
    return document;
  }

  it("a /Pages that points at one page: the pages the tree no longer reaches are named", async () => {
    const bytes = load(SYNTH);
    const { objects, pages } = parts(bytes);
    const catalog = objectsWhere(objects, /\/Type\s*\/Catalog\b/)[0]!;
    const damaged = appendUpdate(bytes, new Map([[catalog.num, replaceValue(catalog.body, "Pages", ref(pages[0]!.num))!]]));
    const doc = await warned(damaged, "pages-unreached");
    expect(doc.warnings.find((w) => w.code === "pages-unreached")!.message).toMatch(/12 of the 13 pages it holds are not reached/);
  }, 60_000);

  it("a /Count lower than the pages: pdf.js reads that many and stops; the rest are named", async () => {
    const bytes = load(SYNTH);
    const { top } = parts(bytes);
    const damaged = appendUpdate(bytes, new Map([[top.num, replaceValue(top.body, "Count", "11")!]]));
    const doc = await warned(damaged, "pages-unreached");
    expect(codes(doc)).toContain("page-count-wrong");
    expect(doc.pageCount).toBe(11);
  }, 60_000);

  it("a /Count higher than the pages", async () => {
    const bytes = load(PDFKIT);
    const { top } = parts(bytes);
    await warned(appendUpdate(bytes, new Map([[top.num, replaceValue(top.body, "Count", "7")!]])), "page-count-wrong");
  }, 60_000);

  it("/Count -1: no page is read, and the file fails as damaged, naming the page tree, not as '0 of its -1 pages have no text layer'", async () => {
    const bytes = load(PDFKIT);
    const { top } = parts(bytes);
    const damaged = appendUpdate(bytes, new Map([[top.num, replaceValue(top.body, "Count", "-1")!]]));
    const error = await documentOf(damaged).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as ExtractError).code).toBe("damaged");
    expect((error as ExtractError).message).toBe("its page tree says it has -1 pages, so no page of it can be read; ask the sender for a fresh copy");
  }, 60_000);

  it("a page listed twice: named, and the form it repeats is a declaration warning of its own", async () => {
    const bytes = load(PDFKIT);
    const { top, pages } = parts(bytes);
    const kids = refsUnder(top.body, "Kids");
    const body = replaceValue(replaceValue(top.body, "Kids", `[${[...kids, kids[0]!].map(ref).join(" ")}]`)!, "Count", String(kids.length + 1))!;
    const doc = await warned(appendUpdate(bytes, new Map([[top.num, body]])), "page-repeated");
    expect(pages.length).toBe(4);
    const repeated = doc.warnings.filter((w) => w.code === "project-code-repeated");
    expect(repeated.length).toBeGreaterThan(0);
    expect(repeated.every((w) => w.about === "declaration" && w.field === "projectCode")).toBe(true);
  }, 60_000);

  it("glyph widths that cannot be right: negative, or tens of ems", async () => {
    for (const value of ["-1000", "90000"]) {
      const bytes = load(SYNTH);
      const font = objectsWhere(objectsOf(bytes), /\/Widths\s*\[/)[0]!;
      const body = font.body.replace(/\/Widths\s*\[\s*(-?[\d.]+)/, (m, first: string) => m.replace(first, value));
      const doc = await warned(appendUpdate(bytes, new Map([[font.num, body]])), "glyph-widths-damaged");
      expect(doc.warnings.find((w) => w.code === "glyph-widths-damaged")!.message).toContain(`a width of ${value}`);
    }
  }, 60_000);

  it("a /W range of four billion glyphs is refused before pdf.js sees it (pdf.js would abort the process)", () => {
    const bytes = load(PDFKIT);
    const font = objectsWhere(objectsOf(bytes), /\/W\s*\[/)[0] as RawObject;
    const damaged = appendUpdate(bytes, new Map([[font.num, font.body.replace(/\/W\s*\[/, "/W [0 4294967295 1000 ")]]));
    const dir = mkdtempSync(join(tmpdir(), "perf-extract-w-"));
    writeFileSync(join(dir, "w.pdf"), damaged);
    // In a process of its own: without the bound, V8 aborts it (exit 133) after minutes and gigabytes.
    const run = spawnSync(process.execPath, [BIN, "--jobs", "0", join(dir, "w.pdf"), "-o", join(dir, "w.json")], { encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/glyph widths of its font .* are damaged \(one range covers 4,294,967,296 glyphs/);
  }, 70_000);

  it("a /MediaBox that leaves the page's drawing outside it, or is larger than any page", async () => {
    const bytes = load(PDFKIT);
    const { pages } = parts(bytes);
    const last = pages.at(-1)!;
    for (const box of ["[0 0 -595.28 -841.89]", "[0 0 1e9 1e9]"]) {
      const body = replaceValue(last.body, "MediaBox", box)!;
      const doc = await warned(appendUpdate(bytes, new Map([[last.num, body]])), "page-box-damaged");
      expect(doc.warnings.find((w) => w.code === "page-box-damaged")!.page).toBe(pages.length);
    }
  }, 60_000);

  it("a page whose content stream was deleted is named, though pdf.js shows it empty without a word", async () => {
    const bytes = load(SYNTH);
    const { pages } = parts(bytes);
    const content = refsUnder(pages.at(-1)!.body, "Contents")[0]!;
    const doc = await warned(appendUpdate(bytes, new Map(), { free: [content] }), "text-lost");
    expect(doc.warnings.find((w) => w.code === "text-lost")!.message).toContain(`its content stream (object ${content}) is missing`);
  }, 60_000);

  it("an undamaged file of each producer carries none of these warnings", async () => {
    const structural = new Set<WarningCode>(["pages-unreached", "page-repeated", "page-count-wrong", "glyph-widths-damaged", "page-box-damaged", "project-code-repeated"]);
    for (const path of [SYNTH, PDFKIT, join(FIXTURES, "a4-objstm-forms.pdf"), join(CORPUS, "pub-national.pdf"), join(CORPUS, "seed-chromium.pdf"), join(FIXTURES, "cid-stsong-nonembedded.pdf")]) {
      const { document } = await documentOf(load(path));
      expect(codes(document).filter((c) => structural.has(c)), path).toEqual([]);
    }
  }, 60_000);
});

describe("page objects are told from everything else", () => {
  it("finds the pages of a tagged PDF among its thousands of objects, and no damage", async () => {
    const bytes = load(join(CORPUS, "seed-chromium.pdf"));
    const pageCount = objectsWhere(objectsOf(bytes), isPage).length;
    const read = await readPdf(bytes.slice());
    expect(read.pageCount).toBe(pageCount);
    expect(read.damage).toEqual([]);
  }, 60_000);
});
