export { extract, extractDetailed } from "./extract.js";
export type { ExtractInput, ExtractOptions, ExtractResult } from "./extract.js";
export { ExtractError } from "./errors.js";
export type { ExtractErrorCode } from "./errors.js";
export * from "./schema.js";
export { FILE_FORMATS, formatDocuments, formatForPath, OUTPUT_FORMATS, renderDocuments } from "./write/index.js";
export type { CsvLabels, CsvShape, FileFormat, FormatOptions, OutputFormat } from "./write/index.js";
