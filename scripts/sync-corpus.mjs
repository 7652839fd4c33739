#!/usr/bin/env node
// Keeps fixtures/corpus/ in step with the acceptance corpus that sits beside the
// repository in development and CI (../shared/corpus/): the public documents,
// their truths, the text dumps, the bad inputs and the real WPS reference that the
// tests use, so that a clone with nothing beside it passes `npm test`.
//
//   node scripts/sync-corpus.mjs          copy what changed, delete what is gone
//   node scripts/sync-corpus.mjs --check  exit 1 if fixtures/corpus/ differs
//
// Without ../shared/corpus it says so and exits 0: there is nothing to sync from.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = process.env.PERF_EXTRACT_CORPUS ?? join(root, "..", "shared", "corpus");
const target = join(root, "fixtures", "corpus");
const check = process.argv.includes("--check");

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}
const digest = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

if (!existsSync(source) || !statSync(source).isDirectory()) {
  console.log(`sync-corpus: ${source} is not here; nothing to sync (fixtures/corpus/ is used as it is)`);
  process.exit(0);
}
const wanted = new Map(files(source).map((path) => [relative(source, path), path]));
const have = new Map(files(target).map((path) => [relative(target, path), path]));
const differences = [];
for (const [name, from] of wanted) {
  const to = join(target, name);
  if (have.has(name) && digest(have.get(name)) === digest(from)) continue;
  differences.push(`${have.has(name) ? "changed" : "new"}: ${name}`);
  if (!check) {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    chmodSync(to, 0o644); // the corpus is read-only; its copy must stay writable for the next sync
  }
}
for (const [name, path] of have) {
  if (wanted.has(name)) continue;
  differences.push(`gone: ${name}`);
  if (!check) rmSync(path);
}
for (const line of differences) console.log(`sync-corpus: ${line}`);
if (check && differences.length) {
  console.log("sync-corpus: fixtures/corpus/ is out of step with the corpus; run `node scripts/sync-corpus.mjs` and commit");
  process.exit(1);
}
console.log(`sync-corpus: ${differences.length ? (check ? "differs" : "synced") : "in step"} (${wanted.size} files)`);
