import type { Document } from "./schema.js";

export type ExtractInput = string | Buffer | Uint8Array;

export interface ExtractOptions {
  /** Password of an encrypted PDF. */
  password?: string;
  /** What to record as Document.source; defaults to the path, or "<buffer>". */
  source?: string;
  /** Treat the input as a text dump (like pdftotext output) instead of sniffing it. */
  kind?: "pdf" | "text";
  /** Drop indicator rows that read 不适用. */
  skipNotApplicable?: boolean;
  /** Return a Document with no forms instead of throwing ExtractError("no-forms"). */
  allowEmpty?: boolean;
  /** Refuse files larger than this many bytes (default 200 MB). */
  maxBytes?: number;
  /** Refuse PDFs with more pages than this (default 2000). */
  maxPages?: number;
}

export interface ExtractResult {
  document: Document;
  /** True when some text could not be read (broken font or stream): the CLI exits 1. */
  textLost: boolean;
}

// Filled in by the pipeline (read → lines → segment → parse → validate).
export async function extractDetailed(_input: ExtractInput, _options: ExtractOptions = {}): Promise<ExtractResult> {
  throw new Error("not implemented yet");
}

/** The Document for a PDF or text dump, validated against DocumentSchema. */
export async function extract(input: ExtractInput, options: ExtractOptions = {}): Promise<Document> {
  return (await extractDetailed(input, options)).document;
}
