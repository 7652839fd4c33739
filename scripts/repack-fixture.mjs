#!/usr/bin/env node
// Rewrites a fixture PDF into a structurally different but visually identical
// one, so that the project's own object reader (src/read/objects.ts,
// src/read/content.ts) is tested on structures the pdfkit fixtures lack:
//
//   node scripts/repack-fixture.mjs INPUT.pdf OUTPUT.pdf [OUTPUT.truth.json]
//   node scripts/repack-fixture.mjs fixtures/a4-portrait-ruled-sans.pdf fixtures/a4-objstm-forms.pdf
//
// The truth file: the content is unchanged, so the expected extraction is the
// same. INPUT's truth file (INPUT with ".pdf" replaced by ".truth.json") is
// copied unchanged to OUTPUT's (OUTPUT with ".pdf" replaced by ".truth.json"),
// or to the third argument when one is given. A missing input truth file is an
// error only when a third argument asks for the copy.
//
// The input must be a PDF without object streams or cross-reference streams
// (what pdfkit writes: "N G obj … endobj", a classic xref table, FlateDecode
// streams whose /Length is a direct number or an indirect reference). It is
// read through its xref table (following /Prev), or, if that cannot be read,
// by scanning for "N G obj" (the last definition of a number wins).
//
// The output (PDF-1.5) differs from the input in structure only:
//
// 1. Object streams: every non-stream object of generation 0 (page tree, page
//    dictionaries, resource dictionaries, fonts, catalog, document info…) is
//    packed into /Type /ObjStm streams (FlateDecode, no predictor), at most
//    OBJECTS_PER_STREAM to a stream; only stream objects stay direct.
// 2. A cross-reference stream (/Type /XRef, /W [1 4 2], FlateDecode with the
//    PNG Up predictor: /DecodeParms << /Predictor 12 /Columns 7 >>) replaces
//    the xref table: type 0 for free numbers (0, and the input's objects no
//    longer referenced, such as the original content streams), type 1 for
//    direct objects, type 2 for packed ones. /Root, /Info and /ID are the
//    input's.
// 3. Form XObjects: each page's original content (decoded, joined) moves into
//    a new Form XObject (/BBox the page's MediaBox, /Matrix [0.5 0 0 0.5 0 0],
//    /Resources the page's original resources, the same reference or a copy
//    of the same dictionary); the page gets a fresh /Resources dictionary
//    << /XObject << /PX0 form >> >> and a new content stream
//    "q 2 0 0 2 0 0 cm /PX0 Do Q", so the net transformation is the identity.
// 4. An incremental update: in the first (complete) part of the file, page
//    1's new content stream holds the wrong content ("q Q", an empty page); an
//    update section appended after the first %%EOF redefines that object with
//    the right content, with its own cross-reference stream (/Prev to the
//    first, /Index covering the redefined object and itself). A reader that
//    took the first definition would lose page 1's drawing and text.
//
// Objects keep their input numbers; new ones (forms, contents, object streams,
// cross-reference streams) are numbered after the input's highest. Nothing
// depends on the date or on chance: a rerun gives the same bytes (for the same
// zlib).

import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const OBJECTS_PER_STREAM = 12;
const FORM_MATRIX = [0.5, 0, 0, 0.5, 0, 0];
const PAGE_CONTENT = "q 2 0 0 2 0 0 cm /PX0 Do Q";
const WRONG_CONTENT = "q Q";
const FORM_NAME = "PX0";

// ---------------------------------------------------------------------------
// Values. The input is handled as a latin1 string: one character per byte.

const num = (raw) => ({ t: "num", raw: String(raw) });
const name = (n) => ({ t: "name", raw: `/${n}` });
const ref = (n, g = 0) => ({ t: "ref", num: n, gen: g });
const arr = (items) => ({ t: "arr", items });
const dict = (entries) => ({ t: "dict", map: new Map(entries) });

class PdfSyntaxError extends Error {}

const WHITE = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([..."()<>[]{}/%"].map((c) => c.charCodeAt(0)));
const isWhite = (c) => WHITE.has(c);
const isRegular = (c) => !WHITE.has(c) && !DELIM.has(c) && !Number.isNaN(c);

class Parser {
  constructor(text, pos = 0) {
    this.text = text;
    this.pos = pos;
  }

  code(at = this.pos) {
    return this.text.charCodeAt(at);
  }

  skipWhite() {
    const { text } = this;
    while (this.pos < text.length) {
      const c = this.code();
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < text.length && this.code() !== 10 && this.code() !== 13) this.pos++;
      } else return;
    }
  }

  word() {
    const start = this.pos;
    while (this.pos < this.text.length && isRegular(this.code())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  value() {
    this.skipWhite();
    const { text } = this;
    if (this.pos >= text.length) throw new PdfSyntaxError("unexpected end of file");
    const c = text[this.pos];
    if (c === "/") {
      const start = this.pos++;
      this.word();
      return { t: "name", raw: text.slice(start, this.pos) };
    }
    if (c === "(") {
      const start = this.pos++;
      let depth = 1;
      while (depth > 0) {
        if (this.pos >= text.length) throw new PdfSyntaxError("unterminated string");
        const d = text[this.pos++];
        if (d === "\\") this.pos++;
        else if (d === "(") depth++;
        else if (d === ")") depth--;
      }
      return { t: "str", raw: text.slice(start, this.pos) };
    }
    if (c === "<" && text[this.pos + 1] === "<") {
      this.pos += 2;
      const map = new Map();
      for (;;) {
        this.skipWhite();
        if (text.startsWith(">>", this.pos)) {
          this.pos += 2;
          return { t: "dict", map };
        }
        if (text[this.pos] !== "/") throw new PdfSyntaxError(`dictionary key expected at ${this.pos}`);
        this.pos++;
        const key = this.word();
        map.set(key, this.value());
      }
    }
    if (c === "<") {
      const end = text.indexOf(">", this.pos);
      if (end < 0) throw new PdfSyntaxError("unterminated hex string");
      const raw = text.slice(this.pos, end + 1);
      this.pos = end + 1;
      return { t: "hex", raw };
    }
    if (c === "[") {
      this.pos++;
      const items = [];
      for (;;) {
        this.skipWhite();
        if (text[this.pos] === "]") {
          this.pos++;
          return { t: "arr", items };
        }
        if (this.pos >= text.length) throw new PdfSyntaxError("unterminated array");
        items.push(this.value());
      }
    }
    const at = this.pos;
    const w = this.word();
    if (w === "true" || w === "false" || w === "null") return { t: "kw", raw: w };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) throw new PdfSyntaxError(`unexpected "${w || c}" at ${at}`);
    if (/^\d+$/.test(w)) {
      const back = this.pos;
      this.skipWhite();
      const g = this.word();
      if (/^\d+$/.test(g)) {
        this.skipWhite();
        if (text[this.pos] === "R" && !isRegular(this.code(this.pos + 1))) {
          this.pos++;
          return ref(Number(w), Number(g));
        }
      }
      this.pos = back;
    }
    return { t: "num", raw: w };
  }
}

function serialize(v) {
  switch (v.t) {
    case "num":
    case "name":
    case "str":
    case "hex":
    case "kw":
      return v.raw;
    case "ref":
      return `${v.num} ${v.gen} R`;
    case "arr":
      return `[${v.items.map(serialize).join(" ")}]`;
    case "dict":
      return `<<${[...v.map].map(([k, x]) => ` /${k} ${serialize(x)}`).join("")} >>`;
    default:
      throw new Error(`cannot serialize ${v.t}`);
  }
}

/** Every reference inside a value. */
function* refsIn(v) {
  if (v.t === "ref") yield v;
  else if (v.t === "arr") for (const x of v.items) yield* refsIn(x);
  else if (v.t === "dict") for (const x of v.map.values()) yield* refsIn(x);
}

const clone = (v) => (v.t === "arr" ? arr(v.items.map(clone)) : v.t === "dict" ? dict([...v.map].map(([k, x]) => [k, clone(x)])) : { ...v });

// ---------------------------------------------------------------------------
// Reading the input.

/** { objects: Map<num, { gen, value, data? }>, trailer } */
function readInput(bytes) {
  const text = bytes.toString("latin1");
  let offsets;
  let trailer;
  try {
    ({ offsets, trailer } = readXrefTable(text));
  } catch (error) {
    if (!(error instanceof PdfSyntaxError)) throw error;
    ({ offsets, trailer } = scanObjects(text));
  }
  const objects = new Map();
  const direct = new Map(); // num -> parsed value, for resolving /Length
  const parseAt = (at, expected) => {
    const p = new Parser(text, at);
    p.skipWhite();
    const head = /^(\d+)\s+(\d+)\s+obj\b/.exec(text.slice(p.pos, p.pos + 40));
    if (!head || (expected !== undefined && Number(head[1]) !== expected)) throw new PdfSyntaxError(`no object ${expected} at offset ${at}`);
    p.pos += head[0].length;
    return { gen: Number(head[2]), value: p.value(), p };
  };
  const lengthOf = (v) => {
    if (v?.t === "num") return Number(v.raw);
    if (v?.t === "ref" && offsets.has(v.num)) {
      if (!direct.has(v.num)) direct.set(v.num, parseAt(offsets.get(v.num), v.num).value);
      return lengthOf(direct.get(v.num));
    }
    throw new PdfSyntaxError("a stream without a readable /Length");
  };
  for (const [n, at] of [...offsets].sort((a, b) => a[0] - b[0])) {
    const { gen, value, p } = parseAt(at, n);
    const obj = { gen, value };
    p.skipWhite();
    if (value.t === "dict" && text.startsWith("stream", p.pos)) {
      let start = p.pos + 6;
      if (text[start] === "\r") start++;
      if (text[start] === "\n") start++;
      const length = lengthOf(value.map.get("Length"));
      const after = new Parser(text, start + length);
      after.skipWhite();
      if (!text.startsWith("endstream", after.pos)) throw new PdfSyntaxError(`object ${n}: no endstream after /Length ${length}`);
      obj.data = bytes.subarray(start, start + length);
    }
    objects.set(n, obj);
  }
  return { objects, trailer };
}

function readXrefTable(text) {
  const sx = text.lastIndexOf("startxref");
  if (sx < 0) throw new PdfSyntaxError("no startxref");
  let at = Number(/startxref\s+(\d+)/.exec(text.slice(sx, sx + 40))?.[1]);
  const offsets = new Map();
  let trailer = null;
  const seen = new Set();
  while (Number.isFinite(at) && !seen.has(at)) {
    seen.add(at);
    const p = new Parser(text, at);
    p.skipWhite();
    if (p.word() !== "xref") throw new PdfSyntaxError("not a classic xref table (an xref stream?)");
    for (;;) {
      p.skipWhite();
      const first = p.word();
      if (first === "trailer") break;
      p.skipWhite();
      const count = Number(p.word());
      if (!/^\d+$/.test(first) || !Number.isInteger(count)) throw new PdfSyntaxError("bad xref subsection");
      for (let i = 0; i < count; i++) {
        p.skipWhite();
        const m = /^(\d{10}) (\d{5}) ([nf])/.exec(text.slice(p.pos, p.pos + 18));
        if (!m) throw new PdfSyntaxError("bad xref entry");
        p.pos += 18;
        const n = Number(first) + i;
        // The newest section is read first: it wins.
        if (m[3] === "n" && !offsets.has(n)) offsets.set(n, Number(m[1]));
        else if (m[3] === "f" && !offsets.has(n)) offsets.set(n, null);
      }
    }
    const t = p.value();
    if (t.t !== "dict") throw new PdfSyntaxError("bad trailer");
    trailer ??= t;
    const prev = t.map.get("Prev");
    at = prev?.t === "num" ? Number(prev.raw) : NaN;
  }
  for (const [n, o] of offsets) if (o === null) offsets.delete(n);
  return { offsets, trailer };
}

function scanObjects(text) {
  const offsets = new Map();
  for (const m of text.matchAll(/(\d+)\s+(\d+)\s+obj\b/g)) offsets.set(Number(m[1]), m.index);
  const at = text.lastIndexOf("trailer");
  if (at < 0) throw new PdfSyntaxError("no trailer");
  const p = new Parser(text, at + 7);
  return { offsets, trailer: p.value() };
}

function inflate(obj, what) {
  const filter = obj.value.map.get("Filter");
  const filters = !filter ? [] : filter.t === "name" ? [filter] : filter.t === "arr" ? filter.items : null;
  if (!filters || obj.value.map.has("DecodeParms") || obj.value.map.has("DP")) throw new Error(`${what}: unsupported filter parameters`);
  let data = Buffer.from(obj.data);
  for (const f of filters) {
    if (f.raw !== "/FlateDecode" && f.raw !== "/Fl") throw new Error(`${what}: unsupported filter ${f.raw}`);
    data = zlib.inflateSync(data);
  }
  return data;
}

// ---------------------------------------------------------------------------
// Rewriting.

function repack(bytes) {
  const { objects, trailer } = readInput(bytes);
  const get = (v) => {
    for (let hops = 0; v?.t === "ref"; hops++) {
      if (hops > 16) throw new Error("reference cycle");
      v = objects.get(v.num)?.value;
    }
    return v;
  };
  const rootRef = trailer.map.get("Root");
  const infoRef = trailer.map.get("Info");
  const id = trailer.map.get("ID");
  if (trailer.map.has("Encrypt")) throw new Error("encrypted input is not supported");
  if (rootRef?.t !== "ref") throw new Error("no /Root");

  // The pages in order, with their inherited attributes.
  const pages = [];
  const walk = (nodeRef, inherited, depth) => {
    if (depth > 64) throw new Error("page tree too deep");
    const node = get(nodeRef);
    if (node?.t !== "dict") throw new Error("bad page tree node");
    const here = { ...inherited };
    for (const key of ["Resources", "MediaBox"]) if (node.map.has(key)) here[key] = node.map.get(key);
    if (node.map.get("Type")?.raw === "/Pages" || node.map.has("Kids")) {
      for (const kid of get(node.map.get("Kids")).items) walk(kid, here, depth + 1);
    } else {
      if (nodeRef.t !== "ref") throw new Error("a page that is not an indirect object");
      pages.push({ num: nodeRef.num, ...here });
    }
  };
  walk(get(rootRef).map.get("Pages"), {}, 0);
  if (pages.length === 0) throw new Error("no pages");

  let next = Math.max(...objects.keys(), Number(trailer.map.get("Size")?.raw ?? 0) - 1) + 1;
  const deflate = (data) => zlib.deflateSync(data, { level: 9 });
  const out = new Map(); // num -> { gen, value, data? }
  for (const [n, o] of objects) out.set(n, { gen: o.gen, value: clone(o.value), data: o.data });

  let firstContent = null;
  pages.forEach((page, i) => {
    const pageObj = out.get(page.num);
    const contents = pageObj.value.map.get("Contents");
    const refs = !contents ? [] : contents.t === "ref" && get(contents)?.t === "arr" ? get(contents).items : contents.t === "ref" ? [contents] : contents.t === "arr" ? contents.items : null;
    if (!refs || !refs.every((r) => r.t === "ref")) throw new Error(`page ${i + 1}: unreadable /Contents`);
    const parts = refs.map((r) => inflate(objects.get(r.num), `content stream ${r.num}`));
    const content = parts.length === 1 ? parts[0] : Buffer.concat(parts.flatMap((p) => [p, Buffer.from("\n")]));
    const box = get(page.MediaBox);
    if (box?.t !== "arr" || box.items.length !== 4) throw new Error(`page ${i + 1}: no MediaBox`);

    const formNum = next++;
    const formDict = dict([
      ["Type", name("XObject")],
      ["Subtype", name("Form")],
      ["BBox", arr(box.items.map((x) => clone(get(x))))],
      ["Matrix", arr(FORM_MATRIX.map(num))],
    ]);
    if (page.Resources) formDict.map.set("Resources", clone(page.Resources));
    formDict.map.set("Filter", name("FlateDecode"));
    out.set(formNum, { gen: 0, value: formDict, data: deflate(content) });

    const contentNum = next++;
    out.set(contentNum, { gen: 0, value: dict([["Filter", name("FlateDecode")]]), data: deflate(Buffer.from(PAGE_CONTENT, "latin1")) });
    if (i === 0) firstContent = contentNum;

    pageObj.value.map.set("Contents", ref(contentNum));
    pageObj.value.map.set("Resources", dict([["XObject", dict([[FORM_NAME, ref(formNum)]])]]));
  });

  // Every stream gets a direct /Length (set when written); indirect lengths are dropped with whatever else is no longer referenced.
  for (const o of out.values()) if (o.data) o.value.map.delete("Length");
  const keep = new Set();
  const stack = [rootRef, ...(infoRef ? [infoRef] : [])].map((r) => r.num);
  while (stack.length) {
    const n = stack.pop();
    if (keep.has(n) || !out.has(n)) continue;
    keep.add(n);
    for (const r of refsIn(out.get(n).value)) stack.push(r.num);
  }
  for (const n of [...out.keys()]) if (!keep.has(n)) out.delete(n);

  // Which objects are packed, and into which object stream.
  const packable = [...out.keys()].filter((n) => !out.get(n).data && out.get(n).gen === 0).sort((a, b) => a - b);
  const objStms = [];
  for (let i = 0; i < packable.length; i += OBJECTS_PER_STREAM) objStms.push({ num: next++, members: packable.slice(i, i + OBJECTS_PER_STREAM) });
  const xrefNum = next++;
  const size = next; // the base part's /Size
  const updateXrefNum = next++;

  // --- The base part.
  const chunks = [];
  let offset = 0;
  const emit = (buf) => {
    chunks.push(buf);
    offset += buf.length;
  };
  const latin1 = (s) => Buffer.from(s, "latin1");
  const writeStream = (n, gen, value, data) => {
    const at = offset;
    const d = clone(value);
    d.map.set("Length", num(data.length));
    emit(latin1(`${n} ${gen} obj\n${serialize(d)}\nstream\n`));
    emit(data);
    emit(latin1("\nendstream\nendobj\n"));
    return at;
  };
  const entries = new Map(); // num -> [type, field2, field3]

  emit(latin1("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"));
  for (const n of [...out.keys()].sort((a, b) => a - b)) {
    const o = out.get(n);
    if (o.data) {
      const data = n === firstContent ? deflate(latin1(WRONG_CONTENT)) : o.data;
      entries.set(n, [1, writeStream(n, o.gen, o.value, data), o.gen]);
    } else if (o.gen !== 0) {
      entries.set(n, [1, offset, o.gen]);
      emit(latin1(`${n} ${o.gen} obj\n${serialize(o.value)}\nendobj\n`));
    }
  }
  for (const stm of objStms) {
    const bodies = [];
    const index = [];
    let at = 0;
    stm.members.forEach((n, k) => {
      const body = `${serialize(out.get(n).value)}\n`;
      index.push(`${n} ${at}`);
      bodies.push(body);
      at += Buffer.byteLength(body, "latin1");
      entries.set(n, [2, stm.num, k]);
    });
    const head = `${index.join(" ")}\n`;
    const data = latin1(head + bodies.join(""));
    const d = dict([
      ["Type", name("ObjStm")],
      ["N", num(stm.members.length)],
      ["First", num(Buffer.byteLength(head, "latin1"))],
      ["Filter", name("FlateDecode")],
    ]);
    entries.set(stm.num, [1, writeStream(stm.num, 0, d, deflate(data)), 0]);
  }

  // Free numbers: 0 heads the list; numbers no longer used are freed with the next generation.
  const free = [];
  for (let n = 1; n < size; n++) if (!entries.has(n) && n !== xrefNum) free.push(n);
  const freeGen = (n) => Math.min(65535, (objects.get(n)?.gen ?? -1) + 1);
  entries.set(0, [0, free[0] ?? 0, 65535]);
  free.forEach((n, k) => entries.set(n, [0, free[k + 1] ?? 0, freeGen(n)]));

  const trailerEntries = [["Root", rootRef], ...(infoRef ? [["Info", infoRef]] : []), ...(id ? [["ID", clone(id)]] : [])];
  const xrefAt = offset;
  entries.set(xrefNum, [1, xrefAt, 0]);
  const rows = [];
  for (let n = 0; n < size; n++) rows.push(entries.get(n));
  writeXrefStream(xrefNum, rows, [[0, size]], dict([["Type", name("XRef")], ["Size", num(size)], ...trailerEntries]));
  emit(latin1(`startxref\n${xrefAt}\n%%EOF\n`));

  // --- The update: page 1's content stream, right this time, and its own xref stream.
  const fc = out.get(firstContent);
  const fixedAt = writeStream(firstContent, 0, fc.value, fc.data);
  const updateAt = offset;
  writeXrefStream(
    updateXrefNum,
    [
      [1, fixedAt, 0],
      [1, updateAt, 0],
    ],
    firstContent === updateXrefNum - 1 ? [[firstContent, 2]] : [[firstContent, 1], [updateXrefNum, 1]],
    dict([["Type", name("XRef")], ["Size", num(updateXrefNum + 1)], ["Prev", num(xrefAt)], ...trailerEntries]),
  );
  emit(latin1(`startxref\n${updateAt}\n%%EOF\n`));

  function writeXrefStream(n, rowList, index, d) {
    const W = [1, 4, 2];
    const columns = W.reduce((a, b) => a + b, 0);
    const raw = Buffer.alloc(rowList.length * columns);
    rowList.forEach((row, r) => {
      if (!row) throw new Error(`no xref entry for row ${r}`);
      raw.writeUInt8(row[0], r * columns);
      raw.writeUInt32BE(row[1], r * columns + 1);
      raw.writeUInt16BE(row[2], r * columns + 5);
    });
    // PNG Up predictor: each row is tagged 2 and holds its difference from the row above.
    const predicted = Buffer.alloc(rowList.length * (columns + 1));
    for (let r = 0; r < rowList.length; r++) {
      predicted[r * (columns + 1)] = 2;
      for (let c = 0; c < columns; c++) {
        const above = r > 0 ? raw[(r - 1) * columns + c] : 0;
        predicted[r * (columns + 1) + 1 + c] = (raw[r * columns + c] - above) & 0xff;
      }
    }
    d.map.set("W", arr(W.map(num)));
    const isDefault = index.length === 1 && index[0][0] === 0 && index[0][1] === Number(d.map.get("Size").raw);
    if (!isDefault) d.map.set("Index", arr(index.flat().map(num)));
    d.map.set("Filter", name("FlateDecode"));
    d.map.set("DecodeParms", dict([["Predictor", num(12)], ["Columns", num(columns)]]));
    writeStream(n, 0, d, deflate(predicted));
  }

  return {
    bytes: Buffer.concat(chunks),
    summary: {
      pages: pages.map((p) => p.num),
      objectStreams: objStms.map((s) => ({ num: s.num, objects: s.members.length })),
      forms: pages.length,
      xref: xrefNum,
      updatedObject: firstContent,
      updateXref: updateXrefNum,
      free: free,
    },
  };
}

// ---------------------------------------------------------------------------

function main(argv) {
  const [input, output, truthOut] = argv;
  if (!input || !output || argv.length > 3) {
    console.error("usage: node scripts/repack-fixture.mjs INPUT.pdf OUTPUT.pdf [OUTPUT.truth.json]");
    process.exit(2);
  }
  const { bytes, summary } = repack(readFileSync(input));
  writeFileSync(output, bytes);
  console.log(`${output}: ${bytes.length} bytes, ${summary.pages.length} pages (objects ${summary.pages.join(", ")})`);
  console.log(`  object streams: ${summary.objectStreams.map((s) => `${s.num} (${s.objects} objects)`).join(", ")}`);
  console.log(`  xref streams: ${summary.xref} (base), ${summary.updateXref} (update, redefines ${summary.updatedObject})`);
  console.log(`  freed: ${summary.free.join(", ") || "none"}`);
  const truthIn = input.replace(/\.pdf$/i, ".truth.json");
  const truthDest = truthOut ?? output.replace(/\.pdf$/i, ".truth.json");
  if (truthIn === input || truthDest === output) {
    if (truthOut) throw new Error("cannot derive the truth file names (the input and output must end in .pdf)");
  } else if (existsSync(truthIn)) {
    copyFileSync(truthIn, truthDest);
    console.log(`${truthDest}: copied from ${truthIn}`);
  } else if (truthOut) throw new Error(`no truth file ${truthIn}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));

export { repack };
