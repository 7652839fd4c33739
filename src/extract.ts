import { readFile, stat } from "node:fs/promises";
import { ExtractError } from "./errors.js";
import { dropFurniture } from "./layout/furniture.js";
import { groupLines } from "./layout/lines.js";
import { parseFormRegion } from "./parse/form.js";
import { parseTextDump } from "./parse/text-dump.js";
import { readPdf } from "./read/pdf.js";
import type { Document, Form, Warning } from "./schema.js";
import { splitForms } from "./segment.js";
import { consistencyWarnings, dropNotApplicable, validateDocument } from "./validate.js";

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
  /**
   * Read ruling lines (default true). false parses tables from text positions
   * alone, as for tables printed without borders; faster, less certain.
   */
  useRules?: boolean;
}

export interface ExtractResult {
  document: Document;
  /** True when some text could not be read (broken font or stream): the CLI exits 1. */
  textLost: boolean;
}

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 2000;

async function load(input: ExtractInput, maxBytes: number): Promise<Uint8Array> {
  // pdf.js refuses a Buffer and may take over (detach) the array it is given:
  // always hand it a private plain Uint8Array.
  if (typeof input !== "string") return new Uint8Array(input);
  let size: number;
  try {
    const info = await stat(input);
    if (info.isDirectory()) throw new ExtractError("unreadable", "it is a folder, not a file");
    size = info.size;
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExtractError("unreadable", code === "ENOENT" ? "no such file; check the path" : `it cannot be read (${code ?? "I/O error"}); check its permissions`, { cause: error });
  }
  if (size > maxBytes) {
    throw new ExtractError("too-large", `it is ${Math.round(size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit; raise --max-size to convert it`);
  }
  try {
    return new Uint8Array(await readFile(input));
  } catch (error) {
    throw new ExtractError("unreadable", `it cannot be read (${(error as NodeJS.ErrnoException).code ?? "I/O error"}); check its permissions`, { cause: error });
  }
}

function isPdf(data: Uint8Array): boolean {
  // The header may follow up to 1 KB of junk (as readers tolerate).
  const head = Buffer.from(data.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

function kindOf(input: ExtractInput, data: Uint8Array, options: ExtractOptions): "pdf" | "text" {
  if (options.kind) return options.kind;
  if (isPdf(data)) return "pdf";
  if (typeof input === "string" && /\.txt$/i.test(input)) return "text";
  return "pdf";
}

/** The Document for a PDF or text dump, with whether any text was lost. */
export async function extractDetailed(input: ExtractInput, options: ExtractOptions = {}): Promise<ExtractResult> {
  const source = options.source ?? (typeof input === "string" ? input : "<buffer>");
  const data = await load(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (data.length === 0) throw new ExtractError("empty", "the file is empty (0 bytes); ask the sender for the real file");

  let forms: Form[];
  let warnings: Warning[];
  let pageCount: number | null = null;
  let textLost = false;
  let noText = false;

  if (kindOf(input, data, options) === "text") {
    ({ forms, warnings } = parseTextDump(Buffer.from(data).toString("utf8")));
  } else {
    if (!isPdf(data)) throw new ExtractError("not-pdf", "it is not a PDF file; check that this is the declaration you meant");
    const read = await readPdf(data, { password: options.password, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, wantRules: options.useRules !== false });
    pageCount = read.pageCount;
    warnings = [];
    for (const page of read.pages) {
      const problems = [...new Set(page.problems)];
      if (problems.length) {
        textLost = true;
        warnings.push({ form: null, page: page.page, field: null, message: `text on page ${page.page} could not be fully read: ${problems[0]}` });
      }
    }
    noText = read.pages.every((p) => p.fragments.length === 0);
    const lines = dropFurniture(read.pages.map((p) => ({ lines: groupLines(p), rules: p.rules, height: p.height })));
    const regions = splitForms(read.pages.map((p, i) => ({ page: p.page, lines: lines[i]!, rules: p.rules })));
    forms = [];
    regions.forEach((region, i) => {
      const parsed = parseFormRegion(region, i + 1);
      forms.push(parsed.form);
      warnings.push(...parsed.warnings);
    });
    // Say which forms a page with lost text belongs to.
    for (const w of warnings) {
      if (w.form !== null || w.page === null) continue;
      const owner = forms.findIndex((f) => f.pages.includes(w.page!));
      if (owner >= 0) w.form = owner + 1;
    }
  }

  forms.forEach((form, i) => warnings.push(...consistencyWarnings(form, i + 1)));
  if (forms.length === 0 && !options.allowEmpty) {
    if (noText && !textLost) throw new ExtractError("no-text", "it has no text layer (scanned document?); it needs OCR before it can be converted");
    if (textLost) {
      const lost = warnings.filter((w) => w.form === null && w.page !== null).map((w) => w.page!);
      throw new ExtractError(
        "damaged",
        `text on ${pageList(lost)} could not be read (damaged font or stream) and no form could be recovered; ask the sender for a fresh copy`,
      );
    }
    throw new ExtractError("no-forms", "no 二级项目支出绩效目标申报表 was found in it; check that this is a performance-target declaration");
  }
  warnings.sort((a, b) => (a.form ?? 0) - (b.form ?? 0) || (a.page ?? 0) - (b.page ?? 0));
  let document = validateDocument({ source, pageCount, forms, warnings });
  if (options.skipNotApplicable) document = dropNotApplicable(document);
  return { document, textLost };
}

/** "page 3", "pages 1–13", "pages 2, 5, 7–9". */
export function pageList(pages: readonly number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return `${sorted.length === 1 ? "page" : "pages"} ${ranges.join(", ")}`;
}

/** The Document for a PDF or text dump, validated against DocumentSchema. */
export async function extract(input: ExtractInput, options: ExtractOptions = {}): Promise<Document> {
  return (await extractDetailed(input, options)).document;
}
