// pdf.js reports what it could not read (a damaged font, a broken stream, a
// garbled content stream) only as "Warning: …" lines through console.warn (and
// "Info: …" through console.info/console.log). Those lines must never reach our
// stdout (it carries data), and they are the only signal that text was lost, so
// while any document is being read we route them to the active collector.

type Sink = (message: string) => void;

const sinks = new Set<Sink>();
type Method = "log" | "warn" | "info";
let original: Record<Method, (...args: unknown[]) => void> | null = null;

function divert(through: (...args: unknown[]) => void) {
  return (...args: unknown[]) => {
    const first = args[0];
    if (typeof first === "string" && /^(?:Warning|Info|Error): /.test(first)) {
      const message = args.map(String).join(" ");
      for (const sink of sinks) sink(message);
      return;
    }
    through(...args);
  };
}

function install(): void {
  if (original) return;
  original = { log: console.log, warn: console.warn, info: console.info };
  console.log = divert(original.log);
  console.warn = divert(original.warn);
  console.info = divert(original.info);
}

function uninstall(): void {
  if (original && sinks.size === 0) {
    console.log = original.log;
    console.warn = original.warn;
    console.info = original.info;
    original = null;
  }
}

/** Runs `fn` with pdf.js's console messages delivered to `sink` instead of stdout/stderr. */
export async function collectPdfjsMessages<T>(sink: Sink, fn: () => Promise<T>): Promise<T> {
  install();
  sinks.add(sink);
  try {
    return await fn();
  } finally {
    sinks.delete(sink);
    uninstall();
  }
}

// What pdf.js says about a page that costs no text: font-program hints it fixes
// itself, images we never decode (maxImageSize 0), colours and line styles,
// and the notes of its xref recovery (judged at document level, below).
const HARMLESS =
  /^(?:Warning|Info): (?:TT: |Incorrect '\w+' table|Indexing all PDF objects|fetchStandardFontData|Image exceeded maximum allowed size|Image dimensions are missing|Unable to decode image|Dependent image|Unrecognized ColorSpace|Invalid setDash|Invalid setLineWidth|Invalid PDF header version|Unsupported feature|Ignoring invalid (?:CIDSystemInfo|ColorSpace)|No ICC|ICC|OffscreenCanvas|Unimplemented|Annotation|getOperatorList - ignoring annotation|Unknown ExtGState|StructTree|Marked content)/i;

/**
 * Whether a pdf.js message received while a page was being read means that text
 * on it was (or may have been) lost or misread. Deliberately broad: every
 * message not known to be harmless counts (a damaged font, cmap or stream, a
 * content stream pdf.js had to skip commands of, an error it ignored), so a new
 * kind of damage is reported rather than passed off as a clean read.
 */
export function meansLostText(message: string): boolean {
  if (!/^(?:Warning|Error): /.test(message)) return false; // Info: lines are chatter
  return !HARMLESS.test(message);
}

/** The number of images pdf.js skipped on a page (we never decode them), from its messages. */
export function countSkippedImages(messages: readonly string[]): number {
  return messages.filter((m) => /Image exceeded maximum allowed size/.test(m)).length;
}

/**
 * Whether a message received while the document was being opened (before any
 * page) means pages may be missing: a page tree whose /Count disagrees with the
 * pages found, a first page pdf.js had to skip.
 */
export function meansLostPages(message: string): boolean {
  return /invalid \/Pages tree|Skipping invalid first page|getAllPageDicts|Page dictionary/i.test(message);
}

/** Whether pdf.js had to rebuild the cross-reference table by scanning the file (objects may be missing or misplaced). */
export function meansRebuiltXref(message: string): boolean {
  return /Indexing all PDF objects/.test(message);
}
