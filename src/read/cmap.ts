import { isRegular, isWhite, latin1 } from "./objects.js";

// A font's ToUnicode CMap (character code → Unicode text), read the way pdf.js
// reads one (its CMap parser and readToUnicode), so that text read here equals
// pdf.js's. Strict: where pdf.js would warn and skip part of the map (a
// malformed entry, a usecmap of another CMap), this answers null and the
// document is read by pdf.js instead.

/**
 * More codes than a font can have (two-byte codes, twice over): a map this
 * large is hostile or broken, and pdf.js (which allows 2^24 per range) is left
 * to make what it can of it.
 */
const MAX_ENTRIES = 2 * 0x10000;

type Token = string | number | { cmd: string } | { name: string };

class CMapSyntaxError extends Error {}

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x41 + c] = HEX[0x61 + c] = 10 + c;

class Lexer {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  /** The next token; null at the end. Strings are byte strings (one char per byte), as pdf.js's. */
  next(): Token | null {
    const { buf } = this;
    const n = buf.length;
    for (;;) {
      while (this.pos < n && isWhite(buf[this.pos]!)) this.pos++;
      if (this.pos >= n) return null;
      if (buf[this.pos] !== 0x25 /* % */) break;
      while (this.pos < n && buf[this.pos] !== 0x0a && buf[this.pos] !== 0x0d) this.pos++;
    }
    const c = buf[this.pos]!;
    if (c === 0x3c /* < */) {
      if (buf[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return { cmd: "<<" };
      }
      return this.hexString();
    }
    if (c === 0x3e /* > */ && buf[this.pos + 1] === 0x3e) {
      this.pos += 2;
      return { cmd: ">>" };
    }
    if (c === 0x28 /* ( */) return this.literalString();
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      this.pos++;
      return { cmd: String.fromCharCode(c) };
    }
    if (c === 0x2f /* / */) {
      const start = ++this.pos;
      while (this.pos < n && isRegular(buf[this.pos]!)) this.pos++;
      const name = latin1(buf, start, this.pos);
      if (name.includes("#")) throw new CMapSyntaxError("escaped name");
      return { name };
    }
    if (!isRegular(c)) throw new CMapSyntaxError(`unexpected ${String.fromCharCode(c)}`);
    const start = this.pos;
    while (this.pos < n && isRegular(buf[this.pos]!)) this.pos++;
    const word = latin1(buf, start, this.pos);
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    return { cmd: word };
  }

  private hexString(): string {
    const { buf } = this;
    let out = "";
    let high = -1;
    for (this.pos++; ; this.pos++) {
      if (this.pos >= buf.length) throw new CMapSyntaxError("unterminated hex string");
      const c = buf[this.pos]!;
      if (c === 0x3e) break;
      if (isWhite(c)) continue;
      const v = HEX[c]!;
      if (v < 0) throw new CMapSyntaxError("bad hex digit");
      if (high < 0) high = v;
      else {
        out += String.fromCharCode((high << 4) | v);
        high = -1;
      }
    }
    this.pos++;
    // An odd digit count: pdf.js pads the last digit with 0; rare enough to leave to it.
    if (high >= 0) throw new CMapSyntaxError("odd hex string");
    return out;
  }

  private literalString(): string {
    const { buf } = this;
    let out = "";
    for (this.pos++; this.pos < buf.length; this.pos++) {
      const c = buf[this.pos]!;
      // Escapes and nesting are left to pdf.js: CMaps write their codes in hex.
      if (c === 0x5c || c === 0x28) throw new CMapSyntaxError("escaped literal string");
      if (c === 0x29) {
        this.pos++;
        return out;
      }
      out += String.fromCharCode(c);
    }
    throw new CMapSyntaxError("unterminated string");
  }
}

/**
 * A bfrange's codes and destinations: the destination counts up in its last
 * byte, with pdf.js's carry (which drops the byte before the carried one),
 * kept so that text read here equals pdf.js's.
 */
export function* bfRange(low: number, high: number, dstLow: string): Generator<[number, string]> {
  const lastByte = dstLow.length - 1;
  while (low <= high) {
    yield [low++, dstLow];
    const nextCharCode = dstLow.charCodeAt(lastByte) + 1;
    if (nextCharCode > 0xff) {
      dstLow = dstLow.substring(0, lastByte - 1) + String.fromCharCode(dstLow.charCodeAt(lastByte - 1) + 1) + "\x00";
      continue;
    }
    dstLow = dstLow.substring(0, lastByte) + String.fromCharCode(nextCharCode);
  }
}


const isCmd = (t: Token | null, cmd: string): boolean => typeof t === "object" && t !== null && "cmd" in t && t.cmd === cmd;

function expectString(t: Token | null): string {
  if (typeof t !== "string") throw new CMapSyntaxError("expected string");
  return t;
}

function strToInt(s: string): number {
  let a = 0;
  for (let i = 0; i < s.length; i++) a = (a << 8) | s.charCodeAt(i);
  return a >>> 0;
}

/**
 * The code → text map of a ToUnicode CMap stream's decoded bytes, as pdf.js's
 * readToUnicode builds it (UTF-16BE destinations, surrogate pairs joined; a
 * bfrange destination counts up in its last byte); null where pdf.js would
 * read it differently or warn.
 */
export function parseToUnicode(data: Uint8Array): Map<number, string> | null {
  const raw = new Map<number, string>();
  try {
    const lexer = new Lexer(data);
    for (;;) {
      const t = lexer.next();
      if (t === null || isCmd(t, "endcmap")) break;
      if (isCmd(t, "usecmap")) return null;
      if (isCmd(t, "begincidchar") || isCmd(t, "begincidrange")) return null;
      if (isCmd(t, "beginbfchar")) {
        for (;;) {
          const src = lexer.next();
          if (src === null) break;
          if (isCmd(src, "endbfchar")) break;
          raw.set(strToInt(expectString(src)), expectString(lexer.next()));
          if (raw.size > MAX_ENTRIES) return null;
        }
      } else if (isCmd(t, "beginbfrange")) {
        for (;;) {
          const first = lexer.next();
          if (first === null) break;
          if (isCmd(first, "endbfrange")) break;
          let low = strToInt(expectString(first));
          const high = strToInt(expectString(lexer.next()));
          if (high - low + raw.size > MAX_ENTRIES) return null;
          const dst = lexer.next();
          if (typeof dst === "string" || (typeof dst === "number" && Number.isInteger(dst))) {
            const dstLow = typeof dst === "number" ? String.fromCharCode(dst) : dst;
            if (dstLow.length === 0) return null;
            for (const [code, text] of bfRange(low, high, dstLow)) raw.set(code, text);
          } else if (isCmd(dst, "[")) {
            const array: string[] = [];
            for (let item = lexer.next(); !isCmd(item, "]"); item = lexer.next()) {
              if (item === null) return null;
              array.push(expectString(item));
            }
            for (let i = 0; low <= high && i < array.length; i++) raw.set(low++, array[i]!);
          } else return null;
        }
      } else if (isCmd(t, "begincodespacerange")) {
        // Which bytes make a code is the font's encoding's business, not the ToUnicode map's.
        for (;;) {
          const low = lexer.next();
          if (isCmd(low, "endcodespacerange")) break;
          expectString(low);
          expectString(lexer.next());
        }
      }
    }
  } catch (error) {
    if (error instanceof CMapSyntaxError) return null;
    throw error;
  }
  const map = new Map<number, string>();
  for (const [code, token] of raw) {
    const text = utf16be(token);
    if (text === null) return null;
    map.set(code, text);
  }
  return map;
}

function utf16be(token: string): string | null {
  if (token.length % 2 !== 0) token = "\u0000" + token;
  const points: number[] = [];
  for (let k = 0; k < token.length; k += 2) {
    const w1 = (token.charCodeAt(k) << 8) | token.charCodeAt(k + 1);
    if ((w1 & 0xf800) !== 0xd800) {
      points.push(w1);
      continue;
    }
    k += 2;
    // A lone surrogate: pdf.js makes something of it; leave such a font to pdf.js.
    if (k + 1 >= token.length) return null;
    const w2 = (token.charCodeAt(k) << 8) | token.charCodeAt(k + 1);
    points.push(((w1 & 0x3ff) << 10) + (w2 & 0x3ff) + 0x10000);
  }
  return String.fromCodePoint(...points);
}
