#!/usr/bin/env node
// Command-line entry point; the code lives in the compiled dist/cli.js.
import module from "node:module";

// A reader that stops early (`perf-extract a.pdf | head`) closes the pipe: that
// ends the run quietly, like any Unix filter, instead of an unhandled error.
// (The data itself is written by the batch, which reports a failed write; this
// catches what else reaches standard output, such as --help.)
let reason = () => "the system refused it";
process.stdout.on("error", (error) => {
  if (error?.code === "EPIPE") process.exit(0);
  process.stderr.write(`perf-extract: standard output could not be written (${reason(error)}).\n`);
  process.exit(1);
});

// V8's compile cache (Node >= 22.1; absent from Node 20, where this does
// nothing) keeps the compiled modules between runs: start-up is mostly module
// loading. The environment variable hands it on to the worker processes.
const compileCache = module.enableCompileCache?.();
if (compileCache?.directory) process.env.NODE_COMPILE_CACHE ??= compileCache.directory;

// `--version` alone is answered before the command line's modules load (about
// 25 ms of the run; issue 14 wants it within 1.5× a bare `node -e 0`), by the
// CLI's own version module. Any other use (`-V` with any option but `-q`), or a
// program not built yet, goes through the CLI as usual.
const versionOnly = process.argv.slice(2);
if (
  versionOnly.some((arg) => arg === "--version" || arg === "-V") &&
  versionOnly.every((arg) => ["--version", "-V", "-q", "--quiet"].includes(arg))
) {
  const version = await import("../dist/version.js").then((m) => m.packageVersion(), () => null);
  if (version !== null) {
    process.stdout.write(`${version}\n`);
    process.exit(0);
  }
}

let cli;
try {
  cli = await import("../dist/cli.js");
  ({ systemReason: reason } = await import("../dist/errors.js"));
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist")) {
    process.stderr.write("perf-extract: the program is not built yet; run `npm run build` in its folder first.\n");
    process.exit(1);
  }
  throw error;
}

try {
  process.exit(await cli.main(process.argv));
} catch (error) {
  const debug = process.argv.includes("--debug");
  process.stderr.write(
    `perf-extract: unexpected error: ${error instanceof Error ? error.message : String(error)}; run again with --debug and report the output.\n`,
  );
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
