#!/usr/bin/env node
// npm run bench — how long conversions take on this machine. Timings live here,
// never in tests. Measures, per document: the CLI end to end (process start,
// pdf.js, parse, validate, write), the library call alone (warm), and poppler's
// pdftotext merely dumping the same file's text, as a baseline, when installed.
// Then a batch: BENCH_FILES (default 104) copies of the fixture PDFs in a folder
// tree, converted by `perf-extract --jobs 1` and `--jobs 2` into one NDJSON file
// and dumped by pdftotext one file at a time, side by side: time ratio, pages/s,
// forms/s, the --jobs 2 speed-up, CPU time and peak RSS (bench/rss-hook.mjs).
// Last, the producer mix (bench/producer-mix.mjs): CPU seconds per page against
// pdftotext on PDFs of nine producers (BENCH_MIX_FILES, default 500).
// BENCH_RUNS (default 3) sets the repeats of the per-document timings,
// BENCH_BATCH_RUNS (default 3) those of the batch (medians are shown); BENCH_SKIP_DOCS=1 skips the
// per-document table.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "perf-extract.js");
const { extract } = await import(join(root, "dist", "index.js"));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const out = mkdtempSync(join(tmpdir(), "perf-extract-bench-"));

const corpus = join(root, "fixtures", "corpus");
const inputs = [
  ...readdirSync(corpus).filter((f) => /\.(pdf|txt)$/.test(f)).map((f) => join(corpus, f)),
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
if (process.env.BENCH_SKIP_DOCS !== "1") console.log("document".padEnd(34) + "forms  pages   cli ms  library ms  pdftotext ms  cli/pdftotext");
for (const input of process.env.BENCH_SKIP_DOCS === "1" ? [] : inputs) {
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

// --- batch ------------------------------------------------------------------------------
const batchRuns = Number(process.env.BENCH_BATCH_RUNS ?? 3);
const batchSize = Number(process.env.BENCH_FILES ?? 104);
const fixturePdfs = readdirSync(join(root, "fixtures")).filter((f) => f.endsWith(".pdf")).sort();
const batch = join(out, "batch");
const batchFiles = [];
for (let i = 0; i < batchSize; i++) {
  const name = fixturePdfs[i % fixturePdfs.length];
  const folder = join(batch, `group-${String(Math.floor(i / 20)).padStart(2, "0")}`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${String(i).padStart(4, "0")}-${name}`);
  copyFileSync(join(root, "fixtures", name), file);
  batchFiles.push(file);
}
const rssFile = join(out, "rss");
const hook = pathToFileURL(join(root, "bench", "rss-hook.mjs")).href;
function runBatch(jobs) {
  const target = join(out, `batch-${jobs}.ndjson`);
  const ms = time(() =>
    execFileSync(process.execPath, ["--import", hook, bin, "-q", "--jobs", String(jobs), batch, "-o", target], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
    }),
  );
  const { rss, cpuMs } = JSON.parse(readFileSync(rssFile, "utf8"));
  return { ms, rss, cpuMs, target };
}
const batchOf = (jobs) => {
  const results = Array.from({ length: batchRuns }, () => runBatch(jobs));
  return {
    ms: median(results.map((r) => r.ms)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    rss: Math.max(...results.map((r) => r.rss)),
    target: results[0].target,
  };
};
const one = batchOf(1);
const two = batchOf(2);
const docs = readFileSync(one.target, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const pages = docs.reduce((n, d) => n + (d.pageCount ?? 0), 0);
const forms = docs.reduce((n, d) => n + d.forms.length, 0);
const popplerRuns = hasPdftotext
  ? Array.from({ length: batchRuns }, () => ({
      ms: time(() => {
        for (const f of batchFiles) execFileSync("pdftotext", [f, join(out, "o.txt")]);
      }),
    }))
  : [];
const poppler = hasPdftotext ? median(popplerRuns.map((r) => r.ms)) : null;
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const rate = (n, ms) => (n / (ms / 1000)).toFixed(1);
console.log(`\nbatch: ${batchFiles.length} PDFs (${fixturePdfs.length} fixtures copied), ${pages} pages, ${forms} forms; median of ${batchRuns} run(s)`);
console.log("".padEnd(28) + "   time s   pages/s   forms/s   CPU s   peak RSS");
const row = (label, ms, cpuMs, rss) =>
  console.log(
    label.padEnd(28) +
      (ms / 1000).toFixed(2).padStart(9) +
      rate(pages, ms).padStart(10) +
      rate(forms, ms).padStart(10) +
      (cpuMs === null ? "-" : (cpuMs / 1000).toFixed(2)).padStart(8) +
      (rss === null ? "-" : mb(rss)).padStart(11),
  );
row("perf-extract --jobs 1", one.ms, one.cpuMs, one.rss);
row("perf-extract --jobs 2", two.ms, two.cpuMs, two.rss);
if (poppler !== null) row("pdftotext (text only)", poppler, null, null);
if (poppler !== null) console.log(`perf-extract --jobs 1 / pdftotext: ${(one.ms / poppler).toFixed(2)}×   (target ≤ 3×)`);
console.log(`--jobs 2 speed-up over --jobs 1: ${(one.ms / two.ms).toFixed(2)}×   (target ≥ 1.7×)`);

const version = median(Array.from({ length: 5 }, () => time(() => execFileSync(process.execPath, [bin, "--version"]))));
const bare = median(Array.from({ length: 5 }, () => time(() => execFileSync(process.execPath, ["-e", "0"]))));
console.log(`\nperf-extract --version ${version.toFixed(0)} ms against node -e 0 ${bare.toFixed(0)} ms (${(version / bare).toFixed(2)}×)`);

// --- producer mix (issue 14, the reader side: bench/producer-mix.mjs) ----------------------
const { producerMixBench } = await import("./producer-mix.mjs");
producerMixBench({ root, bin, scratch: out, runs: batchRuns });
rmSync(out, { recursive: true, force: true });
