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

export class ExtractError extends Error {
  readonly code: ExtractErrorCode;
  constructor(code: ExtractErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ExtractError";
    this.code = code;
  }
}
