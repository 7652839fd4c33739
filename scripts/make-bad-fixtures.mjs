#!/usr/bin/env node
// Writes fixtures/bad/: PDFs that must fail cleanly or convert with a warning,
// and hostile PDFs that must convert as text only. Everything is written by
// hand, byte for byte (no dependency beyond Node), and deterministic: a rerun
// gives the same bytes. Several start from a committed fixture (fixtures/*.pdf)
// and change one thing in it; rerun this after `npm run fixtures`.
//
//   node scripts/make-bad-fixtures.mjs
//
// See fixtures/bad/README.md for what each file is and what it must give.

import crypto from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = join(ROOT, "fixtures");
const OUT = join(FIXTURES, "bad");

/** What the hostile fixtures' payloads would leave behind if anything ran them. */
export const PWNED_FILE = "/tmp/perf-extract-pwned-by-fixture";
export const PWNED_GLOBAL = "perfExtractPwned";

const latin1 = (s) => Buffer.from(s, "latin1");

// ---------------------------------------------------------------------------
// A minimal PDF writer: objects are strings (dictionaries, arrays, …) or
// { dict, data } streams; object n is objects[n - 1].

function writePdf(objects, { root = 1, info = null, id = null, encrypt = null } = {}) {
  const parts = [latin1("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  let off = parts[0].length;
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(off);
    const buf =
      typeof o === "string"
        ? latin1(`${i + 1} 0 obj\n${o}\nendobj\n`)
        : Buffer.concat([latin1(`${i + 1} 0 obj\n${o.dict.replace("%LEN%", String(o.data.length))}\nstream\n`), o.data, latin1("\nendstream\nendobj\n")]);
    parts.push(buf);
    off += buf.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, "0")} 00000 n \n`;
  const extra = `${info ? ` /Info ${info} 0 R` : ""}${id ? ` /ID [<${id}> <${id}>]` : ""}${encrypt ? ` /Encrypt ${encrypt} 0 R` : ""}`;
  xref += `trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R${extra} >>\nstartxref\n${off}\n%%EOF\n`;
  parts.push(latin1(xref));
  return Buffer.concat(parts);
}

const stream = (content, dict = "") => {
  const data = zlib.deflateSync(Buffer.isBuffer(content) ? content : latin1(content), { level: 9 });
  return { dict: `<< /Length %LEN% /Filter /FlateDecode${dict} >>`, data };
};

/** The objects of a PDF written without object streams: { num: { dict, data? } }, plus its trailer. */
function parseObjects(bytes) {
  const text = bytes.toString("latin1");
  const objects = new Map();
  const re = /(\d+) 0 obj\s*/g;
  for (let m; (m = re.exec(text)); ) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endobj", start);
    const body = text.slice(start, end);
    const s = body.search(/stream\r?\n/);
    if (s >= 0 && !body.slice(0, s).includes("endstream")) {
      const dataStart = start + s + body.slice(s).match(/^stream\r?\n/)[0].length;
      const dataEnd = text.lastIndexOf("endstream", end);
      let data = bytes.subarray(dataStart, dataEnd);
      if (data.at(-1) === 0x0a) data = data.subarray(0, -1);
      if (data.at(-1) === 0x0d) data = data.subarray(0, -1);
      objects.set(Number(m[1]), { dict: body.slice(0, s).trim(), data: Buffer.from(data) });
    } else objects.set(Number(m[1]), { dict: body.trim() });
    re.lastIndex = end;
  }
  const trailer = text.slice(text.lastIndexOf("trailer"));
  const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf("startxref")))[1]);
  return { objects, trailer, startxref };
}

/** The page objects' numbers, in page order (a flat /Pages tree, as our fixtures have). */
function pageNumbers(objects) {
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  const pagesRef = Number(/\/Pages\s+(\d+)\s+0\s+R/.exec(catalog.dict)[1]);
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(objects.get(pagesRef).dict)[1];
  const out = [];
  for (const [, n] of kids.matchAll(/(\d+)\s+0\s+R/g)) {
    const node = objects.get(Number(n));
    if (/\/Type\s*\/Pages/.test(node.dict)) throw new Error("nested page tree: not supported here");
    out.push(Number(n));
  }
  return out;
}

/** Appends an incremental update (new versions of objects, new objects) to a PDF. */
function appendUpdate(bytes, changed, trailerExtra = "") {
  const { trailer, startxref } = parseObjects(bytes);
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)[1]);
  const keep = ["Root", "Info"].map((k) => new RegExp(`/${k}\\s+\\d+\\s+0\\s+R`).exec(trailer)?.[0]).filter(Boolean);
  const id = /\/ID\s*\[[^\]]*\]/.exec(trailer)?.[0];
  const parts = [bytes, latin1("\n")];
  let off = bytes.length + 1;
  const entries = [];
  for (const [num, o] of [...changed].sort((a, b) => a[0] - b[0])) {
    const buf =
      typeof o === "string"
        ? latin1(`${num} 0 obj\n${o}\nendobj\n`)
        : Buffer.concat([latin1(`${num} 0 obj\n${o.dict.replace("%LEN%", String(o.data.length))}\nstream\n`), o.data, latin1("\nendstream\nendobj\n")]);
    entries.push([num, off]);
    parts.push(buf);
    off += buf.length;
  }
  const newSize = Math.max(size, ...entries.map(([n]) => n + 1));
  let xref = "xref\n";
  for (const [num, at] of entries) xref += `${num} 1\n${String(at).padStart(10, "0")} 00000 n \n`;
  xref += `trailer\n<< /Size ${newSize} ${keep.join(" ")}${id ? ` ${id}` : ""} /Prev ${startxref}${trailerExtra} >>\nstartxref\n${off}\n%%EOF\n`;
  parts.push(latin1(xref));
  return Buffer.concat(parts);
}

/** A PDF literal string, escaped. */
const pdfString = (s) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

// ---------------------------------------------------------------------------
// The fixtures

const fixture = (name) => readFileSync(join(FIXTURES, name));

/** A scanned declaration: two pages, each one grey image and no text at all. */
function scan() {
  const W = 420, H = 594;
  const pixels = Buffer.alloc(W * H, 0xf4);
  // dark bars where a scanner would have seen lines of print, and a table's rules
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let y = 40; y < H - 40; y += 14) {
    const len = 80 + Math.floor(rnd() * 280);
    for (let dy = 0; dy < 6; dy++) for (let x = 30; x < 30 + len; x++) pixels[(y + dy) * W + x] = 0x30 + Math.floor(rnd() * 40);
  }
  for (let x = 30; x < W - 30; x++) pixels[300 * W + x] = 0;
  const image = { dict: `<< /Type /XObject /Subtype /Image /Width ${W} /Height ${H} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %LEN% /Filter /FlateDecode >>`, data: zlib.deflateSync(pixels, { level: 9 }) };
  const content = stream("q 595.28 0 0 841.89 0 0 cm /Im1 Do Q");
  return writePdf(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>",
      image,
      content,
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im1 3 0 R >> >> /Contents 4 0 R >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im1 3 0 R >> >> /Contents 4 0 R >>",
    ],
    { id: "5ca7000000000000000000000000005c" },
  );
}

/** More pages than the default limit (2,000): one shared content stream. */
function manyPages(count) {
  const kids = Array.from({ length: count }, (_, i) => `${i + 5} 0 R`).join(" ");
  const pages = Array.from({ length: count }, () => "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>");
  return writePdf(["<< /Type /Catalog /Pages 2 0 R >>", `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", stream("BT /F1 12 Tf 20 100 Td (a page) Tj ET"), ...pages]);
}

/** One content stream that expands to 128 MB (spaces) when decompressed: ~130 KB on disk. */
function bomb() {
  const data = zlib.deflateSync(Buffer.concat([latin1("BT /F1 12 Tf 72 720 Td (x) Tj ET\n"), Buffer.alloc(128 * 1024 * 1024, 0x20)]), { level: 9 });
  return writePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    { dict: "<< /Length %LEN% /Filter /FlateDecode >>", data },
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

/** Pathological structure: a form XObject that draws itself, a page tree that loops, nesting 50,000 deep. */
function xobjectLoop() {
  return writePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>",
    stream("BT /F1 12 Tf 72 720 Td (before) Tj ET /X1 Do BT /F1 12 Tf 72 700 Td (after) Tj ET"),
    { ...stream("/X1 Do 0 0 m 100 100 l S", " /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >>") },
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

function pagesCycle() {
  return writePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
    stream("BT /F1 12 Tf 72 720 Td (a page) Tj ET"),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

function deepNesting() {
  const depth = 50_000;
  return writePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    stream(`BT /F1 12 Tf 72 720 Td (a page) Tj ET ${"[".repeat(depth)}${"]".repeat(depth)} pop ${"<<".repeat(depth)}`),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

/** a4-multi-per-page.pdf with page 3's content stream garbled halfway through. */
function pageDamaged() {
  const bytes = fixture("a4-multi-per-page.pdf");
  const { objects } = parseObjects(bytes);
  const page = objects.get(pageNumbers(objects)[2]);
  const contents = Number(/\/Contents\s+(\d+)\s+0\s+R/.exec(page.dict)[1]);
  const target = objects.get(contents);
  // Garble its compressed bytes in place (a bad sector): same length, same offsets.
  const text = bytes.toString("latin1");
  const at = text.indexOf(`\n${contents} 0 obj`);
  const dataStart = text.indexOf("stream", at) + 7;
  const out = Buffer.from(bytes);
  const from = dataStart + Math.floor(target.data.length / 2);
  let seed = 3;
  for (let i = from; i < from + 64; i++) out[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** a4-portrait-ruled-sans.pdf with page 2 (the second page of form 1) left without content: no error, no text. */
function pageEmptied() {
  const bytes = fixture("a4-portrait-ruled-sans.pdf");
  const { objects } = parseObjects(bytes);
  const num = pageNumbers(objects)[1];
  const page = objects.get(num).dict.replace(/\/Contents\s+(\d+\s+0\s+R|\[[^\]]*\])/, "/Contents 9999 0 R");
  return appendUpdate(bytes, new Map([[num, page], [9999, stream("")]]));
}

/**
 * cid-stsong-nonembedded.pdf with one bit flipped inside page 1's compressed
 * content stream, at the first place (from the middle on) where the stream
 * still decodes, to different text of the same shape: only its checksum,
 * which pdf.js does not check, gives it away.
 */
function silentFlip() {
  const bytes = fixture("cid-stsong-nonembedded.pdf");
  const { objects } = parseObjects(bytes);
  const contents = Number(/\/Contents\s+(\d+)\s+0\s+R/.exec(objects.get(pageNumbers(objects)[0]).dict)[1]);
  const data = objects.get(contents).data;
  const original = zlib.inflateSync(data);
  const body = data.subarray(2, data.length - 4); // raw deflate, without zlib's header and checksum
  for (let i = Math.floor(body.length / 2); i < body.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const flipped = Buffer.from(body);
      flipped[i] ^= 1 << bit;
      let out;
      try {
        out = zlib.inflateRawSync(flipped);
      } catch {
        continue;
      }
      // same length, differing only inside hex strings (the text), nowhere else
      if (out.length !== original.length || out.equals(original)) continue;
      const a = original.toString("latin1").replace(/<[0-9A-F]*>/g, "<>");
      const b = out.toString("latin1").replace(/<[0-9A-F]*>/g, "<>");
      if (a !== b || /[^0-9A-F]/.test(diffChars(original, out))) continue;
      const text = bytes.toString("latin1");
      const at = text.indexOf(`\n${contents} 0 obj`);
      const dataStart = text.indexOf("stream", at) + 7;
      const result = Buffer.from(bytes);
      result[dataStart + 2 + i] ^= 1 << bit;
      return result;
    }
  }
  throw new Error("no silent bit flip found");
}

function diffChars(a, b) {
  let out = "";
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out += String.fromCharCode(b[i]);
  return out;
}

// The hostile ones start from cid-stsong-nonembedded.pdf (3 forms) and add, in
// an incremental update, what a viewer might run; they must convert exactly as
// that fixture does, and nothing in them may run.
const payload = `try { globalThis.${PWNED_GLOBAL} = "javascript"; } catch (e) {}
try { require("fs").writeFileSync("${PWNED_FILE}", "javascript"); } catch (e) {}
try { process.mainModule.require("fs").writeFileSync("${PWNED_FILE}", "javascript"); } catch (e) {}
try { app.alert("pwned"); this.submitForm("http://127.0.0.1:9/pwned"); } catch (e) {}`;

function hostile(kind) {
  const bytes = fixture("cid-stsong-nonembedded.pdf");
  const { objects } = parseObjects(bytes);
  const catalogNum = [...objects].find(([, o]) => /\/Type\s*\/Catalog/.test(o.dict))[0];
  const base = objects.get(catalogNum).dict.replace(/>>\s*$/, "");
  const changed = new Map();
  if (kind === "javascript") {
    changed.set(100, stream(payload));
    changed.set(101, "<< /Type /Action /S /JavaScript /JS 100 0 R >>");
    changed.set(catalogNum, `${base} /OpenAction 101 0 R /AA << /WC 101 0 R /WS 101 0 R /DS 101 0 R >> /Names << /JavaScript << /Names [(pwned) 101 0 R] >> >> >>`);
    // and on the first page: an open action and a link that runs it
    const first = pageNumbers(objects)[0];
    changed.set(first, objects.get(first).dict.replace(/>>\s*$/, " /AA << /O 101 0 R >> /Annots [102 0 R] >>"));
    changed.set(102, "<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A 101 0 R >>");
  } else if (kind === "launch") {
    changed.set(
      101,
      `<< /Type /Action /S /Launch /F << /Type /Filespec /F (/bin/sh) /UF (/bin/sh) >> /Win << /F (cmd.exe) /P ${pdfString(`/c echo launch > ${PWNED_FILE}`)} /O (open) >> /NewWindow true >>`,
    );
    changed.set(102, `<< /Type /Action /S /URI /URI (http://127.0.0.1:9/pwned) >>`);
    changed.set(103, `<< /Type /Action /S /ImportData /F (${PWNED_FILE}) >>`);
    changed.set(catalogNum, `${base} /OpenAction 101 0 R /AA << /WC 102 0 R /DS 103 0 R >> >>`);
  } else if (kind === "xfa") {
    const xdp = `<?xml version="1.0" encoding="UTF-8"?>
<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">
<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">
  <subform name="form1" layout="tb" locale="zh_CN">
    <pageSet><pageArea name="Page1"><contentArea x="0.25in" y="0.25in" w="8in" h="10.5in"/><medium stock="a4" short="210mm" long="297mm"/></pageArea></pageSet>
    <event activity="initialize"><script contentType="application/x-javascript">${payload.replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"))}</script></event>
    <draw name="heading" w="7in" h="0.5in"><value><text>二级项目支出绩效目标申报表</text></value></draw>
    <draw name="code" w="7in" h="0.5in"><value><text>项目编码：XFA-ONLY-000000000000000</text></value></draw>
  </subform>
</template>
<config xmlns="http://www.xfa.org/schema/xci/3.1/"><present><pdf><interactive>1</interactive></pdf></present></config>
</xdp:xdp>`;
    changed.set(100, stream(Buffer.from(xdp, "utf8")));
    changed.set(catalogNum, `${base} /AcroForm << /Fields [] /XFA 100 0 R >> /NeedsRendering true >>`);
  }
  return appendUpdate(bytes, changed);
}

/**
 * A Type3 font whose /FontMatrix smuggles code, the shape of CVE-2024-4367
 * (pdf.js before 4.2.67 pasted FontMatrix into code it compiled with eval when
 * drawing glyphs). No form in it: it must fail as no-forms, having run nothing.
 */
function fontMatrix() {
  const inject = `0\\); globalThis.${PWNED_GLOBAL} = "fontmatrix"; try { require\\("fs"\\).writeFileSync\\("${PWNED_FILE}", "fontmatrix"\\); } catch \\(e\\) {} //`;
  return writePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>",
    stream("BT /F1 24 Tf 72 700 Td (AAA) Tj ET BT /F2 24 Tf 72 600 Td (AAA) Tj ET"),
    `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 (${inject})] /CharProcs << /a 6 0 R >> /Encoding << /Type /Encoding /Differences [65 /a] >> /FirstChar 65 /LastChar 65 /Widths [1000] /Resources << >> >>`,
    stream("1000 0 0 0 750 750 d1 0 0 750 750 re f"),
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontMatrix [0.001 0 0 0.001 0 (${inject})] >>`,
  ]);
}

// ---------------------------------------------------------------------------
// Encryption: the standard security handler, revision 3 (RC4, 128-bit key), as
// office suites write it. Owner password "owner-secret", user password below.

export const USER_PASSWORD = "perf-2025";
const PAD = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");
const md5 = (...parts) => crypto.createHash("md5").update(Buffer.concat(parts)).digest();

function rc4(key, data) {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}

const padded = (password) => Buffer.concat([latin1(password), PAD]).subarray(0, 32);

function encrypted() {
  const bytes = fixture("cid-stsong-nonembedded.pdf");
  const { objects, trailer } = parseObjects(bytes);
  const id = Buffer.from(/\/ID\s*\[\s*<([0-9a-fA-F]+)>/.exec(trailer)[1], "hex");
  const P = -3904;
  const p32 = Buffer.alloc(4);
  p32.writeInt32LE(P);
  // Algorithm 3: /O
  let h = md5(padded("owner-secret"));
  for (let i = 0; i < 50; i++) h = md5(h);
  let O = rc4(h, padded(USER_PASSWORD));
  for (let i = 1; i <= 19; i++) O = rc4(Buffer.from(h.map((b) => b ^ i)), O);
  // Algorithm 2: the file key
  let key = md5(padded(USER_PASSWORD), O, p32, id);
  for (let i = 0; i < 50; i++) key = md5(key);
  // Algorithm 5: /U
  let U = rc4(key, md5(PAD, id));
  for (let i = 1; i <= 19; i++) U = rc4(Buffer.from(key.map((b) => b ^ i)), U);
  U = Buffer.concat([U, Buffer.alloc(16)]);
  const objectKey = (num) => md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 16);
  const encryptStrings = (dict, num) => dict.replace(/\((?:[^()\\]|\\.)*\)/g, (lit) => `<${rc4(objectKey(num), latin1(lit.slice(1, -1))).toString("hex")}>`);
  const max = Math.max(...objects.keys());
  const list = [];
  for (let n = 1; n <= max; n++) {
    const o = objects.get(n);
    if (o.data) list.push({ dict: o.dict.replace(/\/Length\s+\d+/, "/Length %LEN%"), data: rc4(objectKey(n), o.data) });
    else list.push(encryptStrings(o.dict, n));
  }
  list.push(`<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${P} /O <${O.toString("hex")}> /U <${U.toString("hex")}> >>`);
  return writePdf(list, { info: /\/Info\s+(\d+)/.exec(trailer)?.[1], id: id.toString("hex"), encrypt: list.length });
}

// ---------------------------------------------------------------------------

const FILES = {
  "scan.pdf": scan,
  "many-pages.pdf": () => manyPages(2001),
  "bomb.pdf": bomb,
  "xobject-loop.pdf": xobjectLoop,
  "pages-cycle.pdf": pagesCycle,
  "deep-nesting.pdf": deepNesting,
  "page-damaged.pdf": pageDamaged,
  "page-emptied.pdf": pageEmptied,
  "silent-bitflip.pdf": silentFlip,
  "encrypted-rc4.pdf": encrypted,
  "hostile-javascript.pdf": () => hostile("javascript"),
  "hostile-launch.pdf": () => hostile("launch"),
  "hostile-xfa.pdf": () => hostile("xfa"),
  "hostile-fontmatrix.pdf": fontMatrix,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  const only = process.argv.slice(2);
  for (const [name, make] of Object.entries(FILES)) {
    if (only.length && !only.includes(name)) continue;
    const bytes = make();
    writeFileSync(join(OUT, name), bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
}
