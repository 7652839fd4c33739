import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// pdf.js's own tables for the fonts a PDF names but does not embed (the
// standard 14 and their aliases): the glyph-name → Unicode list, the simple
// encodings, the standard fonts' widths by glyph name, and the font-name maps
// that decide which fonts it knows. The own reader must read such fonts
// exactly as pdf.js does, so it takes these tables from the installed
// pdfjs-dist itself, read from its worker module at run time (the module
// exports none of them): never a copy that could drift from the pdf.js that
// would otherwise read the document. The module's table code is plain data,
// one entry a line (`t.A = 0x0041;`, `t["Times-Roman"] = …;`, `const
// WinAnsiEncoding = [...]`); it is parsed as text, never run. Should a build of
// pdfjs-dist lay them out otherwise, the tables are null, and documents with
// such fonts go to pdf.js (a test checks that they are found).

export interface PdfjsFontTables {
  /** getGlyphsUnicode: glyph name → code point. */
  glyphUnicode: ReadonlyMap<string, number>;
  /** The simple encodings by their PDF name (WinAnsiEncoding …, and pdf.js's SymbolSetEncoding, ZapfDingbatsEncoding). */
  encodings: ReadonlyMap<string, readonly string[]>;
  /** getMetrics: a standard font's widths by glyph name, or its one width (the Courier fonts). */
  metrics: ReadonlyMap<string, number | ReadonlyMap<string, number>>;
  /** getStdFontMap: names pdf.js reads as one of the standard 14 (Arial → Helvetica …). */
  standardFonts: ReadonlyMap<string, string>;
  /** getNonStdFontMap: other names it maps to a font it knows. */
  nonStandardFonts: ReadonlyMap<string, string>;
  /** getSerifFonts. */
  serifFonts: ReadonlySet<string>;
  /** getSymbolsFonts. */
  symbolFonts: ReadonlySet<string>;
  /** getFontNameToFileMap: the standard fonts whose programs pdfjs-dist ships (standard_fonts/). */
  fontFiles: ReadonlyMap<string, string>;
}

let tables: PdfjsFontTables | null | undefined;

/** The tables of the installed pdf.js, found once (each is parsed when first used); null when they cannot be found in it. */
export function pdfjsFontTables(): PdfjsFontTables | null {
  if (tables === undefined) {
    try {
      const path = createRequire(import.meta.url).resolve("pdfjs-dist/legacy/build/pdf.worker.mjs");
      tables = findTables(readFileSync(path));
    } catch {
      tables = null;
    }
  }
  return tables;
}

const LOOKUP_TABLES = ["getGlyphsUnicode", "getMetrics", "getStdFontMap", "getNonStdFontMap", "getSerifFonts", "getSymbolsFonts", "getFontNameToFileMap"] as const;
const ENCODINGS = ["WinAnsiEncoding", "StandardEncoding", "MacRomanEncoding", "SymbolSetEncoding", "ZapfDingbatsEncoding", "ExpertEncoding", "MacExpertEncoding"] as const;

/**
 * The tables' text, found in the worker module (2 MB, of which only the tables
 * are decoded), each parsed when first asked for: a document in Helvetica needs
 * the glyph list and Helvetica's widths, not the rest.
 */
export function findTables(module: Buffer): PdfjsFontTables {
  const region = (head: string, tail: string): string => {
    const start = module.indexOf(head, 0, "latin1");
    if (start < 0) throw new Error(`${head.trim()} not found`);
    const end = module.indexOf(tail, start, "latin1");
    if (end < 0) throw new Error(`${head.trim()} not closed`);
    return module.toString("latin1", start + head.length, end + tail.length);
  };
  const text = new Map<string, string>();
  for (const name of LOOKUP_TABLES) text.set(name, region(`\nconst ${name} = getLookupTableFactory(function (t) {\n`, "\n});\n"));
  for (const name of ENCODINGS) text.set(name, region(`\nconst ${name} = [`, "];\n"));
  const parsed = new Map<string, unknown>();
  const once = <T>(name: string, parse: (source: string) => T): T => {
    if (!parsed.has(name)) parsed.set(name, parse(text.get(name)!));
    return parsed.get(name) as T;
  };
  const result: PdfjsFontTables = {
    get glyphUnicode() {
      return once("getGlyphsUnicode", (s) => numbers(lookupTable(s)));
    },
    get encodings() {
      return once("encodings", () => new Map(ENCODINGS.map((name) => [name, encodingArray(text.get(name)!)])));
    },
    get metrics() {
      return once("getMetrics", (s) => {
        const metrics = new Map<string, number | Map<string, number>>();
        for (const [k, v] of lookupTable(s)) metrics.set(k, v instanceof Map ? numbers(v) : (v as number));
        return metrics;
      });
    },
    get standardFonts() {
      return once("getStdFontMap", (s) => strings(lookupTable(s)));
    },
    get nonStandardFonts() {
      return once("getNonStdFontMap", (s) => strings(lookupTable(s)));
    },
    get serifFonts() {
      return once("getSerifFonts", (s) => new Set(lookupTable(s).keys()));
    },
    get symbolFonts() {
      return once("getSymbolsFonts", (s) => new Set(lookupTable(s).keys()));
    },
    get fontFiles() {
      return once("getFontNameToFileMap", (s) => strings(lookupTable(s)));
    },
  };
  // The small tables are read at once: the standard 14 must be in them, else the layout was misread.
  const standard14 = ["Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique", "Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic", "Symbol", "ZapfDingbats"];
  if (!standard14.every((name) => result.standardFonts.get(name) === name && result.fontFiles.has(name)) || result.symbolFonts.size === 0 || result.serifFonts.size === 0) {
    throw new Error("pdf.js's font tables are incomplete");
  }
  return result;
}

// One line of a table: an entry, a nested table's opening, or a closing.
const LINE = /^( *)(?:t(?:\.([A-Za-z_$][\w$]*)|\["([^"\\]*)"\]) = (?:(0x[0-9a-f]+|\d+|"[^"\\]*"|true);|(getLookupTableFactory)\(function \(t\) \{)|(\}\);))$/gm;

type Table = Map<string, number | string | boolean | Table>;

/**
 * The entries of a `getLookupTableFactory(function (t) { … })` body, nested
 * tables included (each level indented two more spaces); a line that is none
 * of these throws: the layout is not the one these tables are read in.
 */
function lookupTable(source: string): Table {
  const top: Table = new Map();
  const stack: Table[] = [top];
  let lines = 0;
  for (const m of source.matchAll(LINE)) {
    lines++;
    if (m[6]) {
      if (m[1]!.length !== 2 * (stack.length - 1)) throw new Error("a table closed out of place");
      stack.pop();
      continue;
    }
    const table = stack.at(-1);
    if (!table || m[1]!.length !== 2 * stack.length) throw new Error("a table entry out of place");
    const key = m[2] ?? m[3]!;
    const value = m[4];
    if (m[5]) {
      const nested: Table = new Map();
      table.set(key, nested);
      stack.push(nested);
    } else table.set(key, value === "true" ? true : value!.startsWith('"') ? (JSON.parse(value!) as string) : Number(value));
  }
  // The body's lines and its closing line, every one of them read.
  let total = 0;
  for (let at = source.indexOf("\n"); at >= 0; at = source.indexOf("\n", at + 1)) total++;
  if (stack.length !== 0 || lines !== total) throw new Error("a table with lines of another kind");
  return top;
}

function encodingArray(source: string): string[] {
  const array = JSON.parse(`[${source.slice(0, -2)}`) as unknown;
  if (!Array.isArray(array) || array.length !== 256 || !array.every((x) => typeof x === "string")) throw new Error("an encoding that is not 256 glyph names");
  return array as string[];
}

function strings(table: Table): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of table) if (typeof v === "string") map.set(k, v);
  return map;
}

function numbers(table: Table): Map<string, number> {
  const map = new Map<string, number>();
  for (const [k, v] of table) if (typeof v === "number") map.set(k, v);
  return map;
}

/** pdf.js's normalizeFontName. */
export function normalizeFontName(name: string): string {
  return name.replaceAll(/[,_]/g, "-").replaceAll(/\s/g, "");
}

/** pdf.js's isKnownFontName: a name it maps to a font it knows, or knows to be serif or symbolic. */
export function isKnownFontName(t: PdfjsFontTables, name: string): boolean {
  const n = normalizeFontName(name);
  return t.standardFonts.has(n) || t.nonStandardFonts.has(n) || t.serifFonts.has(n) || t.symbolFonts.has(n);
}

/** pdf.js's getStandardFontName: the standard font whose program it loads for a font of this name that is not embedded. */
export function standardFontName(t: PdfjsFontTables, name: string): string | undefined {
  return t.standardFonts.get(normalizeFontName(name));
}

/** pdf.js's isSerifFont (of a PartialEvaluator). */
export function isSerifFont(t: PdfjsFontTables, baseFontName: string): boolean {
  const woStyle = baseFontName.split("-", 1)[0]!;
  return t.serifFonts.has(woStyle) || /serif/i.test(woStyle);
}
