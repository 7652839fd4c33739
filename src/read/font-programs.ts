// The little the own reader reads of an embedded font program: its font
// matrix, which pdf.js scales the PDF's widths by when it is not the standard
// [0.001 0 0 0.001 0 0], and for a Type1 program in PostScript form the check
// pdf.js makes of its /Length1 (where the clear-text part ends), which it warns
// about. The text itself comes from the PDF's ToUnicode maps and widths.

import { latin1 } from "./objects.js";

/**
 * A CFF font program's Top DICT FontMatrix: null when it has none (the
 * standard [0.001 0 0 0.001 0 0]), undefined when the program cannot be read
 * as pdf.js reads it without a word: its INDEXes, DICTs and the parts they
 * point to (strings, subroutines, charset, CharStrings, Private DICTs and
 * their subroutines, a CID font's FDArray and FDSelect) must lie within the
 * data. (A program cut short, as damage inside its compressed data may leave
 * it with no zlib error, fails this; pdf.js would parse the cut program, and warn.)
 */
export function cffFontMatrix(data: Uint8Array): number[] | null | undefined {
  try {
    if (data.length < 4 || data[0] !== 1) return undefined;
    const fits = (at: number): void => {
      if (!Number.isInteger(at) || at < 0 || at >= data.length) throw new RangeError("past the end");
    };
    // An INDEX: its item count, where item k starts and ends, and where the INDEX
    // ends. The offsets are checked in one pass and read again on demand, not
    // kept: a CJK font's CharStrings INDEX has thousands of items, and an array
    // of their ranges was a twentieth of all the reader allocated.
    const index = (at: number): { count: number; item: (k: number) => [number, number]; end: number } => {
      if (at + 2 > data.length) throw new RangeError("index past the end");
      const count = (data[at]! << 8) | data[at + 1]!;
      if (count === 0) return { count, item: () => [0, 0], end: at + 2 };
      const offSize = data[at + 2] ?? 0;
      if (offSize < 1 || offSize > 4 || at + 3 + (count + 1) * offSize > data.length) throw new RangeError("index past the end");
      const offset = (k: number): number => {
        let v = 0;
        for (let b = 0; b < offSize; b++) v = v * 256 + data[at + 3 + k * offSize + b]!;
        return v;
      };
      const base = at + 3 + (count + 1) * offSize - 1;
      // Every item must start no later than it ends (offsets never go back).
      let previous = offset(0);
      for (let k = 1; k <= count; k++) {
        const next = offset(k);
        if (next < previous) throw new RangeError("index past the end");
        previous = next;
      }
      const end = base + previous;
      if (end > data.length) throw new RangeError("index past the end");
      return { count, item: (k) => [base + offset(k), base + offset(k + 1)], end };
    };
    // The header, then the Name, Top DICT, String and Global Subr INDEXes.
    const names = index(data[2]!);
    const topIndex = index(names.end);
    if (topIndex.count === 0) return undefined;
    const top = topIndex.item(0);
    index(index(topIndex.end).end);
    const topDict = dict(data, top[0], top[1]);
    if (!topDict) return undefined;
    const one = (op: number): number | undefined => topDict.get(op)?.[0];
    // A Private DICT ([size, offset]) and its local subroutines (offset from the DICT's start).
    const privateDict = (entry: number[] | undefined): void => {
      if (!entry) return;
      const [size, offset] = entry;
      if (size === undefined || offset === undefined || !Number.isInteger(size) || size < 0) throw new RangeError("Private");
      if (size === 0) return;
      fits(offset + size - 1);
      const subrs = dict(data, offset, offset + size)?.get(19)?.[0];
      if (subrs !== undefined) index(offset + subrs);
    };
    const charStrings = one(17);
    if (charStrings === undefined || index(charStrings).count === 0) return undefined;
    privateDict(topDict.get(18));
    const charset = one(15);
    if (charset !== undefined && charset > 2) fits(charset);
    const encoding = one(16);
    if (encoding !== undefined && encoding > 1) fits(encoding);
    if (topDict.has(1230)) {
      // A CID font: its Font DICTs, each with a Private DICT, and which glyph takes which.
      const fdArray = one(1236);
      const fdSelect = one(1237);
      if (fdArray === undefined || fdSelect === undefined) return undefined;
      const fonts = index(fdArray);
      for (let k = 0; k < fonts.count; k++) {
        const [from, to] = fonts.item(k);
        privateDict(dict(data, from, to)?.get(18));
      }
      fits(fdSelect);
    }
    const matrix = topDict.get(1207);
    if (matrix === undefined) return null;
    return matrix.length === 6 ? matrix : undefined;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** A CFF DICT's operators (12 x as 1200 + x) with their operands; null where it holds what is no DICT. */
function dict(data: Uint8Array, start: number, end: number): Map<number, number[]> | null {
  if (end > data.length) throw new RangeError("dict past the end");
  const ops = new Map<number, number[]>();
  let operands: number[] = [];
  for (let i = start; i < end; ) {
    const b = data[i]!;
    if (b <= 21) {
      const op = b === 12 ? 1200 + data[i + 1]! : b;
      i += b === 12 ? 2 : 1;
      ops.set(op, operands);
      operands = [];
    } else if (b === 28) {
      operands.push(((data[i + 1]! << 24) | (data[i + 2]! << 16)) >> 16);
      i += 3;
    } else if (b === 29) {
      operands.push((data[i + 1]! << 24) | (data[i + 2]! << 16) | (data[i + 3]! << 8) | data[i + 4]!);
      i += 5;
    } else if (b === 30) {
      // A real: nibbles (0-9 . E E- - end), as pdf.js's parseFloatOperand reads them.
      let text = "";
      const lookup = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "E", "E-", null, "-"];
      let done = false;
      for (i++; !done && i < end; i++) {
        const byte = data[i]!;
        for (const nibble of [byte >> 4, byte & 15]) {
          if (nibble === 15) {
            done = true;
            break;
          }
          const part = lookup[nibble];
          if (part === null || part === undefined) return null;
          text += part;
        }
      }
      operands.push(parseFloat(text));
    } else if (b >= 32 && b <= 246) {
      operands.push(b - 139);
      i += 1;
    } else if (b >= 247 && b <= 250) {
      operands.push((b - 247) * 256 + data[i + 1]! + 108);
      i += 2;
    } else if (b >= 251 && b <= 254) {
      operands.push(-((b - 251) * 256) - data[i + 1]! - 108);
      i += 2;
    } else return null;
  }
  return ops;
}

const isWhiteSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isSpecial = (c: number): boolean => c === 0x2f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x28 || c === 0x29;

/**
 * A Type1 font program in PostScript form (a FontFile): the FontMatrix its
 * clear-text part sets (null: none, so the standard one), as pdf.js's Type1Font
 * reads it; undefined where pdf.js would warn or read it otherwise: a program
 * that is not clear text ("%!": a PFB or other binary form is left to it), or
 * a /Length1 that does not end the clear text right after "eexec".
 */
export function type1FontMatrix(data: Uint8Array, length1: unknown): number[] | null | undefined {
  if (data[0] !== 0x25 || data[1] !== 0x21) return undefined;
  if (typeof length1 !== "number" || !Number.isInteger(length1) || length1 <= 0 || length1 > data.length) return undefined;
  // pdf.js's getHeaderBlock: "eexec" must start within the last ten bytes of the
  // clear text, followed by white space up to its very end.
  let eexecEnd = -1;
  for (let i = length1 - 10; i < length1 - 5; i++) {
    if (i >= 0 && data[i] === 0x65 && data[i + 1] === 0x65 && data[i + 2] === 0x78 && data[i + 3] === 0x65 && data[i + 4] === 0x63) {
      eexecEnd = i + 5;
      while (eexecEnd < length1 && isWhiteSpace(data[eexecEnd]!)) eexecEnd++;
      break;
    }
  }
  if (eexecEnd !== length1) return undefined;
  // pdf.js's Type1Parser over the clear text: its tokens, and extractFontHeader's reading of them.
  let pos = 0;
  const token = (): string | null => {
    let comment = false;
    for (; pos < length1; pos++) {
      const c = data[pos]!;
      if (comment) {
        if (c === 0x0a || c === 0x0d) comment = false;
      } else if (c === 0x25) comment = true;
      else if (!isWhiteSpace(c)) break;
    }
    if (pos >= length1) return null;
    if (isSpecial(data[pos]!)) return String.fromCharCode(data[pos++]!);
    const start = pos;
    while (pos < length1 && !isWhiteSpace(data[pos]!) && !isSpecial(data[pos]!)) pos++;
    return latin1(data, start, pos);
  };
  const numberArray = (): number[] => {
    token();
    const array: number[] = [];
    for (let t = token(); t !== null && t !== "]" && t !== "}"; t = token()) array.push(parseFloat(t || "0"));
    return array;
  };
  let matrix: number[] | null = null;
  for (let t = token(); t !== null; t = token()) {
    if (t !== "/") continue;
    t = token();
    if (t === "FontMatrix") matrix = numberArray();
    else if (t === "FontBBox") numberArray();
    else if (t === "Encoding") {
      const arg = token();
      if (arg === null || !/^\d+$/.test(arg)) continue;
      const size = parseInt(arg, 10) | 0;
      token();
      for (let j = 0; j < size; j++) {
        let u = token();
        while (u !== "dup" && u !== "def") {
          u = token();
          if (u === null) return matrix;
        }
        if (u === "def") break;
        token(); // the code
        token(); // "/"
        token(); // the glyph name
        token(); // put
      }
    }
  }
  return matrix;
}
