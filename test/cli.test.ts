// The built program run as a user runs it: `node bin/perf-extract.js ...` in a
// subprocess. `npm test` compiles dist/ first.
//
// The tests under "converting the acceptance corpus" and the bad inputs whose
// message is checked need the extraction pipeline (src/extract.ts).

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { CLI_TIMEOUT as CONVERT_TIMEOUT, CORPUS, FIXTURES, lines, ROOT, runCli as run } from "./helpers.js";
import type { Document, Form } from "../src/schema.js";

const BAD = join(CORPUS, "bad");

const truth = (name: string): Form[] => JSON.parse(readFileSync(join(CORPUS, `${name}.truth.json`), "utf8")) as Form[];
const STACK_LINE = /^\s+at /m;

let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does) first");
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-extract-bin-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("perf-extract --version, --help, schema", () => {
  it("prints the package version", () => {
    const r = run(["--version"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.stderr).toBe("");
    // The same answer from the CLI proper (bin/ answers `--version` alone itself).
    const withOption = run(["-V", "declaration.pdf"]);
    expect(withOption.status).toBe(0);
    expect(withOption.stdout).toBe(`${pkg.version}\n`);
  });

  it("loads neither the pipeline nor zod at start-up", () => {
    const source = readFileSync(join(ROOT, "dist", "cli.js"), "utf8");
    const staticImports = [...source.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(staticImports.length).toBeGreaterThan(0);
    for (const specifier of staticImports) expect(specifier).toMatch(/^(node:.*|chalk|commander|\.\/errors\.js|\.\/limits\.js|\.\/version\.js)$/);
  });

  it("prints help with the options and examples", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    for (const text of [
      "Usage: perf-extract [options] <inputs...>",
      "--output <path>",
      "--jobs <n>",
      "--timeout <seconds>",
      "--fail-fast",
      "--force",
      "--format <format>",
      "--csv <shape>",
      "--labels <language>",
      "--skip-na",
      "--password <password>",
      "--quiet",
      "--debug",
      "--version",
      "schema",
      "Examples:",
      "$ perf-extract -o indicators.csv",
      "Exit status:",
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it("prints the JSON Schema of a Document", async () => {
    const r = run(["schema"]);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout) as { type: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties)).toEqual(["source", "pageCount", "forms", "warnings"]);
    const { documentJsonSchema } = (await import(join(ROOT, "dist", "schema.js"))) as { documentJsonSchema: () => unknown };
    expect(schema).toEqual(documentJsonSchema());
  });
});

describe("usage errors exit 2", () => {
  const cases: [string, string[]][] = [
    ["no input", []],
    ["an unknown option", ["--frobnicate", "x.pdf"]],
    ["an unknown format", ["--format", "xlsx", "x.pdf"]],
    ["an unknown CSV shape", ["--csv", "rows", "x.pdf"]],
    ["unknown labels", ["--labels", "fr", "x.pdf"]],
    ["an output name without a known extension", ["-o", "out.txt", "x.pdf"]],
    ["--labels with JSON output", ["--labels", "en", "-o", "out.json", "x.pdf"]],
    ["an output folder that does not exist", ["-o", "no/such/folder/out.json", "x.pdf"]],
    ["an argument to schema", ["schema", "extra"]],
  ];
  for (const [what, args] of cases) {
    it(`for ${what}`, () => {
      const r = run(args, { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^perf-extract: error: /);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it("when the output would overwrite an input", () => {
    const input = join(dir, "in.txt");
    writeFileSync(input, "二级项目支出绩效目标申报表");
    const r = run(["--format", "json", "-o", "./in.txt", "in.txt"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("refusing to write the output over the input");
    expect(readFileSync(input, "utf8")).toBe("二级项目支出绩效目标申报表");
  });
});

describe("bad inputs fail cleanly: exit 1, one line naming the file, no stack trace, no output file", () => {
  const bad = ["empty.pdf", "not-a-pdf.pdf", "truncated.pdf", "encrypted.pdf", "no-forms.pdf"];
  for (const name of bad) {
    it(name, () => {
      const input = join(BAD, name);
      const out = join(dir, "out.json");
      const r = run([input, "-o", out]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      const errorLines = lines(r.stderr);
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]!.startsWith(`perf-extract: ${input}: `)).toBe(true);
      expect(errorLines[0]!.length).toBeGreaterThan(`perf-extract: ${input}: `.length + 10);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(readdirSync(dir)).toEqual([]);
    }, CONVERT_TIMEOUT);
  }

  it("writes nothing on standard output either", () => {
    const r = run([join(BAD, "empty.pdf"), join(BAD, "not-a-pdf.pdf")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(2);
  });

  it("names a file that does not exist", () => {
    const r = run(["missing.pdf", "-o", "out.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual(["perf-extract: missing.pdf: file not found; check the path and the file name."]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("names, under --debug, who read each PDF's text: the own reader, or pdf.js and why", () => {
    const out = mkdtempSync(join(tmpdir(), "perf-extract-reader-"));
    try {
      // An encrypted file is one the own reader leaves to pdf.js.
      const r = run(["--debug", "--password", "perf-2025", join(FIXTURES, "a3-large.pdf"), join(FIXTURES, "bad", "encrypted-rc4.pdf"), "-o", join(out, "all.ndjson")]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/a3-large\.pdf: 4 forms, \d+ warnings in \d+ ms, read by the own reader$/m);
      expect(r.stderr).toMatch(/encrypted-rc4\.pdf: 3 forms, .* read by pdf\.js \(it is encrypted or its objects could not be indexed\)$/m);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("shows a stack trace only with --debug", () => {
    const r = run(["--debug", join(BAD, "not-a-pdf.pdf")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(STACK_LINE);
  });

  // Waits on the pipeline: the message is the extractor's.
  it("says that encrypted.pdf needs a password, and which flag gives it (the library names its option instead)", () => {
    const r = run([join(BAD, "encrypted.pdf")]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/password/i);
    expect(r.stderr).toMatch(/with --password\.?$/m);
    expect(r.stderr).not.toMatch(/option/);
  }, CONVERT_TIMEOUT);
});

// Everything below needs the extraction pipeline.
describe("converting the acceptance corpus", () => {
  it("converts the text dump seed.txt to one JSON Document on standard output", () => {
    const input = join(CORPUS, "seed.txt");
    const r = run([input]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as Document;
    expect(doc.source).toBe(input);
    expect(doc.pageCount).toBeNull();
    expect(doc.forms.map((form) => form.projectCode)).toEqual(truth("seed").map((form) => form.projectCode));
  }, CONVERT_TIMEOUT);

  it("writes synth-102.pdf as CSV, one row per indicator, Chinese labels", () => {
    const input = join(CORPUS, "synth-102.pdf");
    const out = join(dir, "out.csv");
    const r = run(["-q", input, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.startsWith("\uFEFF来源文件,页码,项目编码,")).toBe(true);
    const rows = parseCsv(text, { bom: true, columns: true }) as Record<string, string>[];
    const forms = truth("synth-102");
    expect(rows).toHaveLength(forms.reduce((sum, form) => sum + form.indicators.length, 0));
    // ="…": every digit kept when a spreadsheet opens the file (test/spreadsheet.test.ts)
    expect(new Set(rows.map((row) => row["项目编码"]))).toEqual(new Set(forms.map((form) => `="${form.projectCode}"`)));
    expect(rows.every((row) => row["来源文件"] === input)).toBe(true);
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  }, CONVERT_TIMEOUT);

  it("writes synth-102.pdf as CSV projects with English labels and --skip-na", () => {
    const out = join(dir, "projects.csv");
    const r = run(["-q", "--csv", "projects", "--labels", "en", "--skip-na", join(CORPUS, "synth-102.pdf"), "-o", out]);
    expect(r.status).toBe(0);
    const rows = parseCsv(readFileSync(out, "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    const forms = truth("synth-102");
    expect(rows.map((row) => row.projectCode)).toEqual(forms.map((form) => `="${form.projectCode}"`));
    expect(rows.map((row) => Number(row.indicatorCount))).toEqual(
      forms.map((form) => form.indicators.filter((indicator) => indicator.applicable).length),
    );
  }, CONVERT_TIMEOUT);

  it("combines several inputs: an array in JSON, one line each in NDJSON, the same tree in YAML", () => {
    const inputs = [join(CORPUS, "seed.txt"), join(CORPUS, "synth-102.pdf")];
    const json = join(dir, "all.json");
    expect(run(["-q", ...inputs, "-o", json]).status).toBe(0);
    const docs = JSON.parse(readFileSync(json, "utf8")) as Document[];
    expect(docs.map((doc) => doc.source)).toEqual(inputs);
    expect(docs.map((doc) => doc.forms.length)).toEqual([truth("seed").length, truth("synth-102").length]);

    const ndjson = join(dir, "all.ndjson");
    expect(run(["-q", ...inputs, "-o", ndjson]).status).toBe(0);
    expect(lines(readFileSync(ndjson, "utf8")).map((line) => JSON.parse(line) as unknown)).toEqual(docs);

    const yaml = join(dir, "all.yml");
    expect(run(["-q", ...inputs, "-o", yaml]).status).toBe(0);
    expect(parseYaml(readFileSync(yaml, "utf8"))).toEqual(docs);
  }, CONVERT_TIMEOUT);

  it("still converts the good inputs when a bad one is among them", () => {
    const out = join(dir, "out.json");
    const r = run(["-q", join(BAD, "empty.pdf"), join(CORPUS, "seed.txt"), join(BAD, "not-a-pdf.pdf"), "-o", out]);
    expect(r.status).toBe(1);
    const errorLines = lines(r.stderr);
    expect(errorLines).toHaveLength(2);
    expect(errorLines[0]!.startsWith(`perf-extract: ${join(BAD, "empty.pdf")}: `)).toBe(true);
    expect(errorLines[1]!.startsWith(`perf-extract: ${join(BAD, "not-a-pdf.pdf")}: `)).toBe(true);
    const docs = JSON.parse(readFileSync(out, "utf8")) as Document[];
    expect(docs.map((doc) => doc.source)).toEqual([join(CORPUS, "seed.txt")]);
    expect(docs[0]!.forms).toHaveLength(truth("seed").length);
  }, CONVERT_TIMEOUT);

  it("refuses a file over --max-size or a PDF over --max-pages, naming the option to raise", () => {
    const input = join(FIXTURES, "a4-multi-per-page.pdf");
    const big = run(["-q", "--max-size", "0.01", input, "-o", join(dir, "a.json")]);
    expect(big.status).toBe(1);
    expect(lines(big.stderr)).toEqual([expect.stringMatching(/a4-multi-per-page\.pdf: .*--max-size/)]);
    const long = run(["-q", "--max-pages", "2", input, "-o", join(dir, "b.json")]);
    expect(long.status).toBe(1);
    expect(lines(long.stderr)).toEqual([expect.stringMatching(/4 pages.*--max-pages/)]);
    expect(existsSync(join(dir, "a.json")) || existsSync(join(dir, "b.json"))).toBe(false);
    expect(run(["--max-size", "lots", input]).status).toBe(2);
    expect(run(["--max-pages", "1.5", input]).status).toBe(2);
  }, CONVERT_TIMEOUT);

  it("opens encrypted.pdf with --password", () => {
    const out = join(dir, "out.json");
    const r = run(["-q", "--password", "secret", join(BAD, "encrypted.pdf"), "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect((JSON.parse(readFileSync(out, "utf8")) as Document).forms).toHaveLength(10);
  }, CONVERT_TIMEOUT);

  // Its one damaged stream is the font every heading and label is set in: nothing
  // form-shaped survives, so it fails, naming the pages whose text was lost.
  it("fails on corrupt-stream.pdf naming the pages whose text was lost, with no output file", () => {
    const input = join(BAD, "corrupt-stream.pdf");
    const out = join(dir, "out.json");
    const r = run(["-q", input, "-o", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const errorLines = lines(r.stderr);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(new RegExp(`^perf-extract: ${input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: text on pages 1–13 could not be read`));
    expect(existsSync(out)).toBe(false);
  }, CONVERT_TIMEOUT);

  // page-damaged.pdf: page 3's content stream is garbled; the forms on it carry extraction warnings.
  it("exits 1 for a PDF with an extraction warning, 0 with declaration warnings only, listing every warning on standard error", () => {
    const damaged = join(FIXTURES, "bad", "page-damaged.pdf");
    const declared = join(FIXTURES, "a4-multi-per-page.pdf");
    const r = run([damaged, declared, "-o", join(dir, "all.csv")]);
    expect(r.status).toBe(1);
    const stderr = lines(r.stderr);
    const extraction = stderr.indexOf("perf-extract: to compare with the PDF (extraction warnings; the output may differ from what is printed):");
    const declaration = stderr.indexOf("perf-extract: inconsistent as printed (declaration warnings):");
    expect(0).toBeLessThan(extraction); // after the line about the lost text
    expect(extraction).toBeLessThan(declaration);
    expect(stderr.slice(extraction + 1, declaration).every((line) => line.startsWith(`  ${damaged}: form `))).toBe(true);
    expect(stderr.slice(extraction + 1, declaration).some((line) => / \(项目编码 \d{21}\), page 3, /.test(line))).toBe(true);
    expect(stderr.slice(declaration + 1).some((line) => line.startsWith(`  ${declared}: form 3 (项目编码 `))).toBe(true);
    // the CSV names the same warnings in its 警告 column
    const rows = parseCsv(readFileSync(join(dir, "all.csv"), "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.filter((row) => row["来源文件"] === damaged && /page 3/.test(row["警告"]!)).length).toBeGreaterThan(0);

    const quiet = run(["-q", declared]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(run([declared, "--format", "ndjson"]).status).toBe(0);
  }, CONVERT_TIMEOUT);
});
