import { ExtractError } from "../errors.js";

// One sentence a clerk can act on, for whatever stopped an input (or an output)
// from being converted. Shared by the worker threads and the main thread.

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

/** The sentence for an input whose conversion threw. */
export function describeFailure(error: unknown): string {
  if (error instanceof ExtractError) return error.message;
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

/** The sentence for an output file that could not be written. */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "ENOSPC"
        ? "the disk is full"
        : oneLine(String((error as Error | undefined)?.message ?? error));
  return `the output file could not be written (${reason}); choose another place with -o.`;
}
