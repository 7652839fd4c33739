import type { StructureDamage } from "./structure.js";

// The hand-off from the reader to the layout stages: positioned text and ruling
// lines, in page space with y growing downwards (points, origin top-left).

export interface Fragment {
  text: string;
  /** Left and right edge of the text along the line. */
  x0: number;
  x1: number;
  /** Baseline; `top`/`bottom` bound the glyphs (top < baseline ≤ bottom). */
  baseline: number;
  top: number;
  bottom: number;
  /** Font size in points. */
  size: number;
  /** The source put white space right before this fragment (pdf.js emits it as its own item). */
  spaceBefore?: boolean;
}

/** A ruling line: a stroked segment or a thin filled rectangle, axis-aligned. */
export interface Rule {
  orientation: "h" | "v";
  /** For "h": y, from x0 to x1. For "v": x, from y0 to y1 (stored in x0/x1 = x, y0 < y1). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface PageContent {
  page: number; // 1-based
  /** Size of the reading frame: the page turned the way its text runs (see `display`). */
  width: number;
  height: number;
  /**
   * The page as a viewer displays it (its /Rotate applied) and where the reading
   * frame lies on it: `toDisplay` maps a point of the reading frame (the
   * coordinates of the fragments and rules) to displayed-page points (y down,
   * origin top-left). The two differ when the page is read turned: a table set
   * on its side. Absent where the two are the same page (positioned text that
   * is no PDF page).
   */
  display?: PageDisplay;
  fragments: Fragment[];
  rules: Rule[];
  /** What could not be read on this page (damaged font or stream), for warnings. */
  problems: string[];
  /** Images on the page (never decoded): a page with images and no text is a scan. */
  images?: number;
  /** Characters of text that run in another direction than the page's text (not read). */
  sideways?: number;
  /**
   * Text set on a character grid (a layout text dump): lines `pitch` apart and
   * characters `column` wide. Line spacing there says nothing of where a cell
   * ends (rows follow each other without a gap), so cells are told apart otherwise.
   */
  grid?: { pitch: number; column: number };
  /** Who read the rules: the own content-stream reader, or pdf.js where that reader could not. */
  rulesFrom?: "content" | "pdfjs";
}

export interface PageDisplay {
  width: number;
  height: number;
  /** The page's /Rotate: 0, 90, 180 or 270. */
  rotate: number;
  toDisplay: [number, number, number, number, number, number];
}

export interface ReadResult {
  pageCount: number;
  pages: PageContent[];
  /**
   * What is damaged in the document as a whole, each a clause ("its list of
   * pages is damaged, …"): its page tree, its cross-reference table, a font.
   */
  problems?: string[];
  /**
   * Damage to the document's structure that no reader warns of (pages the page
   * tree does not reach or reaches twice, a /Count that lies, impossible glyph
   * widths), each with its warning code.
   */
  damage?: StructureDamage[];
  /** Who read the text: the own reader (the whole document), or pdf.js. */
  textFrom?: "content" | "pdfjs";
  /** Why the own reader left the document to pdf.js (for --debug). */
  declined?: string;
}
