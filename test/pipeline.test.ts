import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract, extractDetailed } from "../src/extract.js";
import { ExtractError } from "../src/errors.js";
import { CORPUS, FIXTURES, fixturePdfs, simplePdf, truthOf } from "./helpers.js";

// End to end on real PDFs: every fixture layout (ruled, filled-rectangle rules,
// borderless, several forms a page, rows split by page breaks, forms inside a
// report, a non-embedded CID font) must give its truth exactly, field by field.

describe.each(fixturePdfs())("fixture %s", (name) => {
  it("converts to exactly its truth", async () => {
    const path = join(FIXTURES, name);
    const doc = await extract(path);
    const truth = truthOf(path);
    expect(doc.forms.length).toBe(truth.length);
    truth.forEach((form, i) => {
      const got = doc.forms[i]!;
      for (const key of Object.keys(form) as (keyof typeof form)[]) {
        if (key === "indicators") continue;
        expect(got[key], `form ${i + 1} ${key}`).toEqual(form[key]);
      }
      expect(got.indicators.length, `form ${i + 1} rows`).toBe(form.indicators.length);
      form.indicators.forEach((row, j) => expect(got.indicators[j], `form ${i + 1} row ${j + 1}`).toEqual(row));
    });
    // Exact, so nothing may claim a person must look.
    expect(doc.warnings.filter((w) => w.about === "extraction")).toEqual([]);
  });
});

// Cells drawn whole on both pages under a clip, as WPS Office exports them
// (fixtures/clip/, scripts/make-clip-fixture.mjs): what is clipped away is not
// read, and what shows on each page joins its other part.
describe.each(readdirSync(join(FIXTURES, "clip")).filter((f) => f.endsWith(".pdf")))("clip fixture %s", (name) => {
  it("converts to exactly its truth, with no extraction warning", async () => {
    const path = join(FIXTURES, "clip", name);
    const doc = await extract(path);
    expect(doc.forms).toEqual(truthOf(path));
    expect(doc.warnings.filter((w) => w.about === "extraction")).toEqual([]);
  });
});

describe("extract", () => {
  it("accepts a Buffer and a Uint8Array as well as a path", async () => {
    const path = join(FIXTURES, "a4-multi-per-page.pdf");
    const bytes = readFileSync(path);
    const fromBuffer = await extract(bytes);
    const fromArray = await extract(new Uint8Array(bytes), { source: "x.pdf" });
    expect(fromBuffer.source).toBe("<buffer>");
    expect(fromArray.source).toBe("x.pdf");
    expect(fromArray.forms).toEqual((await extract(path)).forms);
    expect(fromBuffer.pageCount).toBe(4);
  });

  it("drops 不适用 rows with skipNotApplicable", async () => {
    const doc = await extract(join(FIXTURES, "a4-multi-per-page.pdf"), { skipNotApplicable: true });
    const rows = doc.forms.flatMap((f) => f.indicators);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.applicable)).toBe(true);
  });

  it("ignores a sentence that mentions the title and the report pages around the forms", async () => {
    const doc = await extract(join(FIXTURES, "budget-report.pdf"));
    expect(doc.forms.length).toBe(5);
    expect(doc.pageCount).toBe(15);
    expect(doc.forms[0]!.pages[0]).toBeGreaterThan(5);
    expect(doc.forms.at(-1)!.pages).not.toContain(15);
  });

  it("reads text set in a non-embedded CID font through the package's CMaps", async () => {
    const doc = await extract(join(FIXTURES, "cid-stsong-nonembedded.pdf"));
    expect(doc.forms.map((f) => f.projectCode)).toEqual(truthOf(join(FIXTURES, "cid-stsong-nonembedded.pdf")).map((f) => f.projectCode));
  });

  it("names a page on which a block of text turned against the rest was not read, and lets a stamp pass", async () => {
    const upright = Array.from({ length: 12 }, (_, i) => `BT /F1 12 Tf 1 0 0 1 72 ${700 - 20 * i} Tm (An upright line of ordinary text, number ${i}) Tj ET`);
    const turnedBlock = "BT /F1 12 Tf 0 1 -1 0 500 100 Tm (A sideways block of text much longer than any stamp or watermark) Tj ET";
    const stamp = "BT /F1 12 Tf 0.7 0.7 -0.7 0.7 300 300 Tm (DRAFT COPY) Tj ET";
    const withBlock = await extractDetailed(simplePdf([...upright, turnedBlock].join("\n")), { allowEmpty: true });
    expect(withBlock.textLost).toBe(true);
    expect(withBlock.document.warnings.some((w) => w.page === 1 && /runs in more than one direction/.test(w.message))).toBe(true);
    const withStamp = await extractDetailed(simplePdf([...upright, stamp].join("\n")), { allowEmpty: true });
    expect(withStamp.textLost).toBe(false);
    expect(withStamp.document.warnings.some((w) => /direction/.test(w.message))).toBe(false);
  });

  it("throws a clear ExtractError for input that is not a PDF", async () => {
    await expect(extract(Buffer.from("hello, not a pdf"), { kind: "pdf" })).rejects.toMatchObject({ code: "not-pdf" });
    await expect(extract(new Uint8Array())).rejects.toBeInstanceOf(ExtractError);
  });
});

describe("acceptance corpus", () => {
  it.each(["seed-chromium.pdf", "seed-rl.pdf", "synth-101.pdf", "synth-102.pdf", "seed.txt", "pub-ovsplit.pdf", "pub-report.pdf", "pub-rl-split.pdf", "pub-national.pdf", "pub-wps-clip.pdf"])(
    "%s gives its truth (pages too, where the truth gives them)",
    async (name) => {
      const doc = await extract(join(CORPUS, name));
      const truth = truthOf(join(CORPUS, name));
      const withPages = truth.some((f) => f.pages.length > 0);
      const strip = (forms: { pages: number[] }[]) => forms.map((f) => ({ ...f, pages: withPages ? f.pages : [] }));
      // The corpus truth keeps two spaces a PDF cannot show (a space lost at a line wrap);
      // the scorer compares text without white space, and so do we for those fields.
      const squash = (v: unknown): unknown => (typeof v === "string" ? v.replace(/\s+/g, "") : Array.isArray(v) ? v.map(squash) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, squash(x)])) : v);
      expect(squash(strip(doc.forms))).toEqual(squash(truth));
      expect(doc.warnings.filter((w) => w.about === "extraction")).toEqual([]);
    },
  );

  it("maps Kangxi-radical code points back to ideographs (seed-chromium)", async () => {
    const doc = await extract(join(CORPUS, "seed-chromium.pdf"));
    const text = JSON.stringify(doc.forms);
    expect(text).not.toMatch(/[\u2E80-\u2EFF\u2F00-\u2FDF]/);
    expect(doc.forms[0]!.title).toBe("二级项目支出绩效目标申报表");
  });

  it("opens encrypted.pdf with its password and refuses it without", async () => {
    const path = join(CORPUS, "bad", "encrypted.pdf");
    await expect(extract(path)).rejects.toMatchObject({ code: "password-required" });
    await expect(extract(path, { password: "wrong" })).rejects.toMatchObject({ code: "wrong-password" });
    expect((await extract(path, { password: "secret" })).forms.length).toBe(10);
  });

  it("reports lost text on corrupt-stream.pdf instead of passing it off as complete", async () => {
    await expect(extractDetailed(join(CORPUS, "bad", "corrupt-stream.pdf"))).rejects.toMatchObject({ code: "damaged" });
    const { document, textLost } = await extractDetailed(join(CORPUS, "bad", "corrupt-stream.pdf"), { allowEmpty: true });
    expect(textLost).toBe(true);
    expect(document.warnings.some((w) => w.page === 1 && /could not be fully read/.test(w.message))).toBe(true);
  });
});

// The borderless path, exercised on every ruled layout too: with the ruling lines
// ignored, the header fields and every row's own cells must still come out exact
// (which merged 一级/二级 cell covers a row split by a page break is the one thing
// text positions alone can leave open).
describe("from text positions alone (useRules: false)", () => {
  const inputs = [...fixturePdfs().map((f) => join(FIXTURES, f)), ...["seed-rl.pdf", "synth-102.pdf"].map((f) => join(CORPUS, f))];
  it.each(inputs)("%s", async (path) => {
    const doc = await extract(path, { useRules: false });
    const truth = truthOf(path);
    const flat = (s: unknown) => (typeof s === "string" ? s.replace(/\s+/g, "") : s);
    expect(doc.forms.length).toBe(truth.length);
    truth.forEach((form, i) => {
      const got = doc.forms[i]!;
      for (const key of Object.keys(form) as (keyof typeof form)[]) {
        if (key === "indicators" || key === "pages") continue;
        expect(flat(got[key]), `form ${i + 1} ${key}`).toEqual(flat(form[key]));
      }
      expect(got.indicators.map((r) => [flat(r.level3), flat(r.value), flat(r.explanation), r.target, r.applicable])).toEqual(
        form.indicators.map((r) => [flat(r.level3), flat(r.value), flat(r.explanation), r.target, r.applicable]),
      );
    });
  });
});

describe("text dumps in other encodings", () => {
  // fixtures/text/seed-gb18030.txt is the corpus's seed.txt saved as GB18030, as
  // Chinese office machines often save text.
  it("reads seed.txt saved as GB18030, UTF-16 or UTF-8 with a BOM exactly as the UTF-8 original", async () => {
    const path = join(CORPUS, "seed.txt");
    const text = readFileSync(path, "utf8");
    const original = (await extract(path)).forms;
    expect(original.length).toBe(20);
    const gb = readFileSync(join(FIXTURES, "text", "seed-gb18030.txt"));
    expect(gb.equals(Buffer.from(text, "utf8"))).toBe(false);
    const variants = [gb, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])];
    for (const bytes of variants) expect((await extract(bytes, { kind: "text" })).forms).toEqual(original);
    expect((await extract(join(FIXTURES, "text", "seed-gb18030.txt"))).forms).toEqual(original);
  });
});
