import { ExtractError } from "../errors.js";
import { Name, Ref, isName, type Dict, type PdfObjects, type Value } from "./objects.js";

// Damage to a document's structure that still parses, and so changes the text
// without any reader's warning: a page tree that does not reach every page the
// file holds (a lying /Count, a /Pages that points at one page), a page reached
// twice, glyph widths no font can have. pdf.js reads such a file without a word
// — the missing pages are simply not there, the repeated page's forms come out
// twice, characters slide into the next cell — so the document is checked here,
// in the same objects the text is read from (or, where the file's
// cross-reference data is not sound, in the objects a scan of the file finds,
// as pdf.js rebuilds them).
//
// A /W range of billions of glyphs is worse than wrong: pdf.js fills an array
// entry by entry for it, and V8 aborts the process. Such a file is refused
// here, before pdf.js is given it.

export type StructureDamageCode = "pages-unreached" | "page-repeated" | "page-count-wrong" | "glyph-widths-damaged";

export interface StructureDamage {
  code: StructureDamageCode;
  /** A clause about the document: "its page tree lists page 3 twice, …". */
  message: string;
}

/** The most glyphs a font can have (CIDs and glyph ids are 16 bits). */
const MAX_GLYPHS = 0x10000;
/** Wider than this many ems (or narrower than nothing), a glyph's advance is damage, not design. */
const MAX_ADVANCE_EM = 3;
/** How deep a page tree is walked (as pages.ts). */
const MAX_DEPTH = 64;
/** How deep nested dictionaries are searched for fonts (resources hold them inline). */
const MAX_NESTING = 8;

/** What the document holds: its page objects, its catalog, and the damage found in its fonts' widths. */
export interface Inventory {
  /** Object numbers of every page object (/Type /Page) in the view. */
  pages: Set<number>;
  /** The top page tree node's /Count, when the catalog can be found. */
  count: Value | undefined;
  /** The page objects the page tree lists, in order, a page listed twice twice (undefined without a catalog). */
  leaves: number[] | undefined;
  damage: StructureDamage[];
}

/**
 * Looks through every object the reader sees: its pages, the /Count of its
 * page tree, the widths of its fonts. Throws ExtractError("damaged") for a
 * width range pdf.js could not survive. `root` is the catalog (from a sound
 * trailer); without it the one /Type /Catalog object is used.
 */
export function takeInventory(objects: PdfObjects, root: Value | undefined): Inventory {
  const pages = new Set<number>();
  const catalogs: Dict[] = [];
  const fonts = new Map<Dict, number>();
  const visit = (value: Value | undefined, num: number, depth: number): void => {
    if (depth > MAX_NESTING) return;
    if (value instanceof Map) {
      const type = value.get("Type");
      if (depth === 0 && isName(type, "Page")) pages.add(num);
      if (depth === 0 && isName(type, "Catalog")) catalogs.push(value);
      if (isName(type, "Font") || ((value.has("W") || value.has("Widths") || value.has("DW")) && !isName(type, "XRef"))) fonts.set(value, num);
      for (const [key, entry] of value) if (key !== "W" && key !== "Widths" && (entry instanceof Map || Array.isArray(entry))) visit(entry, num, depth + 1);
    } else if (Array.isArray(value)) {
      for (const entry of value) if (entry instanceof Map) visit(entry, num, depth + 1);
    }
  };
  // Only objects that name a page, a font, a catalog or widths are parsed.
  for (const num of objects.mentioning(["/Page", "/Font", "/Catalog", "/W", "/Widths", "/DW"])) visit(objects.get(num), num, 0);

  const catalog = root !== undefined ? objects.dict(root) : catalogs.length === 1 ? catalogs[0] : undefined;
  const count = objects.dict(catalog?.get("Pages"))?.get("Count");
  const leaves = catalog ? treeLeaves(objects, catalog.get("Pages")) : undefined;
  const damage: StructureDamage[] = [];
  const damagedFonts: string[] = [];
  for (const [font, num] of fonts) {
    const problem = widthProblem(objects, font, num);
    if (problem) damagedFonts.push(`${fontName(objects, font, num)}: ${problem}`);
  }
  if (damagedFonts.length) {
    damage.push({
      code: "glyph-widths-damaged",
      message: `the glyph widths of ${damagedFonts.length === 1 ? "a font" : `${damagedFonts.length} fonts`} cannot be right (${damagedFonts.slice(0, 2).join("; ")}), so characters set in ${damagedFonts.length === 1 ? "it" : "them"} may be misplaced or fall into the wrong cell`,
    });
  }
  return { pages, count: objects.resolve(count), leaves, damage };
}

/** The most page tree nodes walked (a tree that multiplies its pages by sharing subtrees stops here). */
const MAX_NODES = 100_000;

/**
 * The pages a page tree lists, walked without trusting it: every /Kids entry
 * followed (never into a node already being walked: a loop), whatever the
 * /Count values say; a kid without /Kids is a page.
 */
function treeLeaves(objects: PdfObjects, top: Value | undefined): number[] {
  const leaves: number[] = [];
  const open = new Set<number>();
  let visits = 0;
  const walk = (ref: Value | undefined, depth: number): void => {
    if (!(ref instanceof Ref) || open.has(ref.num) || depth > MAX_DEPTH || ++visits > MAX_NODES) return;
    const node = objects.dict(ref);
    if (!node) return;
    const kids = objects.resolve(node.get("Kids"));
    if (!Array.isArray(kids)) {
      leaves.push(ref.num);
      return;
    }
    open.add(ref.num);
    for (const kid of kids) walk(kid, depth + 1);
    open.delete(ref.num);
  };
  walk(top, 0);
  return leaves;
}

/**
 * The document's structural damage, once its pages have been read: `read`
 * holds the object number of each page read, in order (null where the reader
 * could not tell). The page tree's damage, then the fonts'.
 */
export function structureDamage(inventory: Inventory, read: readonly (number | null)[]): StructureDamage[] {
  const damage: StructureDamage[] = [];
  const { count, leaves } = inventory;
  const twice = [...repeats(read), ...repeats(leaves ?? [])];
  if (twice.length) {
    damage.push({
      code: "page-repeated",
      message: `its page tree lists the same page more than once (${[...new Set(twice)].slice(0, 3).join(", ")}), so that page's text may be read twice`,
    });
  }
  const seen = new Set(read);
  const unreached = [...inventory.pages].filter((num) => !seen.has(num)).sort((a, b) => a - b);
  if (unreached.length) {
    damage.push({
      code: "pages-unreached",
      message: `${unreached.length} of the ${inventory.pages.size} pages it holds ${unreached.length === 1 ? "is" : "are"} not reached by its page tree (${unreached.length === 1 ? "object" : "objects"} ${unreached.slice(0, 5).join(", ")}${unreached.length > 5 ? ", …" : ""}), so their text is missing`,
    });
  }
  const found = [read.length, ...(leaves ? [leaves.length] : [])];
  if (count !== undefined && found.some((n) => n !== count)) {
    damage.push({
      code: "page-count-wrong",
      message: `its page tree says it has ${typeof count === "number" ? count : "an unreadable number of"} pages (/Count), but ${Math.max(...found)} ${Math.max(...found) === 1 ? "was" : "were"} found, so pages may be missing`,
    });
  }
  return [...damage, ...inventory.damage];
}

/** "page 5 is page 2 again" for each page object that comes more than once in `pages`. */
function repeats(pages: readonly (number | null)[]): string[] {
  const first = new Map<number, number>();
  const out: string[] = [];
  pages.forEach((num, i) => {
    if (num === null) return;
    const earlier = first.get(num);
    if (earlier === undefined) first.set(num, i);
    else out.push(`page ${i + 1} is page ${earlier + 1} again`);
  });
  return out;
}

function fontName(objects: PdfObjects, font: Dict, num: number): string {
  const name = objects.resolve(font.get("BaseFont"));
  return name instanceof Name ? `${name.name} (object ${num})` : `object ${num}`;
}

/** What is wrong with a font's widths, or null. Throws where pdf.js would build an array of billions of entries. */
function widthProblem(objects: PdfObjects, font: Dict, num: number): string | null {
  const matrix = objects.resolve(font.get("FontMatrix"));
  // Type3 glyph widths are in the font's own glyph space; the others' in thousandths of an em.
  const scale = isName(objects.resolve(font.get("Subtype")), "Type3") && Array.isArray(matrix) && typeof matrix[0] === "number" ? Math.abs(matrix[0]) : 0.001;
  const absurd = (w: Value | undefined): w is number => typeof w === "number" && (w < 0 || w * scale > MAX_ADVANCE_EM);
  const describe = (w: number) => `a width of ${w}${w >= 0 ? ` (${Math.round(w * scale)} em)` : ""}`;
  const noCode = (code: number) => code < 0 || code >= MAX_GLYPHS;
  const dw = objects.resolve(font.get("DW"));
  if (absurd(dw)) return `default ${describe(dw)}`;
  const widths = objects.resolve(font.get("Widths"));
  if (Array.isArray(widths)) {
    const first = objects.resolve(font.get("FirstChar"));
    // A simple font's codes are single bytes.
    if (typeof first === "number" && (first < 0 || first + widths.length > 256)) return `widths for codes ${first} to ${first + widths.length - 1}, where a simple font has codes 0 to 255`;
    for (const w of widths) {
      const width = objects.resolve(w);
      if (absurd(width)) return describe(width);
    }
  }
  for (const key of ["W", "W2"]) {
    const w = objects.resolve(font.get(key));
    if (!Array.isArray(w)) continue;
    // [c [w1 w2 …]] and [cFirst cLast w] (W2: [cFirst cLast w1y v1x v1y]), read as pdf.js reads them.
    for (let i = 0; i < w.length; i++) {
      const start = objects.resolve(w[i++]);
      if (typeof start !== "number" || !Number.isInteger(start)) break;
      if (noCode(start)) return `widths from glyph ${start}, which no font has`;
      const next = objects.resolve(w[i]);
      if (Array.isArray(next)) {
        if (key === "W") for (const x of next) if (absurd(objects.resolve(x))) return describe(objects.resolve(x) as number);
      } else if (typeof next === "number" && Number.isInteger(next)) {
        if (next - start >= MAX_GLYPHS) {
          throw new ExtractError(
            "damaged",
            `the glyph widths of its font ${fontName(objects, font, num)} are damaged (one range covers ${(next - start + 1).toLocaleString("en-US")} glyphs, where a font has at most ${MAX_GLYPHS.toLocaleString("en-US")}); ask the sender for a fresh copy`,
          );
        }
        if (noCode(next)) return `widths up to glyph ${next}, which no font has`;
        const width = objects.resolve(w[++i]);
        if (key === "W2") i += 2;
        else if (absurd(width)) return describe(width);
      } else break;
    }
  }
  return null;
}

/**
 * The page's content streams that are not there (a /Contents reference to an
 * object deleted or never written): pdf.js shows such a page empty without a
 * word, and a form on it would vanish.
 */
export function missingContents(objects: PdfObjects, pageNum: number): string[] {
  const page = objects.dict(objects.get(pageNum));
  const contents = page?.get("Contents");
  const resolved = objects.resolve(contents);
  const refs = contents instanceof Ref ? (Array.isArray(resolved) ? resolved : [contents]) : Array.isArray(contents) ? contents : [];
  return refs.filter((ref): ref is Ref => ref instanceof Ref && !(objects.get(ref.num) instanceof Map)).map((ref) => `its content stream (object ${ref.num}) is missing`);
}
