import { createInflate, inflateRawSync, inflateSync, constants } from "node:zlib";

// A few kilobytes of Flate (or LZW, or run-length) data can expand to gigabytes,
// and pdf.js decodes a content stream, a font or an object stream into one
// growing buffer, in one go, with no limit: a 3 MB PDF made of one compressed
// run of spaces takes it over a minute and 6 GB of memory, a slightly larger one
// ends the process. So before pdf.js sees a file, every stream it would decode
// is decoded here first, natively and with a cap, counting bytes only.
//
// Decoding every Flate stream natively also checks it: zlib verifies each
// stream's Adler-32 checksum and its structure, which pdf.js does not, so a
// flipped bit inside a compressed content stream or font (which pdf.js decodes
// into different but well-formed text, without a word) is caught here and
// reported as damage.
//
// Images are skipped: pdf.js never decodes them for us (maxImageSize 0), nor
// embedded files or metadata. Streams of an encrypted file cannot be checked
// before decryption: they are neither measured nor verified.

export interface ExpansionLimits {
  /** The most one stream may expand to, in bytes. */
  perStream: number;
  /** The most all checked streams together may expand to. */
  total: number;
}

export const EXPANSION_LIMITS: ExpansionLimits = { perStream: 100 * 1024 * 1024, total: 2 * 1024 * 1024 * 1024 };

interface Decoded {
  /** The output, when the next filter needs it. */
  out: Uint8Array | null;
  size: number;
  over: boolean;
  /** The data is damaged (zlib's reason); `size` counts what decoded before the damage. */
  damage?: string;
}

const MB = 1024 * 1024;

// The filters that expand their input (and so are measured).
const MAX_RATIO: Record<string, number> = { FlateDecode: 1040, Fl: 1040, LZWDecode: 3700, LZW: 3700, RunLengthDecode: 64, RL: 64 };

interface Stream {
  /** The object the stream belongs to, if its header could be read. */
  ref: number | null;
  dict: string;
  filters: string[];
  data: Uint8Array;
  /** Where the data starts and ends in the file. */
  start: number;
  end: number;
}

/** The most DecodedStreams keeps at once, in bytes: past it, the object reader decodes for itself. */
const DECODED_KEEP_BYTES = 32 * MB;

/**
 * The streams inspectStreams decoded whole and intact (Flate only), by where
 * their data lies in the file: the object reader (objects.ts) takes each from
 * here instead of inflating it a second time. Each is handed out once.
 */
export class DecodedStreams {
  private readonly byStart = new Map<number, { end: number; filters: string; data: Uint8Array }>();
  private bytes = 0;

  keep(start: number, end: number, filters: readonly string[], data: Uint8Array): void {
    if (this.bytes + data.length > DECODED_KEEP_BYTES || this.byStart.has(start)) return;
    this.byStart.set(start, { end, filters: filters.join(" "), data });
    this.bytes += data.length;
  }

  /** The decoded data of the stream whose data is file[start, end) under these filters, if it was kept. */
  take(start: number, end: number, filters: readonly string[]): Uint8Array | undefined {
    const kept = this.byStart.get(start);
    if (!kept || kept.end !== end || kept.filters !== filters.join(" ")) return undefined;
    this.byStart.delete(start);
    this.bytes -= kept.data.length;
    return kept.data;
  }
}

function* streams(buf: Buffer): Generator<Stream> {
  let pos = 0;
  for (;;) {
    const at = buf.indexOf("stream", pos, "latin1");
    if (at < 0) return;
    pos = at + 6;
    if (at >= 3 && buf.toString("latin1", at - 3, at) === "end") continue;
    // The keyword follows its dictionary's ">>" and is followed by an end of line.
    if (!/>>\s*$/.test(buf.toString("latin1", Math.max(0, at - 16), at))) continue;
    let start = at + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const objAt = buf.lastIndexOf(" obj", at, "latin1");
    const near = objAt >= 0 && at - objAt < 65536;
    const dict = buf.toString("latin1", near ? objAt : Math.max(0, at - 4096), at);
    const ref = near ? /(\d+)\s+\d+\s*$/.exec(buf.toString("latin1", Math.max(0, objAt - 24), objAt)) : null;
    let end = buf.indexOf("endstream", start, "latin1");
    if (end < 0) end = buf.length;
    pos = end;
    if (/\/Subtype\s*\/Image\b|\/Type\s*\/(?:EmbeddedFile|Metadata)\b/.test(dict)) continue;
    const filters = filtersOf(dict);
    // The data ends before the end-of-line that precedes endstream.
    if (buf[end - 1] === 0x0a) end--;
    if (buf[end - 1] === 0x0d) end--;
    if (filters.some((f) => f in MAX_RATIO)) yield { ref: ref ? Number(ref[1]) : null, dict, filters, data: buf.subarray(start, Math.max(start, end)), start, end: Math.max(start, end) };
  }
}

interface Measured {
  /** Decoded size (past the cap: cap + 1). */
  size: number;
  /** Why a Flate stage failed (zlib's words), if it did. */
  damage: string | null;
}

/** What the stream really expands to, and whether its Flate data is intact; a Flate stream decoded whole is kept in `decoded`. */
async function measure(stream: Stream, cap: number, decoded: DecodedStreams | undefined): Promise<Measured> {
  let input = stream.data;
  let size = input.length;
  let damage: string | null = null;
  const flateOnly = decoded !== undefined && stream.filters.every((f) => f === "FlateDecode" || f === "Fl");
  for (let i = 0; i < stream.filters.length; i++) {
    const last = i === stream.filters.length - 1;
    const stage = await decode(stream.filters[i]!, input, cap, flateOnly || !last, stream.dict);
    if (!stage) break; // a filter we do not check (images' own), or nothing to chain
    damage ??= stage.damage ?? null;
    if (stage.over) return { size: cap + 1, damage };
    size = stage.size;
    if (!stage.out || stage.damage) break;
    input = stage.out;
    if (last && flateOnly) decoded.keep(stream.start, stream.end, stream.filters, stage.out);
  }
  return { size, damage };
}

export interface StreamReport {
  /** Why the file must not be handed to pdf.js (a stream that expands past the limits), or null. */
  bomb: string | null;
  /** Objects whose compressed data is damaged, with zlib's reason. */
  damaged: Map<number, string>;
}

/**
 * Measures and verifies every stream pdf.js would decode (none of an encrypted
 * file); those decoded whole go into `decoded`, when given, for the object reader.
 */
export async function inspectStreams(data: Uint8Array, limits: ExpansionLimits = EXPANSION_LIMITS, decoded?: DecodedStreams): Promise<StreamReport> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const damaged = new Map<number, string>();
  if (isEncrypted(buf)) return { bomb: null, damaged };
  let total = 0;
  for (const stream of streams(buf)) {
    const { size, damage } = await measure(stream, limits.perStream, decoded);
    if (size > limits.perStream) {
      return { bomb: `a stream in it expands to more than ${Math.round(limits.perStream / MB)} MB when decompressed (a "decompression bomb"); it was not read`, damaged };
    }
    total += size;
    if (total > limits.total) return { bomb: `its streams expand to more than ${Math.round(limits.total / MB)} MB in all when decompressed; it was not read`, damaged };
    if (damage && stream.ref !== null) damaged.set(stream.ref, damage);
  }
  return { bomb: null, damaged };
}

/** Why the file must not be handed to pdf.js (a stream that expands past the limits), or null. */
export async function expansionProblem(data: Uint8Array, limits: ExpansionLimits = EXPANSION_LIMITS): Promise<string | null> {
  return (await inspectStreams(data, limits)).bomb;
}

function isEncrypted(buf: Buffer): boolean {
  return buf.indexOf("/Encrypt", 0, "latin1") >= 0;
}

/**
 * The content streams of each page object (by object number), read from the raw
 * file: which page a damaged content stream belongs to. The last definition of
 * an object wins, as in an incremental update.
 */
export function pageContents(data: Uint8Array): Map<number, number[]> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = new Map<number, number[]>();
  for (let pos = buf.indexOf("/Contents", 0, "latin1"); pos >= 0; pos = buf.indexOf("/Contents", pos + 9, "latin1")) {
    const objAt = buf.lastIndexOf(" obj", pos, "latin1");
    if (objAt < 0 || pos - objAt > 65536) continue;
    const head = /(\d+)\s+\d+\s*$/.exec(buf.toString("latin1", Math.max(0, objAt - 24), objAt));
    const value = /^\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(buf.toString("latin1", pos, pos + 4096));
    if (!head || !value) continue;
    out.set(Number(head[1]), [...value[1]!.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1])));
  }
  return out;
}

function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9#]+)/.exec(dict);
  if (!m) return [];
  return [...m[1]!.matchAll(/\/([A-Za-z0-9#]+)/g)].map((x) => x[1]!);
}

async function decode(filter: string, input: Uint8Array, cap: number, keep: boolean, dict: string): Promise<Decoded | null> {
  const decoded = decodeSync(filter, input, cap, keep, /\/EarlyChange\s+0\b/.test(dict) ? 0 : 1);
  if (decoded?.damage !== undefined) return countDamaged(input, cap, keep, decoded.damage);
  return decoded;
}

/**
 * A stream's data through its filters, synchronously, refusing to pass `cap`
 * bytes at any stage; null for a filter not handled here (images' own, Crypt),
 * damaged data, or output past the cap.
 */
export function decodeStreamData(filters: string[], data: Uint8Array, cap: number, earlyChange: number): Uint8Array | null {
  let out: Uint8Array = data;
  for (const filter of filters) {
    const next = decodeSync(filter, out, cap, true, earlyChange);
    if (!next || next.over || next.damage !== undefined || !next.out) return null;
    out = next.out;
  }
  return out;
}

/**
 * One filter, synchronously; null for a filter not handled here. Flate data
 * that zlib refuses comes back with its `damage` and no output.
 */
function decodeSync(filter: string, input: Uint8Array, cap: number, keep: boolean, earlyChange: number): Decoded | null {
  switch (filter) {
    case "FlateDecode":
    case "Fl":
      return inflate(input, cap, keep);
    case "LZWDecode":
    case "LZW":
      return lzw(input, cap, earlyChange);
    case "RunLengthDecode":
    case "RL":
      return runLength(input, cap);
    case "ASCIIHexDecode":
    case "AHx":
      return keep ? { out: asciiHex(input), size: input.length, over: false } : null;
    case "ASCII85Decode":
    case "A85":
      return keep ? { out: ascii85(input), size: input.length, over: false } : null;
    default:
      return null;
  }
}

function inflate(input: Uint8Array, cap: number, keep: boolean): Decoded {
  const over = { out: null, size: cap + 1, over: true };
  let out: Buffer;
  try {
    out = inflateSync(input, { maxOutputLength: cap + 1 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") return over;
    // A checksum that does not match, or data zlib cannot decode, is damage.
    if (code !== "Z_BUF_ERROR") return { out: null, size: 0, over: false, damage: (error as Error).message };
    // Data that stops short. With all its blocks, only the checksum after them
    // missing, it is whole: some producers write streams so (pdfkit, Chromium),
    // and pdf.js, which never reads the checksum, takes them whole too. Stopping
    // inside its blocks it is damage: pdf.js's inflater then fails ("Bad
    // encoding") where zlib would hand over what it had.
    try {
      out = inflateRawSync(input.subarray(2), { maxOutputLength: cap + 1 });
    } catch (rawError) {
      if ((rawError as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return over;
      return { out: null, size: 0, over: false, damage: "its compressed data stops before its end" };
    }
  }
  return { out: keep ? out : null, size: out.length, over: out.length > cap };
}

/** Damaged Flate data: how much decodes before the damage, as pdf.js would decode it. */
function countDamaged(input: Uint8Array, cap: number, keep: boolean, damage: string): Promise<Decoded> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const inflater = createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    const finish = (over: boolean) => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      resolve({ out: keep && !over ? Buffer.concat(chunks) : null, size, over, damage });
    };
    inflater.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (keep) chunks.push(chunk);
      if (size > cap) finish(true);
    });
    inflater.on("error", () => finish(false));
    inflater.on("end", () => finish(false));
    inflater.end(input);
  });
}

/** A growing byte buffer that refuses to pass `cap`. */
class Sink {
  buf = new Uint8Array(4096);
  size = 0;
  constructor(private readonly cap: number) {}
  push(byte: number): boolean {
    if (this.size >= this.cap) return false;
    if (this.size === this.buf.length) {
      const next = new Uint8Array(Math.min(this.cap, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.size++] = byte;
    return true;
  }
  result(over: boolean): Decoded {
    return { out: over ? null : this.buf.subarray(0, this.size), size: over ? this.cap + 1 : this.size, over };
  }
}

function lzw(input: Uint8Array, cap: number, early: number): Decoded {
  const out = new Sink(cap);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
  }
  let next = 258;
  let width = 9;
  let prev = -1;
  let bits = 0;
  let acc = 0;
  const stack = new Uint8Array(4096);
  const emit = (code: number): boolean => {
    let n = 0;
    for (let c = code; c >= 0 && n < 4096; c = prefix[c]!) stack[n++] = suffix[c]!;
    for (let i = n - 1; i >= 0; i--) if (!out.push(stack[i]!)) return false;
    return true;
  };
  const first = (code: number): number => {
    let c = code;
    while (prefix[c]! >= 0) c = prefix[c]!;
    return suffix[c]!;
  };
  for (let i = 0; i < input.length; i++) {
    acc = ((acc << 8) | input[i]!) >>> 0;
    bits += 8;
    while (bits >= width) {
      const code = (acc >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code === 256) {
        next = 258;
        width = 9;
        prev = -1;
        continue;
      }
      if (code === 257) return out.result(false);
      if (prev < 0) {
        if (code > 255) return out.result(false);
        if (!emit(code)) return out.result(true);
        prev = code;
        continue;
      }
      let ok: boolean;
      if (code < next) {
        ok = emit(code);
        if (next < 4096) {
          prefix[next] = prev;
          suffix[next] = first(code);
          next++;
        }
      } else if (code === next && next < 4096) {
        prefix[next] = prev;
        suffix[next] = first(prev);
        next++;
        ok = emit(code);
      } else return out.result(false); // damaged
      if (!ok) return out.result(true);
      prev = code;
      if (next + early >= 1 << width && width < 12) width++;
    }
  }
  return out.result(false);
}

function runLength(input: Uint8Array, cap: number): Decoded {
  const out = new Sink(cap);
  for (let i = 0; i < input.length; ) {
    const n = input[i++]!;
    if (n === 128) break;
    if (n < 128) {
      for (let k = 0; k <= n && i < input.length; k++) if (!out.push(input[i++]!)) return out.result(true);
    } else {
      const byte = input[i++] ?? 0;
      for (let k = 0; k < 257 - n; k++) if (!out.push(byte)) return out.result(true);
    }
  }
  return out.result(false);
}

function asciiHex(input: Uint8Array): Uint8Array {
  const out = new Uint8Array((input.length >> 1) + 1);
  let n = 0;
  let high = -1;
  for (const c of input) {
    if (c === 0x3e) break; // >
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high << 4;
  return out.subarray(0, n);
}

function ascii85(input: Uint8Array): Uint8Array {
  let i = 0;
  // an optional leading <~
  while (i < input.length && input[i]! <= 0x20) i++;
  if (input[i] === 0x3c && input[i + 1] === 0x7e) i += 2;
  let buf = new Uint8Array(Math.ceil((input.length * 4) / 5) + 256);
  let n = 0;
  let value = 0;
  let count = 0;
  const ensure = (need: number) => {
    if (n + need > buf.length) {
      const next = new Uint8Array(buf.length * 2 + need);
      next.set(buf.subarray(0, n));
      buf = next;
    }
  };
  for (; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x7e) break; // ~>
    if (c === 0x7a && count === 0) {
      ensure(4);
      buf[n++] = 0;
      buf[n++] = 0;
      buf[n++] = 0;
      buf[n++] = 0;
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    value = value * 85 + (c - 0x21);
    if (++count === 5) {
      ensure(4);
      buf[n++] = (value >>> 24) & 255;
      buf[n++] = (value >>> 16) & 255;
      buf[n++] = (value >>> 8) & 255;
      buf[n++] = value & 255;
      value = 0;
      count = 0;
    }
  }
  if (count > 1) {
    for (let k = count; k < 5; k++) value = value * 85 + 84;
    ensure(4);
    for (let k = 0; k < count - 1; k++) buf[n++] = (value >>> (24 - 8 * k)) & 255;
  }
  return buf.subarray(0, n);
}
