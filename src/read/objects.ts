import { decodeStreamData, type DecodedStreams } from "./expansion.js";

// Just enough of a PDF object reader for the own reader (pages, fonts, content
// streams, form XObjects), straight from the file's bytes: pdf.js is a renderer,
// and reading what the text and the ruling lines need costs it several times
// what it costs here.
//
// Objects are found by scanning for "N G obj" (the way pdf.js rebuilds a damaged
// cross-reference table), including those packed into object streams; where a
// number is defined twice, the later definition in the file wins, as in an
// incremental update (xref.ts then checks that this is what the file's own
// cross-reference data says). Anything this reader does not understand (an
// encrypted file, a predictor other than PNG's, an unknown filter, a malformed
// object) makes it answer null, and the caller asks pdf.js instead.

export class Name {
  constructor(readonly name: string) {}
}

export class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export type Value = number | boolean | null | string | Name | Ref | Value[] | Dict;
export type Dict = Map<string, Value>;

/** A malformed object: the reader gives up on it. */
class ObjectSyntaxError extends Error {}

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIM[c.charCodeAt(0)] = 1;

export const isWhite = (c: number): boolean => WHITE[c] === 1;
/** Neither white space nor a delimiter: part of a number, keyword or name. */
export const isRegular = (c: number): boolean => WHITE[c] === 0 && DELIM[c] === 0;

/** Reads PDF values from bytes; `pos` moves past what was read. */
export class ValueParser {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
    readonly end = buf.length,
  ) {}

  skipWhite(): void {
    const { buf, end } = this;
    while (this.pos < end) {
      const c = buf[this.pos]!;
      if (WHITE[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < end && buf[this.pos] !== 0x0a && buf[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
  }

  /** A run of regular characters (a number, keyword or operator), as latin1. */
  word(): string {
    const start = this.pos;
    while (this.pos < this.end && isRegular(this.buf[this.pos]!)) this.pos++;
    return latin1(this.buf, start, this.pos);
  }

  value(depth = 0): Value {
    if (depth > 64) throw new ObjectSyntaxError("nested too deeply");
    this.skipWhite();
    const { buf } = this;
    if (this.pos >= this.end) throw new ObjectSyntaxError("unexpected end");
    const c = buf[this.pos]!;
    if (c === 0x2f /* / */) return this.name();
    if (c === 0x28 /* ( */) return this.literalString();
    if (c === 0x3c /* < */) {
      if (buf[this.pos + 1] === 0x3c) return this.dict(depth);
      return this.hexString();
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const items: Value[] = [];
      for (;;) {
        this.skipWhite();
        if (this.pos >= this.end) throw new ObjectSyntaxError("unterminated array");
        if (buf[this.pos] === 0x5d /* ] */) {
          this.pos++;
          return items;
        }
        items.push(this.value(depth + 1));
      }
    }
    if (!isRegular(c)) throw new ObjectSyntaxError(`unexpected ${String.fromCharCode(c)}`);
    const at = this.pos;
    const w = this.word();
    if (w === "true") return true;
    if (w === "false") return false;
    if (w === "null") return null;
    const n = Number(w);
    if (w === "" || !Number.isFinite(n)) {
      this.pos = at;
      throw new ObjectSyntaxError(`unexpected keyword ${w}`);
    }
    // "12 0 R" is a reference.
    if (Number.isInteger(n) && n >= 0) {
      const back = this.pos;
      this.skipWhite();
      const g = this.word();
      if (/^\d+$/.test(g)) {
        this.skipWhite();
        if (buf[this.pos] === 0x52 /* R */ && (this.pos + 1 >= this.end || !isRegular(buf[this.pos + 1]!))) {
          this.pos++;
          return new Ref(n, Number(g));
        }
      }
      this.pos = back;
    }
    return n;
  }

  name(): Name {
    this.pos++; // the slash
    const start = this.pos;
    while (this.pos < this.end && isRegular(this.buf[this.pos]!)) this.pos++;
    const raw = latin1(this.buf, start, this.pos);
    return new Name(raw.includes("#") ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
  }

  dict(depth: number): Dict {
    this.pos += 2;
    const out: Dict = new Map();
    for (;;) {
      this.skipWhite();
      if (this.pos >= this.end) throw new ObjectSyntaxError("unterminated dictionary");
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return out;
      }
      if (this.buf[this.pos] !== 0x2f) throw new ObjectSyntaxError("dictionary key is not a name");
      const key = this.name().name;
      out.set(key, this.value(depth + 1));
    }
  }

  /** Skips a literal string (nested parentheses, backslash escapes); its text is never needed. */
  literalString(): string {
    const { buf, end } = this;
    const start = ++this.pos;
    let nesting = 1;
    while (this.pos < end) {
      const c = buf[this.pos++]!;
      if (c === 0x5c /* \ */) this.pos++;
      else if (c === 0x28) nesting++;
      else if (c === 0x29 && --nesting === 0) return latin1(buf, start, this.pos - 1);
    }
    throw new ObjectSyntaxError("unterminated string");
  }

  hexString(): string {
    const start = ++this.pos;
    while (this.pos < this.end && this.buf[this.pos] !== 0x3e) this.pos++;
    if (this.pos >= this.end) throw new ObjectSyntaxError("unterminated hex string");
    return latin1(this.buf, start, this.pos++);
  }
}

/** Whether `value` is the name `name`. */
export const isName = (value: Value | undefined, name: string): boolean => value instanceof Name && value.name === name;

/** The bytes from `start` to `end`, one char each. */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  // String.fromCharCode over a short run beats a Buffer view for the tiny tokens read here.
  if (end - start < 64) {
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    return s;
  }
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1");
}

export interface Located {
  /** Where in the file the definition sits (later wins). */
  at: number;
  /** Direct: the offset just past "N G obj". Packed: the object stream and the object's offset in it. */
  direct?: number;
  packed?: { stream: number; offset: number };
}

export interface DecodedStream {
  dict: Dict;
  data: Uint8Array;
}

/** The objects of one (unencrypted) PDF file, read on demand. */
export class PdfObjects {
  /**
   * Whether a stream read so far had a wrong /Length (its end was found by
   * searching). pdf.js then tokenizes whatever lies at the wrong end and may
   * warn about it; the own text reader leaves such a file to pdf.js.
   */
  lengthMismatch = false;
  private readonly where = new Map<number, Located>();
  private readonly values = new Map<number, Value>();
  private readonly streams = new Map<number, DecodedStream | null>();
  private readonly packed = new Map<number, { data: Uint8Array; first: number } | null>();

  private constructor(
    private readonly buf: Buffer,
    private readonly maxStream: number,
    /** Streams already decoded by the file's inspection (expansion.ts), taken instead of decoding them again. */
    private readonly decoded: DecodedStreams | undefined,
  ) {}

  /**
   * Indexes the file, or answers null when it is encrypted (its streams cannot
   * be read here) or the index fails in any way (pdf.js then reads every page).
   */
  static open(data: Uint8Array, maxStream: number, decoded?: DecodedStreams): PdfObjects | null {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (buf.indexOf("/Encrypt", 0, "latin1") >= 0) return null;
    try {
      const objects = new PdfObjects(buf, maxStream, decoded);
      objects.index();
      return objects;
    } catch {
      return null;
    }
  }

  private index(): void {
    // Scanned in the bytes themselves: a string of the whole file would double a large file's memory.
    const { buf } = this;
    const objectStreams: { num: number; at: number }[] = [];
    let nextStream = -1;
    let nextEndobj = -1;
    for (let pos = 0; ; ) {
      const at = buf.indexOf("obj", pos, "latin1");
      if (at < 0) break;
      pos = at + 3;
      const header = objectHeader(buf, at);
      if (!header) continue;
      const body = at + 3;
      this.where.set(header.num, { at: header.start, direct: body });
      // Jump over a stream's data, so nothing inside it is taken for an object.
      if (nextStream < body) nextStream = keyword(buf, "stream", body);
      if (nextEndobj < body) nextEndobj = buf.indexOf("endobj", body, "latin1");
      if (nextStream < 0 || (nextEndobj >= 0 && nextEndobj < nextStream)) continue;
      if (/\/Type\s*\/ObjStm\b/.test(buf.toString("latin1", body, nextStream))) objectStreams.push({ num: header.num, at: header.start });
      const stop = buf.indexOf("endstream", nextStream + 6, "latin1");
      if (stop < 0) break;
      pos = stop + 9;
    }
    for (const { num, at } of objectStreams) {
      const contents = this.objectStream(num);
      if (!contents) continue;
      for (const [packedNum, offset] of contents.entries) {
        const known = this.where.get(packedNum);
        if (!known || known.at < at) this.where.set(packedNum, { at, packed: { stream: num, offset } });
      }
    }
  }

  private objectStream(num: number): { entries: [number, number][] } | null {
    const stream = this.stream(num);
    if (!stream) return null;
    const n = stream.dict.get("N");
    const first = stream.dict.get("First");
    if (typeof n !== "number" || typeof first !== "number") return null;
    const p = new ValueParser(stream.data, 0, Math.min(first, stream.data.length));
    const entries: [number, number][] = [];
    try {
      for (let i = 0; i < n; i++) {
        const objNum = p.value();
        const offset = p.value();
        if (typeof objNum !== "number" || typeof offset !== "number") return null;
        entries.push([objNum, offset]);
      }
    } catch {
      return null;
    }
    this.packed.set(num, { data: stream.data, first });
    return { entries };
  }

  /** The object numbered `num` (its dictionary, for a stream), or undefined when it cannot be read. */
  get(num: number): Value | undefined {
    if (this.values.has(num)) return this.values.get(num);
    const loc = this.where.get(num);
    let value: Value | undefined;
    try {
      if (loc?.direct !== undefined) value = new ValueParser(this.buf, loc.direct).value();
      else if (loc?.packed) {
        const stream = this.packed.get(loc.packed.stream);
        if (stream) value = new ValueParser(stream.data, stream.first + loc.packed.offset).value();
      }
    } catch (error) {
      if (!(error instanceof ObjectSyntaxError)) throw error;
    }
    this.values.set(num, value as Value);
    return value;
  }

  /** Follows references (a chain of them, not a cycle). */
  resolve(value: Value | undefined): Value | undefined {
    for (let hops = 0; value instanceof Ref; hops++) {
      if (hops > 16) return undefined;
      value = this.get(value.num);
    }
    return value;
  }

  dict(value: Value | undefined): Dict | undefined {
    const v = this.resolve(value);
    return v instanceof Map ? v : undefined;
  }

  /**
   * A stream object's dictionary and decoded data; null when it is not a stream
   * or cannot be decoded. Kept for the next call unless `keep` is false (a
   * page's own content, read once: a long document's would add up).
   */
  stream(num: number, keep = true): DecodedStream | null {
    if (this.streams.has(num)) return this.streams.get(num)!;
    let result: DecodedStream | null = null;
    try {
      result = this.readStream(num);
    } catch (error) {
      if (!(error instanceof ObjectSyntaxError)) throw error;
    }
    if (keep) this.streams.set(num, result);
    return result;
  }

  private readStream(num: number): DecodedStream | null {
    const loc = this.where.get(num);
    if (loc?.direct === undefined) return null; // streams are never packed into object streams
    const p = new ValueParser(this.buf, loc.direct);
    const dict = p.value();
    if (!(dict instanceof Map)) return null;
    p.skipWhite();
    if (p.word() !== "stream") return null;
    let start = p.pos;
    if (this.buf[start] === 0x0d) start++;
    if (this.buf[start] === 0x0a) start++;
    const end = this.dataEnd(start, this.resolve(dict.get("Length")));
    if (end < 0) return null;
    const filter = this.resolve(dict.get("Filter"));
    const filters = filter instanceof Name ? [filter] : Array.isArray(filter) ? filter.map((f) => this.resolve(f)) : filter == null ? [] : null;
    if (!filters || !filters.every((f) => f instanceof Name)) return null;
    const parms = this.resolve(dict.get("DecodeParms") ?? dict.get("DP"));
    const parmList = Array.isArray(parms) ? parms.map((x) => this.resolve(x)) : [parms];
    // Only the PNG predictors of one byte-sized component (those of cross-reference
    // streams) are undone here; a stream with any other predictor is not read.
    let png: number | null = null;
    for (const parm of parmList) {
      const predictor = parm instanceof Map ? this.resolve(parm.get("Predictor")) : undefined;
      if (typeof predictor !== "number" || predictor <= 1) continue;
      const p = parm as Dict;
      const colors = this.resolve(p.get("Colors")) ?? 1;
      const bits = this.resolve(p.get("BitsPerComponent")) ?? 8;
      const columns = this.resolve(p.get("Columns")) ?? 1;
      if (predictor < 10 || colors !== 1 || bits !== 8 || typeof columns !== "number" || !Number.isInteger(columns) || columns < 1 || filters.length !== 1) return null;
      png = columns;
    }
    const early = parmList.find((x): x is Dict => x instanceof Map)?.get("EarlyChange");
    const names = (filters as Name[]).map((f) => f.name);
    const data = this.decoded?.take(start, end, names) ?? decodeStreamData(names, this.buf.subarray(start, end), this.maxStream, early === 0 ? 0 : 1);
    if (!data) return null;
    if (png === null) return { dict, data };
    const rows = unpredictPng(data, png);
    return rows ? { dict, data: rows } : null;
  }

  /** Where the object numbered `num` was found (its latest definition). */
  locate(num: number): Located | undefined {
    return this.where.get(num);
  }

  /** Every object number found in the file. */
  numbers(): IterableIterator<number> {
    return this.where.keys();
  }

  /**
   * The objects whose text may hold one of `names` as a whole name ("/Page",
   * not "/Pages"): a superset, found by searching the bytes (and the object
   * streams' data) rather than parsing every object, to be parsed and checked
   * by the caller. A tagged PDF has thousands of objects nobody needs to read.
   */
  mentioning(names: readonly string[]): Set<number> {
    const found = new Set<number>();
    const search = (data: Uint8Array, starts: [number, number][]): void => {
      if (!starts.length) return;
      starts.sort((a, b) => a[0] - b[0]);
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      for (const name of names) {
        for (let at = bytes.indexOf(name, 0, "latin1"); at >= 0; at = bytes.indexOf(name, at + name.length, "latin1")) {
          if (at + name.length < bytes.length && isRegular(bytes[at + name.length]!)) continue;
          // The object that starts last before the hit.
          let lo = 0;
          let hi = starts.length - 1;
          if (starts[0]![0] > at) continue;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid]![0] <= at) lo = mid;
            else hi = mid - 1;
          }
          found.add(starts[lo]![1]);
        }
      }
    };
    const direct: [number, number][] = [];
    const packed = new Map<number, [number, number][]>();
    for (const [num, loc] of this.where) {
      if (loc.direct !== undefined) direct.push([loc.direct, num]);
      else if (loc.packed) {
        const list = packed.get(loc.packed.stream) ?? [];
        list.push([loc.packed.offset, num]);
        packed.set(loc.packed.stream, list);
      }
    }
    search(this.buf, direct);
    for (const [stream, starts] of packed) {
      const contents = this.packed.get(stream);
      if (contents) search(contents.data.subarray(contents.first), starts);
    }
    return found;
  }

  /** Takes objects out of view (free, or not listed, in a cross-reference table that pdf.js follows). */
  forget(nums: Iterable<number>): void {
    for (const num of nums) {
      this.where.delete(num);
      this.values.delete(num);
      this.streams.delete(num);
    }
  }

  /** The file's bytes. */
  get bytes(): Buffer {
    return this.buf;
  }

  /** Where a stream's data ends: by its /Length when "endstream" follows there, else by searching. */
  private dataEnd(start: number, length: Value | undefined): number {
    const { buf } = this;
    if (typeof length === "number" && length >= 0 && start + length <= buf.length) {
      let at = start + length;
      while (at < buf.length && isWhite(buf[at]!)) at++;
      if (buf.toString("latin1", at, at + 9) === "endstream") return start + length;
    }
    this.lengthMismatch = true;
    let end = buf.indexOf("endstream", start, "latin1");
    if (end < 0) return -1;
    if (buf[end - 1] === 0x0a) end--;
    if (buf[end - 1] === 0x0d) end--;
    return Math.max(start, end);
  }
}

/** PNG-predicted rows of `columns` bytes (each led by its filter type byte), undone; null when damaged. */
function unpredictPng(data: Uint8Array, columns: number): Uint8Array | null {
  const rowLength = columns + 1;
  if (data.length % rowLength !== 0) return null;
  const rows = data.length / rowLength;
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength]!;
    const src = r * rowLength + 1;
    const dst = r * columns;
    for (let k = 0; k < columns; k++) {
      const raw = data[src + k]!;
      const left = k > 0 ? out[dst + k - 1]! : 0;
      const up = r > 0 ? out[dst - columns + k]! : 0;
      const upLeft = r > 0 && k > 0 ? out[dst - columns + k - 1]! : 0;
      let value: number;
      switch (type) {
        case 0:
          value = raw;
          break;
        case 1:
          value = raw + left;
          break;
        case 2:
          value = raw + up;
          break;
        case 3:
          value = raw + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          return null;
      }
      out[dst + k] = value & 0xff;
    }
  }
  return out;
}

/** The next `word` at or after `from` that is not the tail of "end<word>". */
function keyword(buf: Buffer, word: string, from: number): number {
  for (let at = buf.indexOf(word, from, "latin1"); at >= 0; at = buf.indexOf(word, at + word.length, "latin1")) {
    if (!(at >= 3 && buf[at - 3] === 0x65 && buf[at - 2] === 0x6e && buf[at - 1] === 0x64)) return at;
  }
  return -1;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** "N G obj" ending at the "obj" found at `at`: the object's number and where its header starts; null if it is none. */
function objectHeader(buf: Buffer, at: number): { num: number; start: number } | null {
  if (at + 3 < buf.length && isRegular(buf[at + 3]!)) return null; // "objects", not "obj"
  let i = at - 1;
  const skip = (test: (c: number | undefined) => boolean): number => {
    const from = i;
    while (i >= 0 && test(buf[i])) i--;
    return from - i;
  };
  const white = (c: number | undefined) => c !== undefined && isWhite(c);
  if (!skip(white) || !skip(isDigit) || !skip(white)) return null;
  const numEnd = i + 1;
  if (!skip(isDigit) || numEnd - (i + 1) > 10) return null;
  return { num: Number(buf.toString("latin1", i + 1, numEnd)), start: i + 1 };
}
