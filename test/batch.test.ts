// Batch mode end to end: the built program run as a subprocess on trees of real
// declarations (fixtures/ and the shared corpus, copied into a temporary folder)
// with a broken file among them. No timing is asserted here; the benchmark
// (npm run bench) measures speed.
//
// Hangs and slow files are made deterministic by the conversion's test hooks
// (src/batch/convert.ts): PERF_EXTRACT_TEST_HANG, PERF_EXTRACT_TEST_CRASH and
// PERF_EXTRACT_TEST_DELAY_MS.

import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Document } from "../src/schema.js";
import { BIN, CLI_TIMEOUT as LONG, CORPUS, FIXTURES, lines, ROOT, runCli as run } from "./helpers.js";

const BAD = join(CORPUS, "bad");

/** Every file under a folder, relative and "/"-separated, sorted. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

let work: string;
let tree: string;
/** The inputs of `tree` in the order the batch sorts them, relative to `tree`. */
const TREE_FILES = ["2023/a3-large.pdf", "2023/truncated.pdf", "2024/a4-multi-per-page.pdf", "2024/sub/seed.txt", "cid-stsong-nonembedded.pdf"];
const GOOD = TREE_FILES.filter((f) => !f.includes("truncated"));

function copy(from: string, to: string): void {
  mkdirSync(join(to, ".."), { recursive: true });
  copyFileSync(from, to);
}

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does) first");
  work = mkdtempSync(join(tmpdir(), "perf-extract-batch-"));
  tree = join(work, "in");
  copy(join(FIXTURES, "a3-large.pdf"), join(tree, "2023", "a3-large.pdf"));
  copy(join(BAD, "truncated.pdf"), join(tree, "2023", "truncated.pdf"));
  copy(join(FIXTURES, "a4-multi-per-page.pdf"), join(tree, "2024", "a4-multi-per-page.pdf"));
  copy(join(CORPUS, "seed.txt"), join(tree, "2024", "sub", "seed.txt"));
  copy(join(FIXTURES, "cid-stsong-nonembedded.pdf"), join(tree, "cid-stsong-nonembedded.pdf"));
  writeFileSync(join(tree, "2024", "notes.docx"), "not an input"); // not .pdf/.txt: ignored
  writeFileSync(join(tree, "2024", ".hidden.pdf"), "hidden"); // hidden: ignored
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("a folder tree with a broken file", () => {
  let perFile: Map<string, Document>;
  const out = (): string => join(work, "out");

  it("writes one output per input mirroring the tree, names the broken file, exits 1", () => {
    const r = run([tree, "-o", `${out()}/`, "--jobs", "2"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    // The failure as it happens; after the run, the warnings of the files converted (a4-multi-per-page.pdf's
    // template lacks the core category 时效 on four forms).
    expect(lines(r.stderr)).toEqual([
      `perf-extract: ${join(tree, "2023", "truncated.pdf")}: it is not a readable PDF (damaged or truncated); ask the sender for a fresh copy`,
      "perf-extract: inconsistent as printed (declaration warnings):",
      ...[3, 5, 7, 8].map((n) => expect.stringMatching(new RegExp(`^  ${join(tree, "2024", "a4-multi-per-page.pdf")}: form ${n} \\(项目编码 \\d{21}\\), page \\d, 指标表: core category missing: 时效$`))),
    ]);
    expect(listTree(out())).toEqual(GOOD.map((f) => f.replace(/\.(pdf|txt)$/, ".json")).sort());
    perFile = new Map(GOOD.map((f) => [f, JSON.parse(readFileSync(join(out(), f.replace(/\.(pdf|txt)$/, ".json")), "utf8")) as Document]));
    for (const [f, doc] of perFile) {
      expect(doc.source).toBe(join(tree, f));
      expect(doc.forms.length).toBeGreaterThan(0);
    }
  }, LONG);

  it("combines every input into one JSON array, NDJSON, YAML and CSV that match the per-file outputs", () => {
    const docs = GOOD.map((f) => perFile.get(f)!);
    const json = join(work, "all.json");
    expect(run([tree, "-o", json, "-q"]).status).toBe(1);
    expect(JSON.parse(readFileSync(json, "utf8"))).toEqual(docs);

    const ndjson = join(work, "all.ndjson");
    expect(run([tree, "-o", ndjson, "-q"]).status).toBe(1);
    expect(lines(readFileSync(ndjson, "utf8")).map((line) => JSON.parse(line) as Document)).toEqual(docs);

    const yaml = join(work, "all.yaml");
    expect(run([tree, "-o", yaml, "-q"]).status).toBe(1);
    expect(parseYaml(readFileSync(yaml, "utf8"))).toEqual(docs);

    // CSV: the combined table is the per-file tables one after the other, under one header.
    const csvOut = join(work, "csv");
    expect(run([tree, "-o", `${csvOut}/`, "--format", "csv", "-q"]).status).toBe(1);
    const all = join(work, "all.csv");
    expect(run([tree, "-o", all, "-q"]).status).toBe(1);
    const combined = readFileSync(all, "utf8").split("\r\n");
    const parts = GOOD.map((f) => readFileSync(join(csvOut, f.replace(/\.(pdf|txt)$/, ".csv")), "utf8").split("\r\n"));
    expect(combined[0]).toBe(parts[0]![0]);
    expect(combined.slice(1)).toEqual(parts.flatMap((p) => p.slice(1).filter((row) => row !== "")).concat([""]));
    const rows = parseCsv(readFileSync(all, "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(docs.reduce((n, d) => n + d.forms.reduce((m, f) => m + Math.max(1, f.indicators.length), 0), 0));
  }, LONG);

  it("gives byte-identical outputs with --jobs 1 and --jobs 2", () => {
    const outputs = (jobs: string): string[] => {
      const json = join(work, `j${jobs}.json`);
      const csv = join(work, `j${jobs}.csv`);
      const a = run([tree, "-o", json, "-q", "--jobs", jobs]);
      const b = run([tree, "-o", csv, "-q", "--jobs", jobs]);
      const c = run([tree, "--format", "ndjson", "-q", "--jobs", jobs]);
      return [readFileSync(json, "utf8"), readFileSync(csv, "utf8"), c.stdout, a.stderr, b.stderr, c.stderr];
    };
    const one = outputs("1");
    const two = outputs("2");
    expect(two).toEqual(one);
    expect(lines(one[2]!)).toHaveLength(GOOD.length);
  }, LONG);

  it("skips inputs whose output is newer on a re-run, converts changed ones again, and everything with --force", () => {
    const target = (f: string): string => join(out(), f.replace(/\.(pdf|txt)$/, ".json"));
    const past = new Date("2020-01-01T00:00:00Z");
    const later = new Date("2021-01-01T00:00:00Z");
    for (const f of TREE_FILES) utimesSync(join(tree, f), past, past);
    for (const f of GOOD) utimesSync(target(f), later, later);

    expect(run([tree, "-o", `${out()}/`, "-q"]).status).toBe(1); // truncated.pdf is tried again, and fails again
    for (const f of GOOD) expect(statSync(target(f)).mtime).toEqual(later);

    const changed = "2024/a4-multi-per-page.pdf";
    const now = new Date();
    utimesSync(join(tree, changed), now, now);
    expect(run([tree, "-o", `${out()}/`, "-q"]).status).toBe(1);
    for (const f of GOOD) {
      if (f === changed) expect(statSync(target(f)).mtimeMs).toBeGreaterThan(later.getTime());
      else expect(statSync(target(f)).mtime).toEqual(later);
    }

    expect(run([tree, "-o", `${out()}/`, "-q", "--force"]).status).toBe(1);
    for (const f of GOOD) expect(statSync(target(f)).mtimeMs).toBeGreaterThan(later.getTime());
    expect(JSON.parse(readFileSync(target(changed), "utf8"))).toEqual(perFile.get(changed));
  }, LONG);
});

describe("inputs", () => {
  it("takes glob patterns, mirroring from the pattern's fixed folders", () => {
    const out = join(work, "glob");
    const r = run([`${tree}/**/*.pdf`, "-o", `${out}/`, "-q"]);
    expect(r.status).toBe(1); // truncated.pdf
    expect(listTree(out)).toEqual(["2023/a3-large.json", "2024/a4-multi-per-page.json", "cid-stsong-nonembedded.json"]);
    const none = run([`${tree}/**/*.xls`, "-o", join(work, "none.json")]);
    expect(none.status).toBe(1);
    expect(lines(none.stderr)).toEqual([`perf-extract: ${tree}/**/*.xls: no PDF or text file matches this pattern; check it.`]);
  }, LONG);

  it("reads one PDF from standard input with -", () => {
    const out = join(work, "stdin.json");
    const r = run(["-", "-o", out], { input: readFileSync(join(FIXTURES, "a4-multi-per-page.pdf")) });
    expect(lines(r.stderr)[1]).toMatch(/^  <stdin>: form 3 /); // its warnings, named by the source <stdin>
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8")) as Document;
    expect(doc.source).toBe("<stdin>");
    const fromFile = JSON.parse(run([join(FIXTURES, "a4-multi-per-page.pdf")]).stdout) as Document;
    expect(doc).toEqual({ ...fromFile, source: "<stdin>" });

    const bad = run(["-"], { input: Buffer.from("not a pdf") });
    expect(bad.status).toBe(1);
    expect(lines(bad.stderr)).toEqual(["perf-extract: <stdin>: it is not a PDF file; check that this is the declaration you meant"]);
  }, LONG);

  it("reports a symbolic link loop and goes on", () => {
    const dir = join(work, "loop");
    copy(join(CORPUS, "seed.txt"), join(dir, "a", "seed.txt"));
    symlinkSync(dir, join(dir, "a", "back"));
    const r = run([dir, "--format", "ndjson"]);
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual([`perf-extract: ${join(dir, "a", "back")}: this symbolic link loops back to a folder that contains it; skipped.`]);
    expect(lines(r.stdout)).toHaveLength(1);
  }, LONG);

  it("refuses, before converting anything, two inputs that would be written to the same output file", () => {
    const dir = join(work, "clash");
    copy(join(CORPUS, "seed.txt"), join(dir, "a.txt"));
    copy(join(FIXTURES, "a3-large.pdf"), join(dir, "a.pdf"));
    const r = run([dir, "-o", join(work, "clash-out") + "/"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("would both be written to");
    expect(existsSync(join(work, "clash-out"))).toBe(false);
  });
});

describe("failures", () => {
  let dir: string;
  beforeAll(() => {
    dir = join(work, "fail");
    copy(join(CORPUS, "seed.txt"), join(dir, "a.txt"));
    copy(join(BAD, "not-a-pdf.pdf"), join(dir, "b.pdf"));
    copy(join(CORPUS, "seed.txt"), join(dir, "c.txt"));
    copy(join(CORPUS, "seed.txt"), join(dir, "hang.txt"));
  });

  it("--fail-fast stops at the first failure: the inputs before it are written, nothing after it, no combined file", () => {
    const out = join(work, "ff");
    const r = run([join(dir, "a.txt"), join(dir, "b.pdf"), join(dir, "c.txt"), "-o", `${out}/`, "--fail-fast", "--jobs", "1"]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(join(dir, "b.pdf"));
    expect(listTree(out)).toEqual(["a.json"]);

    const combined = join(work, "ff.json");
    expect(run([join(dir, "a.txt"), join(dir, "b.pdf"), join(dir, "c.txt"), "-o", combined, "--fail-fast", "--jobs", "2"]).status).toBe(1);
    expect(existsSync(combined)).toBe(false);
    // without --fail-fast the others are written
    expect(run([join(dir, "a.txt"), join(dir, "b.pdf"), join(dir, "c.txt"), "-o", combined, "-q"]).status).toBe(1);
    expect((JSON.parse(readFileSync(combined, "utf8")) as Document[]).map((d) => d.source)).toEqual([join(dir, "a.txt"), join(dir, "c.txt")]);
  }, LONG);

  it("--timeout turns a file that hangs (its worker process killed) into a reported failure", () => {
    const out = join(work, "timeout.json");
    const inputs = ["a.txt", "hang.txt", "c.txt"].map((f) => join(dir, f));
    const r = run([...inputs, "-o", out, "--timeout", "2", "--jobs", "2"], { env: { PERF_EXTRACT_TEST_HANG: "hang\\.txt$" } });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `perf-extract: ${join(dir, "hang.txt")}: it took longer than 2 s to convert and was stopped; the PDF may be damaged or pathological: check it, or raise --timeout.`,
    ]);
    expect((JSON.parse(readFileSync(out, "utf8")) as Document[]).map((d) => d.source)).toEqual([inputs[0], inputs[2]]);
  }, LONG);
});

describe("a file that crashes its worker process", () => {
  let dir: string;
  beforeAll(() => {
    dir = join(work, "crash");
    copy(join(CORPUS, "seed.txt"), join(dir, "a.txt"));
    copy(join(CORPUS, "seed.txt"), join(dir, "crash.txt"));
    copy(join(CORPUS, "seed.txt"), join(dir, "c.txt"));
    copy(join(FIXTURES, "crash", "widths-4g.pdf"), join(dir, "widths-4g.pdf"));
    copy(join(FIXTURES, "a3-large.pdf"), join(dir, "z.pdf"));
  });

  it("fails alone when V8 aborts at the worker's heap limit: one line, exit 1, every other file written, no temporary file", () => {
    const out = join(work, "crash-out");
    mkdirSync(out);
    const inputs = ["a.txt", "crash.txt", "c.txt"].map((f) => join(dir, f));
    // One worker, so the file after the crash is converted by the worker that replaced it.
    const r = run([...inputs, "-o", join(out, "all.csv"), "--jobs", "1"], { env: { PERF_EXTRACT_TEST_CRASH: "crash\\.txt$" } });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `perf-extract: ${join(dir, "crash.txt")}: the PDF made the reader crash; it may be damaged: check it, or print it to a new PDF and convert that.`,
    ]);
    expect(readdirSync(out)).toEqual(["all.csv"]);
    const sources = new Set((parseCsv(readFileSync(join(out, "all.csv"), "utf8"), { columns: true }) as Record<string, string>[]).map((row) => Object.values(row)[0]));
    expect([...sources]).toEqual([inputs[0], inputs[2]]);
  }, LONG);

  it("fails alone when a damaged glyph-width array makes the reader abort: every other file written, no stack trace, no temporary file", () => {
    const out = join(work, "crash-real");
    mkdirSync(out);
    const inputs = ["a.txt", "widths-4g.pdf", "z.pdf"].map((f) => join(dir, f));
    const r = run([...inputs, "-o", join(out, "all.ndjson"), "--jobs", "2"]);
    expect(r.status).toBe(1);
    expect(readdirSync(out)).toEqual(["all.ndjson"]);
    const docs = readFileSync(join(out, "all.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Document);
    // The damaged file fails (pdf.js aborts), or converts with a warning if the widths are bounded before pdf.js sees them.
    expect(docs.map((d) => d.source).filter((source) => source !== inputs[1])).toEqual([inputs[0], inputs[2]]);
    expect(r.stderr).not.toMatch(/Fatal|Native stack|FATAL ERROR|\n\s+at /);
    for (const line of lines(r.stderr)) expect(line).toMatch(/^perf-extract: /);
  }, LONG);
});

describe("an interrupted run", () => {
  function interrupt(args: string[], ready: () => boolean): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1", PERF_EXTRACT_TEST_DELAY_MS: "400" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const poll = setInterval(() => {
        if (ready()) {
          clearInterval(poll);
          child.kill("SIGINT");
        }
      }, 20);
      child.on("error", reject);
      child.on("exit", (code) => {
        clearInterval(poll);
        resolvePromise({ code, stderr });
      });
    });
  }

  let dir: string;
  beforeAll(() => {
    dir = join(work, "many");
    for (let i = 0; i < 16; i++) copy(join(CORPUS, "seed.txt"), join(dir, `f${String(i).padStart(2, "0")}.txt`));
  });

  it("leaves only complete per-file outputs and no temporary file on SIGINT, and exits 130", async () => {
    const out = join(work, "many-out");
    const r = await interrupt([dir, "-o", `${out}/`, "--jobs", "2"], () => listTree(out).length >= 2);
    expect(r.code).toBe(130);
    const written = listTree(out);
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(written.length).toBeLessThan(16);
    expect(readdirSync(out).filter((name) => name.startsWith("."))).toEqual([]);
    const expected = JSON.parse(run([join(dir, "f00.txt")]).stdout) as Document;
    for (const name of written) {
      expect(name).toMatch(/^f\d\d\.json$/);
      const doc = JSON.parse(readFileSync(join(out, name), "utf8")) as Document;
      expect(doc).toEqual({ ...expected, source: join(dir, name.replace(".json", ".txt")) });
    }
  }, LONG);

  it("writes no combined output and no temporary file when interrupted", async () => {
    const target = join(work, "interrupted", "all.json");
    mkdirSync(join(work, "interrupted"));
    // Interrupted once the combined output's temporary file exists (a Document is being written into it).
    const r = await interrupt([dir, "-o", target, "--jobs", "2"], () => readdirSync(join(work, "interrupted")).length > 0);
    expect(r.code).toBe(130);
    expect(readdirSync(join(work, "interrupted"))).toEqual([]);
  }, LONG);
});

describe("XLSX from the command line", () => {
  it("writes sheets 项目, 指标 and 警告 whose rows match the CSV shapes and the warnings", async () => {
    const inputs = [join(FIXTURES, "a4-multi-per-page.pdf"), join(CORPUS, "seed.txt")];
    const xlsx = join(work, "all.xlsx");
    expect(run([...inputs, "-o", xlsx, "-q"]).status).toBe(0);
    const projects = parseCsv(run([...inputs, "--csv", "projects", "-q"]).stdout, { bom: true, columns: true }) as Record<string, string>[];
    const indicators = parseCsv(run([...inputs, "--format", "csv", "-q"]).stdout, { bom: true, columns: true }) as Record<string, string>[];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["项目", "指标", "警告"]);
    const sheetRows = (name: string): number => workbook.getWorksheet(name)!.actualRowCount - 1;
    expect(sheetRows("项目")).toBe(projects.length);
    expect(sheetRows("指标")).toBe(indicators.length);
    const docs = JSON.parse(run([...inputs, "-q"]).stdout) as Document[];
    expect(sheetRows("警告")).toBe(docs.reduce((n, doc) => n + doc.warnings.length, 0));
    const projectSheet = workbook.getWorksheet("项目")!;
    const warningsColumn = (projectSheet.getRow(1).values as unknown[]).indexOf("警告"); // values[0] is empty: the index is the column
    expect(projects.map((_, i) => projectSheet.getRow(i + 2).getCell(warningsColumn).value ?? "")).toEqual(projects.map((row) => row["警告"]));
    expect(projects.filter((row) => row["警告"] !== "")).toHaveLength(4); // a4-multi-per-page.pdf: 时效 missing on four forms
    const sheet = workbook.getWorksheet("指标")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe("来源文件");
    const amount = header.indexOf("项目总金额（中期规划，万元）") + 1;
    const target = header.indexOf("目标数值") + 1;
    expect(sheet.getRow(2).getCell(amount).value).toBe(Number(indicators[0]!["项目总金额（中期规划，万元）"]));
    const numbers = indicators.map((row, i) => [row["目标数值"], sheet.getRow(i + 2).getCell(target).value]);
    for (const [text, value] of numbers) expect(value).toBe(text === "" ? null : Number(text));
  }, LONG);
});

describe("a worker process loads no zod", () => {
  // The workers convert without the output contract's check (the main process
  // checks each Document before writing it): zod's modules were a third of a
  // worker's start. A resolve hook names every import of zod.
  const watch = (script: string): Promise<{ status: number | null; stdout: string; stderr: string }> => {
    const dir = mkdtempSync(join(tmpdir(), "perf-extract-zod-"));
    writeFileSync(join(dir, "hooks.mjs"), `export async function resolve(spec, ctx, next) {\n  if (spec === "zod" || spec.startsWith("zod/")) process.stderr.write("zod imported\\n");\n  return next(spec, ctx);\n}\n`);
    writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(`file://${join(dir, "hooks.mjs")}`)});\n`);
    writeFileSync(join(dir, "main.mjs"), script);
    return new Promise((resolvePromise) => {
      const child = spawn(process.execPath, ["--import", join(dir, "register.mjs"), join(dir, "main.mjs")], { cwd: ROOT });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (status) => {
        rmSync(dir, { recursive: true, force: true });
        resolvePromise({ status, stdout, stderr });
      });
    });
  };
  const dist = (path: string): string => JSON.stringify(`file://${join(ROOT, "dist", path)}`);

  it("when it converts a PDF (while the contract's check does load it)", async () => {
    const worker = await watch(
      `const { convertTask } = await import(${dist("batch/convert.js")});\nconst r = await convertTask({ path: ${JSON.stringify(join(FIXTURES, "a3-large.pdf"))}, source: "a3-large.pdf", extract: {} });\nprocess.stdout.write(String(r.ok && r.document.forms.length));\n`,
    );
    expect(worker.stderr).toBe("");
    expect(Number(worker.stdout)).toBeGreaterThan(0);
    const contract = await watch(`await import(${dist("contract.js")});\n`);
    expect(contract.stderr).toContain("zod imported");
  }, LONG);
});
