import { readdirSync, readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { predefinedCMap } from "../src/read/bcmap.js";
import { inspectStreams } from "../src/read/expansion.js";
import { parseToUnicode } from "../src/read/cmap.js";
import { cffFontMatrix, type1FontMatrix } from "../src/read/font-programs.js";
import { pdfjsFontTables } from "../src/read/pdfjs-tables.js";
import { PdfObjects, Ref } from "../src/read/objects.js";
import { pageList } from "../src/read/pages.js";
import { readPdf } from "../src/read/pdf.js";
import { soundTrailer } from "../src/read/xref.js";
import { extract, extractDetailed } from "../src/extract.js";
import type { ReadResult } from "../src/read/types.js";
import { FIXTURES, fixturePdfs, simplePdf, tinyPdf, truthOf } from "./helpers.js";

// The own text reader's parts, and above all when it must step aside: every
// document it cannot promise to read exactly as pdf.js does goes to pdf.js
// whole. (Its equality with pdf.js on every fixture is asserted in stages.test.ts.)

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

describe("ToUnicode CMaps", () => {
  it("reads bfchar and bfrange entries, UTF-16BE destinations, arrays and surrogate pairs", () => {
    const map = parseToUnicode(
      bytes(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0001> <4E8C>
<0002> <D83DDE00>
<0003> <00660069>
endbfchar
2 beginbfrange
<0010> <0012> <7EA7>
<0020> <0022> [<9879> <76EE> <652F>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`),
    );
    expect(map).not.toBeNull();
    expect(map!.get(1)).toBe("二");
    expect(map!.get(2)).toBe("😀");
    expect(map!.get(3)).toBe("fi");
    expect([0x10, 0x11, 0x12].map((c) => map!.get(c))).toEqual(["级", "纨", "纩"]);
    expect([0x20, 0x21, 0x22].map((c) => map!.get(c))).toEqual(["项", "目", "支"]);
  });

  it("counts a bfrange up in its last byte with pdf.js's carry", () => {
    const map = parseToUnicode(bytes("1 beginbfrange <0001> <0003> <00FE> endbfrange"))!;
    // 0x00FE, 0x00FF, then pdf.js's carry: the byte before the last goes up, the last to 0.
    expect([1, 2, 3].map((c) => [...map.get(c)!].map((ch) => ch.codePointAt(0)))).toEqual([[0xfe], [0xff], [0x100]]);
  });

  it("declines what pdf.js would read differently or warn about", () => {
    expect(parseToUnicode(bytes("/Adobe-Identity-UCS usecmap 1 beginbfchar <01> <0041> endbfchar"))).toBeNull();
    expect(parseToUnicode(bytes("1 beginbfchar <01> 65 endbfchar"))).toBeNull(); // a number where a string belongs
    expect(parseToUnicode(bytes("1 beginbfchar <01> <D83D> endbfchar"))).toBeNull(); // a lone surrogate
    expect(parseToUnicode(bytes("1 beginbfchar <01> <041> endbfchar"))).toBeNull(); // an odd hex string
    expect(parseToUnicode(bytes("1 begincidrange <00> <FF> 1 endcidrange"))).toBeNull();
    // A range larger than any font's codes: hostile or broken, left to pdf.js.
    expect(parseToUnicode(bytes("1 beginbfrange <000000> <FFFFFF> <0041> endbfrange"))).toBeNull();
  });
});

describe("predefined CMaps from pdfjs-dist", () => {
  it("reads UniGB-UCS2-H (codes → CIDs) and Adobe-GB1-UCS2 (CIDs → text)", () => {
    const encoding = predefinedCMap("UniGB-UCS2-H")!;
    const ucs2 = predefinedCMap("Adobe-GB1-UCS2")!;
    // Shown strings are byte strings: 二 (U+4E8C) is the two bytes 4E 8C.
    expect(encoding.readCharCode("\x4e\x8c", 0)).toEqual({ code: 0x4e8c, length: 2 });
    const cid = encoding.lookup(0x4e8c);
    expect(typeof cid).toBe("number");
    const text = ucs2.lookup(cid as number) as string;
    expect(String.fromCharCode((text.charCodeAt(0) << 8) | text.charCodeAt(1))).toBe("二");
    expect(predefinedCMap("UniGB-UCS2-H")).toBe(encoding); // parsed once
  });

  it("reads a vertical CMap over one with four-byte codes at once (GBK2K-V uses GBK2K-H)", () => {
    // Its entries were once copied by walking the used map as an array up to its
    // largest four-byte code: minutes for one PDF that names GBK2K-V.
    const horizontal = predefinedCMap("GBK2K-H")!;
    const vertical = predefinedCMap("GBK2K-V")!;
    expect(vertical.vertical).toBe(true);
    expect(vertical.readCharCode("\x81\x30\x84\x36", 0)).toEqual({ code: 0x81308436, length: 4 });
    expect(horizontal.lookup(0x81308436)).toBe(22354);
    expect(vertical.lookup(0x81308436)).toBe(22354); // from GBK2K-H
    expect(vertical.lookup(0xa1a2)).toBe(575); // its own, not GBK2K-H's 97
    expect(horizontal.lookup(0xa1a2)).toBe(97);
  });

  it("answers null for a name that is no CMap, or no plain name", () => {
    expect(predefinedCMap("No-Such-CMap")).toBeNull();
    expect(predefinedCMap("../../package")).toBeNull();
    expect(predefinedCMap("Identity-H")).toBeNull();
  });
});

describe("CFF font programs", () => {
  // A minimal CFF: header, a Name INDEX of one name, a Top DICT INDEX of one
  // dict (the given operators, then its CharStrings offset), empty String and
  // Global Subr INDEXes, and a CharStrings INDEX of one glyph (endchar).
  const cff = (ops: number[]) => {
    const dict = [...ops, 28, 0, 19 + ops.length + 4, 17];
    return new Uint8Array([1, 0, 4, 1, 0, 1, 1, 1, 2, 0x41, 0, 1, 1, 1, dict.length + 1, ...dict, 0, 0, 0, 0, 0, 1, 1, 1, 2, 14]);
  };
  const real = (nibbles: string) => {
    const digits = [...nibbles].map((ch) => (ch === "." ? 10 : Number(ch)));
    digits.push(15);
    if (digits.length % 2) digits.push(15);
    return [30, ...digits.flatMap((d, k) => (k % 2 ? [] : [(d << 4) | digits[k + 1]!]))];
  };
  const zero = 139;

  it("reads the Top DICT's FontMatrix, reals included", () => {
    expect(cffFontMatrix(cff([...real("0.001"), zero, zero, ...real("0.001"), zero, zero, 12, 7]))).toEqual([0.001, 0, 0, 0.001, 0, 0]);
    expect(cffFontMatrix(cff([...real("0.00048828125"), zero, zero, ...real("0.00048828125"), zero, zero, 12, 7]))![0]).toBe(1 / 2048);
  });

  it("answers null without a FontMatrix (the standard one), undefined for what is no CFF or a cut one", () => {
    expect(cffFontMatrix(cff([]))).toBeNull();
    expect(cffFontMatrix(new Uint8Array([0, 1, 2, 3, 4]))).toBeUndefined();
    expect(cffFontMatrix(cff([]).subarray(0, 12))).toBeUndefined(); // cut inside its INDEX
    // Cut inside its CharStrings, as damage inside the compressed data can leave it with no zlib error.
    expect(cffFontMatrix(cff([]).subarray(0, cff([]).length - 1))).toBeUndefined();
    expect(cffFontMatrix(cff([239, 239, 18]))).toBeUndefined(); // a Private DICT past the end (100 bytes at 100)
  });
});

describe("fonts a PDF names but does not embed (the standard 14)", () => {
  // Each font dictionary on a page of its own, showing every code 1–255 between
  // two A's (so that a white-space code's width shows in where the next A
  // falls), in lines of eight; the own reader must give exactly pdf.js's
  // fragments, text and every coordinate, on every page.
  const view = (r: ReadResult) => r.pages.map(({ page, width, height, fragments, rules, problems, sideways }) => ({ page, width, height, fragments, rules, problems, sideways }));
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  function everyCode(): string {
    const rows: string[] = [];
    for (let code = 1; code < 256; code += 8) {
      const codes = Array.from({ length: Math.min(8, 256 - code) }, (_, k) => `41${hex(code + k)}41`).join("20");
      rows.push(`BT /F1 9 Tf 20 ${830 - Math.floor(code / 8) * 25} Td <${codes}> Tj ET`);
    }
    return rows.join("\n");
  }
  /** One page per font dictionary (`extra`: objects the dictionaries refer to as 100 0 R, 101 0 R …). */
  function fontPages(fonts: string[], extra: string[] = []): Uint8Array {
    const content = everyCode();
    const first = 3 + extra.length;
    const objects = ["<< /Type /Catalog /Pages 2 0 R >>", `<< /Type /Pages /Kids [${fonts.map((_, k) => `${first + 3 * k} 0 R`).join(" ")}] /Count ${fonts.length} >>`, ...extra];
    fonts.forEach((font, k) => {
      const n = first + 3 * k;
      objects.push(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>`,
        `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
        font,
      );
    });
    // The extra objects are numbered from 3: rewrite "100 0 R" … to them.
    return tinyPdf(objects.map((o) => o.replace(/\b1(\d\d) 0 R\b/g, (_, k: string) => `${3 + Number(k)} 0 R`)));
  }
  const type1 = (base: string, rest = "") => `<< /Type /Font /Subtype /Type1 /BaseFont /${base} ${rest}>>`;
  const STANDARD_14 = ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol", "ZapfDingbats"];

  async function expectSameAsPdfjs(pdf: Uint8Array) {
    const own = await readPdf(pdf.slice());
    expect(own.textFrom, own.declined).toBe("content");
    const pdfjs = await readPdf(pdf.slice(), { textSource: "pdfjs" });
    expect(view(own)).toEqual(view(pdfjs));
    return own;
  }

  it("reads the standard 14 with WinAnsiEncoding (as ReportLab writes them) and with their built-in encodings, every code", async () => {
    const own = await expectSameAsPdfjs(fontPages([...STANDARD_14.map((f) => type1(f, "/Encoding /WinAnsiEncoding ")), ...STANDARD_14.map((f) => type1(f))]));
    expect(own.pages[0]!.fragments.map((f) => f.text).join(" ")).toContain("A0A A1A");
  }, 60_000);

  it("reads the other encodings and Differences of every kind of glyph name, names pdf.js takes for a standard font, widths given in the PDF, and a ToUnicode map that leaves codes out", async () => {
    const toUnicode = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 3 beginbfchar <41> <0042> <61> <4E8C> <62> <> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";
    const differences = "/Differences [1 /uni4E8C /u1F600 /uniD83D /g0041 /G42 /C67 /c68 /f_h /T_h /.notdef /nosuchglyph /Euro /space 65 /B /A 200 /a1 /uni00e9 /u00E9 /Cdd]";
    const own = await expectSameAsPdfjs(
      fontPages(
        [
          type1("Helvetica", "/Encoding /MacRomanEncoding "),
          type1("Times-Roman", "/Encoding /StandardEncoding "),
          type1("Helvetica", "/Encoding /MacExpertEncoding "),
          type1("Helvetica", `/Encoding << /BaseEncoding /WinAnsiEncoding ${differences} >> `),
          type1("Times-Bold", `/Encoding << ${differences} >> `),
          type1("Courier", `/Encoding << /BaseEncoding /MacRomanEncoding ${differences} >> `),
          type1("Symbol", "/Encoding /WinAnsiEncoding "),
          type1("ZapfDingbats", `/Encoding << /BaseEncoding /WinAnsiEncoding ${differences} >> `),
          type1("Arial,Bold", "/Encoding /WinAnsiEncoding "),
          type1("TimesNewRoman", "/Encoding /WinAnsiEncoding "),
          type1("CourierNewPSMT"),
          "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding >>",
          "<< /Type /Font /Subtype /TrueType /BaseFont /Symbol >>",
          type1("Helvetica", `/Encoding /WinAnsiEncoding /FirstChar 32 /Widths [${Array.from({ length: 100 }, (_, k) => 300 + 7 * k).join(" ")}] `),
          type1("Courier", "/FirstChar 60 /Widths [500 510 520 530] "),
          type1("Helvetica", "/Encoding /WinAnsiEncoding /ToUnicode 100 0 R "),
          type1("Helvetica", "/ToUnicode 100 0 R "),
        ],
        [`<< /Length ${toUnicode.length} >>\nstream\n${toUnicode}\nendstream`],
      ),
    );
    expect(own.pages.length).toBe(17);
  }, 60_000);

  it("leaves to pdf.js a font it names but has no program of, and a font with no name at all", async () => {
    for (const [font, why] of [
      [type1("SimSun", "/Encoding /WinAnsiEncoding "), /SimSun not embedded/],
      ["<< /Type /Font /Subtype /Type1 /BaseFont (Helvetica) >>", /neither a descriptor nor a base font name/],
      [type1("Helvetica", "/Encoding << /Differences [1.5 /A] >> "), /Differences/],
    ] as const) {
      const read = await readPdf(fontPages([font]));
      expect(read.textFrom, font).toBe("pdfjs");
      expect(read.declined, font).toMatch(why);
    }
  });

  it("finds pdf.js's own tables in the installed pdfjs-dist", () => {
    const t = pdfjsFontTables()!;
    expect(t).not.toBeNull();
    expect(t.glyphUnicode.get("Euro")).toBe(0x20ac);
    expect((t.metrics.get("Helvetica") as ReadonlyMap<string, number>).get("a")).toBe(556);
    expect(t.metrics.get("Courier")).toBe(600);
    expect(t.standardFonts.get("Arial-Bold")).toBe("Helvetica-Bold");
    expect(t.encodings.get("WinAnsiEncoding")![0x80]).toBe("Euro");
    expect(t.fontFiles.get("Times-Roman")).toBe("FoxitSerif.pfb");
  });
});

describe("embedded Type1 fonts in PostScript form (LibreOffice writes its CFF fonts so)", () => {
  const writer = readFileSync(join(FIXTURES, "reader", "decl-libreoffice-writer.pdf"));

  it("reads the FontMatrix of the clear text, and declines a /Length1 that does not end it (pdf.js warns)", () => {
    const clear = Buffer.from("%!FontType1-1.0: X 001\n/FontMatrix [0.001 0 0 0.001 0 0]readonly def\n% /FontMatrix [1 0 0 1 0 0]\ncurrentfile eexec\n", "latin1");
    const program = new Uint8Array(Buffer.concat([clear, Buffer.alloc(16, 0xaa)]));
    expect(type1FontMatrix(program, clear.length)).toEqual([0.001, 0, 0, 0.001, 0, 0]);
    expect(type1FontMatrix(program, clear.length - 3)).toBeUndefined();
    expect(type1FontMatrix(program, "1")).toBeUndefined();
    const plain = Buffer.from("%!FontType1-1.0: X 001\ncurrentfile eexec\n", "latin1");
    expect(type1FontMatrix(new Uint8Array(plain), plain.length)).toBeNull();
  });

  it("leaves a document to pdf.js, which reports it, when a Type1 program's /Length1 is wrong", async () => {
    const text = writer.toString("latin1");
    const at = text.search(/\/Length1 \d+/) + "/Length1 ".length;
    const wrong = Buffer.from(writer);
    wrong[at] = wrong[at] === 0x31 ? 0x32 : 0x31; // another number of the same length: no offset moves
    const read = await readPdf(new Uint8Array(wrong));
    expect(read.textFrom).toBe("pdfjs");
    expect(read.declined).toMatch(/DamagedFont: font file \d+ is not a Type1 program/);
    expect(read.pages.flatMap((p) => p.problems).join(" ")).toMatch(/Length1/);
  });
});

describe("cross-reference check", () => {
  const pdfkit = readFileSync(join(FIXTURES, "a3-large.pdf"));

  it("gives the trailer of a sound file", () => {
    const trailer = soundTrailer(PdfObjects.open(new Uint8Array(pdfkit), 1 << 26)!);
    expect(trailer?.get("Root")).toBeDefined();
  });

  it("declines a file whose offsets are off, and pdf.js reads it (rebuilding its table, and saying so)", async () => {
    // Twelve bytes after the header shift every object away from where the table puts it.
    const shifted = Buffer.concat([pdfkit.subarray(0, 9), Buffer.from("% shifted!\n\n", "latin1"), pdfkit.subarray(9)]);
    expect(soundTrailer(PdfObjects.open(new Uint8Array(shifted), 1 << 26)!)).toBeNull();
    const read = await readPdf(new Uint8Array(shifted));
    expect(read.textFrom).toBe("pdfjs");
    expect(read.declined).toMatch(/cross-reference/);
    expect(read.problems?.join(" ")).toMatch(/cross-reference table is damaged/);
  });

  it("declines a file with a stream whose /Length is wrong (pdf.js tokenizes whatever lies at the wrong end, and may warn)", async () => {
    const text = pdfkit.toString("latin1");
    const at = text.search(/\/Length \d{4}\n\/Filter \/FlateDecode/) + "/Length ".length;
    const wrong = Buffer.from(pdfkit);
    wrong[at] = wrong[at] === 0x39 ? 0x38 : 0x39; // one digit changed: no offset moves
    const read = await readPdf(new Uint8Array(wrong));
    expect(read.textFrom).toBe("pdfjs");
    expect(read.declined).toMatch(/Length/);
  });

  it("declines a file with no startxref", () => {
    const cut = pdfkit.subarray(0, pdfkit.lastIndexOf("startxref"));
    expect(soundTrailer(PdfObjects.open(new Uint8Array(cut), 1 << 26)!)).toBeNull();
  });
});

describe("damaged documents", () => {
  // The fuzz test's damaged variants (test/fuzz-mutate.mjs): most are refused by
  // the stream check or the xref check and go to pdf.js; every one the own
  // reader does read must read exactly as pdf.js reads it, its problems
  // included (a font program pdf.js cannot decode, say, is pdf.js's to report).
  it("reads every damaged variant it accepts exactly as pdf.js does", async () => {
    // The mutator is plain JavaScript shared with the fuzz runner's child processes.
    const mutator = "./fuzz-mutate.mjs";
    const { mutate } = (await import(mutator)) as { mutate: (sources: { name: string; bytes: Uint8Array }[], seed: number) => { name: string; bytes: Uint8Array; description: string } };
    // The fixtures, and the reader fixtures of other producers (LibreOffice, wkhtmltopdf, cairo) and operators.
    const paths = [...fixturePdfs().map((name) => join(FIXTURES, name)), ...readdirSync(join(FIXTURES, "reader")).filter((f) => f.endsWith(".pdf")).map((f) => join(FIXTURES, "reader", f))];
    const sources = paths.map((path) => ({ name: path, bytes: new Uint8Array(readFileSync(path)) }));
    const view = (r: ReadResult) => ({
      pageCount: r.pageCount,
      problems: r.problems ?? [],
      damage: r.damage ?? [],
      pages: r.pages.map(({ page, width, height, fragments, rules, problems, sideways }) => ({ page, width, height, fragments, rules, problems, sideways })),
    });
    let accepted = 0;
    let programs = 0;
    for (let seed = 0; seed < 1000; seed++) {
      const variant = mutate(sources, seed);
      // Which reader takes it, asked without ruling lines: a variant left to pdf.js then costs pdf.js its text only.
      const taken = await readPdf(variant.bytes.slice(), { wantRules: false }).catch(() => null);
      if (taken?.textFrom !== "content") continue;
      const own = await readPdf(variant.bytes.slice());
      expect(own.textFrom).toBe("content");
      const what = `seed ${seed}: ${variant.name}, ${variant.description}`;
      if (own.problems?.length) {
        // Read past a damaged font program on purpose (pdf.js may loop on one): that, and only that, is reported.
        programs++;
        expect(own.problems.every((p) => /^the program of its embedded font .* is damaged/.test(p)), what).toBe(true);
        expect(own.pages.every((p) => p.problems.length === 0), what).toBe(true);
        continue;
      }
      accepted++;
      const pdfjs = await readPdf(variant.bytes.slice(), { textSource: "pdfjs" });
      expect(view(own), what).toEqual(view(pdfjs));
    }
    // Damage the checks let through (in parts no check covers) must still occur, or this tests nothing.
    expect(accepted).toBeGreaterThan(8);
    expect(programs).toBeGreaterThan(8);
  }, 600_000); // about a minute on a quiet machine; much more on a loaded one

  it("takes Flate data that lacks only its checksum as whole (pdfkit and Chromium write some), and data that stops inside its blocks as damage", async () => {
    const content = Array.from({ length: 300 }, (_, k) => `BT /F1 9 Tf 20 ${830 - (k % 90) * 9} Td (line ${k} of a long page) Tj ET`).join("\n");
    const compressed = deflateSync(content);
    const pdf = (data: Buffer) =>
      tinyPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", `<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n${data.toString("latin1")}\nendstream`, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]);
    const noChecksum = pdf(compressed.subarray(0, compressed.length - 4));
    expect((await inspectStreams(noChecksum)).damaged.size).toBe(0);
    const whole = await readPdf(noChecksum.slice());
    expect(whole.textFrom).toBe("content");
    expect(whole.pages[0]!.fragments).toHaveLength(300);
    const cut = pdf(compressed.subarray(0, Math.floor(compressed.length / 2)));
    expect([...(await inspectStreams(cut)).damaged.values()]).toEqual(["its compressed data stops before its end"]);
    const read = await readPdf(cut.slice());
    expect(read.textFrom).toBe("pdfjs");
    expect(read.pages[0]!.problems.join(" ")).toMatch(/content stream \(object 4\) is damaged \(its compressed data stops before its end\)/);
  });

  it("reads past a damaged font program (pdf.js may loop on one), reports it, and keeps the text", async () => {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, "a3-large.pdf")));
    const text = bytes.toString("latin1");
    const num = /\/FontFile2 (\d+) 0 R/.exec(text)![1];
    const start = text.indexOf("stream", text.indexOf(`\n${num} 0 obj`)) + "stream\n".length;
    for (let k = 0; k < 8; k++) bytes[start + 400 + k] = bytes[start + 400 + k]! ^ 0x5a; // a few bytes garbled inside the compressed program
    const read = await readPdf(new Uint8Array(bytes));
    expect(read.textFrom).toBe("content");
    expect(read.problems).toEqual([expect.stringMatching(new RegExp(`^the program of its embedded font \\S+ is damaged \\(object ${num}: .*\\); its text was read from the font's own Unicode map`))]);
    const result = await extractDetailed(new Uint8Array(bytes));
    expect(result.textLost).toBe(true);
    expect(result.document.forms).toEqual(truthOf(join(FIXTURES, "a3-large.pdf")));
    expect(result.document.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^the PDF is damaged: the program of its embedded font/));
  });
});

describe("whole documents", () => {
  // A font it does not read: named, not embedded, and no standard font pdf.js has a program of.
  const simSun = "<< /Type /Font /Subtype /Type1 /BaseFont /SimSun /Encoding /WinAnsiEncoding >>";

  it("leaves a document to pdf.js as soon as one glyph is in a font it does not read, and the text is the same", async () => {
    const pdf = simplePdf("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET", "", simSun);
    const read = await readPdf(pdf);
    expect(read.textFrom).toBe("pdfjs");
    expect(read.declined).toMatch(/UnsupportedFont/);
    expect(read.pages[0]!.fragments.map((f) => f.text)).toEqual(["Hello world"]);
  });

  it("declines from the fonts, before reading any page, when a page shows text in a font it does not read", async () => {
    // Pages 1 and 2 in Helvetica, page 3 shows text in SimSun as well: the reason names page 3, found before page 1 was read.
    const show = (font: string, y: number) => `BT /${font} 12 Tf 72 ${y} Td (Hello world) Tj ET`;
    const contents = [show("F1", 700), show("F1", 700), `${show("F1", 700)} ${show("F2", 600)}`];
    const pdf = tinyPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /Resources << /Font << /F1 6 0 R /F2 7 0 R >> >> /MediaBox [0 0 595 842] >>",
      ...contents.map((_, k) => `<< /Type /Page /Parent 2 0 R /Contents ${8 + k} 0 R >>`),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      simSun,
      ...contents.map((c) => `<< /Length ${c.length} >>\nstream\n${c}\nendstream`),
    ]);
    const read = await readPdf(pdf);
    expect(read.textFrom).toBe("pdfjs");
    expect(read.declined).toBe("UnsupportedFont: font SimSun not embedded (font /F2) on page 3, found before any page was read");
    expect(read.pages.map((p) => p.fragments.map((f) => f.text))).toEqual([["Hello world"], ["Hello world"], ["Hello world", "Hello world"]]);
  });

  it("reads a page that selects such a font but shows nothing in it (ReportLab sets its first font on every page)", async () => {
    const read = await readPdf(simplePdf("BT /F1 12 Tf 14.4 TL ET 0 0 m 100 0 l S", "", simSun));
    expect(read.textFrom).toBe("content");
    expect(read.pages[0]!.fragments).toEqual([]);
    expect(read.pages[0]!.rules).toHaveLength(1);
  });

  it("declines a content stream pdf.js warns about (an unknown operator, a wrong operand count), so the warning is not lost", async () => {
    for (const [content, why] of [
      ["0 0 m 100 0 l S 3 frobnicate", /operator/],
      ["0 0 m 100 l S", /operator/],
      ["0 0 m 100 0 l S )", /stray \)/],
      ["0 0 m 100 0-5 l S", /malformed number/],
    ] as const) {
      const read = await readPdf(simplePdf(content));
      expect(read.textFrom, content).toBe("pdfjs");
      expect(read.declined, content).toMatch(why);
      expect(read.pages[0]!.problems.join(" "), content).toMatch(/Unknown command|Skipping command|Illegal character|Badly formatted number/);
    }
  });

  it("declines a font missing from the page's resources (pdf.js warns of it)", async () => {
    const read = await readPdf(simplePdf("BT /F9 12 Tf 72 700 Td (x) Tj ET"));
    expect(read.textFrom).toBe("pdfjs");
    expect(read.declined).toMatch(/font F9 missing/);
  });

  it("declines a page tree whose /Kids lead back to its root (pdf.js reports it)", () => {
    const objects = PdfObjects.open(new Uint8Array(readFileSync(join(FIXTURES, "bad", "pages-cycle.pdf"))), 1 << 26)!;
    const root = soundTrailer(objects)?.get("Root");
    expect(root).toBeInstanceOf(Ref);
    expect(pageList(objects, root as Ref)).toBeNull();
  });

  it("declines a page tree that shares a subtree to multiply its pages", () => {
    const objects = PdfObjects.open(
      tinyPdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
      ]),
      1 << 26,
    )!;
    expect(pageList(objects, soundTrailer(objects)!.get("Root") as Ref)).toBeNull();
  });

  it("counts the images a textless page paints, so a scan is told from a blank page", async () => {
    const read = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, "bad", "scan.pdf"))));
    expect(read.textFrom).toBe("content");
    expect(read.pages.map((p) => p.images)).toEqual([1, 1]);
    await expect(extract(join(FIXTURES, "bad", "scan.pdf"))).rejects.toMatchObject({ code: "no-text" });
  });

  it("converts every fixture to its truth when the own reader reads it", async () => {
    for (const name of ["a4-objstm-forms.pdf", "cid-stsong-nonembedded.pdf", "a4-rotated-pages.pdf"]) {
      const doc = await extract(join(FIXTURES, name));
      expect(doc.forms, name).toEqual(truthOf(join(FIXTURES, name)));
    }
  });
});
