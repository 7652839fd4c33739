import { sep } from "node:path";
import { pathToFileURL } from "node:url";

// pdf.js (5.6) sometimes leaves a promise rejecting with nobody listening: when
// a damaged file's page tree points at a broken object, Catalog.getPageDict
// prefetches the other pages' dictionaries into a cache, returns (or gives up
// and re-parses the file in recovery mode, clearing that cache), and the
// prefetch for the broken object rejects unobserved. Node treats that as an
// unhandled rejection and, by default, ends the process (or the worker thread of
// a batch) — for a file that pdf.js itself recovers from.
//
// The rejection carries no handle we could attach to beforehand, so we listen
// for unhandled rejections once pdf.js is loaded and absorb the ones that come
// from pdf.js's own code. Anything else is left exactly as Node would treat it:
// when another listener exists it is theirs; when ours is the only one, the
// rejection is raised as an uncaught exception, which is what Node's default
// (--unhandled-rejections=throw) does without any listener.

let installed = false;
let pdfjsDirs: string[] = [];

/** Whether `reason` was thrown by pdf.js's own code (its top stack frame is in pdfjs-dist). */
export function isPdfjsRejection(reason: unknown): boolean {
  if (!(reason instanceof Error) || pdfjsDirs.length === 0) return false;
  // pdf.js's exceptions (FormatError, XRefEntryException, …) share one stack,
  // made where their base class is defined inside pdfjs-dist; its own plain
  // Errors have their top frame there too.
  const top = (typeof reason.stack === "string" ? reason.stack : "").split("\n").find((line) => /^\s+at /.test(line));
  return top !== undefined && pdfjsDirs.some((dir) => top.includes(dir));
}

function unhandledMode(): string {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  for (const flag of flags.reverse()) {
    const m = /^--unhandled-rejections=(\S+)$/.exec(flag);
    if (m) return m[1]!;
  }
  return "throw";
}

function onUnhandledRejection(reason: unknown): void {
  if (isPdfjsRejection(reason)) return; // pdf.js's own orphaned promise: the page it concerns is reported when read
  if (process.listenerCount("unhandledRejection") > 1) return; // the application handles its own
  const mode = unhandledMode();
  if (mode === "none") return;
  if (mode === "warn" || mode === "warn-with-error-code") {
    process.emitWarning(`Unhandled promise rejection: ${reason instanceof Error ? reason.message : String(reason)}`, "UnhandledPromiseRejectionWarning");
    if (mode === "warn-with-error-code") process.exitCode = 1;
    return;
  }
  throw reason instanceof Error ? reason : new Error(`unhandled promise rejection: ${String(reason)}`);
}

/** Installs the listener (once per thread); `packageDir` is pdfjs-dist's folder. */
export function absorbPdfjsRejections(packageDir: string): void {
  if (installed) return;
  installed = true;
  const dir = packageDir.endsWith(sep) ? packageDir : packageDir + sep;
  // Stack frames name ES modules by file: URL, CommonJS ones by path.
  pdfjsDirs = [dir, pathToFileURL(dir).href];
  process.on("unhandledRejection", onUnhandledRejection);
}
