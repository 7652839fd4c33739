import { readFileSync, statSync } from "node:fs";
import { ExtractError, systemReason } from "./errors.js";
import { dropFurniture } from "./layout/furniture.js";
import { groupLines } from "./layout/lines.js";
import { parseFormRegion } from "./parse/form.js";
import type { FieldSources, Unplaced } from "./parse/ledger.js";
import { displaysOf, unplacedOnDisplay, withProvenance, type Displays, type UnplacedPlace } from "./provenance.js";
import { parseTextDump } from "./parse/text-dump.js";
import { isLayoutText, readLayoutText } from "./read/layout-text.js";
import { readPdf } from "./read/pdf.js";
import type { ReadResult } from "./read/types.js";
import type { Document, Form, Warning } from "./schema.js";
import { splitForms } from "./segment.js";
import { consistencyWarnings, documentWarnings, dropNotApplicable } from "./validate.js";
import { warning } from "./warning.js";
import type { WarningCode } from "./schema.js";
import { FORM_TITLE, LABEL_WORDS, squash } from "./vocabulary.js";

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
  /**
   * Add `provenance` to every Form and Indicator of a PDF: where on which page
   * each field was printed (SCHEMA.md, Provenance). Off by default, so the
   * output keeps its default shape.
   */
  provenance?: boolean;
}

export interface ExtractResult {
  document: Document;
  /** True when some text could not be read (broken font or stream): the CLI exits 1. */
  textLost: boolean;
  /** Who read a PDF's text, for --debug: "the own reader", or "pdf.js" with why the own reader left it. */
  reader?: string;
  /** A PDF's text that ended in no field, with where it is on the displayed page (absent for text input). */
  unplaced?: UnplacedPlace[];
}

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES } from "./limits.js";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES } from "./limits.js";

/** "0 bytes", "512 bytes", "37 KB", "212 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function tooLarge(size: number, maxBytes: number): ExtractError {
  let shown = sizeText(size);
  let limit = sizeText(maxBytes);
  // Rounded alike, the two would read as equal: give the bytes too.
  if (shown === limit) {
    shown += ` (${size} bytes)`;
    limit += ` (${maxBytes} bytes)`;
  }
  return new ExtractError("too-large", `it is ${shown}, over the ${limit} limit`, { remedy: "maxBytes" });
}

async function load(input: ExtractInput, maxBytes: number): Promise<Uint8Array> {
  // pdf.js refuses a Buffer and may take over (detach) the array it is given:
  // always hand it a private plain Uint8Array.
  if (typeof input !== "string") {
    if (input.byteLength > maxBytes) throw tooLarge(input.byteLength, maxBytes);
    return new Uint8Array(input);
  }
  // Read synchronously: the conversion that follows holds the thread anyway, and
  // the promise API's round trips through the thread pool (open, stat, read,
  // close) left a worker idle between files (500 files of the producer mix, A/B
  // interleaved: 9.1 → 8.6 s).
  let size: number;
  try {
    const info = statSync(input);
    if (info.isDirectory()) throw new ExtractError("unreadable", "it is a folder, not a file; give the PDF files inside it instead");
    size = info.size;
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExtractError("unreadable", code === "ENOENT" ? "no such file; check the path" : `it cannot be read (${systemReason(error)}); check the file and its permissions`, { cause: error });
  }
  if (size > maxBytes) throw tooLarge(size, maxBytes);
  let data: Uint8Array;
  try {
    // The file's own bytes as a plain Uint8Array, not a copy of them; a small
    // file may come in a slice of Node's shared buffer pool, which is copied out.
    const bytes = readFileSync(input);
    data = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  } catch (error) {
    throw new ExtractError("unreadable", `it cannot be read (${systemReason(error)}); check the file and its permissions`, { cause: error });
  }
  // It may have grown between stat and read (a file still being copied in).
  if (data.length > maxBytes) throw tooLarge(data.length, maxBytes);
  return data;
}

function isPdf(data: Uint8Array): boolean {
  // The header may follow up to 1 KB of junk (as readers tolerate).
  const head = Buffer.from(data.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

/** No header, but PDF objects: a PDF whose first bytes were damaged, not some other file. */
function looksLikeDamagedPdf(data: Uint8Array): boolean {
  const text = Buffer.from(data.subarray(0, 65536)).toString("latin1");
  return /\d+\s+\d+\s+obj\b/.test(text) && /\bendobj\b/.test(text);
}

function kindOf(input: ExtractInput, data: Uint8Array, options: ExtractOptions): "pdf" | "text" {
  if (options.kind) return options.kind;
  if (isPdf(data)) return "pdf";
  if (typeof input === "string" && /\.txt$/i.test(input)) return "text";
  return "pdf";
}

// Fields a form always prints; one that came out empty on a page whose text was
// lost was probably lost with it.
const PRINTED_FIELDS = ["projectCode", "projectName", "applicant", "budgetUnit", "totalAmount", "annualAmount", "overview", "annualGoal", "indicators"] as const;

function emptyFields(form: Form): string[] {
  return PRINTED_FIELDS.filter((key) => {
    const value = form[key];
    return value === null || value === "" || (Array.isArray(value) && value.length === 0);
  });
}

// The parser's warnings that say a form stops short (what a lost page would cause).
const CUT_OFF = new Set<WarningCode>(["table-missing", "table-empty"]);

export interface PdfOutcome {
  forms: Form[];
  warnings: Warning[];
  pageCount: number;
  textLost: boolean;
  /** Pages with no text at all, and those of them that carry images (scans). */
  textless: number[];
  scanned: number[];
  reader: string;
  /** Where each form's fields were printed (parallel to `forms`), and the text that ended in no field. */
  sources: FieldSources[];
  unplaced: Unplaced[];
  displays: Displays;
}

/** The longest side a PDF page can have, in points (200 inches: ISO 32000's implementation limit). */
const MAX_PAGE_SIDE = 14_400;
const sizeOf = (points: number): string => (Number.isFinite(points) && points < 1e9 ? String(Math.round(points)) : points.toExponential(1));

/** How many characters turned against the rest of a page are more than a stamp or a watermark. */
const SIDEWAYS_CHARS = 40;

async function extractPdf(data: Uint8Array, options: ExtractOptions): Promise<PdfOutcome> {
  const read = await readPdf(data, { password: options.password, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, wantRules: options.useRules !== false });
  return formsFromPages(read);
}

/**
 * The forms on positioned pages, whoever positioned them (a PDF reader, or a text
 * dump whose columns give x positions), with the warnings of what was lost.
 */
export function formsFromPages(read: ReadResult): PdfOutcome {
  const warnings: Warning[] = [];
  let textLost = false;
  // Pages whose text was lost, each named once with what pdf.js said (field null:
  // the page as a whole; the CLI names these pages).
  const lostPages = new Set<number>();
  const lost = (code: WarningCode, page: number | null, message: string, form: number | null = null) => {
    textLost = true;
    if (page !== null) lostPages.add(page);
    warnings.push(warning(code, { form, page }, message));
  };
  for (const problem of new Set(read.problems ?? [])) lost("document-damaged", null, `the PDF is damaged: ${problem}`);
  for (const damage of read.damage ?? []) lost(damage.code, null, `the PDF is damaged: ${damage.message}`);
  for (const page of read.pages) {
    const problems = [...new Set(page.problems)];
    if (problems.length) lost("text-lost", page.page, `text on page ${page.page} could not be fully read (damaged font or stream): ${problems.slice(0, 3).join("; ")}`);
    // A box larger than PDF allows, or one that leaves the page's drawing outside
    // it, is a damaged /MediaBox or /CropBox. Both readers drop text outside the
    // box (as every viewer hides it), so its ruling lines are what still show it.
    if (!(page.width <= MAX_PAGE_SIDE && page.height <= MAX_PAGE_SIDE))
      lost("page-box-damaged", page.page, `page ${page.page} measures ${sizeOf(page.width)} × ${sizeOf(page.height)} points, more than any PDF page (200 inches a side): its /MediaBox or /CropBox is damaged, so its text may be misplaced`);
    else {
      const outside = page.rules.filter((r) => r.x1 < 0 || r.x0 > page.width || r.y1 < 0 || r.y0 > page.height).length;
      if (outside * 2 > page.rules.length)
        lost("page-box-damaged", page.page, `${outside} of the ${page.rules.length} lines drawn on page ${page.page} lie outside its visible area (its /MediaBox or /CropBox), so the text drawn with them was not read either: the box may be damaged`);
    }
    // A stamp or watermark set at an angle is a few characters; more than that,
    // turned away from the rest of the page, is content that was not read.
    const sideways = page.sideways ?? 0;
    const upright = page.fragments.reduce((n, f) => n + f.text.length, 0);
    if (sideways >= SIDEWAYS_CHARS && sideways >= 0.1 * (upright + sideways))
      lost("sideways-text", page.page, `text on page ${page.page} runs in more than one direction: ${sideways} characters set sideways or upside down, against the rest of the page, were not read`);
  }

  const lines = dropFurniture(read.pages.map((p) => ({ lines: groupLines(p), rules: p.rules, height: p.height })));
  const regions = splitForms(read.pages.map((p, i) => ({ page: p.page, lines: lines[i]!, rules: p.rules })));
  const forms: Form[] = [];
  const formWarnings: Warning[] = [];
  const sources: FieldSources[] = [];
  const unplaced: Unplaced[] = [];
  regions.forEach((region, i) => {
    const parsed = parseFormRegion(region, i + 1);
    forms.push(parsed.form);
    formWarnings.push(...parsed.warnings);
    sources.push(parsed.sources);
    unplaced.push(...parsed.unplaced);
  });

  // A page without any text among the forms' pages (after the first heading,
  // before text that follows), or right after a form that stops short, has lost
  // that form's text: a page whose content stream is gone, or a scan. (A blank
  // page left there on purpose is reported too: a person must look.)
  const textless = read.pages.filter((p) => p.fragments.length === 0 && p.problems.length === 0).map((p) => p.page);
  const scanned = textless.filter((n) => (read.pages[n - 1]?.images ?? 0) > 0);
  const textPages = read.pages.filter((p) => p.fragments.length > 0).map((p) => p.page);
  const lastText = Math.max(0, ...textPages);
  for (const n of textless) {
    // The form open at page n: the last one whose heading came before it.
    const owner = regions.findLastIndex((region) => (region.parts[0]?.page ?? Infinity) < n);
    let continues = false;
    if (owner >= 0) {
      if (n < lastText) continues = true;
      else {
        // after the last text: only if that form stops short
        const last = Math.max(...regions[owner]!.parts.map((part) => part.page));
        const gap = Array.from({ length: n - last - 1 }, (_, k) => last + 1 + k);
        continues = gap.every((q) => textless.includes(q)) && formWarnings.some((w) => w.form === owner + 1 && CUT_OFF.has(w.code));
      }
    }
    const what = scanned.includes(n) ? "has no text layer, only images (a scanned page?)" : "has no text at all";
    if (continues) lost("page-without-text", n, `page ${n} ${what}, though it lies within form ${owner + 1}; if that form went on there, its text on that page is missing`, owner + 1);
    else if (scanned.includes(n)) warnings.push(warning("page-without-text", { page: n }, `page ${n} ${what}; nothing on it was read (no OCR)`));
  }

  warnings.push(...formWarnings);
  // Say which forms a page with lost text belongs to, and which of their fields
  // came out empty (probably lost with it).
  for (const w of [...warnings]) {
    if (w.page === null || !lostPages.has(w.page) || w.field !== null) continue;
    const owners = forms.map((f, i) => (f.pages.includes(w.page!) ? i : -1)).filter((i) => i >= 0);
    if (w.form === null && owners.length) w.form = owners[0]! + 1;
    for (const i of w.form !== null && !owners.includes(w.form - 1) ? [w.form - 1] : owners) {
      const empty = emptyFields(forms[i]!);
      if (empty.length && !warnings.some((x) => x.form === i + 1 && x.page === w.page && x.field === empty[0] && x.code === "field-maybe-lost")) {
        warnings.push(
          warning("field-maybe-lost", { form: i + 1, page: w.page, field: empty[0]! }, `form ${i + 1}: ${empty.join(", ")} came out empty and may be among the text lost on page ${w.page}`),
        );
      }
    }
  }
  const reader = read.textFrom === "content" ? "the own reader" : `pdf.js (${read.declined ?? "asked for"})`;
  return { forms, warnings, pageCount: read.pageCount, textLost, textless, scanned, reader, sources, unplaced, displays: displaysOf(read.pages) };
}

/**
 * The forms of a text dump. A dump that keeps the page's columns as spaces is
 * positioned text and goes through the same stages as a PDF; one in drawing
 * order goes through the text-dump parser. Either way the output has no page
 * numbers: a dump's pages are not the PDF's (SCHEMA: `pages` is [] for text).
 */
function extractText(text: string): { forms: Form[]; warnings: Warning[]; textLost: boolean } {
  if (isLayoutText(text)) {
    const { forms, warnings, textLost } = formsFromPages(readLayoutText(text));
    for (const form of forms) {
      form.pages = [];
      delete form.provenance;
    }
    for (const w of warnings) w.page = null;
    // Rows rebuilt from a character grid: one with a cell left empty was not told apart for certain.
    forms.forEach((form, i) =>
      form.indicators.forEach((row, r) => {
        const empty = (["level3", "value", "explanation"] as const).filter((key) => !row[key]);
        if (empty.length) warnings.push(warning("row-doubtful", { form: i + 1, field: "indicators" }, `row ${r + 1} (${row.level3}): no ${empty.join(", ")}`));
      }),
    );
    return { forms, warnings: [...warnings, ...cutCells(forms, warnings), ...repeatedRows(forms), ...backwards(text)], textLost };
  }
  const { forms, warnings, orderLost } = parseTextDump(text);
  if (orderLost) throw new ExtractError("layout-lost", `this text has lost the table's layout (${orderLost}); convert the PDF itself, or dump it with \`pdftotext -layout\``);
  return { forms, warnings: [...warnings, ...cutCells(forms, warnings), ...backwards(text)], textLost: false };
}

/** The form's title and labels written backwards: how an extractor dumps a page set sideways (pdfplumber: 表报申标目效绩出支目项级二). */
const BACKWARDS = [FORM_TITLE, ...Object.values(LABEL_WORDS).flat().filter((w) => w.length >= 4)].map((w) => [...w].reverse().join(""));

/** A warning for lines of the text written backwards: the forms printed there were not read. */
function backwards(text: string): Warning[] {
  const lines = text.split(/\r\n?|\n|\f/).filter((l) => BACKWARDS.some((w) => squash(l).includes(w)));
  return lines.length
    ? [warning("sideways-text", {}, `${lines.length} lines of the text are written backwards (a page set sideways, dumped from its end, such as «${squash(lines[0]!).slice(0, 12)}»): the forms printed there were not read; convert the PDF itself`)]
    : [];
}

/** Whether brackets in `text` pair up: a cell cut in two leaves one half with an opening one unclosed, the other with a closing one unopened. */
function bracketsPair(text: string): boolean {
  const depth = { round: 0, title: 0 };
  for (const ch of text) {
    if (ch === "（" || ch === "(") depth.round++;
    else if (ch === "）" || ch === ")") depth.round--;
    else if (ch === "《") depth.title++;
    else if (ch === "》") depth.title--;
    if (depth.round < 0 || depth.title < 0) return false;
  }
  return depth.round === 0 && depth.title === 0;
}

/**
 * A text dump's 三级指标 and 指标解释 cells whose brackets do not pair up were cut
 * by a wrong parting of lines (`系统可用率（按全年` / `算）`): flagged where nothing
 * names their row yet. (Header values are not held to it: declarations print
 * names with a bracket left open, 网络和信息安全运行维护（邮电费.)
 */
function cutCells(forms: readonly Form[], warnings: readonly Warning[]): Warning[] {
  const out: Warning[] = [];
  forms.forEach((form, i) => {
    const named = (field: string) => warnings.some((w) => w.form === i + 1 && w.about === "extraction" && (w.field === field || w.field === "indicators" || w.field === null));
    form.indicators.forEach((row, r) => {
      if (named(`indicators[${r}]`)) return;
      const cut = (["level3", "explanation"] as const).filter((key) => !bracketsPair(row[key]));
      // No 一级/二级 name holds a colon: a line such as 填报人：… after the table was taken into the rows.
      const labelled = (["level1", "level2"] as const).filter((key) => /[：:]/u.test(row[key]));
      if (cut.length) out.push(warning("row-doubtful", { form: i + 1, field: `indicators[${r}]` }, `row ${r + 1} (${row.level3}): the brackets of its ${cut.join(", ")} do not pair up, a cell cut in two`));
      else if (labelled.length) out.push(warning("row-doubtful", { form: i + 1, field: `indicators[${r}]` }, `row ${r + 1} (${row.level3}): its ${labelled.join(", ")} «${row[labelled[0]!]}» is no category name but text from outside the table`));
    });
  });
  return out;
}

/**
 * A layout dump's row that repeats the row before it, cell for cell: WPS draws a
 * row crossing a page break whole on both pages and clips each part out of view,
 * and a dump keeps both. Nothing in the text tells that from a row printed twice,
 * so the second is flagged, not dropped. (Rows 不适用 throughout repeat rightly.)
 */
function repeatedRows(forms: readonly Form[]): Warning[] {
  const out: Warning[] = [];
  forms.forEach((form, i) =>
    form.indicators.forEach((row, r) => {
      const prev = form.indicators[r - 1];
      const same = prev !== undefined && row.applicable && (["level1", "level2", "level3", "value", "explanation"] as const).every((key) => row[key] === prev[key]);
      if (same) out.push(warning("row-doubtful", { form: i + 1, field: `indicators[${r}]` }, `row ${r + 1} (${row.level3}) repeats row ${r}: text a PDF hides by clipping (a row crossing a page break, drawn on both pages) may have been dumped twice; check against the PDF`));
    }),
  );
  return out;
}

/** The Document for a PDF or text dump, checked against the output contract (DocumentSchema), with whether any text was lost. */
export async function extractDetailed(input: ExtractInput, options: ExtractOptions = {}): Promise<ExtractResult> {
  const result = await extractUnchecked(input, options);
  // Loaded here, not with this module: the batch's workers convert without zod.
  const { validateDocument } = await import("./contract.js");
  let document = validateDocument(result.document);
  if (options.skipNotApplicable) document = dropNotApplicable(document);
  return { ...result, document };
}

/**
 * extractDetailed() without the check against DocumentSchema (nor
 * skipNotApplicable): for the batch's worker processes, whose Documents the main
 * process checks before it writes them (batch/run.ts), so that no worker loads
 * zod. Its keys are in the order they were built, not the schema's.
 */
export async function extractUnchecked(input: ExtractInput, options: ExtractOptions = {}): Promise<ExtractResult> {
  const source = options.source ?? (typeof input === "string" ? input : "<buffer>");
  const data = await load(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (data.length === 0) throw new ExtractError("empty", "the file is empty (0 bytes); ask the sender for the real file");

  let forms: Form[];
  let warnings: Warning[];
  let pageCount: number | null = null;
  let textLost = false;
  let reader: string | undefined;
  let unplaced: UnplacedPlace[] | undefined;

  if (kindOf(input, data, options) === "text") {
    ({ forms, warnings, textLost } = extractText(decodeText(data)));
  } else {
    if (!isPdf(data) && !looksLikeDamagedPdf(data)) throw new ExtractError("not-pdf", "it is not a PDF file; check that this is the declaration you meant");
    const pdf = await extractPdf(data, options);
    ({ forms, warnings, pageCount, textLost, reader } = pdf);
    if (options.provenance) forms = withProvenance(forms, pdf.sources, pdf.displays);
    unplaced = unplacedOnDisplay(pdf.unplaced, pdf.displays);
    if (pdf.pageCount === 0) {
      // A page tree that lies (/Count 0 or -1) leaves pdf.js no page to read: say so rather than blame a scan.
      const tree = warnings.filter((w) => w.code === "page-count-wrong");
      throw new ExtractError("damaged", tree.length ? `${docDamage(tree)}, so no page of it can be read; ask the sender for a fresh copy` : "no page of it can be read (damaged or truncated); ask the sender for a fresh copy");
    }
    if (forms.length === 0 && !options.allowEmpty) {
      if (textLost) {
        const lost = [...new Set(warnings.filter((w) => w.page !== null && (w.code === "text-lost" || (w.code === "page-without-text" && w.form !== null))).map((w) => w.page!))];
        throw new ExtractError(
          "damaged",
          lost.length
            ? `text on ${pageList(lost)} could not be read (damaged font or stream) and no form could be recovered; ask the sender for a fresh copy`
            : `${docDamage(warnings)} and no form could be recovered; ask the sender for a fresh copy`,
        );
      }
      if (pdf.textless.length === pdf.pageCount) {
        throw new ExtractError("no-text", "it has no text layer (scanned document?); it needs OCR before it can be converted");
      }
      if (pdf.scanned.length * 2 >= pdf.pageCount) {
        throw new ExtractError(
          "no-text",
          `${pdf.scanned.length} of its ${pdf.pageCount} pages have no text layer (scanned document?) and no form was found in the rest; it needs OCR before it can be converted`,
        );
      }
    }
  }

  forms.forEach((form, i) => warnings.push(...consistencyWarnings(form, i + 1)));
  warnings.push(...documentWarnings(forms));
  if (forms.length === 0 && !options.allowEmpty) {
    throw new ExtractError("no-forms", "no 二级项目支出绩效目标申报表 was found in it; check that this is a performance-target declaration");
  }
  warnings.sort((a, b) => (a.form ?? 0) - (b.form ?? 0) || (a.page ?? 0) - (b.page ?? 0));
  const document: Document = { source, pageCount, forms, warnings };
  return { document, textLost, ...(unplaced ? { unplaced } : {}), ...(reader ? { reader } : {}) };
}

/** The warnings about the document as a whole: what reading it found damaged ("the PDF is damaged: …"). */
const DOCUMENT_DAMAGE: ReadonlySet<WarningCode> = new Set<WarningCode>(["document-damaged", "pages-unreached", "page-repeated", "page-count-wrong", "glyph-widths-damaged"]);

/** The first document-level damage, briefly: "its list of pages is damaged". */
function docDamage(warnings: Warning[]): string {
  const first = warnings.find((w) => DOCUMENT_DAMAGE.has(w.code));
  return first ? first.message.slice("the PDF is damaged: ".length).split(/,| \(/)[0]! : "it is damaged";
}

/**
 * A text dump's characters: UTF-8 (with or without a byte-order mark), UTF-16
 * with its mark, or — what Chinese office machines often save — GB18030/GBK.
 */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder("gb18030").decode(data);
  }
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
