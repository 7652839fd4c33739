import { predefinedCMap, type PredefinedCMap } from "./bcmap.js";
import { parseToUnicode } from "./cmap.js";
import { Name, Ref, type Dict, type PdfObjects, type Value } from "./objects.js";

// The fonts the own text reader (text.ts) understands: what each character code
// of a shown string reads as and how far it advances, taken from the PDF's own
// font dictionaries exactly as pdf.js takes them (so the two read the same
// text). Only the common, fully described cases are handled here:
//   - a composite (Type0) font with the Identity-H encoding, and
//   - a simple TrueType font,
// each with its font program embedded as TrueType (FontFile2) and a ToUnicode
// map; and
//   - a CJK composite font that is not embedded, with a predefined horizontal
//     CMap (STSong-Light with UniGB-UCS2-H), read through pdfjs-dist's CMaps.
// Anything else (a Type3 or Type1 font, vertical writing, a code the ToUnicode
// map leaves out) throws UnsupportedFont, and pdf.js reads the document.

export interface OwnFont {
  /** The font's name as pdf.js knows it (a change of font name ends a text item). */
  readonly name: string;
  /** Codes are two bytes (Identity-H) rather than one. */
  readonly twoByte: boolean;
  /** Where codes are read by a predefined CMap's code ranges (1 to 4 bytes), that CMap. */
  readonly encoding?: PredefinedCMap;
  /** Advance width in glyph space (thousandths of the font size). */
  width(code: number): number;
  /** The text a code stands for; null where pdf.js would have to guess. */
  unicode(code: number): string | null;
}

/**
 * A font pdf.js would warn about when it loads it (its program or ToUnicode map
 * cannot be decoded, its dictionary is broken): the document is left to pdf.js
 * at once, even if no glyph is shown in it, so that the warning is not lost.
 */
export class DamagedFont extends Error {
  override name = "DamagedFont";
}

/** Not a font this reader handles: the document is left to pdf.js. */
export class UnsupportedFont extends Error {
  override name = "UnsupportedFont";
}

const isName = (value: Value | undefined, name: string): boolean => value instanceof Name && value.name === name;

/** Loads (and caches by object number) the font a /Font resource entry refers to. */
export class FontCache {
  private readonly byRef = new Map<number, OwnFont>();

  constructor(private readonly objects: PdfObjects) {}

  /**
   * The font, or one that declines the document as soon as a glyph is shown in
   * it: producers select fonts they never show text in (ReportLab sets
   * Helvetica at the top of every page), and pdf.js only needs to load those.
   */
  lazily(entry: Value | undefined): OwnFont {
    try {
      return this.get(entry);
    } catch (error) {
      if (!(error instanceof UnsupportedFont)) throw error;
      const reason = error.message;
      const decline = (): never => {
        throw new UnsupportedFont(reason);
      };
      return { name: "", twoByte: false, width: decline, unicode: decline };
    }
  }

  get(entry: Value | undefined): OwnFont {
    if (entry instanceof Ref) {
      let font = this.byRef.get(entry.num);
      if (!font) {
        font = loadFont(this.objects, this.objects.dict(entry));
        this.byRef.set(entry.num, font);
      }
      return font;
    }
    return loadFont(this.objects, entry instanceof Map ? entry : undefined);
  }
}

function loadFont(objects: PdfObjects, dict: Dict | undefined): OwnFont {
  // A font entry that leads nowhere makes pdf.js warn when the font is set.
  if (!dict) throw new DamagedFont("missing font");
  const subtype = objects.resolve(dict.get("Subtype"));
  if (isName(subtype, "Type0")) return compositeFont(objects, dict);
  if (isName(subtype, "TrueType")) return simpleFont(objects, dict);
  throw new UnsupportedFont("font type");
}

/** The embedded TrueType program's presence and the name pdf.js gives the font. */
function embeddedName(objects: PdfObjects, dict: Dict): string {
  const descriptor = objects.dict(dict.get("FontDescriptor"));
  if (!descriptor) throw new UnsupportedFont("no descriptor");
  const file = descriptor.get("FontFile2");
  if (descriptor.has("FontFile") || descriptor.has("FontFile3") || !(file instanceof Ref)) throw new UnsupportedFont("not an embedded TrueType font");
  // The program itself is never read here, but pdf.js decodes it: one it could not decode is damage to report.
  if (!objects.stream(file.num, false)) throw new DamagedFont(`font file ${file.num} cannot be decoded`);
  return fontNameOf(objects, descriptor, dict);
}

// Names pdf.js knows (its standard and substitute font tables) or would replace by one of its standard fonts: left to it.
const STANDARD_LIKE = /arial|courier|helvetica|times|symbol|dingbats|calibri|cambria|georgia|verdana|tahoma|wingdings|lucida|bookman|palatino|garamond|century|franklin/i;

/**
 * The name pdf.js gives the font: the descriptor's FontName, or the BaseFont
 * where the two differ and pdf.js prefers that. Only the unambiguous cases:
 * the same name twice, or a subset-tagged FontName ("QOAAAA+DejaVuSerif") of
 * an untagged BaseFont that pdf.js does not know (wkhtmltopdf writes these).
 */
function fontNameOf(objects: PdfObjects, descriptor: Dict, dict: Dict): string {
  const fontName = objects.resolve(descriptor.get("FontName"));
  const baseFont = objects.resolve(dict.get("BaseFont"));
  if (!(fontName instanceof Name) || !(baseFont instanceof Name)) throw new UnsupportedFont("font name");
  if (fontName.name === baseFont.name) return fontName.name;
  const tagged = /^[A-Z]{6}\+(.+)$/.exec(fontName.name);
  if (tagged && tagged[1] === baseFont.name && !STANDARD_LIKE.test(baseFont.name)) return fontName.name;
  throw new UnsupportedFont("font name");
}

function toUnicodeMap(objects: PdfObjects, ...dicts: Dict[]): Map<number, string> {
  for (const dict of dicts) {
    const ref = dict.get("ToUnicode");
    if (ref === undefined) continue;
    if (!(ref instanceof Ref)) throw new UnsupportedFont("ToUnicode");
    const stream = objects.stream(ref.num);
    if (!stream) throw new DamagedFont(`ToUnicode map ${ref.num} cannot be decoded`);
    const map = parseToUnicode(stream.data);
    if (!map || map.size === 0) throw new UnsupportedFont("ToUnicode");
    return map;
  }
  throw new UnsupportedFont("no ToUnicode");
}

/** pdf.js: a code the map gives an empty text reads as the code itself. */
function lookup(map: Map<number, string>, code: number): string | null {
  const text = map.get(code);
  if (text === undefined) return null;
  return text === "" ? String.fromCharCode(code) : text;
}

function number(objects: PdfObjects, value: Value | undefined): number | undefined {
  const v = objects.resolve(value);
  return typeof v === "number" ? v : undefined;
}

function compositeFont(objects: PdfObjects, base: Dict): OwnFont {
  const encoding = objects.resolve(base.get("Encoding"));
  const descendants = objects.resolve(base.get("DescendantFonts"));
  const dict = objects.dict(Array.isArray(descendants) ? descendants[0] : descendants);
  if (!dict) throw new UnsupportedFont("descendant");
  if (!isName(encoding, "Identity-H")) return predefinedFont(objects, base, dict, encoding);
  if (!isName(objects.resolve(dict.get("Subtype")), "CIDFontType2")) throw new UnsupportedFont("descendant");
  const name = embeddedName(objects, dict);
  const map = toUnicodeMap(objects, dict, base);
  const widths = cidWidths(objects, dict);
  return {
    name,
    twoByte: true,
    width: widths,
    unicode: (code) => lookup(map, code),
  };
}

const CJK_ORDERINGS = new Set(["GB1", "CNS1", "Japan1", "Korea1"]);

/**
 * A CJK font that is not embedded, with a predefined CMap (UniGB-UCS2-H …): codes
 * → CIDs by that CMap, CIDs → text by the ordering's UCS2 CMap, as pdf.js's
 * buildToUnicode does (or by the font's own ToUnicode when it has one).
 */
function predefinedFont(objects: PdfObjects, base: Dict, dict: Dict, encoding: Value | undefined): OwnFont {
  if (!(encoding instanceof Name)) throw new UnsupportedFont("encoding");
  const cmap = predefinedCMap(encoding.name);
  if (!cmap || cmap.vertical) throw new UnsupportedFont(`encoding ${encoding.name}`);
  const subtype = objects.resolve(dict.get("Subtype"));
  if (!isName(subtype, "CIDFontType0") && !isName(subtype, "CIDFontType2")) throw new UnsupportedFont("descendant");
  const descriptor = objects.dict(dict.get("FontDescriptor"));
  if (!descriptor || descriptor.has("FontFile") || descriptor.has("FontFile2") || descriptor.has("FontFile3")) throw new UnsupportedFont("embedded font with a predefined CMap");
  const name = fontNameOf(objects, descriptor, dict);
  if (STANDARD_LIKE.test(name)) throw new UnsupportedFont("font name");
  const widths = cidWidths(objects, dict);
  const cidWidth = (code: number): number => {
    const cid = cmap.lookup(code);
    return widths(typeof cid === "number" ? cid : code);
  };
  const hasOwnMap = dict.has("ToUnicode") || base.has("ToUnicode");
  if (hasOwnMap) {
    const map = toUnicodeMap(objects, dict, base);
    return { name, twoByte: false, encoding: cmap, width: cidWidth, unicode: (code) => lookup(map, code) };
  }
  const info = objects.dict(dict.get("CIDSystemInfo"));
  const registry = objects.resolve(info?.get("Registry"));
  const ordering = objects.resolve(info?.get("Ordering"));
  if (registry !== "Adobe" || typeof ordering !== "string" || !CJK_ORDERINGS.has(ordering)) throw new UnsupportedFont("CIDSystemInfo");
  const ucs2 = predefinedCMap(`Adobe-${ordering}-UCS2`);
  if (!ucs2) throw new UnsupportedFont("UCS2 map");
  return {
    name,
    twoByte: false,
    encoding: cmap,
    width: cidWidth,
    unicode: (code) => {
      const cid = cmap.lookup(code);
      const bytes = typeof cid === "number" ? ucs2.lookup(cid) : undefined;
      if (typeof bytes !== "string" || bytes === "") return String.fromCharCode(code);
      const units: number[] = [];
      for (let i = 0; i < bytes.length; i += 2) units.push((bytes.charCodeAt(i) << 8) + bytes.charCodeAt(i + 1));
      return String.fromCharCode(...units) || String.fromCharCode(code);
    },
  };
}

/** A CID font's widths (/W, /DW) by CID, as pdf.js's extractWidths reads them. */
function cidWidths(objects: PdfObjects, dict: Dict): (cid: number) => number {
  const dw = number(objects, dict.get("DW"));
  const defaultWidth = dw === undefined ? 1000 : Math.ceil(dw);
  const widths = new Map<number, number>();
  const w = objects.resolve(dict.get("W"));
  if (Array.isArray(w)) {
    for (let i = 0; i < w.length; i++) {
      let start = number(objects, w[i++]);
      if (start === undefined || !Number.isInteger(start)) break;
      const code = objects.resolve(w[i]);
      if (Array.isArray(code)) {
        for (const c of code) {
          const width = number(objects, c);
          if (width !== undefined) widths.set(start, width);
          start++;
        }
      } else if (typeof code === "number" && Number.isInteger(code)) {
        const width = number(objects, w[++i]);
        if (width === undefined) continue;
        if (code - start > 0xffff) throw new UnsupportedFont("W range");
        for (let j = start; j <= code; j++) widths.set(j, width);
      } else break;
    }
  } else if (w !== undefined) throw new UnsupportedFont("W");
  return (cid) => widths.get(cid) ?? defaultWidth;
}

function simpleFont(objects: PdfObjects, dict: Dict): OwnFont {
  const name = embeddedName(objects, dict);
  const map = toUnicodeMap(objects, dict);
  const firstChar = number(objects, dict.get("FirstChar"));
  const list = objects.resolve(dict.get("Widths"));
  if (firstChar === undefined || !Number.isInteger(firstChar) || !Array.isArray(list)) throw new UnsupportedFont("widths");
  const widths: (number | undefined)[] = [];
  list.forEach((w, i) => (widths[firstChar + i] = number(objects, w)));
  const descriptor = objects.dict(dict.get("FontDescriptor"));
  const missing = number(objects, descriptor?.get("MissingWidth")) ?? 0;
  return {
    name,
    twoByte: false,
    width: (code) => widths[code] ?? missing,
    unicode: (code) => lookup(map, code),
  };
}
