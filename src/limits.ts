// Default resource limits, in a module of their own so the command line can show
// them without loading the pipeline.
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 2000;
