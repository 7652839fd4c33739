import { statSync } from "node:fs";
import { dirname } from "node:path";

/** Why an input could not be converted; `message` is one sentence a clerk can act on. */
export type ExtractErrorCode =
  | "empty" // zero-byte file
  | "not-pdf" // no PDF header / structure
  | "damaged" // PDF structure unreadable (truncated, broken xref)
  | "password-required"
  | "wrong-password"
  | "no-text" // pages carry no text layer (scan)
  | "no-forms" // readable, but no 二级项目支出绩效目标申报表 heading
  | "layout-lost" // a text dump whose reading order lost which label, row or column text belongs to
  | "too-large"
  | "too-many-pages"
  | "timeout"
  | "unreadable"; // I/O problem reading the file

/** The option of extract() that overcomes an error (the command line names its own flag for it instead). */
export type Remedy = "password" | "maxBytes" | "maxPages";

/** What the message tells a library caller to do; the command line says it with its flags (batch/failure.ts). */
const LIBRARY_REMEDY: Readonly<Record<Remedy, string>> = {
  password: "give its password in the `password` option",
  maxBytes: "raise the `maxBytes` option to convert it",
  maxPages: "raise the `maxPages` option to convert it",
};

export class ExtractError extends Error {
  readonly code: ExtractErrorCode;
  /** What was found, without the advice that ends `message`: "it has 2,001 pages, more than the limit of 2,000". */
  readonly finding: string;
  /** The option that overcomes it, when one does. */
  readonly remedy?: Remedy;
  constructor(code: ExtractErrorCode, finding: string, options?: { cause?: unknown; remedy?: Remedy }) {
    super(options?.remedy ? `${finding}; ${LIBRARY_REMEDY[options.remedy]}` : finding, options);
    this.name = "ExtractError";
    this.code = code;
    this.finding = finding;
    if (options?.remedy) this.remedy = options.remedy;
  }
}

/** The nearest of `path` and its parents that exists and is not a folder. */
function fileInTheWay(path: string): string | undefined {
  for (let at = path.replace(/[\\/]+$/, ""); at && dirname(at) !== at; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // not there: look further up
    }
  }
  return undefined;
}

/**
 * Why the system refused to read or write a file, in words: never the raw code
 * (`EACCES`), which means nothing to a clerk. Names the path in the way where
 * a file stands where a folder is needed.
 */
export function systemReason(error: unknown): string {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  switch (code) {
    case "ENOENT":
      return "it does not exist";
    case "ENOTDIR":
    case "EEXIST": {
      const file = path ? fileInTheWay(path) : undefined;
      return file ? `a file stands where a folder is needed: ${file}` : "a file stands where a folder is needed";
    }
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the disk is read-only";
    case "ENOSPC":
    case "EDQUOT":
      return "the disk is full";
    case "EFBIG":
      return "the file grew larger than the system allows";
    case "EIO":
      return "the disk reported an input/output error";
    case "EMFILE":
    case "ENFILE":
      return "too many files are open";
    case "ELOOP":
      return "its symbolic links loop";
    case "ENAMETOOLONG":
      return "its path is too long";
    case "EBUSY":
    case "ETXTBSY":
      return "it is in use by another program";
    default:
      return "the system refused it";
  }
}
