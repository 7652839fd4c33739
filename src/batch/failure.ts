import { ExtractError, systemReason, type Remedy } from "../errors.js";

// One sentence a clerk can act on, for whatever stopped an input (or an output)
// from being converted. Shared by the worker processes and the main process.

/** Collapse a message to one line so that each failed input is one line on stderr. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** What to tell a clerk about a file system error on an input. */
export function describeFsError(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return "file not found; check the path and the file name.";
    case "EACCES":
    case "EPERM":
      return "the file cannot be read (permission denied); ask for read access or copy it somewhere readable.";
    case "EISDIR":
      return "this is a folder, not a file; give the PDF files inside it instead.";
    case "EMFILE":
    case "ENFILE":
      return "too many files are open; convert fewer files at once.";
    case "ELOOP":
      return "this is a symbolic link loop; skipped.";
    default:
      return undefined;
  }
}

/** What the command line tells a clerk to do about an ExtractError that an option overcomes: its flag, not the library's option. */
function cliRemedy(error: ExtractError & { remedy: Remedy }): string {
  switch (error.remedy) {
    case "password":
      return error.code === "wrong-password" ? "check it and pass it with --password" : "give its password with --password";
    case "maxBytes":
      return "raise --max-size to convert it";
    case "maxPages":
      return "raise --max-pages to convert it";
  }
}

/** The sentence for an input whose conversion threw. */
export function describeFailure(error: unknown): string {
  if (error instanceof ExtractError) return error.remedy ? `${error.finding}; ${cliRemedy(error as ExtractError & { remedy: Remedy })}` : error.message;
  const fsMessage = describeFsError(error);
  if (fsMessage) return fsMessage;
  const issues = (error as { name?: unknown; issues?: unknown } | undefined)?.issues;
  if (error instanceof Error && error.name === "ZodError" && Array.isArray(issues)) {
    const first = issues[0] as { path?: unknown[]; message?: string } | undefined;
    const where = first?.path?.length ? first.path.join(".") : "document";
    return `the extracted data broke the output schema at ${where} (${first?.message ?? "invalid"}); this is a bug: run again with --debug and report the output.`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `could not be converted because of an unexpected error (${detail}); run again with --debug and report the output.`;
}

/** The sentence for an output file (or folder) that could not be written. */
export function describeWriteError(error: unknown): string {
  return `the output could not be written (${systemReason(error)}); choose another place with -o.`;
}

/** The sentence for standard output that could not be written (the data on it is incomplete). */
export function describeStdoutError(error: unknown): string {
  return `it could not be written (${systemReason(error)}), so the data written there is incomplete; make room on the disk, or write elsewhere with -o.`;
}
