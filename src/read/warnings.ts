// pdf.js reports what it could not read (a damaged font, a broken stream) only
// as "Warning: …" lines through console.warn (and "Info: …" through console.log). Those lines must never reach our
// stdout (it carries data), and they are the only signal that text was lost, so
// while any document is being read we route them to the active collectors.

type Sink = (message: string) => void;

const sinks = new Set<Sink>();
let original: { log: typeof console.log; warn: typeof console.warn } | null = null;

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
  original = { log: console.log, warn: console.warn };
  console.log = divert(original.log);
  console.warn = divert(original.warn);
}

function uninstall(): void {
  if (original && sinks.size === 0) {
    console.log = original.log;
    console.warn = original.warn;
    original = null;
  }
}

/** Runs `fn` with pdf.js's console messages delivered to `sink` instead of stdout. */
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

/** Messages that mean text on the page being read was (or may have been) lost. */
export function meansLostText(message: string): boolean {
  return /font|glyph|TextContent|stream|decode|XRef|Unterminated|Invalid|Bad |corrupt|FormatError/i.test(message) &&
    !/Indexing all PDF objects|TT: |fetchStandardFontData|standardFontDataUrl/i.test(message);
}
