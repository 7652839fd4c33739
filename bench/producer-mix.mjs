// The producer mix (issue 14, the reader side): CPU seconds per page of
// `perf-extract --jobs 1` against poppler's `pdftotext` on the same files, a
// batch that cycles through nine producers in turn — the generated fixtures
// (pdfkit) and the declaration of fixtures/reader/decl-*.pdf as LibreOffice
// Writer and Calc, Chromium, ReportLab (standard 14 and STSong-Light), cairo,
// Ghostscript and XeLaTeX write it (scripts/make-producer-mix.mjs).
//
// CPU time is user + system of the command and every process it waited for
// (worker processes, one pdftotext per file), read from the shell's `times`;
// the two commands run interleaved, BENCH_RUNS times, and the ratio is taken
// run by run, so a machine shared with other work moves the ratio much less
// than either figure. BENCH_MIX_FILES (default 500) sets the batch size;
// BENCH_MIX_PRODUCERS=1 adds the figures of each producer on its own.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";

/** The producers: each a list of PDFs, a batch taking one file of each in turn. */
export function producerGroups(root) {
  const pdfs = (dir, keep = () => true) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".pdf") && keep(f))
      .sort()
      .map((f) => join(root, dir, f));
  return [
    { name: "pdfkit (the fixtures)", pdfs: pdfs("fixtures") },
    ...pdfs("fixtures/reader", (f) => f.startsWith("decl-")).map((pdf) => ({ name: basename(pdf, ".pdf").replace(/^decl-/, ""), pdfs: [pdf] })),
  ];
}

/** `n` copies of the groups' PDFs, one group after the other, in a folder tree under `dir`. */
function makeBatch(groups, n, dir) {
  rmSync(dir, { recursive: true, force: true });
  const files = [];
  for (let i = 0; i < n; i++) {
    const group = groups[i % groups.length];
    const source = group.pdfs[Math.floor(i / groups.length) % group.pdfs.length];
    const folder = join(dir, `part-${String(Math.floor(i / 50)).padStart(2, "0")}`);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${String(i).padStart(4, "0")}-${basename(source)}`);
    copyFileSync(source, file);
    files.push(file);
  }
  return files;
}

/** CPU seconds (user + system) of a shell script and all it waited for: the shell's `times`, second line. */
function cpuSeconds(script) {
  const lines = execFileSync("sh", ["-c", `${script}\ntimes`], { encoding: "utf8", maxBuffer: 1 << 26 }).trim().split("\n");
  const [user, system] = lines.at(-1).trim().split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    if (!m) throw new Error(`times printed ${lines.at(-1)}`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
  return user + system;
}

const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** perf-extract --jobs 1 and pdftotext on the same batch, `runs` times interleaved: { pages, ours, theirs, ratios }. */
function compareOn(files, dir, bin, runs) {
  const list = join(dir, "list");
  execFileSync("sh", ["-c", `cat > ${quote(list)}`], { input: files.join("\n") + "\n" });
  const out = join(dir, "out.ndjson");
  const ours = [];
  const theirs = [];
  for (let r = 0; r < runs; r++) {
    // Exit status 1 is a file with a warning that needs review, not a failed run.
    ours.push(cpuSeconds(`${quote(process.execPath)} ${quote(bin)} -q --jobs 1 ${quote(join(dir, "in"))} -o ${quote(out)}; [ $? -le 1 ] || exit 1`));
    theirs.push(cpuSeconds(`while read -r f; do pdftotext -q "$f" - >/dev/null || exit 1; done < ${quote(list)}`));
  }
  const docs = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line));
  const pages = docs.reduce((n, d) => n + (d.pageCount ?? 0), 0);
  return { pages, docs: docs.length, ours, theirs, ratios: ours.map((x, k) => x / theirs[k]) };
}

/** Prints the producer mix's figures; returns the median ratio (null without pdftotext). */
export function producerMixBench({ root, bin, scratch, runs = 3, files = Number(process.env.BENCH_MIX_FILES ?? 500) }) {
  if (spawnSync("pdftotext", ["-v"]).status !== 0) {
    console.log("\nproducer mix: pdftotext is not installed (apt-get install poppler-utils); skipped");
    return null;
  }
  const groups = producerGroups(root);
  const dir = join(scratch, "producer-mix");
  mkdirSync(dir, { recursive: true });
  const batch = makeBatch(groups, files, join(dir, "in"));
  const all = compareOn(batch, dir, bin, runs);
  const ms = (seconds, pages) => ((seconds / pages) * 1000).toFixed(2);
  console.log(`\nproducer mix: ${batch.length} PDFs of ${groups.length} producers in turn (${groups.map((g) => g.name).join(", ")}), ${all.pages} pages; ${runs} runs, interleaved`);
  console.log("".padEnd(34) + "CPU s (each run)".padEnd(26) + "CPU ms/page (median)");
  console.log("perf-extract --jobs 1".padEnd(34) + all.ours.map((x) => x.toFixed(2)).join(" ").padEnd(26) + ms(median(all.ours), all.pages));
  console.log("pdftotext (text only)".padEnd(34) + all.theirs.map((x) => x.toFixed(2)).join(" ").padEnd(26) + ms(median(all.theirs), all.pages));
  const ratio = median(all.ratios);
  console.log(`CPU per page, perf-extract / pdftotext: ${all.ratios.map((x) => x.toFixed(2)).join(", ")} (run by run); median ${ratio.toFixed(2)}×   (target ≤ 1.3×)`);
  if (process.env.BENCH_MIX_PRODUCERS === "1") {
    const each = Math.max(9, Math.round(files / groups.length));
    console.log(`\neach producer on its own (${each} files; CPU ms per page)`.padEnd(44) + "perf-extract  pdftotext  ratio");
    for (const group of groups) {
      const r = compareOn(makeBatch([group], each, join(dir, "in")), dir, bin, runs);
      console.log(group.name.padEnd(44) + ms(median(r.ours), r.pages).padStart(12) + ms(median(r.theirs), r.pages).padStart(11) + `${median(r.ratios).toFixed(2)}×`.padStart(7));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return ratio;
}
