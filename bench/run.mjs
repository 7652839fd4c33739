#!/usr/bin/env node
// npm run bench — how fast perf-extract is on this machine, each figure printed
// beside its target (issue 14). Timings live here, never in tests.
//
// Every command is measured as a process tree (bench/tree.mjs): wall time, CPU
// time (user + system of the command and every process it started: worker
// processes, or one pdftotext per file) and the peak of the tree's memory
// ("memory": private pages of every process plus the shared ones once; "RSS
// sum": every process's resident set, shared pages counted in each). On a
// shared machine wall times move with the load; CPU seconds and ratios measured
// in one run move much less.
//
//  1. start-up: `node -e 0`, `perf-extract --version`, and one small
//     declaration converted end to end (timed without sampling the memory,
//     which slows commands this short; their memory from one more run);
//  2. for each input set (INPUT_SETS: add a set there), batches of BENCH_SIZES
//     files (default 10,100,500,600: copies of the set's PDFs in a folder tree)
//     converted into one NDJSON file with `--jobs 1`, `--jobs 2` and the default
//     --jobs; at BENCH_BASELINE_SIZE files (default 500) also poppler's
//     `pdftotext` (text only, one process a file), PyMuPDF (Debian's python3-fitz:
//     the text of every page, one process) and pdfplumber (its tables), each
//     skipped with a message where it is not installed;
//  3. the targets, each with its figure.
//
// BENCH_PYTHON names a Python with pdfplumber (Debian has no package of it).
// BENCH_RUNS (default 3) repeats every measurement (interleaved; medians shown),
// BENCH_SETS picks input sets by name ("fixtures,producer-mix"),
// BENCH_MIX_PRODUCERS=1 adds the producer mix's figures for each producer on
// its own (bench/producer-mix.mjs), BENCH_DOCS=1 a table of every fixture and
// corpus document on its own.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { producerGroups, producerMixBench } from "./producer-mix.mjs";
import { measure } from "./tree.mjs";

const { defaultJobs } = await import(new URL("../dist/batch/pool.js", import.meta.url).href);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "perf-extract.js");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const sizes = (process.env.BENCH_SIZES ?? "10,100,500,600").split(",").map(Number);
const baselineSize = Number(process.env.BENCH_BASELINE_SIZE ?? 500);
const scratch = mkdtempSync(join(tmpdir(), "perf-extract-bench-"));
const pdfsIn = (dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith(".pdf")).sort().map((f) => join(root, dir, f));

/**
 * The input sets a batch is made of. `pdfs` lists a set's PDFs; a batch of N
 * files cycles through them. Add a set here to have it measured like the others.
 */
const INPUT_SETS = [
  { name: "fixtures", about: "the generated fixture PDFs (pdfkit)", pdfs: () => pdfsIn("fixtures") },
  {
    name: "producer-mix",
    about: "nine producers in turn: the fixtures (pdfkit) and fixtures/reader/decl-*.pdf (LibreOffice Writer and Calc, Chromium, ReportLab standard 14 and STSong-Light, cairo, Ghostscript, XeLaTeX)",
    pdfs: () => inTurn(producerGroups(root)),
  },
];

/** One cycle of the producers' PDFs taken one producer after the other (as bench/producer-mix.mjs builds its batch). */
function inTurn(groups) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  const cycle = groups.reduce((lcm, g) => (lcm * g.pdfs.length) / gcd(lcm, g.pdfs.length), 1);
  return Array.from({ length: groups.length * cycle }, (_, j) => {
    const group = groups[j % groups.length];
    return group.pdfs[Math.floor(j / groups.length) % group.pdfs.length];
  });
}

/**
 * The first Python with `module`: BENCH_PYTHON (e.g. a venv with pdfplumber,
 * which Debian does not package), then Debian's, where python3-fitz installs.
 */
const PYTHONS = [process.env.BENCH_PYTHON, "/usr/bin/python3"].filter(Boolean);
const pythonWith = (module) => PYTHONS.find((python) => existsSync(python) && spawnSync(python, ["-c", `import ${module}`]).status === 0) ?? null;
const FITZ_PYTHON = pythonWith("fitz");
const PLUMBER_PYTHON = pythonWith("pdfplumber");
const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;

/** The other tools, run on the same files. Each `command(files)` gives [command, args]. */
const BASELINES = [
  {
    name: "pdftotext (text only)",
    available: hasPdftotext,
    missing: "pdftotext: not installed (apt-get install poppler-utils); skipped",
    command: (files) => ["sh", ["-c", 'for f in "$@"; do pdftotext -q "$f" - || exit 1; done', "sh", ...files]],
  },
  {
    name: "PyMuPDF (text of each page)",
    available: FITZ_PYTHON !== null,
    missing: `PyMuPDF: python3-fitz is not installed for ${PYTHONS.join(" or ")} (apt-get install python3-fitz); skipped`,
    command: (files) => [FITZ_PYTHON, ["-c", "import sys, fitz\nfor f in sys.argv[1:]:\n    d = fitz.open(f)\n    for p in d: p.get_text()\n", ...files]],
  },
  {
    name: "pdfplumber (tables)",
    available: PLUMBER_PYTHON !== null,
    missing: `pdfplumber: not installed for ${PYTHONS.join(" or ")} (pip install pdfplumber in a venv and set BENCH_PYTHON to its python); skipped`,
    command: (files) => [PLUMBER_PYTHON, ["-c", "import sys, pdfplumber\nfor f in sys.argv[1:]:\n    with pdfplumber.open(f) as d:\n        for p in d.pages: p.extract_tables()\n", ...files]],
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => (ms / 1000).toFixed(2);
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const targets = [];
/** Record a target and whether the figure meets it. */
function target(what, figure, met, note = "") {
  targets.push({ what, figure, met, note });
}

/** Measure each of `commands` `runs` times, interleaved; medians of wall and CPU, median peak RSS (0 without sampleMemory). */
async function compare(commands, times = runs, { sampleMemory = true } = {}) {
  const results = commands.map(() => []);
  for (let r = 0; r < times; r++) {
    for (const [i, c] of commands.entries()) {
      const m = await measure(c.command, c.args, { scratch, env: { ...process.env, ...c.env }, sampleMemory });
      if (m.status !== 0 && !c.mayFail) throw new Error(`${c.command} ${c.args.slice(0, 6).join(" ")}… exited ${m.status}: ${m.stderr.slice(0, 500)}`);
      results[i].push(m);
    }
  }
  return results.map((ms) => ({
    runs: ms,
    ms: median(ms.map((m) => m.ms)),
    cpuMs: median(ms.map((m) => m.cpuMs)),
    rss: median(ms.map((m) => m.rss)),
    memory: median(ms.map((m) => m.memory)),
  }));
}

const cli = (...args) => ({ command: process.execPath, args: [bin, "-q", ...args] });

console.log(
  `machine: ${availableParallelism()} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the start; median of ${runs} run(s)\n`,
);

// --- 1. start-up -------------------------------------------------------------------------
{
  const small = join(root, "fixtures", "cid-stsong-nonembedded.pdf");
  const out = join(scratch, "small.json");
  const startRuns = Math.max(runs, 7);
  const commands = [{ command: process.execPath, args: ["-e", "0"] }, cli("--version"), cli(small, "-o", out), cli("--jobs", "0", small, "-o", out)];
  // Timed without sampling the memory (which slows such short commands), then
  // measured once more each for their memory.
  const [bare, version, one, oneInProcess] = await compare(commands, startRuns, { sampleMemory: false });
  const memory = await compare(commands, 1);
  console.log(`start-up (median of ${startRuns}; memory: one more run)`.padEnd(50) + "wall s   CPU s   memory");
  const row = (label, m, k) => console.log(label.padEnd(50) + s(m.ms).padStart(6) + s(m.cpuMs).padStart(8) + mb(memory[k].memory).padStart(9));
  row("node -e 0", bare, 0);
  row("perf-extract --version", version, 1);
  row(`perf-extract ${basename(small)}`, one, 2);
  row(`perf-extract --jobs 0 ${basename(small)}`, oneInProcess, 3);
  console.log("");
  target("one small declaration end to end < 0.25 s", `${s(one.ms)} s (${basename(small)}; CPU ${s(one.cpuMs)} s)`, one.ms < 250);
  target("--version < 1.5× node -e 0", `${(version.ms / bare.ms).toFixed(2)}× (${s(version.ms)} s against ${s(bare.ms)} s)`, version.ms < 1.5 * bare.ms);
}

// --- 2. batches ----------------------------------------------------------------------------
/** A folder tree of `n` copies of `pdfs`, 20 to a folder. */
function batchTree(name, pdfs, n) {
  const dir = join(scratch, `${name}-${n}`);
  const files = [];
  for (let i = 0; i < n; i++) {
    const from = pdfs[i % pdfs.length];
    const folder = join(dir, `group-${String(Math.floor(i / 20)).padStart(3, "0")}`);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${String(i).padStart(4, "0")}-${basename(from)}`);
    copyFileSync(from, file);
    files.push(file);
  }
  return { dir, files };
}

const wanted = process.env.BENCH_SETS?.split(",");
for (const set of INPUT_SETS.filter((x) => !wanted || wanted.includes(x.name))) {
  const pdfs = set.pdfs();
  console.log(`input set "${set.name}": ${set.about}; ${pdfs.length} PDFs`);
  console.log("files  command                          wall s   CPU s   CPU ms/page   pages/s   memory   RSS sum");
  const bySize = new Map();
  for (const n of sizes) {
    const { dir, files } = batchTree(set.name, pdfs, n);
    const target_ = (jobs) => join(scratch, `${set.name}-${n}-${jobs}.ndjson`);
    const configs = [
      { label: "perf-extract --jobs 1", ...cli("--jobs", "1", dir, "-o", target_(1)) },
      { label: "perf-extract --jobs 2", ...cli("--jobs", "2", dir, "-o", target_(2)) },
      { label: `perf-extract (default: ${defaultJobs(n)} job${defaultJobs(n) === 1 ? "" : "s"})`, ...cli(dir, "-o", target_("default")) },
    ];
    // Exit 1 is expected where a file carries an extraction warning; the outputs are compared below.
    for (const c of configs) c.mayFail = true;
    const baselines = n === baselineSize ? BASELINES.filter((b) => b.available) : [];
    const results = await compare([...configs, ...baselines.map((b) => { const [command, args] = b.command(files); return { command, args }; })]);
    const docs = readFileSync(target_(1), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    const pages = docs.reduce((sum, d) => sum + (d.pageCount ?? 0), 0);
    const same = [2, "default"].every((j) => readFileSync(target_(j), "utf8") === readFileSync(target_(1), "utf8"));
    if (!same) console.log(`  (!) the outputs of --jobs 1, --jobs 2 and the default differ at ${n} files`);
    const row = (label, m) =>
      console.log(
        String(n).padStart(5) + "  " + label.padEnd(31) + s(m.ms).padStart(7) + (m.cpuMs === null ? "-" : s(m.cpuMs)).padStart(8) +
          (m.cpuMs === null ? "-" : (m.cpuMs / pages).toFixed(2)).padStart(14) + (pages / (m.ms / 1000)).toFixed(0).padStart(10) + mb(m.memory).padStart(9) + mb(m.rss).padStart(10),
      );
    configs.forEach((c, i) => row(c.label, results[i]));
    baselines.forEach((b, i) => row(b.name, results[configs.length + i]));
    if (n === baselineSize) for (const b of BASELINES.filter((x) => !x.available)) console.log(`       ${b.missing}`);
    bySize.set(n, { one: results[0], two: results[1], auto: results[2], pages, baselines: baselines.map((b, i) => ({ name: b.name, ...results[configs.length + i] })) });
  }
  console.log("");

  for (const n of [10, 100, 500]) {
    const r = bySize.get(n);
    if (!r) continue;
    const ratio = r.auto.ms / r.one.ms;
    const same = defaultJobs(n) === 1 ? "the default is --jobs 1 here: the two runs differ by noise only" : "";
    target(`[${set.name}] default --jobs no more than 5% slower than --jobs 1 at ${n} files`, `${ratio.toFixed(2)}× the time (CPU ${(r.auto.cpuMs / r.one.cpuMs).toFixed(2)}×)`, ratio <= 1.05, same);
  }
  const at500 = bySize.get(500);
  if (at500) {
    const speedUp = at500.one.ms / at500.two.ms;
    target(`[${set.name}] --jobs 2 at 500 files ≥ 1.5× --jobs 1`, `${speedUp.toFixed(2)}× (${s(at500.two.ms)} s against ${s(at500.one.ms)} s)`, speedUp >= 1.5, "needs a quiet machine");
  }
  const at600 = bySize.get(600);
  const at100 = bySize.get(100);
  if (at600) {
    for (const [label, key] of [["--jobs 1", "one"], ["--jobs 2", "two"], ["default --jobs", "auto"]]) {
      const memory = at600[key].memory;
      const flat = at100 ? memory / at100[key].memory : undefined;
      target(
        `[${set.name}] peak memory (process tree) of ${label} at 600 files < 300 MB, within 5% of 100 files`,
        `${mb(memory)}${flat === undefined ? "" : ` (${mb(at100[key].memory)} at 100 files: ${flat >= 1 ? "+" : ""}${((flat - 1) * 100).toFixed(0)}%)`}`,
        memory < 300 * 1048576 && (flat === undefined || flat <= 1.05),
      );
    }
  }
  const pdftotext = at500?.baselines.find((b) => b.name.startsWith("pdftotext"));
  if (at500 && pdftotext) {
    // Taken run by run (the two ran one after the other) and then the median: on a shared machine the ratio moves less than either figure.
    const ratios = at500.one.runs.map((run, r) => run.cpuMs / pdftotext.runs[r].cpuMs);
    const ratio = median(ratios);
    target(
      `[${set.name}] CPU per page at 500 files (--jobs 1) ≤ 1.3× pdftotext's`,
      `${ratio.toFixed(2)}× (run by run ${ratios.map((x) => x.toFixed(2)).join(", ")}; ${(at500.one.cpuMs / at500.pages).toFixed(2)} against ${(pdftotext.cpuMs / at500.pages).toFixed(2)} ms/page)`,
      ratio <= 1.3,
    );
  }
}

// --- 3. targets --------------------------------------------------------------------------------
console.log("targets (issue 14)");
for (const t of targets) console.log(`  ${t.met ? "met    " : "NOT met"}  ${t.what}: ${t.figure}${t.note && !t.met ? ` (${t.note})` : ""}`);

// --- optional: each producer of the mix on its own (bench/producer-mix.mjs) ----------------------
if (process.env.BENCH_MIX_PRODUCERS === "1") producerMixBench({ root, bin, scratch, runs });

// --- optional: every document on its own ------------------------------------------------------
if (process.env.BENCH_DOCS === "1") {
  const { extract } = await import(join(root, "dist", "index.js"));
  const docs = [...pdfsIn("fixtures"), ...(existsSync(join(root, "fixtures", "corpus")) ? pdfsIn(join("fixtures", "corpus")) : [])];
  console.log("\ndocument".padEnd(35) + "forms  pages  cli s  CPU s  library ms (warm)  pdftotext s");
  for (const doc of docs) {
    const parsed = await extract(doc, { allowEmpty: true });
    const [one, text] = await compare([cli(doc, "-o", join(scratch, "doc.json")), ...(hasPdftotext ? [{ command: "pdftotext", args: ["-q", doc, "-"] }] : [])].map((c) => ({ ...c, mayFail: true })));
    const lib = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await extract(doc, { allowEmpty: true });
      lib.push(performance.now() - t);
    }
    console.log(
      basename(doc).padEnd(34) + String(parsed.forms.length).padStart(5) + String(parsed.pageCount ?? "-").padStart(7) + s(one.ms).padStart(7) + s(one.cpuMs).padStart(7) +
        median(lib).toFixed(0).padStart(19) + (text ? s(text.ms) : "-").padStart(13),
    );
  }
}

rmSync(scratch, { recursive: true, force: true });
