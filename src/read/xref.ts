import { Ref, ValueParser, isName, isWhite, type Dict, type PdfObjects } from "./objects.js";

// The document's trailer, for the own text reader, only when the file's
// cross-reference data is sound: the chain pdf.js follows (startxref, then
// each section's XRefStm and Prev) parses, and every entry in use points at
// the very object our byte scan found. Then pdf.js and this reader see the
// same objects: the ones the sections list, and no others (objects the
// sections leave out or mark free are taken out of the scan's view). Where the
// data is not sound pdf.js rebuilds it by scanning and says so in a warning;
// this answers null and pdf.js reads the document.

interface Entry {
  type: "free" | "direct" | "packed";
  /** direct: the byte offset; packed: the object stream's number. */
  offset: number;
  /** direct: the generation; packed: the index in the object stream. */
  gen: number;
}

class XrefError extends Error {}

/** The trailer dictionary (its /Root and /Info) when the cross-reference chain is sound; null otherwise. */
export function soundTrailer(objects: PdfObjects): Dict | null {
  try {
    return readChain(objects);
  } catch (error) {
    if (error instanceof XrefError) return null;
    throw error;
  }
}

function readChain(objects: PdfObjects): Dict {
  const buf = objects.bytes;
  const start = firstSection(objects);
  const queue = [start];
  const seen = new Set<number>();
  const entries = new Map<number, Entry>();
  let top: Dict | null = null;
  while (queue.length) {
    const at = queue.shift()!;
    if (seen.has(at) || seen.size > 64) throw new XrefError("loop");
    seen.add(at);
    const p = new ValueParser(buf, at);
    p.skipWhite();
    let dict: Dict;
    if (buf.toString("latin1", p.pos, p.pos + 4) === "xref") {
      p.pos += 4;
      dict = readTable(p, entries);
    } else {
      dict = readStreamSection(objects, p, entries);
    }
    top ??= dict;
    const stm = dict.get("XRefStm");
    if (typeof stm === "number" && Number.isInteger(stm)) queue.push(stm);
    const prev = dict.get("Prev");
    if (typeof prev === "number" && Number.isInteger(prev)) queue.push(prev);
    else if (prev !== undefined) throw new XrefError("Prev");
  }
  if (!top || !(top.get("Root") instanceof Ref)) throw new XrefError("no Root");
  const zero = entries.get(0);
  if (zero && zero.type !== "free") throw new XrefError("object 0 in use");
  for (const [num, entry] of entries) {
    if (entry.type === "free") continue;
    const loc = objects.locate(num);
    if (entry.type === "packed") {
      if (loc?.packed?.stream !== entry.offset) throw new XrefError(`object ${num} not where listed`);
      continue;
    }
    if (loc?.direct === undefined) throw new XrefError(`object ${num} not found`);
    let at = entry.offset;
    while (at < buf.length && isWhite(buf[at]!)) at++;
    if (at !== loc.at) throw new XrefError(`object ${num} not where listed`);
    const header = new ValueParser(buf, at);
    header.word();
    header.skipWhite();
    if (header.word() !== String(entry.gen)) throw new XrefError(`object ${num} generation`);
  }
  // What the sections do not list as in use, pdf.js does not see.
  objects.forget([...objects.numbers()].filter((num) => {
    const entry = entries.get(num);
    return !entry || entry.type === "free";
  }));
  return top;
}

/** Where pdf.js starts: after the first object of a linearized file, else at the last startxref. */
function firstSection(objects: PdfObjects): number {
  const buf = objects.bytes;
  let first: { num: number; at: number; body: number } | null = null;
  for (const num of objects.numbers()) {
    const loc = objects.locate(num)!;
    if (loc.direct !== undefined && (!first || loc.at < first.at)) first = { num, at: loc.at, body: loc.direct };
  }
  if (first) {
    let dict;
    try {
      dict = new ValueParser(buf, first.body).value();
    } catch {
      dict = undefined;
    }
    // pdf.js takes a file for linearized when its first object says so and gives the file's true length.
    if (dict instanceof Map && dict.has("Linearized") && dict.get("L") === buf.length) {
      let at = buf.indexOf("endobj", first.body, "latin1");
      if (at < 0) throw new XrefError("first object");
      at += 6;
      while (at < buf.length && isWhite(buf[at]!)) at++;
      return at;
    }
  }
  const at = buf.lastIndexOf("startxref", buf.length, "latin1");
  if (at < 0) throw new XrefError("no startxref");
  const p = new ValueParser(buf, at + 9);
  p.skipWhite();
  const word = p.word();
  if (!/^\d+$/.test(word)) throw new XrefError("startxref");
  const offset = Number(word);
  if (offset >= buf.length) throw new XrefError("startxref past the end");
  return offset;
}

function integer(p: ValueParser): number {
  p.skipWhite();
  const word = p.word();
  if (!/^\d+$/.test(word)) throw new XrefError(`expected a number, found ${word.slice(0, 10)}`);
  return Number(word);
}

/** A classic table's subsections (entries already known from a newer section win), then its trailer. */
function readTable(p: ValueParser, entries: Map<number, Entry>): Dict {
  for (;;) {
    p.skipWhite();
    const save = p.pos;
    if (p.word() === "trailer") break;
    p.pos = save;
    let first = integer(p);
    const count = integer(p);
    for (let i = 0; i < count; i++) {
      const offset = integer(p);
      const gen = integer(p);
      p.skipWhite();
      const type = p.word();
      if (type !== "n" && type !== "f") throw new XrefError("entry type");
      if (i === 0 && type === "f" && first === 1) first = 0;
      if (!entries.has(first + i)) entries.set(first + i, { type: type === "n" ? "direct" : "free", offset, gen });
    }
  }
  p.skipWhite();
  let dict;
  try {
    dict = p.value();
  } catch {
    throw new XrefError("trailer");
  }
  if (!(dict instanceof Map)) throw new XrefError("trailer");
  return dict;
}

/** A cross-reference stream ("N G obj << /Type /XRef … >> stream"). */
function readStreamSection(objects: PdfObjects, p: ValueParser, entries: Map<number, Entry>): Dict {
  const at = p.pos;
  const num = integer(p);
  integer(p);
  p.skipWhite();
  if (p.word() !== "obj") throw new XrefError("not an object");
  // The stream read must be the one defined here, not another definition of its number.
  if (objects.locate(num)?.at !== at) throw new XrefError("cross-reference stream defined twice");
  const stream = objects.stream(num);
  const type = stream?.dict.get("Type");
  if (!stream || !isName(type, "XRef")) throw new XrefError("not a cross-reference stream");
  const { dict, data } = stream;
  const w = dict.get("W");
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 8)) throw new XrefError("W");
  const [w0, w1, w2] = w as [number, number, number];
  const size = dict.get("Size");
  const index = dict.get("Index") ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0)) throw new XrefError("Index");
  const width = w0 + w1 + w2;
  if (width === 0) throw new XrefError("W");
  let pos = 0;
  const field = (n: number): number => {
    let v = 0;
    for (let k = 0; k < n; k++) v = v * 256 + data[pos++]!;
    return v;
  };
  for (let r = 0; r < index.length; r += 2) {
    const first = index[r] as number;
    const count = index[r + 1] as number;
    if (pos + count * width > data.length) throw new XrefError("stream too short");
    for (let i = 0; i < count; i++) {
      const kind = w0 === 0 ? 1 : field(w0);
      const f1 = field(w1);
      const f2 = field(w2);
      if (entries.has(first + i)) continue;
      if (kind === 0) entries.set(first + i, { type: "free", offset: f1, gen: f2 });
      else if (kind === 1) entries.set(first + i, { type: "direct", offset: f1, gen: f2 });
      else if (kind === 2) entries.set(first + i, { type: "packed", offset: f1, gen: f2 });
      else throw new XrefError("entry type");
    }
  }
  return dict;
}
