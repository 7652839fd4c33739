// Just enough PDF editing for the structural kinds of the fuzz mutator
// (test/fuzz-mutate.mjs): every object's text, direct or packed into an object
// stream, and a way to redefine or delete objects — in an incremental update
// with its own cross-reference section (every reader then sees the edit, as a
// tool that rewrote the file would have made it), or after %%EOF with none (an
// update whose cross-reference section was lost).
//
// Plain Node, no project code: the damage must not be made with the reader it
// is meant to test.

import { inflateSync } from "node:zlib";

export const latin1 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
export const fromLatin1 = (text) => new Uint8Array(Buffer.from(text, "latin1"));

/**
 * Every object of the file by number (the last definition wins, as in an
 * incremental update): its text between "obj" and "endobj" (a stream with its
 * data), and where it is (`start`/`end` of that text in the file, or `packed`).
 */
export function objectsOf(bytes) {
  const text = latin1(bytes);
  const objects = new Map();
  const header = /(?<![0-9])(\d+)\s+(\d+)\s+obj\b/g;
  const streams = [];
  for (let m; (m = header.exec(text)); ) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf("stream", start);
    let end = text.indexOf("endobj", start);
    if (end < 0) break;
    if (streamAt >= 0 && streamAt < end) {
      // The data may hold "endobj": the object ends after "endstream".
      const dataEnd = text.indexOf("endstream", streamAt + 6);
      if (dataEnd < 0) break;
      end = text.indexOf("endobj", dataEnd);
      if (end < 0) break;
    }
    const num = Number(m[1]);
    const body = text.slice(start, end);
    objects.set(num, { num, gen: Number(m[2]), body, start, end });
    if (/\/Type\s*\/ObjStm\b/.test(body.slice(0, body.indexOf("stream")))) streams.push(num);
    header.lastIndex = end + 6;
  }
  for (const num of streams) {
    for (const [packed, body] of objectStreamContents(objects.get(num).body)) {
      if (!objects.has(packed)) objects.set(packed, { num: packed, gen: 0, body, packed: true });
    }
  }
  return objects;
}

/** The objects packed in an object stream's text, by number; empty when it cannot be read here. */
function objectStreamContents(body) {
  const out = new Map();
  const dictEnd = body.indexOf("stream");
  const dict = body.slice(0, dictEnd);
  const n = Number(/\/N\s+(\d+)/.exec(dict)?.[1]);
  const first = Number(/\/First\s+(\d+)/.exec(dict)?.[1]);
  if (!/\/FlateDecode/.test(dict) || /\/DecodeParms/.test(dict) || !n || !first) return out;
  let dataStart = dictEnd + 6;
  if (body[dataStart] === "\r") dataStart++;
  if (body[dataStart] === "\n") dataStart++;
  let data;
  try {
    data = inflateSync(Buffer.from(body.slice(dataStart, body.lastIndexOf("endstream")), "latin1")).toString("latin1");
  } catch {
    return out;
  }
  const pairs = data.slice(0, first).trim().split(/\s+/).map(Number);
  for (let i = 0; i < n; i++) {
    const end = i + 1 < n ? first + pairs[2 * i + 3] : data.length;
    out.set(pairs[2 * i], data.slice(first + pairs[2 * i + 1], end).trim());
  }
  return out;
}

/** The dictionary part of an object's text (before "stream"). */
export const dictOf = (body) => {
  const at = body.search(/\bstream\r?\n/);
  return at < 0 ? body : body.slice(0, at);
};

/** The trailer's /Root object number (a classic trailer or a cross-reference stream). */
export function rootOf(bytes) {
  const text = latin1(bytes);
  const all = [...text.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)];
  return all.length ? Number(all.at(-1)[1]) : null;
}

/** Where the last startxref points. */
function lastStartxref(text) {
  const m = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(text.slice(text.lastIndexOf("startxref")));
  return m ? Number(m[1]) : null;
}

/**
 * The file with objects redefined (`defs`: number → text between "obj" and
 * "endobj") and deleted (`free`: numbers), appended as an incremental update.
 * With `xref: false` the new definitions follow %%EOF with no cross-reference
 * section (readers that trust the file's own cross-reference data do not see
 * them; readers that scan for objects do).
 */
export function appendUpdate(bytes, defs, { free = [], xref = true } = {}) {
  const text = latin1(bytes);
  let out = text.endsWith("\n") ? text : `${text}\n`;
  const offsets = new Map();
  for (const [num, body] of defs) {
    offsets.set(num, out.length);
    out += `${num} 0 obj\n${body.trim()}\nendobj\n`;
  }
  if (!xref) return fromLatin1(out);
  const prev = lastStartxref(text);
  const root = rootOf(bytes);
  const all = [...offsets.keys(), ...free];
  const size = Math.max(...all, ...objectsOf(bytes).keys()) + 1;
  const at = out.length;
  out += "xref\n";
  for (const num of [...all].sort((a, b) => a - b)) {
    out += `${num} 1\n`;
    out += offsets.has(num) ? `${String(offsets.get(num)).padStart(10, "0")} 00000 n\r\n` : "0000000000 00001 f\r\n";
  }
  out += `trailer\n<< /Size ${size}${root !== null ? ` /Root ${root} 0 R` : ""}${prev !== null ? ` /Prev ${prev}` : ""} >>\nstartxref\n${at}\n%%EOF\n`;
  return fromLatin1(out);
}

/** The numbers an object's dictionary refers to under `key` (a reference, or an array of them). */
export function refsUnder(body, key) {
  const dict = dictOf(body);
  const m = new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|\\d+\\s+\\d+\\s+R)`).exec(dict);
  if (!m) return [];
  return [...m[1].matchAll(/(\d+)\s+\d+\s+R/g)].map((r) => Number(r[1]));
}

/** An object's body with the value of `key` in its (top-level) dictionary replaced; null when it has none. */
export function replaceValue(body, key, value) {
  const dict = dictOf(body);
  const re = new RegExp(`/${key}(?![A-Za-z0-9])\\s*(\\[[^\\]]*\\]|\\d+\\s+\\d+\\s+R|-?[\\d.]+|/[^\\s/<>\\[\\]()]+)`);
  const m = re.exec(dict);
  if (!m) return null;
  return body.slice(0, m.index) + `/${key} ${value}` + body.slice(m.index + m[0].length);
}

/** An object's body with `entry` (e.g. "/Count 3") added to its dictionary. */
export function addEntry(body, entry) {
  const at = body.indexOf("<<");
  return at < 0 ? null : `${body.slice(0, at + 2)} ${entry} ${body.slice(at + 2)}`;
}

/** Objects whose dictionary matches `re`, by number. */
export function objectsWhere(objects, re) {
  return [...objects.values()].filter((o) => re.test(dictOf(o.body)));
}
