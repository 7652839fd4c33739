import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ExtractError } from "../src/errors.js";
import { extract, extractDetailed } from "../src/extract.js";
import type { Form } from "../src/schema.js";
import { assertDistFresh, runFuzz } from "./fuzz-harness.js";
import { FIXTURES, tinyPdf, truthOf } from "./helpers.js";

// Damaged, encrypted, scanned and pathological PDFs (fixtures/bad/README.md):
// each either converts, saying what could not be read, or fails with an
// ExtractError whose code says why and whose message is one sentence.

// Generous: these read real PDFs while the fuzz test keeps both cores busy.
vi.setConfig({ testTimeout: 30_000 });

const BAD = join(FIXTURES, "bad");
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

async function failure(input: string | Uint8Array, options = {}): Promise<ExtractError> {
  try {
    await extractDetailed(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ExtractError);
    return error as ExtractError;
  }
  throw new Error("expected an ExtractError");
}

/** A one-sentence message a clerk can act on: one line, no stack or file positions, ending with what to do. */
function expectClerkSentence(error: ExtractError): void {
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message).not.toMatch(/\bat \S+ \(|node:internal|\.[cm]?js:\d+|Exception|TypeError/);
  expect(error.message).toMatch(/; [^;]+$/); // "what is wrong; what to do"
  expect(error.message.length).toBeLessThan(240);
}

/** The same bytes with `edit` applied to their latin1 text (for PDF syntax edits that keep binary data intact). */
function edited(name: string, edit: (text: string) => string): Uint8Array {
  return new Uint8Array(Buffer.from(edit(Buffer.from(bytes(name)).toString("latin1")), "latin1"));
}

describe("damaged files", () => {
  it("an empty file, a text file, a truncated PDF, one without its header, one without pages: each its own code", async () => {
    const cases: [string, Uint8Array, string, RegExp][] = [
      ["empty", new Uint8Array(), "empty", /empty \(0 bytes\)/],
      ["text", new Uint8Array(Buffer.from("hello, not a pdf")), "not-pdf", /not a PDF file/],
      ["truncated", bytes("a4-multi-per-page.pdf").slice(0, 32_000), "damaged", /not a readable PDF \(damaged or truncated\)/],
      ["header zeroed", (() => { const b = bytes("a4-multi-per-page.pdf"); b.fill(0, 0, 20); return b; })(), "damaged", /damaged/],
      ["no pages", tinyPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]), "damaged", /no page of it can be read/],
    ];
    for (const [what, input, code, message] of cases) {
      const error = await failure(input, { kind: what === "text" ? "pdf" : undefined });
      expect({ what, code: error.code }).toEqual({ what, code });
      expect(error.message, what).toMatch(message);
      expectClerkSentence(error);
    }
  });

  it("a wrong /Length is repaired silently; a wrong startxref or xref rows are repaired too, but said, since objects may be misplaced", async () => {
    const truth = truthOf(join(FIXTURES, "a4-multi-per-page.pdf"));
    const length = await extractDetailed(edited("a4-multi-per-page.pdf", (t) => t.replace(/\/Length (\d+)/, (_, n: string) => `/Length ${Number(n) + 500}`)));
    expect(length.document.forms).toEqual(truth);
    expect(length.textLost).toBe(false);
    const variants = {
      startxref: edited("a4-multi-per-page.pdf", (t) => t.replace(/startxref\s+\d+/, "startxref\n123")),
      xrefRows: edited("a4-multi-per-page.pdf", (t) => t.replace(/(\n\d{10}) 00000 n/g, (m, _o: string, at: number) => (at % 3 === 0 ? "\n0000000999 00000 n" : m))),
    };
    for (const [what, input] of Object.entries(variants)) {
      const { document, textLost } = await extractDetailed(input);
      expect(document.forms, what).toEqual(truth);
      expect(textLost, what).toBe(true);
      expect(document.warnings, what).toContainEqual(
        expect.objectContaining({ form: null, page: null, field: null, message: expect.stringMatching(/^the PDF is damaged: its cross-reference table is damaged and was rebuilt/) }),
      );
    }
  });
});

describe("lost text is never silent", () => {
  it("a page whose content stream is damaged: the other pages' forms exactly, the page and the forms and fields on it named, textLost", async () => {
    const truth = truthOf(join(FIXTURES, "a4-multi-per-page.pdf"));
    const { document, textLost } = await extractDetailed(join(BAD, "page-damaged.pdf"));
    expect(textLost).toBe(true);
    // pages 1–2 hold forms 1–4 (form 5 goes on to page 3), page 4 holds form 8
    expect(document.forms.slice(0, 4)).toEqual(truth.slice(0, 4));
    expect(document.forms.at(-1)).toEqual(truth.at(-1));
    const page3 = document.warnings.filter((w) => w.page === 3);
    expect(page3.some((w) => w.field === null && w.form !== null && /text on page 3 could not be fully read/.test(w.message))).toBe(true);
    expect(page3.some((w) => w.field !== null && /may be among the text lost on page 3/.test(w.message))).toBe(true);
    // nothing said about the pages that read well
    expect(document.warnings.filter((w) => /could not be fully read|text lost|no text/.test(w.message)).every((w) => w.page === 3)).toBe(true);
  });

  it("a page that reads as empty inside a form (pdf.js says nothing): a warning names it and form 1, textLost", async () => {
    const { document, textLost } = await extractDetailed(join(BAD, "page-emptied.pdf"));
    expect(textLost).toBe(true);
    expect(document.warnings).toContainEqual(
      expect.objectContaining({ form: 1, page: 2, field: null, message: expect.stringMatching(/^page 2 has no text at all, though it lies within form 1/) }),
    );
  });

  it("a bit flipped inside a compressed content stream, which pdf.js decodes to other text without a word, is caught by its checksum", async () => {
    const path = join(BAD, "silent-bitflip.pdf");
    // pdf.js alone: no complaint, and different text
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const read = async (file: string) => {
      const base = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
      const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), cMapUrl: join(base, "cmaps") + "/", cMapPacked: true, verbosity: 0 }).promise;
      const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join("");
      await doc.destroy();
      return text;
    };
    expect(await read(path)).not.toBe(await read(join(FIXTURES, "cid-stsong-nonembedded.pdf")));
    // the pipeline: said, on page 1, with the form on it
    const { document, textLost } = await extractDetailed(path);
    expect(textLost).toBe(true);
    expect(document.warnings).toContainEqual(
      expect.objectContaining({ form: 1, page: 1, field: null, message: expect.stringMatching(/its content stream \(object \d+\) is damaged \(incorrect data check\)/) }),
    );
  });

  it("the same file complete gives no such warning", async () => {
    const { document, textLost } = await extractDetailed(join(FIXTURES, "a4-portrait-ruled-sans.pdf"));
    expect(textLost).toBe(false);
    expect(document.warnings.filter((w) => /no text|could not|lost/.test(w.message))).toEqual([]);
  });

  it("two documents read at once each get only their own problems", async () => {
    const [damaged, clean] = await Promise.all([extractDetailed(join(BAD, "page-damaged.pdf")), extractDetailed(join(FIXTURES, "a4-landscape-filled-serif.pdf"))]);
    expect(damaged.textLost).toBe(true);
    expect(clean.textLost).toBe(false);
    expect(clean.document.forms).toEqual(truthOf(join(FIXTURES, "a4-landscape-filled-serif.pdf")));
  });
});

describe("encrypted PDFs", () => {
  const path = join(BAD, "encrypted-rc4.pdf");
  const truth: Form[] = truthOf(join(FIXTURES, "cid-stsong-nonembedded.pdf"));

  it("without a password: password-required, in Chinese and English", async () => {
    const error = await failure(path);
    expect(error.code).toBe("password-required");
    expect(error.message).toMatch(/encrypted/);
    expect(error.message).toMatch(/需要密码/);
    // A library caller is told of the option, never of the command line's flag (the CLI says --password: cli.test.ts).
    expect(error.message).toMatch(/the `password` option/);
    expect(error.message).not.toMatch(/--/);
    expectClerkSentence(error);
  });

  it("with a wrong password: wrong-password, in Chinese and English", async () => {
    const error = await failure(path, { password: "perf-2024" });
    expect(error.code).toBe("wrong-password");
    expect(error.message).toMatch(/password is wrong/);
    expect(error.message).toMatch(/密码错误/);
    expect(error.message).not.toMatch(/--/);
    expectClerkSentence(error);
  });

  it("with the user or the owner password: every form", async () => {
    expect((await extract(path, { password: "perf-2025" })).forms).toEqual(truth);
    expect((await extract(path, { password: "owner-secret" })).forms).toEqual(truth);
  });

  it("a password given for a file that needs none is ignored", async () => {
    expect((await extract(join(FIXTURES, "cid-stsong-nonembedded.pdf"), { password: "anything" })).forms).toEqual(truth);
  });
});

describe("scans", () => {
  it("pages with images and no text: no-text, 'no text layer (scanned document?)', not 'no forms found'", async () => {
    const error = await failure(join(BAD, "scan.pdf"));
    expect(error.code).toBe("no-text");
    expect(error.message).toContain("no text layer (scanned document?)");
    expect(error.message).not.toMatch(/no 二级|no form/i);
    expectClerkSentence(error);
  });

  it("with allowEmpty, each scanned page is named", async () => {
    const { document, textLost } = await extractDetailed(join(BAD, "scan.pdf"), { allowEmpty: true });
    expect(document.forms).toEqual([]);
    expect(textLost).toBe(false);
    expect(document.warnings.map((w) => [w.page, /no text layer, only images/.test(w.message)])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it("a PDF of blank pages is no-text too, and a PDF with text but no form is no-forms", async () => {
    const blank = tinyPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"]);
    expect((await failure(blank)).code).toBe("no-text");
    const error = await failure(join(BAD, "hostile-fontmatrix.pdf"));
    expect(error.code).toBe("no-forms");
    expectClerkSentence(error);
  });
});

// Structures that make a naive reader loop or overflow its stack: run in a child
// process by the fuzz runner, so that a hang fails this test instead of the run.
describe("pathological structure", () => {
  beforeAll(() => assertDistFresh());

  it("a self-drawing XObject, a page tree that loops, nesting 50,000 deep: a clean ExtractError each, no hang", async () => {
    const files = ["xobject-loop.pdf", "pages-cycle.pdf", "deep-nesting.pdf"].map((f) => join(BAD, f));
    const { outcomes, failures } = await runFuzz({ mode: "--files", items: files, parallel: 1, variantTimeoutMs: 30_000 });
    expect(failures).toEqual([]);
    expect(outcomes.map((o) => [o.id, o.outcome, o.code])).toEqual(files.map((f) => [f, "error", "damaged"]));
  }, 120_000);

  it("with allowEmpty they name the page that could not be read", async () => {
    for (const name of ["xobject-loop.pdf", "deep-nesting.pdf"]) {
      const { document, textLost } = await extractDetailed(join(BAD, name), { allowEmpty: true });
      expect(textLost, name).toBe(true);
      expect(document.warnings.some((w) => w.page === 1 && /could not be fully read/.test(w.message)), name).toBe(true);
    }
  });
});
