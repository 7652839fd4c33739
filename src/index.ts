export { extract, extractDetailed } from "./extract.js";
export type { ExtractInput, ExtractOptions, ExtractResult } from "./extract.js";
export { ExtractError } from "./errors.js";
export type { ExtractErrorCode } from "./errors.js";
export * from "./schema.js";
