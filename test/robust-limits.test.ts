import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ExtractError } from "../src/errors.js";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, extract, extractDetailed } from "../src/extract.js";
import { expansionProblem } from "../src/read/expansion.js";
import { readPdf } from "../src/read/pdf.js";
import { FIXTURES, truthOf } from "./helpers.js";

// Resource limits: a file over maxBytes, a PDF over maxPages, and a stream that
// decompresses past what any real declaration needs are refused with one clear
// sentence, before pdf.js spends time or memory on them.

// Generous: these read real PDFs while the fuzz test keeps both cores busy.
vi.setConfig({ testTimeout: 30_000 });

const BAD = join(FIXTURES, "bad");
const dir = mkdtempSync(join(tmpdir(), "perf-extract-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(input: string | Uint8Array, options = {}): Promise<ExtractError> {
  const error = await extractDetailed(input, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

describe("maxBytes", () => {
  const path = join(FIXTURES, "a4-multi-per-page.pdf");
  const size = statSync(path).size;

  it("refuses a file over the limit, saying its size and the limit, given as a path or as bytes", async () => {
    for (const input of [path, new Uint8Array(readFileSync(path))]) {
      const error = await failure(input, { maxBytes: 1000 });
      expect(error.code).toBe("too-large");
      expect(error.message).toBe(`it is ${Math.round(size / 1024)} KB, over the 1000 bytes limit; raise the \`maxBytes\` option to convert it`);
    }
    const error = await failure(path, { maxBytes: size - 1 });
    const kb = Math.round(size / 1024);
    expect(error.message).toBe(`it is ${kb} KB (${size} bytes), over the ${kb} KB (${size - 1} bytes) limit; raise the \`maxBytes\` option to convert it`);
  });

  it("converts a file exactly at the limit", async () => {
    expect((await extract(path, { maxBytes: size })).forms).toEqual(truthOf(path));
  });

  it("is 200 MB by default, checked before the file is read", async () => {
    expect(DEFAULT_MAX_BYTES).toBe(200 * 1024 * 1024);
    const big = join(dir, "big.pdf");
    writeFileSync(big, "%PDF-1.4\n");
    truncateSync(big, DEFAULT_MAX_BYTES + 1); // sparse: nothing to read
    const error = await failure(big);
    expect(error.code).toBe("too-large");
    expect(error.message).toBe("it is 200 MB (209715201 bytes), over the 200 MB (209715200 bytes) limit; raise the `maxBytes` option to convert it");
  });
});

describe("maxPages", () => {
  it("refuses a PDF over the default 2,000 pages", async () => {
    expect(DEFAULT_MAX_PAGES).toBe(2000);
    const error = await failure(join(BAD, "many-pages.pdf"));
    expect(error.code).toBe("too-many-pages");
    expect(error.message).toBe("it has 2001 pages, more than the limit of 2000; raise the `maxPages` option to convert it");
  });

  it("holds a PDF to a lower limit, and converts one exactly at it", async () => {
    const path = join(FIXTURES, "budget-report.pdf"); // 15 pages
    const error = await failure(path, { maxPages: 14 });
    expect(error.code).toBe("too-many-pages");
    expect(error.message).toBe("it has 15 pages, more than the limit of 14; raise the `maxPages` option to convert it");
    expect((await extract(path, { maxPages: 15 })).forms).toEqual(truthOf(path));
  });
});

// ---------------------------------------------------------------------------
// Decompression bombs

/** A PDF of one page whose content stream is `data` under `filter`. */
function onePage(filter: string, data: Uint8Array, extra = ""): Uint8Array {
  const head = (o: string, i: number) => `${i + 1} 0 obj\n${o}\nendobj\n`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
  const offsets: number[] = [];
  let off = parts[0]!.length;
  const push = (b: Buffer) => {
    offsets.push(off);
    parts.push(b);
    off += b.length;
  };
  objects.forEach((o, i) => push(Buffer.from(head(o, i), "latin1")));
  push(Buffer.concat([Buffer.from(`4 0 obj\n<< /Length ${data.length} /Filter ${filter}${extra} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream\nendobj\n", "latin1")]));
  push(Buffer.from(head("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", 4), "latin1"));
  const xref = `xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${off}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([...parts, Buffer.from(xref, "latin1")]));
}

/** PDF LZW (MSB first, 9–12-bit codes, clear 256, end 257, early change). */
function lzwEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let width = 9;
  const put = (code: number) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 255);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let dict = new Map<string, number>();
  let next = 258;
  const reset = () => {
    dict = new Map();
    next = 258;
    width = 9;
  };
  put(256);
  let w = "";
  for (const byte of input) {
    const c = String.fromCharCode(byte);
    const wc = w + c;
    if (w === "" || dict.has(wc)) {
      w = wc;
      continue;
    }
    put(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
    dict.set(wc, next++);
    // The decoder adds each entry one code later than the encoder, and widens
    // its codes (early change) when its next entry + 1 reaches a power of two.
    if (next >= 1 << width && width < 12) width++;
    if (next >= 4094) {
      put(256);
      reset();
    }
    w = c;
  }
  if (w) put(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
  put(257);
  if (bits > 0) out.push((acc << (8 - bits)) & 255);
  return Uint8Array.from(out);
}

function runLengthEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < input.length; ) {
    let run = 1;
    while (i + run < input.length && input[i + run] === input[i] && run < 128) run++;
    if (run > 1) {
      out.push(257 - run, input[i]!);
      i += run;
    } else {
      out.push(0, input[i]!);
      i++;
    }
  }
  out.push(128);
  return Uint8Array.from(out);
}

// Text after the run of spaces: only a reader that decodes the whole stream finds it.
const content = (spaces: number) => Buffer.concat([Buffer.from("BT /F1 12 Tf 72 720 Td ", "latin1"), Buffer.alloc(spaces, 0x20), Buffer.from("(Hello) Tj ET\n", "latin1")]);
const small = { perStream: 1024 * 1024, total: 4 * 1024 * 1024 };
const MB = 1024 * 1024;

describe("decompression bombs", () => {
  it("bomb.pdf (130 KB expanding to 128 MB) is refused before pdf.js decodes it", async () => {
    const error = await failure(join(BAD, "bomb.pdf"));
    expect(error.code).toBe("too-large");
    expect(error.message).toBe('a stream in it expands to more than 100 MB when decompressed (a "decompression bomb"); it was not read');
  });

  it("counts Flate, LZW and run-length output exactly: a stream at the limit passes, one byte over does not", async () => {
    const text = content(MB);
    const size = text.length;
    for (const [filter, data] of [
      ["/FlateDecode", deflateSync(text)],
      ["/LZWDecode", lzwEncode(text)],
      ["/RunLengthDecode", runLengthEncode(text)],
    ] as const) {
      const pdf = onePage(filter, data);
      expect(await expansionProblem(pdf, { perStream: size, total: 10 * size }), filter).toBeNull();
      expect(await expansionProblem(pdf, { perStream: size - 1, total: 10 * size }), filter).toMatch(/decompression bomb/);
    }
  });

  it("the encoders above write what pdf.js reads (so the counts are of real streams)", async () => {
    for (const [filter, data] of [
      ["/LZWDecode", lzwEncode(content(300_000))],
      ["/RunLengthDecode", runLengthEncode(content(300_000))],
    ] as const) {
      const read = await readPdf(onePage(filter, data));
      expect(read.pages[0]!.fragments.map((f) => f.text), filter).toEqual(["Hello"]);
      expect(read.pages[0]!.problems, filter).toEqual([]);
    }
  });

  it("follows chains of filters ([/ASCII85Decode /FlateDecode], Flate twice)", async () => {
    const a85 = (b: Uint8Array) => {
      let s = "";
      for (let i = 0; i < b.length; i += 4) {
        const chunk = [...b.subarray(i, i + 4)];
        const n = chunk.length;
        while (chunk.length < 4) chunk.push(0);
        let v = ((chunk[0]! << 24) >>> 0) + (chunk[1]! << 16) + (chunk[2]! << 8) + chunk[3]!;
        const digits: string[] = [];
        for (let k = 0; k < 5; k++) {
          digits.unshift(String.fromCharCode(33 + (v % 85)));
          v = Math.floor(v / 85);
        }
        s += digits.join("").slice(0, n + 1);
      }
      return new Uint8Array(Buffer.from(`${s}~>`, "latin1"));
    };
    const text = content(8 * MB);
    expect(await expansionProblem(onePage("[/ASCII85Decode /FlateDecode]", a85(deflateSync(text))), small)).toMatch(/decompression bomb/);
    expect(await expansionProblem(onePage("[/FlateDecode /FlateDecode]", deflateSync(deflateSync(text))), small)).toMatch(/decompression bomb/);
    expect(await expansionProblem(onePage("[/ASCII85Decode /FlateDecode]", a85(deflateSync(content(1000)))), small)).toBeNull();
  });

  it("a bomb whose compressed data is cut and followed by garbage is still measured", async () => {
    const data = deflateSync(content(8 * MB));
    const damaged = Buffer.concat([data.subarray(0, data.length - 40), Buffer.from("garbage that is not deflate at all", "latin1")]);
    expect(await expansionProblem(onePage("/FlateDecode", damaged), small)).toMatch(/decompression bomb/);
  });

  it("passes images (never decoded), and holds all streams together to the total", async () => {
    const image = deflateSync(Buffer.alloc(8 * MB));
    expect(await expansionProblem(onePage("/FlateDecode", image, " /Subtype /Image /Width 4096 /Height 2048 /ColorSpace /DeviceGray /BitsPerComponent 8"), small)).toBeNull();
    const four = Buffer.concat(Array.from({ length: 5 }, () => Buffer.from(onePage("/FlateDecode", deflateSync(content(MB - 100))))));
    expect(await expansionProblem(new Uint8Array(four), small)).toMatch(/more than 4 MB in all/);
  });

  it("every fixture and corpus PDF passes", async () => {
    const { readdirSync } = await import("node:fs");
    const corpus = join(FIXTURES, "corpus");
    const files = [
      ...readdirSync(FIXTURES).filter((f) => f.endsWith(".pdf")).map((f) => join(FIXTURES, f)),
      ...readdirSync(corpus).filter((f) => f.endsWith(".pdf")).map((f) => join(corpus, f)),
    ];
    for (const f of files) expect(await expansionProblem(new Uint8Array(readFileSync(f))), f).toBeNull();
  });
});
