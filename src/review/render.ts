import { createRequire } from "node:module";
import { loadPdfjs, pdfjsOptions } from "../read/pdf.js";

// The pages of a PDF as pictures, drawn by pdf.js in Node on @napi-rs/canvas
// (the canvas pdf.js itself loads in Node), for the review page. Each page is
// drawn as a viewer displays it (its /Rotate applied), in the coordinates of
// provenance scaled by `scale`.

export interface PageImage {
  page: number;
  /** The displayed page in points. */
  width: number;
  height: number;
  /** The picture, or null when pdf.js could not draw the page (with why). */
  image: { mime: string; data: Uint8Array; pixelWidth: number; pixelHeight: number } | null;
  problem?: string;
}

export interface RenderOptions {
  password?: string;
  /**
   * Pixels per point (default 2, 144 dpi): 8 pt characters come out 16 pixels
   * tall, enough for the strokes of a small CJK character to stay apart.
   */
  scale?: number;
  /** WebP quality, 0–100 (default 75). */
  quality?: number;
}

/** The longest side a page picture may have, in pixels (a huge page is drawn smaller, not into gigabytes). */
const MAX_SIDE = 4096;
/** Images in a page larger than this many pixels are left out of its picture (as the reader never decodes any). */
const MAX_IMAGE_PIXELS = 5000 * 5000;

type Canvas = typeof import("@napi-rs/canvas");

/** @napi-rs/canvas, loaded as pdf.js loads it (a native module, needed only for pictures). */
function canvasModule(): Canvas {
  return createRequire(import.meta.url)("@napi-rs/canvas") as Canvas;
}

export async function renderPages(pdf: Uint8Array, options: RenderOptions = {}): Promise<PageImage[]> {
  const pdfjs = await loadPdfjs();
  const { createCanvas, GlobalFonts } = canvasModule();
  cjkFallback(GlobalFonts);
  const scale = options.scale ?? 2;
  // Nothing in the PDF is run or fetched (pdfjsOptions); unlike the reader, the
  // pictures need the page's images decoded, within a bound.
  const task = pdfjs.getDocument({ ...pdfjsOptions(pdf.slice(), options.password, pdfjs.VerbosityLevel.ERRORS), maxImageSize: MAX_IMAGE_PIXELS });
  const doc = await task.promise;
  try {
    const pages: PageImage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      let page;
      try {
        page = await doc.getPage(n);
      } catch (error) {
        pages.push({ page: n, width: 595, height: 842, image: null, problem: message(error) });
        continue;
      }
      const shown = page.getViewport({ scale: 1 });
      const entry: PageImage = { page: n, width: shown.width, height: shown.height, image: null };
      try {
        const viewport = page.getViewport({ scale: Math.min(scale, MAX_SIDE / Math.max(shown.width, shown.height)) });
        const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
        // pdf.js's types name the DOM's canvas; @napi-rs/canvas's is the one it uses in Node.
        await page.render({ canvas: canvas as never, canvasContext: canvas.getContext("2d") as never, viewport, background: "white" }).promise;
        const data = await canvas.encode("webp", options.quality ?? 75);
        entry.image = { mime: "image/webp", data, pixelWidth: canvas.width, pixelHeight: canvas.height };
      } catch (error) {
        entry.problem = message(error);
      } finally {
        page.cleanup();
      }
      pages.push(entry);
    }
    return pages;
  } finally {
    await doc.destroy().catch(() => {});
  }
}

let fallbackSet = false;

/**
 * Text in a font the PDF does not embed (old office files' STSong-Light) is
 * drawn by pdf.js with the canvas's own fonts under the generic names serif and
 * sans-serif, which @napi-rs/canvas resolves to a face without CJK glyphs: every
 * character would be an empty box. Point the generic names at an installed CJK
 * face, where there is one (Noto CJK, Source Han, WenQuanYi, …).
 */
function cjkFallback(GlobalFonts: Canvas["GlobalFonts"]): void {
  if (fallbackSet) return;
  fallbackSet = true;
  const families = GlobalFonts.families.map((f) => f.family);
  const pick = (kind: RegExp) => families.find((f) => /CJK|Han|WenQuanYi|Song|Hei|Fallback/i.test(f) && kind.test(f)) ?? families.find((f) => /CJK|Han|WenQuanYi|Fallback/i.test(f));
  const serif = pick(/Serif|Song|Ming/i);
  const sans = pick(/Sans|Hei|WenQuanYi/i);
  if (serif) GlobalFonts.setAlias(serif, "serif");
  if (sans) GlobalFonts.setAlias(sans, "sans-serif");
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
