import { join, sep } from "node:path";
import { ExtractError } from "../errors.js";
import { normalizeText } from "../normalize.js";
import type { Fragment, PageContent, PageDisplay, ReadResult, Rule } from "./types.js";
import { DecodedStreams, EXPANSION_LIMITS, inspectStreams, pageContents } from "./expansion.js";
import { boxIn, ClipState, clipRules, TextRuns, visibleItems } from "./clip.js";
import { checkGlyphProc, pageDrawing, readPageContent, unreadableFontShown, type PageDrawing } from "./content.js";
import { FontCache } from "./fonts.js";
import { withSyncInflate } from "./inflate.js";
import { PdfObjects, Ref } from "./objects.js";
import { pageList, viewport } from "./pages.js";
import type { TextItem } from "./text.js";
import { soundTrailer } from "./xref.js";
import { missingContents, structureDamage, takeInventory, type Inventory } from "./structure.js";
import { absorbPdfjsRejections } from "./rejections.js";
import { pdfjsPackageDir } from "./pdfjs-package.js";
import { addPathRules, apply, invert, multiply, type Matrix } from "./rules.js";
import { collectPdfjsMessages, countSkippedImages, meansLostPages, meansLostText, meansRebuiltXref } from "./warnings.js";

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<Pdfjs["getDocument"]>["promise"]>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;
type Viewport = ReturnType<PdfPage["getViewport"]>;
type OperatorList = { fnArray: number[]; argsArray: unknown[] };

let pdfjsPromise: Promise<Pdfjs> | null = null;
// pdf.js is large; load it on the first PDF, not at start-up (`--version` must stay fast).
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjsPromise ??= (async () => {
    // The legacy build's core-js polyfills force-replace a few built-ins that Node
    // already implements (Array.prototype.push, JSON.parse, JSON.stringify) with
    // much slower versions, for the whole process. Node's own are correct for
    // everything pdf.js and we do; put them back.
    // The worker half (which pdf.js runs in this thread, as its "fake worker") carries
    // its own copy of those polyfills and would install them again when the first
    // document opens; importing it now lets pdf.js reuse this already-evaluated module.
    const natives = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    Object.defineProperty(Array.prototype, "push", { value: natives.push, writable: true, configurable: true, enumerable: false });
    JSON.parse = natives.parse;
    JSON.stringify = natives.stringify;
    return pdfjs;
  })();
  return pdfjsPromise;
}

/**
 * The options every document is opened with. A PDF is untrusted input: nothing
 * in it is ever run or fetched. No eval (fonts are interpreted, never compiled
 * to code: the CVE-2024-4367 class), no XFA (its forms are scripted), no font
 * faces or system fonts, no fetch (CMaps, standard fonts and the WASM decoders
 * are read from the installed pdfjs-dist folder), no URL (bytes only). Images
 * are never decoded (maxImageSize 0: we read text and lines, so a huge or
 * hostile image costs neither time nor memory). Errors inside a page are
 * reported and skipped, not fatal (stopAtErrors false), so the rest converts.
 */
export function pdfjsOptions(data: Uint8Array, password: string | undefined, verbosity: number) {
  const base = pdfjsPackageDir();
  return {
    data,
    password,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: true,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    maxImageSize: 0,
    stopAtErrors: false,
    cMapUrl: join(base, "cmaps") + sep,
    cMapPacked: true,
    standardFontDataUrl: join(base, "standard_fonts") + sep,
    wasmUrl: join(base, "wasm") + sep,
    verbosity,
  };
}

export interface ReadOptions {
  password?: string;
  maxPages?: number;
  /** Read ruling lines; false leaves the parser text positions alone. */
  wantRules?: boolean;
  /**
   * Where ruling lines (and the clips text is shown under, clip.ts) come
   * from: "auto" reads them from the content streams here and asks pdf.js's
   * operator list only for a page that reader cannot read (an encrypted file,
   * an unusual filter); "pdfjs" always asks pdf.js (much slower: it also
   * builds every glyph's outline). For comparing the two.
   */
  ruleSource?: "auto" | "pdfjs";
  /**
   * Who reads the text: "auto" reads a document with this project's own reader
   * when it can promise pdf.js's reading (a sound file, fonts it understands:
   * see fonts.ts) and leaves every other document to pdf.js; "pdfjs" always
   * asks pdf.js. For comparing the two.
   */
  textSource?: "auto" | "pdfjs";
}

// pdf.js's messages carry no document: two documents read at once in one thread
// would each collect the other's. Documents are read one at a time per thread
// (pdf.js runs in this thread anyway, so nothing is lost by waiting).
let queue: Promise<unknown> = Promise.resolve();

export function readPdf(data: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const turn = queue.then(() => withSyncInflate(EXPANSION_LIMITS.perStream, () => readOne(data, options)));
  queue = turn.catch(() => {});
  return turn;
}

/**
 * The document's objects as the reader sees them, one view for everything read
 * from them: where the file's cross-reference data is sound, exactly the objects
 * it lists (those pdf.js reads); elsewhere every object a scan of the file finds
 * (the last definition of each), which is what pdf.js rebuilds from a broken
 * table, but not necessarily what it reads from an intact table that an object
 * redefined after %%EOF contradicts. Null for an encrypted file (its streams
 * cannot be read here).
 */
interface View {
  objects: PdfObjects;
  /** The trailer's /Root when the cross-reference data is sound (then `objects` are pdf.js's). */
  root: Ref | null;
  inventory: Inventory;
}

function openView(data: Uint8Array, decoded: DecodedStreams): View | null {
  const objects = PdfObjects.open(data, EXPANSION_LIMITS.perStream, decoded);
  if (!objects) return null;
  try {
    const root = soundTrailer(objects)?.get("Root");
    const sound = root instanceof Ref ? root : null;
    return { objects, root: sound, inventory: takeInventory(objects, sound ?? undefined) };
  } catch (error) {
    // A width range pdf.js could not survive; anything else the reader trips on leaves the file to pdf.js unchecked.
    if (error instanceof ExtractError) throw error;
    return null;
  }
}

async function readOne(data: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  // The inspection inflates every stream anyway: the object reader takes what it decoded.
  const decoded = new DecodedStreams();
  const streams = await inspectStreams(data, EXPANSION_LIMITS, decoded);
  if (streams.bomb) throw new ExtractError("too-large", streams.bomb);
  const view = openView(data, decoded);
  // A damaged stream is reported page by page from pdf.js's messages: such a file
  // goes to pdf.js, unless every damaged stream is a font program (readOwn).
  const ownWanted = options.textSource !== "pdfjs" && options.ruleSource !== "pdfjs";
  let declined = "pdf.js was asked for";
  if (ownWanted) {
    const own = view ? readOwn(view, options, streams.damaged) : "it is encrypted or its objects could not be indexed";
    if (typeof own !== "string") return own;
    declined = own;
  }
  // Which page each damaged content stream belongs to (read before pdf.js takes the bytes).
  const contents = streams.damaged.size ? pageContents(data) : new Map<number, number[]>();
  const pdfjs = await loadPdfjs();
  absorbPdfjsRejections(pdfjsPackageDir());
  // Messages before the first page are about the whole document (its xref, its page tree).
  const opening: string[] = [];
  let current: string[] = opening;
  return collectPdfjsMessages(
    (message) => current.push(message),
    async () => {
      // pdf.js takes the bytes it is given (detaches them); the object reader still needs them.
      const task = pdfjs.getDocument(pdfjsOptions(view ? data.slice() : data, options.password, pdfjs.VerbosityLevel.WARNINGS));
      let doc: PdfDocument;
      try {
        doc = await task.promise;
      } catch (error) {
        await task.destroy().catch(() => {});
        throw openError(pdfjs, error, options.password);
      }
      try {
        if (options.maxPages !== undefined && doc.numPages > options.maxPages) throw tooManyPages(doc.numPages, options.maxPages);
        const problems: string[] = [];
        const pageTree = [...new Set(opening.filter(meansLostPages).map(strip))];
        if (pageTree.length) problems.push(`its list of pages is damaged, so pages may be missing (${pageTree.slice(0, 2).join("; ")})`);
        const rebuilt = opening.some(meansRebuiltXref);
        if (rebuilt) problems.push("its cross-reference table is damaged and was rebuilt by scanning the file, so text may be missing or misplaced");
        // The pages' drawing (lines, and the clips the text is shown under) comes from the
        // own content-stream reader only where it sees the very objects pdf.js reads the
        // text from: a sound cross-reference chain that pdf.js did not rebuild. Elsewhere
        // (an object redefined after %%EOF, say) the two could read different pages, and
        // rows would vanish between text from one and lines from the other.
        const drawingObjects = view?.root && !rebuilt && options.ruleSource !== "pdfjs" ? view.objects : null;
        const unplaced = new Map(streams.damaged);
        const pages: PageContent[] = [];
        const refs: (number | null)[] = [];
        for (let n = 1; n <= doc.numPages; n++) {
          current = [];
          const { content, ref } = await readPage(pdfjs, doc, n, options.wantRules !== false, drawingObjects);
          refs.push(ref);
          if (view && ref !== null) content.problems.push(...missingContents(view.objects, ref));
          for (const obj of (ref !== null && contents.get(ref)) || []) {
            const damage = streams.damaged.get(obj);
            if (damage === undefined) continue;
            content.problems.push(`its content stream (object ${obj}) is damaged (${damage})`);
            unplaced.delete(obj);
          }
          // One by one: a damaged page can make pdf.js say the same thing for each of 100,000 glyphs.
          for (const message of current) if (meansLostText(message)) content.problems.push(strip(message));
          content.images = countSkippedImages(current);
          pages.push(content);
        }
        for (const [obj, damage] of unplaced) problems.push(`a compressed stream in it (object ${obj}, a font or other resource) is damaged (${damage}), so text on the pages that use it may be wrong`);
        return { pageCount: Math.max(0, doc.numPages), pages, problems, damage: view ? structureDamage(view.inventory, refs) : [], textFrom: "pdfjs", declined };
      } finally {
        current = [];
        await doc.destroy().catch(() => {});
      }
    },
  );
}

const strip = (message: string): string => message.replace(/^(?:Warning|Error): /, "");

/**
 * The whole document read by the own reader (objects.ts, xref.ts, pages.ts,
 * fonts.ts, content.ts, text.ts), without pdf.js: it reads what pdf.js would,
 * several times faster, and pdf.js is not even loaded. Null when the document
 * needs anything this reader does not promise to read as pdf.js does (see
 * those modules); then pdf.js reads all of it, and the answer is why (for
 * --debug). Never a page of each: one document is read one way.
 */
function readOwn(view: View, options: ReadOptions, damaged: ReadonlyMap<number, string>): ReadResult | string {
  const { objects, root } = view;
  // Damage the own reader can read past is that of font programs only (fonts.ts), found as the fonts are loaded.
  if (damaged.size > 0 && ![...damaged.keys()].every((num) => isFontProgram(objects.bytes, num))) return "a stream in it is damaged";
  try {
    if (!root) return "its cross-reference data is not sound";
    const list = pageList(objects, root);
    if (!list || list.length === 0) return "its page tree is not clean";
    if (options.maxPages !== undefined && list.length > options.maxPages) throw tooManyPages(list.length, options.maxPages);
    const fonts: FontCache = new FontCache(objects, (proc, resources) => checkGlyphProc(objects, fonts, proc, resources), damaged);
    // Fonts first: a document going to pdf.js for a font should cost no content reading.
    for (const [k, info] of list.entries()) {
      const unreadable = unreadableFontShown(objects, info.dict, info.resources, fonts);
      if (unreadable) return `${unreadable} on page ${k + 1}, found before any page was read`;
    }
    const pages: PageContent[] = [];
    for (const [k, info] of list.entries()) {
      const own = viewport(info.view, info.rotate);
      const reading = readPageContent(objects, info.dict, info.resources, own.transform, fonts, info.view);
      const items = visibleItems(reading.items, reading.runs);
      const upright = uprightView(info.rotate, (rotation) => viewport(info.view, rotation), items);
      const vt = upright.viewport.transform;
      let rules = reading.rules;
      if (vt.some((x, i) => x !== own.transform[i])) {
        // The page is read turned: its lines again, in the turned page's space.
        rules = pageDrawing(objects, info.num, vt)?.rules ?? [];
      }
      pages.push({
        page: k + 1,
        width: upright.viewport.width,
        height: upright.viewport.height,
        display: displayOf(vt, own, info.rotate),
        fragments: fragmentsOf(items, vt),
        rules: options.wantRules === false ? [] : rules,
        problems: [],
        images: reading.images,
        sideways: upright.sideways,
        rulesFrom: "content",
      });
    }
    if (objects.lengthMismatch) return "a stream's /Length is wrong";
    // Every damaged stream must be the program of a font read here (else pdf.js reports it where it belongs).
    if ([...damaged.keys()].some((num) => !fonts.damagedProgramsMet.has(num))) return "a stream in it is damaged";
    const problems = [...damaged].map(
      ([num, damage]) =>
        `the program of its embedded font ${fonts.damagedProgramsMet.get(num)} is damaged (object ${num}: ${damage}); its text was read from the font's own Unicode map and widths, but may be wrong or misplaced`,
    );
    const damage = structureDamage(view.inventory, list.map((page) => page.num));
    return { pageCount: list.length, pages, problems, damage, textFrom: "content" };
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

/** Whether object `num` is named by a font descriptor as its FontFile, FontFile2 or FontFile3 (a cheap look). */
function isFontProgram(data: Uint8Array, num: number): boolean {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const pattern = new RegExp(`^/FontFile[23]?\\s*${num}\\s+\\d+\\s+R`);
  for (let at = buf.indexOf("/FontFile", 0, "latin1"); at >= 0; at = buf.indexOf("/FontFile", at + 9, "latin1")) {
    if (pattern.test(buf.toString("latin1", at, at + 40))) return true;
  }
  return false;
}

function tooManyPages(count: number, max: number): ExtractError {
  return new ExtractError("too-many-pages", `it has ${count} pages, more than the limit of ${max}`, { remedy: "maxPages" });
}

function openError(pdfjs: Pdfjs, error: unknown, password: string | undefined): ExtractError {
  const name = (error as { name?: string })?.name;
  const code = (error as { code?: number })?.code;
  if (name === "PasswordException") {
    if (code === pdfjs.PasswordResponses.INCORRECT_PASSWORD && password !== undefined)
      return new ExtractError("wrong-password", "the password is wrong (密码错误)", { cause: error, remedy: "password" });
    return new ExtractError("password-required", "it is encrypted (需要密码)", { cause: error, remedy: "password" });
  }
  if (name === "InvalidPDFException")
    return new ExtractError("damaged", "it is not a readable PDF (damaged or truncated); ask the sender for a fresh copy", { cause: error });
  return new ExtractError("damaged", "it could not be opened as a PDF (damaged or truncated); ask the sender for a fresh copy", { cause: error });
}

async function readPage(pdfjs: Pdfjs, doc: PdfDocument, n: number, wantRules: boolean, objects: PdfObjects | null): Promise<{ content: PageContent; ref: number | null }> {
  let page: PdfPage;
  try {
    page = await doc.getPage(n);
  } catch (error) {
    return { content: { page: n, width: 0, height: 0, fragments: [], rules: [], problems: [`the page could not be opened (${message(error)})`], images: 0 }, ref: null };
  }
  try {
    let items: TextItem[] = [];
    let textProblem: string | null = null;
    try {
      for (const item of (await page.getTextContent()).items) if ("str" in item) items.push(item);
    } catch (error) {
      textProblem = `its text could not be extracted (${message(error)})`;
    }
    const problems = textProblem ? [textProblem] : [];
    // The page's drawing (its lines, and the clips its text is shown under) from
    // the own content-stream reader, as the own text reader reads it, so that
    // both readers leave out the same clipped text; from pdf.js's operator list
    // where that reader cannot read the page (an encrypted file, say).
    const ownTransform = page.getViewport({ scale: 1, rotation: page.rotate }).transform as Matrix;
    let drawing = objects && page.ref ? pageDrawing(objects, page.ref.num, ownTransform) : null;
    const opList = async (): Promise<OperatorList | null> => {
      try {
        // Annotations are left out: form fields' boxes are no part of the printed table.
        return await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      } catch (error) {
        problems.push(`its drawing could not be read (${message(error)})`);
        return null;
      }
    };
    let ops: OperatorList | null = null;
    if (!drawing) {
      ops = await opList();
      if (ops) drawing = opListDrawing(pdfjs, ops, ownTransform);
    }
    if (drawing) items = visibleItems(items, drawing.runs);
    const upright = uprightView(page.rotate, (rotation) => page.getViewport({ scale: 1, rotation }), items);
    const viewport = upright.viewport;
    const vt = viewport.transform as Matrix;
    if (drawing && vt.some((x, i) => x !== ownTransform[i])) {
      // The page is read turned: its lines again, in the turned page's space.
      drawing = ops ? opListDrawing(pdfjs, ops, vt) : objects && page.ref ? pageDrawing(objects, page.ref.num, vt) : null;
    }
    const result: PageContent = {
      page: n,
      width: viewport.width,
      height: viewport.height,
      display: displayOf(vt, page.getViewport({ scale: 1 }), page.rotate),
      fragments: fragmentsOf(items, vt),
      rules: wantRules && drawing ? drawing.rules : [],
      problems,
      images: 0,
      sideways: upright.sideways,
    };
    if (wantRules && drawing) result.rulesFrom = ops ? "pdfjs" : "content";
    // A page without text is read for its drawing too: the images pdf.js skips on
    // it (never decoded) tell a scanned page from a blank one.
    if (result.fragments.length === 0 && !ops) await opList();
    return { content: result, ref: page.ref?.num ?? null };
  } finally {
    page.cleanup();
  }
}

/** Where the reading frame of transform `vt` lies on the page as displayed (`shown`: the viewport at its own /Rotate). */
function displayOf(vt: Matrix, shown: { transform: number[]; width: number; height: number }, rotate: number): PageDisplay {
  const toDisplay = multiply(invert(vt), shown.transform as Matrix).map((x) => Math.round(x * 1e6) / 1e6 + 0) as Matrix;
  return { width: shown.width, height: shown.height, rotate, toDisplay };
}

/** The layout's fragments from pdf.js-style text items, in the page space of `vt`. */
function fragmentsOf(items: readonly TextItem[], vt: Matrix): Fragment[] {
  const fragments: Fragment[] = [];
  let space = false;
  for (const item of items) {
    if (item.str !== "" && !item.str.trim()) {
      space = true;
      continue;
    }
    const fragment = toFragment(item.str, item.transform as Matrix, item.width, item.height, vt);
    if (!fragment) continue;
    const prev = fragments.at(-1);
    // Only a space between neighbours on one baseline means a space in the text.
    if (space && prev && Math.abs(prev.baseline - fragment.baseline) < 0.2 * fragment.size) fragment.spaceBefore = true;
    space = /\s$/.test(item.str);
    fragments.push(fragment);
  }
  return fragments;
}

/**
 * The page's view under the rotation in which most of its text reads left to right.
 * Usually the page's own (/Rotate), but a page may be rotated for display so
 * that its table stands on its side, or its content drawn turned by a quarter:
 * the form is read the way its text runs. Ties keep the page's own rotation.
 * Also counts the characters that still do not read left to right (a stamp, a
 * watermark, or a part of the page turned on its own), which are not read.
 */
function uprightView<V extends { transform: number[] }>(own: number, viewportAt: (rotation: number) => V, items: readonly TextItem[]): { viewport: V; sideways: number } {
  let best: V | null = null;
  let bestScore = -1;
  let total = 0;
  for (const { str } of items) total += str.trim().length;
  for (const turn of [0, 90, 180, 270]) {
    const viewport = viewportAt((own + turn) % 360);
    const vt = viewport.transform as Matrix;
    let score = 0;
    for (const { str, transform: t } of items) {
      // The baseline's direction on the rotated page.
      const dx = vt[0] * t[0]! + vt[2] * t[1]!;
      const dy = vt[1] * t[0]! + vt[3] * t[1]!;
      if (dx > 0 && Math.abs(dy) < 0.2 * dx) score += str.trim().length;
    }
    if (score > bestScore) {
      best = viewport;
      bestScore = score;
    }
  }
  return { viewport: best!, sideways: total - bestScore };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toFragment(str: string, t: Matrix, width: number, height: number, vt: Matrix): Fragment | null {
  const text = normalizeText(str);
  if (!text.trim()) return null;
  const scale = Math.hypot(t[0], t[1]) || 1;
  const size = Math.hypot(t[2], t[3]) || height;
  const [bx, by] = apply(vt, t[4], t[5]);
  const [ex, ey] = apply(vt, t[4] + (t[0] / scale) * width, t[5] + (t[1] / scale) * width);
  // Only text running left to right on the rendered page takes part in the layout;
  // rotated stamps and watermarks are not form content.
  if (Math.abs(ey - by) > 0.2 * size || ex < bx - 0.01) return null;
  const sizeOnPage = size * Math.hypot(vt[0], vt[1]);
  return {
    text,
    x0: bx,
    x1: Math.max(ex, bx),
    baseline: by,
    top: by - 0.86 * sizeOnPage,
    bottom: by + 0.14 * sizeOnPage,
    size: sizeOnPage,
  };
}

/**
 * The page's drawing from pdf.js's operator list (what content.ts reads from
 * the content streams, for the pages it cannot read): the ruling lines, and
 * the clips and places of the text-showing operators (clip.ts).
 */
function opListDrawing(pdfjs: Pdfjs, { fnArray, argsArray }: OperatorList, vt: Matrix): PageDrawing {
  const { OPS } = pdfjs;
  const stroke = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fill = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const drawing: PageDrawing = { rules: [], runs: new TextRuns() };
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const clip = new ClipState();
  let clipPending = false;
  const num = (args: unknown[] | null, k: number): number => (typeof args?.[k] === "number" ? (args[k] as number) : NaN);
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      clip.save();
      if (fn === OPS.paintFormXObjectBegin) {
        // [matrix, bbox]: a form is painted clipped to its /BBox.
        const matrix = args?.[0] as Matrix | null;
        if (matrix) ctm = multiply(matrix, ctm);
        const bbox = args?.[1] as ArrayLike<number> | null;
        if (bbox) clip.clipToBox(Array.from(bbox), ctm);
      }
    } else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) {
      if (stack.length) {
        ctm = stack.pop()!;
        clip.restoreTo();
      }
    }
    else if (fn === OPS.transform) ctm = multiply(args as Matrix, ctm);
    else if (fn === OPS.clip || fn === OPS.eoClip) clipPending = true;
    else if (fn === OPS.constructPath && args) {
      // pdf.js 5.x: [paintOp, [Float32Array of DrawOPS-coded path] | [null], minMax]
      const paint = args[0] as number;
      const path = (args[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
      if (path) {
        const from = drawing.rules.length;
        addPathRules(path, stroke.has(paint), fill.has(paint), multiply(ctm, vt), drawing.rules);
        if (clip.clip && drawing.rules.length > from) clipRules(drawing.rules, from, boxIn(clip.clip, vt));
      }
      if (clipPending) {
        clip.clipTo(path ?? [], ctm);
        clipPending = false;
      }
    } else if (fn === OPS.beginText) clip.beginText();
    else if (fn === OPS.setTextMatrix) {
      const m = args?.[0] as ArrayLike<number> | undefined;
      clip.setMatrix(m?.[0] ?? NaN, m?.[1] ?? NaN, m?.[2] ?? NaN, m?.[3] ?? NaN, m?.[4] ?? NaN, m?.[5] ?? NaN);
    }
    else if (fn === OPS.moveText) clip.moveText(num(args, 0), num(args, 1));
    else if (fn === OPS.setLeadingMoveText) {
      clip.setLeading(-num(args, 1));
      clip.moveText(num(args, 0), num(args, 1));
    } else if (fn === OPS.nextLine) clip.nextLine();
    else if (fn === OPS.setLeading) clip.setLeading(num(args, 0));
    else if (fn === OPS.setTextRise) clip.setRise(num(args, 0));
    // pdf.js turns TJ, ' and " into showText (after a nextLine).
    else if (fn === OPS.showText || fn === OPS.showSpacedText) clip.show(ctm, drawing.runs);
  }
  return drawing;
}
