import { predefinedCMap, type PredefinedCMap } from "./bcmap.js";
import { parseToUnicode } from "./cmap.js";
import { baseFontMetrics, simpleEncoding, simpleFontToUnicode, widthsByCode } from "./encodings.js";
import { DamagedFont, UnsupportedFont } from "./font-errors.js";
import { cffFontMatrix, type1FontMatrix } from "./font-programs.js";
import { normalRect } from "./pages.js";
import { Name, Ref, isName, type Dict, type PdfObjects, type Value } from "./objects.js";
import { isKnownFontName, normalizeFontName, pdfjsFontTables, standardFontName } from "./pdfjs-tables.js";

export { DamagedFont, UnsupportedFont };

// The fonts the own text reader (text.ts) understands: what each character code
// of a shown string reads as and how far it advances, taken from the PDF's own
// font dictionaries exactly as pdf.js takes them (so the two read the same
// text). Only the common, fully described cases are handled here:
//   - a composite (Type0) font with the Identity-H encoding, and
//   - a simple TrueType or Type1 font,
// each with its font program embedded (TrueType, CFF, or Type1 in PostScript
// form as LibreOffice writes it, with the standard font matrix) and a
// ToUnicode map; and
//   - a simple font without a descriptor, one of the standard 14 or a name
//     pdf.js takes for one (ReportLab, jsPDF), read with pdf.js's own metrics,
//     encodings and glyph list (encodings.ts, pdfjs-tables.ts);
//   - a CJK composite font that is not embedded, with a predefined horizontal
//     CMap (STSong-Light with UniGB-UCS2-H), read through pdfjs-dist's CMaps;
//   - a Type3 font with a ToUnicode map (Chromium writes these for OpenType/CFF
//     fonts), its glyph procedures checked as pdf.js loads them.
// Anything else (another font matrix, a font not embedded that is no standard
// one, vertical writing, a code an embedded font's ToUnicode map leaves out)
// throws UnsupportedFont, and pdf.js reads the document.

export interface OwnFont {
  /** The font's name as pdf.js knows it (a change of font name ends a text item). */
  readonly name: string;
  /** Codes are two bytes (Identity-H) rather than one. */
  readonly twoByte: boolean;
  /** Where codes are read by a predefined CMap's code ranges (1 to 4 bytes), that CMap. */
  readonly encoding?: PredefinedCMap;
  /** A Type3 font's /FontMatrix (glyph space → text space); the others' is [0.001 0 0 0.001 0 0]. */
  readonly fontMatrix?: readonly number[];
  /**
   * A Type3 font's glyph box as pdf.js keeps it (its /FontBBox, or the union
   * of its glyphs' own boxes where those are ten times larger), and whether it
   * is the glyphs' own: pdf.js sizes text items by it.
   */
  readonly type3?: { bbox: readonly number[]; isCharBBox: boolean };
  /** Advance width in glyph space (thousandths of the font size). */
  width(code: number): number;
  /** The text a code stands for; null where pdf.js would have to guess. */
  unicode(code: number): string | null;
  /** Why this reader cannot read the font, on the stand-in that declines the document at its first glyph. */
  readonly unsupported?: string;
}

/**
 * Runs a Type3 glyph procedure (a content stream) the way pdf.js loads it, and
 * throws where pdf.js would warn; given by the content-stream reader.
 */
export type GlyphProcCheck = (data: Uint8Array, resources: Dict | undefined) => void;

/** Loads (and caches by object number) the font a /Font resource entry refers to. */
export class FontCache {
  private readonly byRef = new Map<number, OwnFont>();
  private readonly loading = new Set<number>();
  /** Damaged font programs (by object number) met in the fonts loaded, with the font's name. */
  readonly damagedProgramsMet = new Map<number, string>();

  /**
   * `damagedPrograms`: streams the stream check found damaged. One that is a
   * font's embedded program is not needed here (the text comes from the PDF's
   * ToUnicode map and widths), so such a font is read, and the damage reported
   * by the caller; pdf.js would parse the broken program, and may loop on it.
   */
  constructor(
    private readonly objects: PdfObjects,
    private readonly checkGlyphProc: GlyphProcCheck,
    private readonly damagedPrograms: ReadonlyMap<number, string> = new Map(),
  ) {}

  /**
   * The font, or one that declines the document as soon as a glyph is shown in
   * it: producers select fonts they never show text in (ReportLab sets
   * Helvetica at the top of every page), and pdf.js only needs to load those.
   */
  lazily(entry: Value | undefined, resources: Dict | undefined): OwnFont {
    try {
      return this.get(entry, resources);
    } catch (error) {
      if (!(error instanceof UnsupportedFont)) throw error;
      const reason = error.message;
      const decline = (): never => {
        throw new UnsupportedFont(reason);
      };
      const unusable: OwnFont = { name: "", twoByte: false, width: decline, unicode: decline, unsupported: reason };
      // Not loaded again at every Tf (a Type3 font's glyph procedures are checked each time it is loaded).
      if (entry instanceof Ref) this.byRef.set(entry.num, unusable);
      return unusable;
    }
  }

  /** `resources`: the page's, which a Type3 font without its own lends its glyph procedures (as in pdf.js). */
  get(entry: Value | undefined, resources: Dict | undefined): OwnFont {
    if (entry instanceof Ref) {
      let font = this.byRef.get(entry.num);
      if (!font) {
        // A Type3 glyph procedure that sets its own font would load it forever.
        if (this.loading.has(entry.num)) throw new UnsupportedFont("a Type3 font used inside its own glyphs");
        this.loading.add(entry.num);
        try {
          font = this.load(this.objects.dict(entry), resources);
        } finally {
          this.loading.delete(entry.num);
        }
        this.byRef.set(entry.num, font);
      }
      return font;
    }
    return this.load(entry instanceof Map ? entry : undefined, resources);
  }

  private load(dict: Dict | undefined, resources: Dict | undefined): OwnFont {
    const { objects } = this;
    // A font entry that leads nowhere makes pdf.js warn when the font is set.
    if (!dict) throw new DamagedFont("missing font");
    const subtype = objects.resolve(dict.get("Subtype"));
    const programs: Programs = { damaged: this.damagedPrograms, met: this.damagedProgramsMet };
    if (isName(subtype, "Type0")) return compositeFont(objects, dict, programs);
    if (isName(subtype, "TrueType") || isName(subtype, "Type1")) {
      const type = (subtype as Name).name as "TrueType" | "Type1";
      // No descriptor: one of the standard 14 (or a name pdf.js takes for one), not embedded.
      if (dict.get("FontDescriptor") === undefined) return standardFont(objects, dict, type);
      return simpleFont(objects, dict, type === "TrueType" ? ["TrueType"] : ["Type1", "Type1C"], programs);
    }
    if (isName(subtype, "Type3")) return type3Font(objects, dict, resources, this.checkGlyphProc);
    throw new UnsupportedFont("font type");
  }
}

/** Font programs the stream check found damaged, and those of them met in the fonts loaded. */
interface Programs {
  damaged: ReadonlyMap<number, string>;
  met: Map<number, string>;
}

/** The kinds of embedded program read: TrueType (FontFile2), Type1 in PostScript form (FontFile), CFF (FontFile3 of the /Subtype Type1C or CIDFontType0C). */
type ProgramKind = "TrueType" | "Type1" | "Type1C" | "CIDFontType0C";
const PROGRAM_KEYS = ["FontFile", "FontFile2", "FontFile3"] as const;

/**
 * The name of a font whose program is embedded as one of `kinds`, with the
 * standard font matrix (pdf.js rescales the PDF's widths by any other), so
 * that pdf.js leaves the PDF's widths as they are.
 */
function embeddedName(objects: PdfObjects, dict: Dict, kinds: readonly ProgramKind[], programs: Programs): string {
  const descriptor = objects.dict(dict.get("FontDescriptor"));
  if (!descriptor) throw new UnsupportedFont("no descriptor");
  const keys = PROGRAM_KEYS.filter((key) => descriptor.has(key));
  const file = keys.length === 1 ? descriptor.get(keys[0]!) : undefined;
  if (!(file instanceof Ref)) throw new UnsupportedFont(keys.length ? "font programs of several kinds" : "a font that is not embedded");
  if (programs.damaged.has(file.num)) {
    // Damaged (the stream check says so): not read; the caller reports it. Its
    // font matrix cannot be read either, and is taken for the standard one,
    // as pdf.js takes it when it cannot parse a program.
    const name = fontNameOf(objects, descriptor, dict);
    programs.met.set(file.num, name);
    return name;
  }
  // The program is hardly read here, but pdf.js decodes it: one it could not decode is damage to report.
  const program = objects.stream(file.num, false);
  if (!program) throw new DamagedFont(`font file ${file.num} cannot be decoded`);
  const subtype = objects.resolve(program.dict.get("Subtype"));
  const kind: ProgramKind | null =
    keys[0] === "FontFile" ? "Type1" : keys[0] === "FontFile2" ? "TrueType" : isName(subtype, "Type1C") ? "Type1C" : isName(subtype, "CIDFontType0C") ? "CIDFontType0C" : null;
  if (!kind || !kinds.includes(kind)) throw new UnsupportedFont(`an embedded ${kind ?? (subtype instanceof Name ? subtype.name : keys[0])} font here`);
  let matrix: number[] | null | undefined = null;
  if (kind === "Type1") {
    matrix = type1FontMatrix(program.data, objects.resolve(program.dict.get("Length1")));
    // pdf.js warns of a /Length1 that does not end the clear text (as it loads the font, shown or not).
    if (matrix === undefined) throw new DamagedFont(`font file ${file.num} is not a Type1 program as pdf.js reads one`);
  } else if (kind !== "TrueType") {
    matrix = cffFontMatrix(program.data);
    if (matrix === undefined) throw new DamagedFont(`font file ${file.num} is not a readable CFF font`);
  }
  // pdf.js rescales the widths of a font whose matrix is not the standard one (adjustWidths).
  if (matrix !== null && matrix[0] !== 0.001) throw new UnsupportedFont("a font matrix other than the standard one");
  return fontNameOf(objects, descriptor, dict);
}

/**
 * The name pdf.js gives the font (its translateFont): the descriptor's
 * FontName, or the BaseFont where the two differ and the BaseFont begins with
 * the FontName, or names a font pdf.js knows while the FontName does not.
 */
function fontNameOf(objects: PdfObjects, descriptor: Dict, dict: Dict): string {
  // pdf.js takes a name written as a string for the name (escapes aside, which are left to it).
  const nameOf = (value: Value | undefined): string | undefined => {
    if (value === undefined || value instanceof Name) return value?.name;
    if (typeof value === "string" && !value.includes("\\")) return value;
    throw new UnsupportedFont("font name");
  };
  const fontName = nameOf(objects.resolve(descriptor.get("FontName")));
  const baseFont = nameOf(objects.resolve(dict.get("BaseFont")));
  let name = fontName;
  if (fontName !== baseFont) {
    if (fontName && baseFont) {
      const t = pdfjsFontTables();
      if (!t) throw new UnsupportedFont("font name");
      if (baseFont.startsWith(fontName) || (!isKnownFontName(t, fontName) && isKnownFontName(t, baseFont))) name = undefined;
    }
    name ??= baseFont;
  }
  // pdf.js: "invalid font name" (and an empty one is left to it).
  if (!name) throw new UnsupportedFont("font name");
  return name;
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

function compositeFont(objects: PdfObjects, base: Dict, programs: Programs): OwnFont {
  const encoding = objects.resolve(base.get("Encoding"));
  const descendants = objects.resolve(base.get("DescendantFonts"));
  const dict = objects.dict(Array.isArray(descendants) ? descendants[0] : descendants);
  if (!dict) throw new UnsupportedFont("descendant");
  if (!isName(encoding, "Identity-H")) return predefinedFont(objects, base, dict, encoding);
  const subtype = objects.resolve(dict.get("Subtype"));
  const kind = isName(subtype, "CIDFontType2") ? "TrueType" : isName(subtype, "CIDFontType0") ? "CIDFontType0C" : null;
  if (!kind) throw new UnsupportedFont("descendant");
  const name = embeddedName(objects, dict, [kind], programs);
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
  // A name pdf.js has a program of its own for (a standard font) is read with that program.
  const t = pdfjsFontTables();
  if (!t || standardFontName(t, name) !== undefined) throw new UnsupportedFont("font name");
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

const isNumbers = (value: Value | undefined, length: number): value is number[] =>
  Array.isArray(value) && value.length === length && value.every((x) => typeof x === "number");

/**
 * A Type3 font, as pdf.js's translateFont and loadType3Data read it: the name
 * is the descriptor's FontName or "Type3", widths and text as for a simple
 * font (a ToUnicode map is required), and every glyph procedure is loaded and
 * checked, its first operator (d0/d1) giving the glyph box pdf.js may size
 * text by.
 */
function type3Font(objects: PdfObjects, dict: Dict, pageResources: Dict | undefined, check: GlyphProcCheck): OwnFont {
  const descriptor = objects.dict(dict.get("FontDescriptor")) ?? new Map<string, Value>();
  const fontName = objects.resolve(descriptor.get("FontName"));
  let name = "Type3";
  if (fontName instanceof Name && fontName.name) name = fontName.name;
  else if (typeof fontName === "string" && fontName) {
    if (fontName.includes("\\")) throw new UnsupportedFont("font name");
    name = fontName;
  } else if (fontName !== undefined && !(fontName instanceof Name) && typeof fontName !== "string") throw new UnsupportedFont("font name");
  // pdf.js's getArray: the array with each item resolved.
  const array = (value: Value | undefined): Value[] | undefined => {
    const v = objects.resolve(value);
    return Array.isArray(v) ? v.map((x) => objects.resolve(x) as Value) : undefined;
  };
  const matrix = array(dict.get("FontMatrix"));
  const fontMatrix = isNumbers(matrix, 6) ? matrix : [0.001, 0, 0, 0.001, 0, 0];
  const box = array(descriptor.get("FontBBox")) ?? array(dict.get("FontBBox"));
  let bbox: number[] = isNumbers(box, 4) ? normalRect(box) : [0, 0, 0, 0];
  const map = toUnicodeMap(objects, dict);
  const widths = simpleWidths(objects, dict, descriptor);
  const procs = objects.dict(dict.get("CharProcs"));
  if (!procs) throw new DamagedFont("Type3 font without glyph procedures");
  const fontBBoxSize = Math.hypot(bbox[2]! - bbox[0]!, bbox[3]! - bbox[1]!);
  const resources = objects.dict(dict.get("Resources")) ?? pageResources;
  let charBox: number[] | null = null;
  for (const ref of procs.values()) {
    const stream = ref instanceof Ref ? objects.stream(ref.num, false) : null;
    if (!stream) throw new DamagedFont("a Type3 glyph procedure cannot be decoded");
    try {
      check(stream.data, resources);
    } catch (error) {
      if (error instanceof UnsupportedFont) throw error;
      throw new DamagedFont(`a Type3 glyph procedure cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    const first = firstOperator(stream.data);
    if (first?.op === "d1" && first.args.length === 6) {
      const r = normalRect(first.args.slice(2));
      const w = r[2] - r[0];
      const h = r[3] - r[1];
      if (w !== 0 && h !== 0 && (fontBBoxSize === 0 || Math.round(Math.hypot(w, h) / fontBBoxSize) >= 10)) {
        charBox ??= [Infinity, Infinity, -Infinity, -Infinity];
        charBox[0] = Math.min(charBox[0]!, r[0], r[2]);
        charBox[1] = Math.min(charBox[1]!, r[1], r[3]);
        charBox[2] = Math.max(charBox[2]!, r[0], r[2]);
        charBox[3] = Math.max(charBox[3]!, r[1], r[3]);
      }
    } else if (first?.op === "d0" && first.args.length === 2) {
      // pdf.js then guesses the font's box from the glyph's outline: not done here.
      if (!fontBBoxSize) throw new UnsupportedFont("Type3 glyph box to guess");
    } else throw new UnsupportedFont("Type3 glyph procedure not opened by d0 or d1");
  }
  if (charBox) bbox = charBox;
  return {
    name,
    twoByte: false,
    fontMatrix,
    type3: { bbox, isCharBBox: charBox !== null },
    width: widths,
    unicode: (code) => lookup(map, code),
  };
}

/** A content stream's first operator and its (numeric) operands; null when it opens otherwise. */
function firstOperator(data: Uint8Array): { op: string; args: number[] } | null {
  const args: number[] = [];
  let i = 0;
  const n = Math.min(data.length, 512);
  while (i < n) {
    const c = data[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00) {
      i++;
      continue;
    }
    if (c === 0x25) {
      while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
      continue;
    }
    const start = i;
    while (i < n && !(data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09 || data[i] === 0x0c || data[i] === 0x00)) i++;
    const word = Buffer.from(data.buffer, data.byteOffset + start, i - start).toString("latin1");
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(word)) args.push(Number(word));
    else if (/^[A-Za-z]+\d?$/.test(word)) return { op: word, args };
    else return null;
  }
  return null;
}

/** A simple font's widths (/Widths from /FirstChar, /MissingWidth), as pdf.js's extractWidths reads them. */
function simpleWidths(objects: PdfObjects, dict: Dict, descriptor: Dict | undefined): (code: number) => number {
  const firstChar = number(objects, dict.get("FirstChar"));
  const list = objects.resolve(dict.get("Widths"));
  if (firstChar === undefined || !Number.isInteger(firstChar) || !Array.isArray(list)) throw new UnsupportedFont("widths");
  const widths: (number | undefined)[] = [];
  list.forEach((w, i) => (widths[firstChar + i] = number(objects, w)));
  const missing = number(objects, descriptor?.get("MissingWidth")) ?? 0;
  return (code) => widths[code] ?? missing;
}

function simpleFont(objects: PdfObjects, dict: Dict, kinds: readonly ProgramKind[], programs: Programs): OwnFont {
  const name = embeddedName(objects, dict, kinds, programs);
  const map = toUnicodeMap(objects, dict);
  const width = simpleWidths(objects, dict, objects.dict(dict.get("FontDescriptor")));
  return {
    name,
    twoByte: false,
    width,
    unicode: (code) => lookup(map, code),
  };
}

/**
 * A simple font without a descriptor (ReportLab, jsPDF and PDFlib write the
 * standard 14 so): not embedded, read by pdf.js with its own program of the
 * standard font it takes the name for (pdfjs-dist/standard_fonts), widths from
 * the PDF or else from its metrics of that font by glyph name, and text from
 * the PDF's ToUnicode map, or else from the encoding's glyph names, exactly as
 * its translateFont and Font do it (with its own tables: pdfjs-tables.ts). A
 * name it has no program for is read otherwise (a system font's name, no
 * program at all) and is left to it.
 */
function standardFont(objects: PdfObjects, dict: Dict, type: "Type1" | "TrueType"): OwnFont {
  const t = pdfjsFontTables();
  if (!t) throw new UnsupportedFont("pdf.js's tables of the standard fonts were not found");
  const baseFont = objects.resolve(dict.get("BaseFont"));
  // pdf.js fails to load (and warns of) a font with neither a descriptor nor a base font name.
  if (!(baseFont instanceof Name)) throw new DamagedFont("a font with neither a descriptor nor a base font name");
  const name = normalizeFontName(baseFont.name);
  const standard = standardFontName(t, name);
  if (standard === undefined || !t.fontFiles.has(standard)) throw new UnsupportedFont(`font ${name} not embedded`);
  const encoding = simpleEncoding(objects, dict, t, type, name, t.symbolFonts.has(name.split("-", 1)[0]!));
  const metrics = baseFontMetrics(t, name);
  let width: (code: number) => number;
  const list = objects.resolve(dict.get("Widths"));
  if (Array.isArray(list)) {
    const first = number(objects, dict.get("FirstChar"));
    const firstChar = first !== undefined && Number.isInteger(first) ? first : 0;
    const widths = new Map<number, number>();
    list.forEach((w, i) => {
      const value = number(objects, w);
      if (value !== undefined) widths.set(firstChar + i, value);
    });
    width = (code) => widths.get(code) ?? metrics.defaultWidth;
  } else {
    const widths = widthsByCode(metrics.widths, encoding);
    width = (code) => widths.get(code) ?? metrics.defaultWidth;
  }
  // A code with no text reads as the code itself (pdf.js: toUnicode.get(code) || code).
  let text: (code: number) => string | undefined;
  if (dict.get("ToUnicode") !== undefined) {
    const map = toUnicodeMap(objects, dict);
    // Codes the map leaves out read by the encoding's glyph names, where the font has an encoding (amendFallbackToUnicode).
    const fallback = encoding.hasEncoding ? simpleFontToUnicode(encoding, t) : new Map<number, string>();
    text = (code) => map.get(code) ?? fallback.get(code);
  } else {
    const map = simpleFontToUnicode(encoding, t);
    text = (code) => map.get(code);
  }
  return { name, twoByte: false, width, unicode: (code) => text(code) || String.fromCharCode(code) };
}
