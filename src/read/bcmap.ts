import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bfRange } from "./cmap.js";
import { pdfjsPackageDir } from "./pdfjs-package.js";

// The predefined CMaps of CJK fonts that are not embedded (UniGB-UCS2-H with
// STSong-Light, as older office software writes them; and their CID → Unicode
// companions such as Adobe-GB1-UCS2), read from the packed files pdfjs-dist
// ships (cmaps/*.bcmap) the way pdf.js's BinaryCMapReader reads them. Parsed
// once per process and kept: pdf.js builds them again for every document.

const MAX_NUM_SIZE = 16;
const MAX_ENCODED_NUM_SIZE = 19;
const MAX_MAP_RANGE = 2 ** 24 - 1;

class BcmapError extends Error {}

/**
 * Codes below this are kept in typed arrays: the codes of the predefined CJK
 * CMaps are two bytes. As a sparse array of numbers and strings, the 30,000
 * entries of UniGB-UCS2-H and of Adobe-GB1-UCS2 took longer to build and to
 * collect than the rest of reading a small document.
 */
const DENSE = 0x10000;
/** What a dense entry holds: nothing, a CID, or a byte string of 1–4 bytes (KIND_BYTES + its length − 1). */
const KIND_NONE = 0;
const KIND_CID = 1;
const KIND_BYTES = 2;

/** A character-code map: code → CID (number) or code → UTF-16BE bytes (string). */
export class PredefinedCMap {
  /** Code ranges by byte length (1–4): [low, high, low, high, …]. */
  readonly codespaceRanges: number[][] = [[], [], [], []];
  numCodespaceRanges = 0;
  vertical = false;
  private readonly kind = new Uint8Array(DENSE);
  /** A CID, or a byte string's bytes as one big-endian number. */
  private readonly value = new Float64Array(DENSE);
  /** Entries of larger codes, longer byte strings, and the rare range pdf.js steps through in its own way. */
  private readonly other = new Map<number, number | string>();

  addCodespaceRange(n: number, low: number, high: number): void {
    this.codespaceRanges[n - 1]!.push(low, high);
    this.numCodespaceRanges++;
  }

  setCid(code: number, cid: number): void {
    if (code < DENSE) {
      this.kind[code] = KIND_CID;
      this.value[code] = cid;
      if (this.other.size > 0) this.other.delete(code);
    } else this.other.set(code, cid);
  }

  /** code → the `size + 1` bytes of `bytes`. */
  setBytes(code: number, bytes: Uint8Array, size: number): void {
    if (code < DENSE && size < 4) this.setDenseBytes(code, hexToInt(bytes, size), size);
    else this.other.set(code, hexToStr(bytes, size));
  }

  private setDenseBytes(code: number, value: number, size: number): void {
    this.kind[code] = KIND_BYTES + size;
    this.value[code] = value;
    if (this.other.size > 0) this.other.delete(code);
  }

  mapCidRange(low: number, high: number, dstLow: number): void {
    if (high - low > MAX_MAP_RANGE) throw new BcmapError("range too large");
    while (low <= high) this.setCid(low++, dstLow++);
  }

  /**
   * low…high → the `size + 1` bytes of `dstLow`, each code's bytes one more than
   * the last's. pdf.js carries an overflowing last byte into the one before it
   * only (cmap.js's bfRange); where that differs from counting on — a carry out
   * of that byte too, or a one-byte string — the rest of the range is stepped
   * through as pdf.js does.
   */
  mapBfRange(low: number, high: number, dstLow: Uint8Array, size: number): void {
    if (high - low > MAX_MAP_RANGE) throw new BcmapError("range too large");
    let value = hexToInt(dstLow, size);
    const dense = size < 4;
    while (low <= high) {
      const lastByte = value % 256;
      const byteBefore = Math.floor(value / 256) % 256;
      if (!dense || low >= DENSE || (lastByte === 0xff && (size === 0 || byteBefore === 0xff))) break;
      this.setDenseBytes(low++, value++, size);
    }
    if (low > high) return;
    const bytes = new Uint8Array(size + 1);
    for (let i = size, v = value; i >= 0; i--, v = Math.floor(v / 256)) bytes[i] = v % 256;
    for (const [code, text] of bfRange(low, high, hexToStr(bytes, size))) {
      if (code < DENSE) this.kind[code] = KIND_NONE;
      this.other.set(code, text);
    }
  }

  lookup(code: number): number | string | undefined {
    const kind = code < DENSE ? this.kind[code]! : KIND_NONE;
    if (kind === KIND_NONE) return this.other.get(code);
    const value = this.value[code]!;
    if (kind === KIND_CID) return value;
    const bytes: number[] = [];
    for (let i = kind - KIND_BYTES, v = value; i >= 0; i--, v = Math.floor(v / 256)) bytes.unshift(v % 256);
    return String.fromCharCode(...bytes);
  }

  /** Each entry of `used` for a code this map has none for (pdf.js's extendCMap). */
  extend(used: PredefinedCMap): void {
    for (let code = 0; code < DENSE; code++) {
      if (used.kind[code] !== KIND_NONE && this.lookup(code) === undefined) {
        this.kind[code] = used.kind[code]!;
        this.value[code] = used.value[code]!;
      }
    }
    for (const [code, value] of used.other) {
      if (this.lookup(code) === undefined) this.other.set(code, value);
    }
  }

  /** The code at `offset` in a shown string and its length in bytes, by the codespace ranges (pdf.js's readCharCode). */
  readCharCode(str: string, offset: number): { code: number; length: number } {
    let c = 0;
    for (let n = 0; n < this.codespaceRanges.length; n++) {
      c = ((c << 8) | str.charCodeAt(offset + n)) >>> 0;
      const ranges = this.codespaceRanges[n]!;
      for (let k = 0; k < ranges.length; k += 2) {
        if (c >= ranges[k]! && c <= ranges[k + 1]!) return { code: c, length: n + 1 };
      }
    }
    return { code: 0, length: 1 };
  }
}

class BinaryStream {
  pos = 0;
  constructor(private readonly data: Uint8Array) {}

  byte(): number {
    return this.pos < this.data.length ? this.data[this.pos++]! : -1;
  }

  number(): number {
    let n = 0;
    let last: boolean;
    do {
      const b = this.byte();
      if (b < 0) throw new BcmapError("unexpected end");
      last = !(b & 0x80);
      n = (n << 7) | (b & 0x7f);
    } while (!last);
    return n;
  }

  signed(): number {
    const n = this.number();
    return n & 1 ? ~(n >>> 1) : n >>> 1;
  }

  hex(num: Uint8Array, size: number): void {
    if (this.pos + size + 1 > this.data.length) throw new BcmapError("unexpected end");
    num.set(this.data.subarray(this.pos, this.pos + size + 1));
    this.pos += size + 1;
  }

  private readonly stack = new Uint8Array(MAX_ENCODED_NUM_SIZE);

  hexNumber(num: Uint8Array, size: number): void {
    let last: boolean;
    const stack = this.stack;
    let sp = 0;
    do {
      const b = this.byte();
      if (b < 0) throw new BcmapError("unexpected end");
      if (sp >= stack.length) throw new BcmapError("number too long");
      last = !(b & 0x80);
      stack[sp++] = b & 0x7f;
    } while (!last);
    let i = size;
    let buffer = 0;
    let bufferSize = 0;
    while (i >= 0) {
      // pdf.js tests stack.length (always 19) here, so its loop reads past the digits as zeros.
      while (bufferSize < 8 && stack.length > 0) {
        buffer |= (--sp >= 0 ? stack[sp]! : 0) << bufferSize;
        bufferSize += 7;
      }
      num[i] = buffer & 255;
      i--;
      buffer >>= 8;
      bufferSize -= 8;
    }
  }

  hexSigned(num: Uint8Array, size: number): void {
    this.hexNumber(num, size);
    const sign = num[size]! & 1 ? 255 : 0;
    let c = 0;
    for (let i = 0; i <= size; i++) {
      c = ((c & 1) << 8) | num[i]!;
      num[i] = (c >> 1) ^ sign;
    }
  }

  string(): string {
    const len = this.number();
    let s = "";
    for (let i = 0; i < len; i++) s += String.fromCharCode(this.number());
    return s;
  }
}

function hexToInt(a: Uint8Array, size: number): number {
  let n = 0;
  for (let i = 0; i <= size; i++) n = (n << 8) | a[i]!;
  return n >>> 0;
}

function hexToStr(a: Uint8Array, size: number): string {
  return String.fromCharCode(...a.subarray(0, size + 1));
}

function addHex(a: Uint8Array, b: Uint8Array, size: number): void {
  let c = 0;
  for (let i = size; i >= 0; i--) {
    c += a[i]! + b[i]!;
    a[i] = c & 255;
    c >>= 8;
  }
}

function incHex(a: Uint8Array, size: number): void {
  let c = 1;
  for (let i = size; i >= 0 && c > 0; i--) {
    c += a[i]!;
    a[i] = c & 255;
    c >>= 8;
  }
}

function cmapPath(name: string): string {
  return join(pdfjsPackageDir(), "cmaps", `${name}.bcmap`);
}

const cache = new Map<string, PredefinedCMap | null>();

/** The predefined CMap of that name (null when pdfjs-dist has none such, or it cannot be read). */
export function predefinedCMap(name: string): PredefinedCMap | null {
  if (cache.has(name)) return cache.get(name)!;
  let cmap: PredefinedCMap | null = null;
  // Names come from the PDF: only plain CMap names reach the file system.
  if (/^[A-Za-z0-9-]{1,64}$/.test(name) && !name.startsWith("Identity")) {
    try {
      cmap = parse(new Uint8Array(readFileSync(cmapPath(name))), 0);
    } catch (error) {
      if (!(error instanceof BcmapError) && (error as NodeJS.ErrnoException)?.code !== "ENOENT") throw error;
      cmap = null;
    }
  }
  cache.set(name, cmap);
  return cmap;
}

function parse(data: Uint8Array, depth: number): PredefinedCMap {
  if (depth > 4) throw new BcmapError("usecmap nested too deeply");
  const cMap = new PredefinedCMap();
  const stream = new BinaryStream(data);
  const header = stream.byte();
  if (header < 0) throw new BcmapError("empty");
  cMap.vertical = !!(header & 1);
  let useCMap: string | null = null;
  const start = new Uint8Array(MAX_NUM_SIZE);
  const end = new Uint8Array(MAX_NUM_SIZE);
  const char = new Uint8Array(MAX_NUM_SIZE);
  const charCode = new Uint8Array(MAX_NUM_SIZE);
  const tmp = new Uint8Array(MAX_NUM_SIZE);
  let b: number;
  while ((b = stream.byte()) >= 0) {
    const type = b >> 5;
    if (type === 7) {
      const kind = b & 0x1f;
      if (kind === 0) stream.string();
      else if (kind === 1) useCMap = stream.string();
      continue;
    }
    const sequence = !!(b & 0x10);
    const dataSize = b & 15;
    if (dataSize + 1 > MAX_NUM_SIZE) throw new BcmapError("data size");
    const ucs2DataSize = 1;
    const subitemsCount = stream.number();
    // A range's first bounds, then each next one relative to the last (in a
    // sequence, starting where the last ended): pdf.js's reading, shared by the
    // codespace, notdef, CID and bf range types.
    const firstRange = (size: number): void => {
      stream.hex(start, size);
      stream.hexNumber(end, size);
      addHex(end, start, size);
    };
    const nextRange = (size: number, inSequence: boolean): void => {
      incHex(end, size);
      if (inSequence) start.set(end);
      else {
        stream.hexNumber(start, size);
        addHex(start, end, size);
      }
      stream.hexNumber(end, size);
      addHex(end, start, size);
    };
    switch (type) {
      case 0:
        firstRange(dataSize);
        cMap.addCodespaceRange(dataSize + 1, hexToInt(start, dataSize), hexToInt(end, dataSize));
        for (let i = 1; i < subitemsCount; i++) {
          nextRange(dataSize, false);
          cMap.addCodespaceRange(dataSize + 1, hexToInt(start, dataSize), hexToInt(end, dataSize));
        }
        break;
      case 1:
        firstRange(dataSize);
        stream.number();
        for (let i = 1; i < subitemsCount; i++) {
          nextRange(dataSize, false);
          stream.number();
        }
        break;
      case 2: {
        stream.hex(char, dataSize);
        let code = stream.number();
        cMap.setCid(hexToInt(char, dataSize), code);
        for (let i = 1; i < subitemsCount; i++) {
          incHex(char, dataSize);
          if (!sequence) {
            stream.hexNumber(tmp, dataSize);
            addHex(char, tmp, dataSize);
          }
          code = stream.signed() + (code + 1);
          cMap.setCid(hexToInt(char, dataSize), code);
        }
        break;
      }
      case 3:
        firstRange(dataSize);
        cMap.mapCidRange(hexToInt(start, dataSize), hexToInt(end, dataSize), stream.number());
        for (let i = 1; i < subitemsCount; i++) {
          nextRange(dataSize, sequence);
          cMap.mapCidRange(hexToInt(start, dataSize), hexToInt(end, dataSize), stream.number());
        }
        break;
      case 4:
        stream.hex(char, ucs2DataSize);
        stream.hex(charCode, dataSize);
        cMap.setBytes(hexToInt(char, ucs2DataSize), charCode, dataSize);
        for (let i = 1; i < subitemsCount; i++) {
          incHex(char, ucs2DataSize);
          if (!sequence) {
            stream.hexNumber(tmp, ucs2DataSize);
            addHex(char, tmp, ucs2DataSize);
          }
          incHex(charCode, dataSize);
          stream.hexSigned(tmp, dataSize);
          addHex(charCode, tmp, dataSize);
          cMap.setBytes(hexToInt(char, ucs2DataSize), charCode, dataSize);
        }
        break;
      case 5:
        firstRange(ucs2DataSize);
        stream.hex(charCode, dataSize);
        cMap.mapBfRange(hexToInt(start, ucs2DataSize), hexToInt(end, ucs2DataSize), charCode, dataSize);
        for (let i = 1; i < subitemsCount; i++) {
          nextRange(ucs2DataSize, sequence);
          stream.hex(charCode, dataSize);
          cMap.mapBfRange(hexToInt(start, ucs2DataSize), hexToInt(end, ucs2DataSize), charCode, dataSize);
        }
        break;
      default:
        throw new BcmapError(`unknown type ${type}`);
    }
  }
  if (useCMap) {
    // pdf.js's extendCMap: the used CMap's codespaces when this one has none, and its entries where this one has none.
    if (!/^[A-Za-z0-9-]{1,64}$/.test(useCMap) || useCMap.startsWith("Identity")) throw new BcmapError("usecmap");
    const used = parse(new Uint8Array(readFileSync(cmapPath(useCMap))), depth + 1);
    if (cMap.numCodespaceRanges === 0) {
      for (let i = 0; i < used.codespaceRanges.length; i++) cMap.codespaceRanges[i] = used.codespaceRanges[i]!.slice();
      cMap.numCodespaceRanges = used.numCodespaceRanges;
    }
    cMap.extend(used);
  }
  return cMap;
}
