import { readFileSync } from "node:fs";

/**
 * The version in this package's package.json ("0.0.0" where it cannot be read).
 * Its own module, so that bin/perf-extract.js answers `--version` without
 * loading the command line's modules.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
