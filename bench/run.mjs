#!/usr/bin/env node
// npm run bench — how long conversions take on this machine. Timings live here,
// never in tests. Measures, per document: the CLI end to end (process start,
// pdf.js, parse, validate, write), the library call alone (warm), and poppler's
// pdftotext merely dumping the same file's text, as a baseline, when installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "perf-extract.js");
const { extract } = await import(join(root, "dist", "index.js"));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const out = mkdtempSync(join(tmpdir(), "perf-extract-bench-"));

const corpus = join(root, "..", "shared", "corpus");
const inputs = [
  ...(existsSync(corpus) ? readdirSync(corpus).filter((f) => /\.(pdf|txt)$/.test(f)).map((f) => join(corpus, f)) : []),
  ...readdirSync(join(root, "fixtures")).filter((f) => f.endsWith(".pdf")).map((f) => join(root, "fixtures", f)),
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
async function timeAsync(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}; median of ${runs} runs\n`);
console.log("document".padEnd(34) + "forms  pages   cli ms  library ms  pdftotext ms  cli/pdftotext");
for (const input of inputs) {
  const doc = await extract(input, { allowEmpty: true });
  const cli = median(Array.from({ length: runs }, () => time(() => execFileSync(process.execPath, [bin, "-q", input, "-o", join(out, "o.json")]))));
  const lib = [];
  for (let i = 0; i < runs; i++) lib.push(await timeAsync(() => extract(input, { allowEmpty: true })));
  const pdf = input.endsWith(".pdf") && hasPdftotext
    ? median(Array.from({ length: runs }, () => time(() => execFileSync("pdftotext", [input, join(out, "o.txt")]))))
    : null;
  console.log(
    basename(input).padEnd(34) +
      String(doc.forms.length).padStart(5) +
      String(doc.pageCount ?? "-").padStart(7) +
      cli.toFixed(0).padStart(9) +
      median(lib).toFixed(0).padStart(12) +
      (pdf === null ? "-" : pdf.toFixed(0)).padStart(14) +
      (pdf === null ? "-" : (cli / pdf).toFixed(1) + "×").padStart(15),
  );
}

const version = median(Array.from({ length: 5 }, () => time(() => execFileSync(process.execPath, [bin, "--version"]))));
const bare = median(Array.from({ length: 5 }, () => time(() => execFileSync(process.execPath, ["-e", "0"]))));
console.log(`\nperf-extract --version ${version.toFixed(0)} ms against node -e 0 ${bare.toFixed(0)} ms (${(version / bare).toFixed(2)}×)`);
rmSync(out, { recursive: true, force: true });
