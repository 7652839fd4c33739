// The command line's orchestration, run in-process with the extractor replaced
// by a stub: combining inputs, partial failures, lost text, atomic output.
// (test/cli.test.ts runs the real built program as a subprocess.)

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse as parseYaml } from "yaml";
import { main } from "../src/cli.js";
import { ExtractError } from "../src/errors.js";
import type { ExtractOptions, ExtractResult } from "../src/extract.js";
import type { Document } from "../src/schema.js";
import { documentA, documentB } from "./document-fixture.js";

/** What the stub extractor does for an input, by file name. */
const behaviour = new Map<string, (options: ExtractOptions) => ExtractResult>();
const calls: { input: unknown; options: ExtractOptions }[] = [];

// The batch converts with extractUnchecked (the main process checks the contract itself).
vi.mock("../src/extract.js", () => ({
  extractUnchecked: async (input: unknown, options: ExtractOptions = {}): Promise<ExtractResult> => {
    calls.push({ input, options });
    const name = String(input).split(/[\\/]/).pop() ?? "";
    const make = behaviour.get(name);
    if (!make) throw new Error(`stub has no behaviour for ${name}`);
    return make(options);
  },
}));

function docFor(doc: Document, options: ExtractOptions): Document {
  return { ...doc, source: options.source ?? doc.source };
}

let dir: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-extract-cli-"));
  stdout = "";
  stderr = "";
  calls.length = 0;
  behaviour.clear();
  behaviour.set("a.pdf", (o) => ({ document: docFor(documentA, o), textLost: false }));
  behaviour.set("b.txt", (o) => ({ document: docFor(documentB, o), textLost: false }));
  behaviour.set("bad.pdf", () => {
    throw new ExtractError("not-pdf", "this is not a PDF file; check that the right file was given.");
  });
  behaviour.set("crash.pdf", () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  });
  behaviour.set("lost.pdf", (o) => ({
    document: {
      ...docFor(documentA, o),
      warnings: [
        ...documentA.warnings, // page 4, about a field: not a page that lost text
        { form: null, page: 9, field: null, about: "extraction", code: "text-lost", message: "text on page 9 could not be fully read" },
        { form: null, page: 7, field: null, about: "extraction", code: "text-lost", message: "text on page 7 could not be fully read" },
      ],
    },
    textLost: true,
  }));
  behaviour.set("lost-somewhere.pdf", (o) => ({ document: docFor(documentA, o), textLost: true }));
  // An extraction warning with all text read: the output may still differ from the page.
  behaviour.set("review.pdf", (o) => ({
    document: {
      ...docFor(documentA, o),
      warnings: [...documentA.warnings, { form: 2, page: 5, field: "projectName", about: "extraction", code: "unplaced-text", message: "项目名称旁有文字未归入任何字段" }],
    },
    textLost: false,
  }));
  behaviour.set("noforms.pdf", (o) => ({ document: { ...docFor(documentB, o), forms: [] }, textLost: false }));
  behaviour.set("invalid.pdf", (o) => ({
    document: { ...docFor(documentB, o), pageCount: -1 } as Document,
    textLost: false,
  }));
  for (const name of behaviour.keys()) writeFileSync(join(dir, name), "stub input");
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stdout += String(chunk);
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write);
  vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write);
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

// --jobs 0 converts in the main thread, where the stub replaces the extractor
// (worker threads would load the real one).
const run = (...args: string[]): Promise<number> => main(["node", "perf-extract", "--jobs", "0", ...args]);
const p = (name: string): string => join(dir, name);
const stderrLines = (): string[] => stderr.split("\n").filter((line) => line !== "");

describe("perf-extract (in-process, stub extractor)", () => {
  it("writes one input as a JSON Document on standard output", async () => {
    expect(await run(p("a.pdf"))).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ...documentA, source: p("a.pdf") });
    // its one warning, listed after the run (a declaration warning: exit 0)
    expect(stderrLines()).toEqual([
      "perf-extract: inconsistent as printed (declaration warnings):",
      `  ${p("a.pdf")}: form 1 (项目编码 004403042210615000045), page 4, 本年度项目金额（万元）: 金额无法识别`,
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.input).toBe(p("a.pdf"));
    expect(calls[0]!.options.source).toBe(p("a.pdf"));
    expect(calls[0]!.options.password).toBeUndefined();
  });

  it("passes the password to the extractor", async () => {
    expect(await run("--password", "secret", p("a.pdf"))).toBe(0);
    expect(calls[0]!.options.password).toBe("secret");
  });

  it("combines several inputs into an array in one -o file, with no progress nor summary when standard error is not a terminal", async () => {
    expect(await run("-o", p("out.json"), p("a.pdf"), p("b.txt"))).toBe(0);
    const back = JSON.parse(readFileSync(p("out.json"), "utf8")) as Document[];
    expect(back.map((doc) => doc.source)).toEqual([p("a.pdf"), p("b.txt")]);
    expect(stdout).toBe("");
    expect(stderrLines()).toHaveLength(2); // a.pdf's warning, listed
    expect(stderr).not.toMatch(/wrote|files converted/);
  });

  it("says nothing on standard error with --quiet when all went well", async () => {
    expect(await run("--quiet", "-o", p("out.yaml"), p("a.pdf"))).toBe(0);
    expect(stderr).toBe("");
    expect(parseYaml(readFileSync(p("out.yaml"), "utf8"))).toEqual({ ...documentA, source: p("a.pdf") });
  });

  it("takes the format from the extension, or from --format where the name says none, and refuses the two at odds", async () => {
    expect(await run("-q", "-o", p("out.jsonl"), p("a.pdf"), p("b.txt"))).toBe(0);
    expect(readFileSync(p("out.jsonl"), "utf8").trimEnd().split("\n")).toHaveLength(2);
    expect(await run("-q", "--format", "yaml", "-o", p("out.data"), p("b.txt"))).toBe(0);
    expect(readFileSync(p("out.data"), "utf8").startsWith("source:")).toBe(true);
    expect(await run("-q", "--format", "yaml", "-o", p("out.json"), p("b.txt"))).toBe(2);
    expect(stderr).toMatch(/--format yaml contradicts the output ".*out\.json", whose name says json/);
    expect(await run("--format", "ndjson", p("a.pdf"), p("b.txt"))).toBe(0);
    expect(stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as Document).source)).toEqual([p("a.pdf"), p("b.txt")]);
  });

  it("writes CSV with the chosen shape, labels and --skip-na", async () => {
    expect(await run("-q", "-o", p("out.csv"), p("a.pdf"), p("b.txt"))).toBe(0);
    const text = readFileSync(p("out.csv"), "utf8");
    expect(text.startsWith("\uFEFF来源文件,")).toBe(true);
    expect(parseCsv(text, { bom: true, columns: true })).toHaveLength(7);

    expect(await run("-q", "--csv", "projects", "--labels", "en", "-o", p("projects.csv"), p("a.pdf"), p("b.txt"))).toBe(0);
    const projects = parseCsv(readFileSync(p("projects.csv"), "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(projects.map((row) => row.indicatorCount)).toEqual(["5", "0", "1"]);

    expect(await run("-q", "--skip-na", "--labels", "en", "-o", p("na.csv"), p("a.pdf"))).toBe(0);
    const rows = parseCsv(readFileSync(p("na.csv"), "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.filter((row) => row.applicable === "false")).toEqual([]);
    expect(rows).toHaveLength(5);
  });

  it("implies CSV on standard output when only --csv or --labels is given", async () => {
    expect(await run("--csv", "projects", p("a.pdf"))).toBe(0);
    expect(stdout.startsWith("\uFEFF来源文件,表名,")).toBe(true);
  });

  it("drops 不适用 rows from JSON too with --skip-na", async () => {
    expect(await run("--skip-na", p("a.pdf"))).toBe(0);
    const doc = JSON.parse(stdout) as Document;
    expect(doc.forms[0]!.indicators.every((indicator) => indicator.applicable)).toBe(true);
  });

  it("still writes the other inputs when one fails, and exits 1 with one line for it", async () => {
    expect(await run("-q", "-o", p("out.json"), p("a.pdf"), p("bad.pdf"), p("b.txt"))).toBe(1);
    expect(stderrLines()).toEqual([`perf-extract: ${p("bad.pdf")}: this is not a PDF file; check that the right file was given.`]);
    const back = JSON.parse(readFileSync(p("out.json"), "utf8")) as Document[];
    expect(back.map((doc) => doc.source)).toEqual([p("a.pdf"), p("b.txt")]);
  });

  it("keeps the array shape for several inputs even when only one succeeds", async () => {
    expect(await run(p("bad.pdf"), p("b.txt"))).toBe(1);
    expect(Array.isArray(JSON.parse(stdout))).toBe(true);
  });

  it("writes no output file, and leaves an old one alone, when every input fails", async () => {
    expect(await run("-o", p("new.json"), p("bad.pdf"))).toBe(1);
    expect(readdirSync(dir)).not.toContain("new.json");
    writeFileSync(p("old.json"), "previous run");
    expect(await run("-o", p("old.json"), p("bad.pdf"), p("crash.pdf"))).toBe(1);
    expect(readFileSync(p("old.json"), "utf8")).toBe("previous run");
    expect(stderrLines()).toHaveLength(3);
    expect(stdout).toBe("");
  });

  it("reports an unexpected error in one line without a stack trace, and with one under --debug", async () => {
    expect(await run(p("crash.pdf"))).toBe(1);
    expect(stderrLines()).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^perf-extract: ${p("crash.pdf")}: could not be converted because of an unexpected error`));
    expect(stderr).not.toMatch(/\n\s+at /);
    stderr = "";
    expect(await run("--debug", p("crash.pdf"))).toBe(1);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it("writes the output but exits 1 and names the pages when text was lost", async () => {
    expect(await run("-q", "-o", p("out.json"), p("lost.pdf"))).toBe(1);
    expect(JSON.parse(readFileSync(p("out.json"), "utf8"))).toMatchObject({ source: p("lost.pdf") });
    expect(stderrLines()).toEqual([
      `perf-extract: ${p("lost.pdf")}: some text could not be read on pages 7, 9; it was written without that text, so compare those pages with the PDF.`,
    ]);
    stderr = "";
    expect(await run("-q", p("lost-somewhere.pdf"))).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ source: p("lost-somewhere.pdf") });
    expect(stderrLines()).toEqual([
      `perf-extract: ${p("lost-somewhere.pdf")}: some text could not be read on some pages; it was written without that text, so compare those pages with the PDF.`,
    ]);
  });

  it("treats a Document without forms as a failed input", async () => {
    expect(await run("-o", p("out.json"), p("noforms.pdf"))).toBe(1);
    expect(stderrLines()).toHaveLength(1);
    expect(stderr).toContain("no 二级项目支出绩效目标申报表");
    expect(readdirSync(dir)).not.toContain("out.json");
  });

  it("treats a Document that breaks the schema as a failed input", async () => {
    expect(await run("-q", "-o", p("out.json"), p("invalid.pdf"), p("b.txt"))).toBe(1);
    expect(stderrLines()).toHaveLength(1);
    expect(stderr).toContain(`perf-extract: ${p("invalid.pdf")}: the extracted data broke the output schema at pageCount (`);
    expect(JSON.parse(readFileSync(p("out.json"), "utf8"))).toHaveLength(1);
  });

  it("names a missing input or a folder without PDF files without calling the extractor", async () => {
    mkdirSync(p("folder"));
    expect(await run(p("missing.pdf"), p("folder"))).toBe(1);
    expect(stderrLines()).toEqual([
      `perf-extract: ${p("missing.pdf")}: file not found; check the path and the file name.`,
      `perf-extract: ${p("folder")}: no PDF or text file (*.pdf, *.txt) was found in this folder.`,
    ]);
    expect(calls).toHaveLength(0);
  });

  it("leaves no temporary file behind", async () => {
    expect(await run("-q", "-o", p("out.csv"), p("a.pdf"))).toBe(0);
    expect(readdirSync(dir).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  it("refuses to write over an input, however it is spelled, before converting anything", async () => {
    expect(await run("-o", join(dir, ".", "a.pdf"), "--format", "json", p("b.txt"), p("a.pdf"))).toBe(2);
    expect(stderr).toContain("refusing to write the output over the input");
    expect(calls).toHaveLength(0);
    expect(readFileSync(p("a.pdf"), "utf8")).toBe("stub input");
  });

  it("exits 2 on usage errors", async () => {
    expect(await run()).toBe(2);
    expect(await run("--nope", p("a.pdf"))).toBe(2);
    expect(await run("--csv", "rows", p("a.pdf"))).toBe(2);
    expect(await run("--format", "xlsx", p("a.pdf"))).toBe(2); // XLSX needs -o
    expect(await run("--labels", "en", "--format", "json", p("a.pdf"))).toBe(2);
    expect(await run("-o", p("no/such/folder/out.json"), p("a.pdf"))).toBe(2);
    expect(await run("--csv", "projects", "-o", p("out.xlsx"), p("a.pdf"))).toBe(2); // XLSX has both shapes
    expect(calls).toHaveLength(0);
    expect(stdout).toBe("");
  });
});

describe("exit status (SCHEMA.md): 1 when an input failed or carries an extraction warning, on every output path", () => {
  // a.pdf carries a declaration warning only; review.pdf an extraction warning; bad.pdf fails.
  const outputs: [string, () => string[]][] = [
    ["one Document on standard output", () => []],
    ["NDJSON streamed to standard output", () => ["--format", "ndjson"]],
    ["CSV on standard output", () => ["--format", "csv"]],
    ["one -o JSON file", () => ["-o", p("out.json")]],
    ["one -o CSV file", () => ["-o", p("out.csv")]],
    ["one -o XLSX file", () => ["-o", p("out.xlsx")]],
    ["an -o folder", () => ["-o", `${p("out")}/`]],
  ];
  const cases: [string[], number][] = [
    [["a.pdf"], 0],
    [["review.pdf"], 1],
    [["a.pdf", "b.txt"], 0],
    [["a.pdf", "review.pdf"], 1],
    [["a.pdf", "bad.pdf"], 1],
  ];
  for (const [what, args] of outputs) {
    it(`for ${what}`, async () => {
      for (const [inputs, status] of cases) {
        stdout = "";
        stderr = "";
        expect(await run(...args(), ...inputs.map(p)), `${inputs.join(" ")}: ${stderr}`).toBe(status);
      }
    });
  }

  it("and on a re-run into an -o folder, where an output that needs a look is never up to date", async () => {
    const out = `${p("out")}/`;
    expect(await run("-q", "-o", out, p("a.pdf"), p("review.pdf"))).toBe(1);
    calls.length = 0;
    expect(await run("-o", out, p("a.pdf"), p("review.pdf"))).toBe(1);
    expect(calls.map((call) => call.input)).toEqual([p("review.pdf")]); // a.pdf is up to date
    expect(stderrLines()[1]).toMatch(/review\.pdf: form 2 /); // listed again
  });

  it("and says in the summary what was converted, how many forms to check and what failed", async () => {
    const tty = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    try {
      expect(await run("-o", p("out.json"), p("a.pdf"), p("review.pdf"), p("bad.pdf"))).toBe(1);
    } finally {
      if (tty) Object.defineProperty(process.stderr, "isTTY", tty);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
    const summary = stripVTControlCharacters(stderr)
      .split(/[\r\n]/)
      .find((line) => line.startsWith("perf-extract: 3 files:"));
    expect(summary).toMatch(/^perf-extract: 3 files: 2 files converted, 4 forms, 10 indicators, 1 form to check against the PDF, 3 warnings, 1 failed in /);
  });

  it("and lists the extraction warning first, with the summary saying how many forms to check", async () => {
    expect(await run("-o", p("out.json"), p("a.pdf"), p("review.pdf"))).toBe(1);
    expect(stderrLines()).toEqual([
      "perf-extract: to compare with the PDF (extraction warnings; the output may differ from what is printed):",
      `  ${p("review.pdf")}: form 2 (项目编码 440304221061500000099), page 5, 项目名称: 项目名称旁有文字未归入任何字段`,
      "perf-extract: inconsistent as printed (declaration warnings):",
      `  ${p("a.pdf")}: form 1 (项目编码 004403042210615000045), page 4, 本年度项目金额（万元）: 金额无法识别`,
      `  ${p("review.pdf")}: form 1 (项目编码 004403042210615000045), page 4, 本年度项目金额（万元）: 金额无法识别`,
    ]);
  });
});
