#!/usr/bin/env node
// npm run acceptance — scores the tool on the acceptance corpus that sits beside
// the repository in development and CI (../shared/corpus/ and its dumps/), with
// that corpus's own scorer (../shared/tools/accuracy.mjs): one line per document
// (forms found and exact, rows, field F1, "silent" = wrong forms no warning
// names) and an overall F1 per folder.
//
//   npm run acceptance                 both folders
//   npm run acceptance -- --show 10    plus the first differences of each document
//
// Without ../shared it says that it is skipped and exits 0: the corpus is not part
// of the repository (its copy in fixtures/corpus/ is what `npm test` uses), so a
// clone with nothing beside it has nothing to score. The exit status is the
// scorer's: non-zero only when the scorer itself fails (it crashed, or found no
// document), never for a score below 100 %: the score is a measurement, printed
// for a person to read; the tests are what must pass.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = process.env.PERF_EXTRACT_CORPUS ?? join(root, "..", "shared", "corpus");
const scorer = join(corpus, "..", "tools", "accuracy.mjs");
/** A path as the user knows it: from the repository (../shared/corpus), or whole when it lies further off. */
const shown = (path) => (relative(root, path).startsWith(join("..", "..")) ? path : relative(root, path));

if (!existsSync(corpus) || !existsSync(scorer)) {
  const missing = shown(existsSync(corpus) ? scorer : corpus);
  console.log(`acceptance: skipped — ${missing} is not here (the acceptance corpus and its scorer sit beside the repository only in development and CI; npm test does not need them).`);
  process.exit(0);
}

let status = 0;
for (const folder of [corpus, join(corpus, "dumps")]) {
  if (!existsSync(folder)) continue;
  console.log(`\nacceptance: ${shown(folder)}`);
  const run = spawnSync(process.execPath, [scorer, folder, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) {
    console.log(`acceptance: the scorer failed on ${shown(folder)} (${run.status === null ? `signal ${run.signal}` : `exit status ${run.status}`})`);
    status = 1;
  }
}
process.exit(status);
