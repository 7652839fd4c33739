import { readFile } from "node:fs/promises";
import { extractDetailed, type ExtractInput, type ExtractOptions, type ExtractResult } from "../extract.js";
import type { UnplacedPlace } from "../provenance.js";
import type { Document } from "../schema.js";
import { reviewHtml } from "./html.js";
import { renderPages, type RenderOptions } from "./render.js";

// The review page's library side: `renderReview` draws a Document (extracted
// with provenance) over the pictures of its PDF's pages; `reviewPdf` extracts
// and draws in one go.

export interface RenderReviewOptions extends RenderOptions {
  /** Text that ended in no field (ExtractResult.unplaced), outlined in red. */
  unplaced?: readonly UnplacedPlace[];
}

/** One self-contained HTML page: the PDF's pages with a box over every field, and each form as a table beside them. */
export async function renderReview(document: Document, pdf: Uint8Array, options: RenderReviewOptions = {}): Promise<string> {
  const pages = await renderPages(pdf, options);
  return reviewHtml({ document, pages, ...(options.unplaced ? { unplaced: options.unplaced } : {}) });
}

export type ReviewOptions = Omit<ExtractOptions, "provenance" | "kind"> & Omit<RenderOptions, "password">;

/** Extracts a PDF with provenance and returns its review page, with the extraction's result. */
export async function reviewPdf(input: ExtractInput, options: ReviewOptions = {}): Promise<{ html: string; result: ExtractResult }> {
  const result = await extractDetailed(input, { ...options, kind: "pdf", provenance: true });
  // The extractor keeps no copy of the bytes; read them again for the pictures.
  const pdf = typeof input === "string" ? new Uint8Array(await readFile(input)) : new Uint8Array(input);
  const html = await renderReview(result.document, pdf, { ...options, ...(result.unplaced ? { unplaced: result.unplaced } : {}) });
  return { html, result };
}
