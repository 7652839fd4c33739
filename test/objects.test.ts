import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pageDrawing } from "../src/read/content.js";
import { Name, PdfObjects, Ref, ValueParser } from "../src/read/objects.js";

// The project's own PDF object and content-stream reader (ruling lines without
// pdf.js's operator list), on small hand-written files. pipeline.test.ts checks
// it against pdf.js on every fixture.

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const text = (data: Uint8Array | undefined) => (data ? Buffer.from(data).toString("latin1") : undefined);
const parse = (s: string) => new ValueParser(bytes(s)).value();

type Body = string | { dict: string; data: string | Uint8Array };

/** A PDF file of the given objects, in order (no cross-reference table: the reader scans for objects). */
function pdf(objects: [number, Body][], tail = ""): Uint8Array {
  let out = "%PDF-1.7\n";
  for (const [num, body] of objects) {
    if (typeof body === "string") out += `${num} 0 obj\n${body}\nendobj\n`;
    else {
      const data = typeof body.data === "string" ? body.data : Buffer.from(body.data).toString("latin1");
      out += `${num} 0 obj\n${body.dict.replace("LEN", String(data.length))}\nstream\n${data}\nendstream\nendobj\n`;
    }
  }
  return bytes(out + tail + "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
}

const deflated = (s: string) => deflateSync(Buffer.from(s, "latin1"));
const FLIP: [number, number, number, number, number, number] = [1, 0, 0, -1, 0, 800];

/** A one-page file whose page (object 3) paints `content`, with extra objects. */
function onePage(content: string, extra: [number, Body][] = [], resources = "<< /XObject << /Fm0 6 0 R >> >>"): PdfObjects {
  const file = pdf([
    [1, "<< /Type /Catalog /Pages 2 0 R >>"],
    [2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources " + resources + " >>"],
    [3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >>"],
    [4, { dict: "<< /Length LEN /Filter /FlateDecode >>", data: deflated(content) }],
    ...extra,
  ]);
  return PdfObjects.open(file, 1 << 20)!;
}

describe("ValueParser", () => {
  it("reads dictionaries, references, arrays, names with # escapes and skips strings", () => {
    const v = parse("<< /Type /Page /Kids [1 0 R 2 0 R] /A#20B (a(b)c\\) d) /H <41 42> /F -1.5 /T true /Z null /Nested << /K 7 >> >>");
    expect(v).toBeInstanceOf(Map);
    const d = v as Map<string, unknown>;
    expect(d.get("Type")).toEqual(new Name("Page"));
    expect(d.get("Kids")).toEqual([new Ref(1, 0), new Ref(2, 0)]);
    expect(d.get("A B")).toBe("a(b)c\\) d");
    expect(d.get("H")).toBe("41 42");
    expect(d.get("F")).toBe(-1.5);
    expect(d.get("T")).toBe(true);
    expect(d.get("Z")).toBe(null);
    expect((d.get("Nested") as Map<string, unknown>).get("K")).toBe(7);
  });

  it("tells two numbers from a reference", () => {
    expect(parse("[1 0 2 0 R 3]")).toEqual([1, 0, new Ref(2, 0), 3]);
  });

  it("refuses malformed input instead of guessing", () => {
    expect(() => parse("<< /A 1 ")).toThrow();
    expect(() => parse("<< 1 2 >>")).toThrow();
    expect(() => parse("(open")).toThrow();
  });
});

describe("PdfObjects", () => {
  it("finds objects by scanning, follows indirect lengths and skips over stream data that looks like objects", () => {
    const data = "BT (9 0 obj) Tj ET\n9 0 obj\n<< /Fake true >>\n";
    const objects = PdfObjects.open(
      pdf([
        [1, "<< /Type /Catalog >>"],
        [4, { dict: "<< /Length 5 0 R >>", data }],
        [5, String(data.length)],
      ]),
      1 << 20,
    )!;
    expect(text(objects.stream(4)?.data)).toBe(data);
    expect(objects.get(9)).toBeUndefined();
  });

  it("takes the later of two definitions of one object, as an incremental update means", () => {
    const file = pdf([[7, "<< /Version 1 >>"]], "7 0 obj\n<< /Version 2 >>\nendobj\n");
    expect((PdfObjects.open(file, 1 << 20)!.get(7) as Map<string, unknown>).get("Version")).toBe(2);
  });

  it("reads objects packed into an object stream", () => {
    const packed = "10 0 11 18 << /Type /Page >> [1 2 3]";
    const objects = PdfObjects.open(pdf([[20, { dict: "<< /Type /ObjStm /N 2 /First 11 /Length LEN /Filter /FlateDecode >>", data: deflated(packed) }]]), 1 << 20)!;
    expect(objects.get(10)).toEqual(new Map([["Type", new Name("Page")]]));
    expect(objects.get(11)).toEqual([1, 2, 3]);
  });

  it("undoes the PNG predictors of byte-sized rows (cross-reference streams use them)", () => {
    // Rows of 3 bytes, each led by its filter: None, Sub, Up, Average, Paeth.
    const rows = [0, 1, 2, 3, 1, 1, 1, 1, 2, 0, 0, 1, 3, 1, 1, 1, 4, 1, 1, 1];
    const objects = PdfObjects.open(pdf([[1, { dict: "<< /Length LEN /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 3 >> >>", data: deflateSync(Buffer.from(rows)) }]]), 1 << 20)!;
    expect([...objects.stream(1)!.data]).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 4, 1, 2, 4, 2, 3, 5]);
  });

  it("answers null for what it does not decode: encrypted files, other predictors, unknown filters, damaged data", () => {
    expect(PdfObjects.open(pdf([[1, "<< >>"]], "trailer << /Encrypt 9 0 R >>\n"), 1 << 20)).toBeNull();
    const objects = PdfObjects.open(
      pdf([
        [1, { dict: "<< /Length LEN /Filter /FlateDecode /DecodeParms << /Predictor 2 /Columns 4 >> >>", data: deflated("abcd") }],
        [2, { dict: "<< /Length LEN /Filter /JBIG2Decode >>", data: "xx" }],
        [3, { dict: "<< /Length LEN /Filter /FlateDecode >>", data: "not deflate data" }],
        [4, { dict: "<< /Length LEN /Filter [/ASCIIHexDecode /FlateDecode] >>", data: deflated("q Q").toString("hex") + ">" }],
      ]),
      1 << 20,
    )!;
    expect(objects.stream(1)).toBeNull();
    expect(objects.stream(2)).toBeNull();
    expect(objects.stream(3)).toBeNull();
    expect(text(objects.stream(4)?.data)).toBe("q Q");
  });

  it("refuses a stream that would expand past the limit", () => {
    const objects = PdfObjects.open(pdf([[1, { dict: "<< /Length LEN /Filter /FlateDecode >>", data: deflateSync(Buffer.alloc(5000)) }]]), 1000)!;
    expect(objects.stream(1)).toBeNull();
  });
});

describe("pageDrawing's rules", () => {
  const pageRules = (...args: Parameters<typeof pageDrawing>) => pageDrawing(...args)?.rules ?? null;

  it("turns stroked segments and rectangles into rules in page space (y down)", () => {
    const rules = pageRules(onePage("1 w 10 20 m 110 20 l S 50 100 200 0 re S"), 3, FLIP)!;
    expect(rules).toContainEqual({ orientation: "h", x0: 10, x1: 110, y0: 780, y1: 780 });
    expect(rules.filter((r) => r.orientation === "h" && r.y0 === 700 && r.x0 === 50 && r.x1 === 250)).toHaveLength(2); // a zero-height re: there and back
  });

  it("follows q/cm/Q and paints form XObjects through their Matrix and their own resources", () => {
    const form = { dict: "<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [0.5 0 0 0.5 0 0] /Resources << >> /Length LEN >>", data: "0 0 m 200 0 l S" };
    const rules = pageRules(onePage("q 1 0 0 1 100 0 cm q 2 0 0 2 0 0 cm /Fm0 Do Q Q 0 0 m 0 50 l S", [[6, form]]), 3, FLIP)!;
    expect(rules).toEqual([
      { orientation: "h", x0: 100, x1: 300, y0: 800, y1: 800 },
      { orientation: "v", x0: 0, x1: 0, y0: 750, y1: 800 },
    ]);
  });

  it("keeps thin filled rectangles and drops thick ones and curves", () => {
    const rules = pageRules(onePage("10 10 300 0.5 re f 10 10 100 100 re f 0 0 m 10 10 50 50 100 0 c S"), 3, FLIP)!;
    expect(rules).toEqual([{ orientation: "h", x0: 10, x1: 310, y0: 789.75, y1: 789.75 }]);
  });

  it("skips text, strings holding operators, and inline image data", () => {
    const content = "BT /F1 12 Tf (0 0 m 500 0 l S) Tj [(re) -20 (S)] TJ ET BI /W 2 /H 2 /BPC 8 /CS /G ID \n0 0 m 9 0 l S\nEI 5 5 m 5 300 l S";
    expect(pageRules(onePage(content), 3, FLIP)).toEqual([{ orientation: "v", x0: 5, x1: 5, y0: 500, y1: 795 }]);
  });

  it("finds an inline image's end past binary data that holds EI", async () => {
    // " EI " inside the data is followed by binary, so it is not the end; the
    // path bytes inside the data are never taken for operators.
    const data = String.fromCharCode(0x20, 0x45, 0x49, 0x20, 0xff, 0x01, 0x80) + " 0 0 m 9 0 l S" + String.fromCharCode(0x85);
    const content = `BI /W 4 /H 2 /BPC 8 /CS /G ID ${data}EI\n5 5 m 5 300 l S`;
    expect(pageRules(onePage(content), 3, FLIP)).toEqual([{ orientation: "v", x0: 5, x1: 5, y0: 500, y1: 795 }]);
  });

  it("reads numbers as pdf.js does and skips an operator short of operands", () => {
    expect(pageRules(onePage("--5 .5 m 100 .5 l S 7 l S"), 3, FLIP)).toEqual([{ orientation: "h", x0: -5, x1: 100, y0: 799.5, y1: 799.5 }]);
  });

  it("answers null (ask pdf.js) when a painted XObject cannot be found, or for a non-page", () => {
    expect(pageRules(onePage("/Missing Do"), 3, FLIP)).toBeNull();
    expect(pageRules(onePage("q Q"), 2, FLIP)).toBeNull();
  });

  it("takes an array or dictionary, however long, for one operand (TJ with hundreds of kerning numbers)", () => {
    const tj = "BT /F1 12 Tf [" + Array.from({ length: 400 }, (_, k) => `(x) -${k}`).join(" ") + "] TJ ET /P << /MCID 3 /K [true 1 2] >> BDC 5 5 m 5 300 l S EMC";
    const rules = pageRules(onePage(tj), 3, FLIP);
    expect(rules).toEqual([{ orientation: "v", x0: 5, x1: 5, y0: 500, y1: 795 }]);
  });

  it("gives up (ask pdf.js) on a stream of operands that no operator takes", () => {
    expect(pageRules(onePage("1 ".repeat(10_000) + "0 0 m 9 0 l S"), 3, FLIP)).toBeNull();
  });

  it("survives a form that paints itself", () => {
    const loop = { dict: "<< /Subtype /Form /Resources << /XObject << /Fm0 6 0 R >> >> /Length LEN >>", data: "0 0 m 50 0 l S /Fm0 Do" };
    expect(pageRules(onePage("/Fm0 Do", [[6, loop]]), 3, FLIP)).toEqual([{ orientation: "h", x0: 0, x1: 50, y0: 800, y1: 800 }]);
  });
});
