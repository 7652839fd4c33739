import { Name, type Dict, type PdfObjects } from "./objects.js";
import { isSerifFont, normalizeFontName, type PdfjsFontTables } from "./pdfjs-tables.js";
import { UnsupportedFont } from "./font-errors.js";

// A simple font's encoding as pdf.js reads it (its extractDataStructures,
// _simpleFontToUnicode, getBaseFontMetrics and buildCharCodeToWidth, ported
// line for line): which glyph name each code stands for, the text a code
// reads as when the font has no ToUnicode map, and the widths of a standard
// font that the PDF does not give. Used for the fonts a PDF names but does not
// embed (fonts.ts), with pdf.js's own tables (pdfjs-tables.ts).

export interface SimpleEncoding {
  /** The encoding pdf.js starts from (its defaultEncoding): 256 glyph names. */
  readonly base: readonly string[];
  /** Its name when the font names one pdf.js keeps (its baseEncodingName). */
  readonly baseName: string | null;
  /** The /Differences, code → glyph name. */
  readonly differences: ReadonlyMap<number, string>;
  /** Whether the font has an encoding of its own (pdf.js's hasEncoding). */
  readonly hasEncoding: boolean;
}

const KEPT_BASE_ENCODINGS = new Set(["MacRomanEncoding", "MacExpertEncoding", "WinAnsiEncoding"]);

/**
 * The encoding of a simple font that is not embedded (pdf.js's
 * extractDataStructures, for a font whose program is pdf.js's own standard
 * font): `name` the font's (normalised) name, `symbolic` its Symbolic flag
 * (else Nonsymbolic). Anything pdf.js would throw on or warn about, or read
 * in ways not followed here, throws UnsupportedFont.
 */
export function simpleEncoding(objects: PdfObjects, dict: Dict, t: PdfjsFontTables, type: "Type1" | "TrueType", name: string, symbolic: boolean): SimpleEncoding {
  const differences = new Map<number, string>();
  let baseName: string | null = null;
  if (dict.has("Encoding")) {
    const encoding = objects.resolve(dict.get("Encoding"));
    if (encoding instanceof Map) {
      const base = objects.resolve(encoding.get("BaseEncoding"));
      baseName = base instanceof Name ? base.name : null;
      if (encoding.has("Differences")) {
        const list = objects.resolve(encoding.get("Differences"));
        if (!Array.isArray(list)) throw new UnsupportedFont("Differences");
        let index = 0;
        for (const entry of list) {
          const item = objects.resolve(entry);
          // Codes outside a byte, or not whole, are left to pdf.js (its arrays take them as properties).
          if (typeof item === "number") {
            if (!Number.isInteger(item) || item < 0 || item > 255) throw new UnsupportedFont("Differences");
            index = item;
          } else if (item instanceof Name) {
            if (index > 255) throw new UnsupportedFont("Differences");
            differences.set(index++, item.name);
          } else throw new UnsupportedFont("Differences");
        }
      }
    } else if (encoding instanceof Name) baseName = encoding.name;
    else throw new UnsupportedFont("Encoding");
    if (baseName !== null && !KEPT_BASE_ENCODINGS.has(baseName)) baseName = null;
  }
  const isSymbolsFontName = t.symbolFonts.has(name);
  // The font is not embedded: pdf.js sets a named encoding aside for a symbol font.
  if (baseName !== null && isSymbolsFontName) baseName = null;
  // pdf.js reads a WinAnsi font whose name is GBK bytes (宋体 …) as a Chinese CID font.
  if (baseName === "WinAnsiEncoding" && name.charCodeAt(0) >= 0xb7) throw new UnsupportedFont("a font name in GBK");
  let base: readonly string[];
  if (baseName !== null) base = t.encodings.get(baseName)!;
  else {
    let encoding = "StandardEncoding";
    if (type === "TrueType" && symbolic) encoding = "WinAnsiEncoding";
    if (symbolic || isSymbolsFontName) {
      encoding = "MacRomanEncoding";
      if (/Symbol/i.test(name)) encoding = "SymbolSetEncoding";
      else if (/Dingbats/i.test(name)) encoding = "ZapfDingbatsEncoding";
      else if (/Wingdings/i.test(name)) encoding = "WinAnsiEncoding";
    }
    base = t.encodings.get(encoding)!;
  }
  return { base, baseName, differences, hasEncoding: baseName !== null || differences.size > 0 };
}

/** pdf.js's getUnicodeForGlyph: a glyph name's code point, -1 for none. */
function unicodeForGlyph(name: string, t: PdfjsFontTables): number {
  const unicode = t.glyphUnicode.get(name);
  if (unicode !== undefined) return unicode;
  if (!name) return -1;
  if (name[0] === "u") {
    let hex: string;
    if (name.length === 7 && name[1] === "n" && name[2] === "i") hex = name.substring(3);
    else if (name.length >= 5 && name.length <= 7) hex = name.substring(1);
    else return -1;
    if (hex === hex.toUpperCase()) {
      const code = parseInt(hex, 16);
      if (code >= 0) return code;
    }
  }
  return -1;
}

/** pdf.js's _simpleFontToUnicode: the text of each code, by its glyph name. */
export function simpleFontToUnicode(e: SimpleEncoding, t: PdfjsFontTables, forceGlyphs = false): Map<number, string> {
  const toUnicode = new Map<number, string>();
  const encoding = e.base.slice();
  for (const [code, glyph] of e.differences) if (glyph !== ".notdef") encoding[code] = glyph;
  for (let charcode = 0; charcode < encoding.length; charcode++) {
    let glyphName = encoding[charcode]!;
    if (glyphName === "") continue;
    const unicode = t.glyphUnicode.get(glyphName);
    if (unicode !== undefined) {
      toUnicode.set(charcode, String.fromCharCode(unicode));
      continue;
    }
    let code = 0;
    switch (glyphName[0]) {
      case "G":
        if (glyphName.length === 3) code = parseInt(glyphName.substring(1), 16);
        break;
      case "g":
        if (glyphName.length === 5) code = parseInt(glyphName.substring(1), 16);
        break;
      case "C":
      case "c":
        if (glyphName.length >= 3 && glyphName.length <= 4) {
          const codeStr = glyphName.substring(1);
          if (forceGlyphs) {
            code = parseInt(codeStr, 16);
            break;
          }
          code = +codeStr;
          if (Number.isNaN(code) && Number.isInteger(parseInt(codeStr, 16))) return simpleFontToUnicode(e, t, true);
        }
        break;
      case "u": {
        const u = unicodeForGlyph(glyphName, t);
        if (u !== -1) code = u;
        break;
      }
      default:
        if (glyphName === "f_h" || glyphName === "f_t" || glyphName === "T_h") {
          toUnicode.set(charcode, glyphName.replaceAll("_", ""));
          continue;
        }
    }
    if (code > 0 && code <= 0x10ffff && Number.isInteger(code)) {
      if (e.baseName && code === charcode) {
        glyphName = t.encodings.get(e.baseName)![charcode]!;
        if (glyphName) {
          // pdf.js: String.fromCharCode(glyphsUnicodeMap[glyphName]), undefined (→ "\0") included.
          toUnicode.set(charcode, String.fromCharCode(t.glyphUnicode.get(glyphName) ?? 0));
          continue;
        }
      }
      toUnicode.set(charcode, String.fromCodePoint(code));
    }
  }
  return toUnicode;
}

/** pdf.js's getBaseFontMetrics: a standard font's widths by glyph name, or its one width. */
export function baseFontMetrics(t: PdfjsFontTables, name: string): { defaultWidth: number; widths: ReadonlyMap<string, number> } {
  let fontName = normalizeFontName(name);
  fontName = t.standardFonts.get(fontName) ?? fontName;
  const glyphWidths = t.metrics.get(fontName) ?? t.metrics.get(isSerifFont(t, name) ? "Times-Roman" : "Helvetica")!;
  return typeof glyphWidths === "number" ? { defaultWidth: glyphWidths, widths: new Map() } : { defaultWidth: 0, widths: glyphWidths };
}

/** pdf.js's buildCharCodeToWidth: the widths of codes 0–255 by their glyph names (a zero width counts as none). */
export function widthsByCode(widthsByGlyph: ReadonlyMap<string, number>, e: SimpleEncoding): Map<number, number> {
  const widths = new Map<number, number>();
  for (let code = 0; code < 256; code++) {
    const fromDifferences = e.differences.has(code) ? widthsByGlyph.get(e.differences.get(code)!) : undefined;
    if (fromDifferences) {
      widths.set(code, fromDifferences);
      continue;
    }
    const fromBase = widthsByGlyph.get(e.base[code]!);
    if (fromBase) widths.set(code, fromBase);
  }
  return widths;
}
