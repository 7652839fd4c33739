// The batch's parts on their own: input discovery, output planning, the
// default number of workers, the progress line and summary, and the XLSX
// writer read back with exceljs.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { Chalk } from "chalk";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparePaths, discoverInputs } from "../src/batch/inputs.js";
import { findCollision, isFolderOutput, mirrorPath } from "../src/batch/plan.js";
import { defaultJobs } from "../src/batch/pool.js";
import { duration, Reporter, type Counts } from "../src/batch/progress.js";
import { WARNING_LINES } from "../src/batch/report.js";
import { displayWidth, formatXlsx, WARNING_FILLS } from "../src/write/xlsx.js";
import { formatDocuments, piecewiseFormat, renderDocuments, type FormatOptions, type OutputFormat } from "../src/write/index.js";
import { documentA, documentB, documentWarned } from "./document-fixture.js";
import { lines } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "perf-extract-units-"));
  for (const name of ["b/2.pdf", "b/10.PDF", "a.txt", "a-b/x.pdf", "a/z.pdf", "a/y/x.txt", "skip.docx", ".hidden/x.pdf", "b/.tmp.pdf"]) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), "x");
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("input discovery", () => {
  it("walks a folder for .pdf and .txt in code-point order, folder by folder, skipping hidden entries", async () => {
    const { files, problems } = await discoverInputs([dir]);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.relative)).toEqual(["a/y/x.txt", "a/z.pdf", "a-b/x.pdf", "a.txt", "b/10.PDF", "b/2.pdf"]);
    expect(files.map((f) => f.path)).toEqual(files.map((f) => join(dir, ...f.relative.split("/"))));
  });

  it("keeps the arguments' order, expands patterns, converts a file reached twice once, and reports what it cannot use", async () => {
    const { files, problems } = await discoverInputs([join(dir, "a.txt"), `${dir}/b/*.pdf`, join(dir, "b"), join(dir, "missing.pdf"), `${dir}/*.xls`, "-"]);
    expect(files.map((f) => [f.relative, f.named === true])).toEqual([
      ["a.txt", true],
      ["2.pdf", false],
      ["10.PDF", false],
      ["stdin", true],
    ]);
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      [join(dir, "missing.pdf"), "file not found; check the path and the file name."],
      [`${dir}/*.xls`, "no PDF or text file matches this pattern; check it."],
    ]);
  });

  it("never walks into the output folder", async () => {
    const { files } = await discoverInputs([dir], { exclude: [join(dir, "a")] });
    expect(files.map((f) => f.relative)).toEqual(["a-b/x.pdf", "a.txt", "b/10.PDF", "b/2.pdf"]);
  });

  it("compares paths segment by segment", () => {
    expect(["a.txt", "a/b.pdf", "a-b/c.pdf"].sort(comparePaths)).toEqual(["a/b.pdf", "a-b/c.pdf", "a.txt"]);
  });
});

describe("output planning", () => {
  it("mirrors the input tree with the format's extension", () => {
    expect(mirrorPath("out", { path: "in/2024/a.pdf", relative: "2024/a.pdf" }, "json")).toBe(join("out", "2024", "a.json"));
    expect(mirrorPath("out/", { path: "x.TXT", relative: "x.TXT" }, "xlsx")).toBe(join("out", "x.xlsx"));
  });

  it("never leaves the output folder, whatever an input's relative path holds", () => {
    for (const relative of ["../../etc/passwd.pdf", "/abs/a.pdf", "a/../../b.pdf", "..\\..\\c.pdf"]) {
      const target = resolve(mirrorPath("out", { path: relative, relative }, "json"));
      expect(target.startsWith(resolve("out") + sep)).toBe(true);
    }
  });

  it("tells a folder output from a file output", () => {
    expect(isFolderOutput("out/")).toBe(true);
    expect(isFolderOutput(dir)).toBe(true);
    expect(isFolderOutput(join(dir, "all.csv"))).toBe(false);
  });

  it("finds two inputs that would share an output file", () => {
    const files = [
      { path: "a.pdf", relative: "a.pdf" },
      { path: "b.pdf", relative: "b.pdf" },
      { path: "a.txt", relative: "a.txt" },
    ];
    expect(findCollision("out", files, "csv")?.slice(0, 2)).toEqual([files[0], files[2]]);
    expect(findCollision("out", files.slice(0, 2), "csv")).toBeUndefined();
  });
});

class FakeStream {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const counts = (over: Partial<Counts>): Counts => ({ total: 10, done: 0, skipped: 0, converted: 0, forms: 0, formsToCheck: 0, indicators: 0, warnings: 0, failed: 0, ...over });

describe("the default number of worker processes", () => {
  it("is one per 50 files, at most one fewer than the cores, and at least one", () => {
    expect([1, 10, 50, 51, 100, 500].map((files) => defaultJobs(files, 8))).toEqual([1, 1, 1, 2, 2, 7]);
    expect([1, 100, 500, 5000].map((files) => defaultJobs(files, 2))).toEqual([1, 1, 1, 1]);
    expect(defaultJobs(500, 1)).toBe(1);
  });
});

describe("V8's settings for the processes of a batch (batch/tuning.ts)", () => {
  const tuning = JSON.stringify(new URL("../dist/batch/tuning.js", import.meta.url).href);
  /** Runs `script` (an ES module) in a fresh Node process; its standard output and error. */
  const inFreshProcess = (script: string): { stdout: string; stderr: string } => {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    return { stdout: run.stdout, stderr: run.stderr };
  };

  /**
   * The young generation's size after a run of "results" that each live for a
   * few files, as the main process's Documents do; in a fresh process each,
   * since a young generation that has grown does not shrink back.
   */
  const youngGeneration = (tuned: boolean): number => {
    const run = inFreshProcess(`${tuned ? `(await import(${tuning})).tuneForWriting();` : ""}
      const { getHeapSpaceStatistics } = await import("node:v8");
      const kept = [];
      for (let i = 0; i < 300; i++) {
        kept.push(Array.from({ length: 5000 }, (_, j) => ({ i, j })));
        if (kept.length > 3) kept.shift();
      }
      process.stdout.write(String(getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size));`);
    expect(run.stderr).toBe("");
    return Number(run.stdout);
  };

  it("keeps the main process's young generation at its first size, where V8 would let it grow with the batch", () => {
    const tuned = youngGeneration(true);
    const untuned = youngGeneration(false);
    expect(tuned).toBeGreaterThan(0);
    expect(untuned).toBeGreaterThanOrEqual(4 * tuned);
  });

  it("names only flags this Node's V8 knows (V8 says so on standard error for one it does not)", () => {
    // The check itself: an unknown flag is reported.
    expect(inFreshProcess(`(await import("node:v8")).setFlagsFromString("--no-such-flag-at-all");`).stderr).toMatch(/unrecognized flag/);
    expect(inFreshProcess(`const t = await import(${tuning}); t.tuneForWriting(); t.tuneForConverting();`).stderr).toBe("");
  });
});

describe("progress and summary", () => {
  const plain = new Chalk({ level: 0 });

  it("draws a live line on a terminal and replaces it with the summary", () => {
    const stream = new FakeStream();
    const reporter = new Reporter(plain, { interactive: true, quiet: false, debug: false }, stream as unknown as NodeJS.WriteStream);
    reporter.progress(counts({ done: 4, forms: 31, failed: 1 }), true);
    expect(stream.text).toMatch(/^\r\x1b\[2Kperf-extract 4\/10 files · 31 forms · 1 failed · \d+\.\d s · ETA \d+\.\d s$/);
    reporter.fail("x.pdf", "it is not a PDF file;\nreally");
    expect(stream.text.endsWith("\r\x1b[2Kperf-extract: x.pdf: it is not a PDF file; really\n")).toBe(true);
    stream.text = "";
    reporter.summary(counts({ done: 10, skipped: 2, converted: 7, forms: 80, formsToCheck: 2, indicators: 900, warnings: 3, failed: 1 }), [{ path: "x.pdf", reason: "bad" }], "all.csv", false);
    expect(stream.text.split("\n")).toEqual([
      expect.stringMatching(
        /^perf-extract: 10 files: 7 files converted, 2 up to date \(skipped; --force converts them again\), 80 forms, 900 indicators, 2 forms to check against the PDF, 3 warnings, 1 failed in \d+\.\d s$/,
      ),
      "  failed: x.pdf: bad",
      "perf-extract: wrote all.csv",
      "",
    ]);
  });

  it("prints only the error lines when standard error is not a terminal (or with --quiet)", () => {
    const stream = new FakeStream();
    const reporter = new Reporter(plain, { interactive: false, quiet: true, debug: false }, stream as unknown as NodeJS.WriteStream);
    reporter.progress(counts({ done: 4 }), true);
    reporter.info("hello");
    reporter.fail("x.pdf", "bad");
    reporter.summary(counts({ done: 10 }), [{ path: "x.pdf", reason: "bad" }], "all.csv", false);
    expect(stream.text).toBe("perf-extract: x.pdf: bad\n");
  });

  it("lists every warning after the run, extraction ones first, also when standard error is not a terminal", () => {
    const stream = new FakeStream();
    const reporter = new Reporter(plain, { interactive: false, quiet: false, debug: false }, stream as unknown as NodeJS.WriteStream);
    reporter.converted("2024/a.pdf", documentWarned);
    reporter.converted("b.txt", documentB);
    reporter.summary(counts({ done: 2, converted: 2 }), [], "all.csv", false);
    expect(stream.text.split("\n")).toEqual([
      "perf-extract: to compare with the PDF (extraction warnings; the output may differ from what is printed):",
      "  2024/a.pdf: form 1 (项目编码 004403042210615000045), page 3, 第2项指标 指标值: 第2行指标值看不清",
      "  2024/a.pdf: page 5: 第5页文字丢失",
      "  2024/a.pdf: 整份文件损坏",
      "perf-extract: inconsistent as printed (declaration warnings):",
      "  2024/a.pdf: form 1 (项目编码 004403042210615000045), page 4, 本年度项目金额（万元）: 金额无法识别",
      "",
    ]);
  });

  it("lists at most WARNING_LINES warnings, then says how many more there are; nothing with --quiet", () => {
    const many = { ...documentB, warnings: Array.from({ length: WARNING_LINES + 7 }, (_, i) => ({ ...documentWarned.warnings[1]!, message: `m${i}\nnext line` })) };
    const stream = new FakeStream();
    const reporter = new Reporter(plain, { interactive: false, quiet: false, debug: false }, stream as unknown as NodeJS.WriteStream);
    reporter.converted("a.pdf", documentA); // one declaration warning, listed after the extraction ones, or left out
    reporter.converted("many.pdf", many);
    reporter.summary(counts({}), [], undefined, false);
    const printed = lines(stream.text);
    expect(printed).toHaveLength(1 + WARNING_LINES + 1);
    expect(printed[1]).toBe("  many.pdf: form 1 (项目编码 440304221061500000100), page 3, 第2项指标 指标值: m0 next line");
    expect(printed.at(-1)).toBe('  … and 8 more warnings; every warning is in the output (the 警告 column or sheet, "warnings" in JSON)');

    const quiet = new FakeStream();
    const silent = new Reporter(plain, { interactive: false, quiet: true, debug: false }, quiet as unknown as NodeJS.WriteStream);
    silent.converted("many.pdf", many);
    silent.summary(counts({}), [], undefined, false);
    expect(quiet.text).toBe("");
  });

  it("formats durations", () => {
    expect(duration(400)).toBe("0.4 s");
    expect(duration(12_300)).toBe("12 s");
    expect(duration(185_000)).toBe("3 min 05 s");
    expect(duration(3_720_000)).toBe("1 h 02 min");
  });
});

describe("combined text outputs written one Document at a time", () => {
  const cases: [OutputFormat, FormatOptions][] = [
    ["json", {}],
    ["json", { skipNa: true }],
    ["yaml", {}],
    ["ndjson", {}],
    ["csv", {}],
    ["csv", { csv: "projects", labels: "en", skipNa: true }],
  ];
  for (const [format, options] of cases) {
    it(`gives byte for byte what formatDocuments gives: ${format} ${JSON.stringify(options)}`, () => {
      for (const docs of [[documentA, documentB, documentA], [documentB], []]) {
        const pieces = piecewiseFormat(format, options);
        const text = docs.length === 0 ? pieces.tail(0) : pieces.head + docs.map((doc, i) => pieces.item(doc, i)).join("") + pieces.tail(docs.length);
        expect(text).toBe(formatDocuments(docs, format, options));
      }
    });
  }
});

describe("XLSX writer", () => {
  async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    return workbook;
  }
  const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);

  it("writes 项目 and 指标 with bold frozen Chinese headers, numbers as numbers and formula-like text as text", async () => {
    const workbook = await read(await formatXlsx([documentA, documentB]));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["项目", "指标", "警告"]);
    const projects = workbook.getWorksheet("项目")!;
    const indicators = workbook.getWorksheet("指标")!;
    for (const sheet of [projects, indicators]) {
      expect(sheet.getRow(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    const forms = [...documentA.forms, ...documentB.forms];
    expect(projects.actualRowCount).toBe(1 + forms.length);
    expect(values(projects.getRow(1)).slice(0, 4)).toEqual(["来源文件", "表名", "页码", "项目编码"]);
    const header = values(projects.getRow(1));
    const total = header.indexOf("项目总金额（中期规划，万元）") + 1;
    const count = header.indexOf("指标数量") + 1;
    forms.forEach((form, i) => {
      expect(projects.getRow(i + 2).getCell(total).value).toBe(form.totalAmount);
      expect(projects.getRow(i + 2).getCell(count).value).toBe(form.indicators.length);
      expect(projects.getRow(i + 2).getCell(4).value).toBe(form.projectCode); // leading zeros kept: text
    });

    const iheader = values(indicators.getRow(1));
    const level3 = iheader.indexOf("三级指标") + 1;
    const number = iheader.indexOf("目标数值") + 1;
    const core = iheader.indexOf("核心指标") + 1;
    const rows = documentA.forms[0]!.indicators;
    rows.forEach((indicator, i) => {
      const row = indicators.getRow(i + 2);
      expect(row.getCell(level3).value).toBe(indicator.level3);
      expect(row.getCell(level3).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(number).value).toBe(indicator.target?.number ?? null);
      expect(row.getCell(core).value).toBe(indicator.core ? "是" : "否");
    });
    const formula = indicators.getRow(3).getCell(level3);
    expect(formula.value).toBe("=SUM(A1:A9)");
    expect(formula.formula).toBeUndefined();
    // columns fitted to their content, within bounds
    const widths = indicators.columns.map((column) => column.width ?? 0);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...widths)).toBeLessThanOrEqual(60);
    expect(indicators.getColumn(level3).width).toBe(displayWidth(rows[0]!.level3) + 2);
  });

  it("writes English headers and real booleans with --labels en, and drops 不适用 rows with skipNa", async () => {
    const workbook = await read((await renderDocuments([documentA], "xlsx", { labels: "en", skipNa: true })) as Uint8Array);
    const sheet = workbook.getWorksheet("指标")!;
    const header = values(sheet.getRow(1));
    expect(header.slice(0, 3)).toEqual(["source", "pages", "projectCode"]);
    const applicable = header.indexOf("applicable") + 1;
    const cells = Array.from({ length: sheet.actualRowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(applicable).value);
    // one row per applicable indicator; a form left without indicators keeps one row with empty indicator cells
    expect(cells).toEqual(
      documentA.forms.flatMap((form) => {
        const kept = form.indicators.filter((i) => i.applicable);
        return kept.length > 0 ? kept.map(() => true) : [null];
      }),
    );
  });

  it("lists every warning in 警告 and fills the cells a warning names, with its message as a note", async () => {
    const doc = {
      ...documentWarned,
      warnings: [
        ...documentWarned.warnings,
        { form: 1, page: 3, field: "indicators", about: "declaration" as const, code: "core-category-missing" as const, message: "缺少核心指标：成本" },
      ],
    };
    const workbook = await read(await formatXlsx([doc]));
    const cell = (sheet: string, row: number, label: string): ExcelJS.Cell => {
      const s = workbook.getWorksheet(sheet)!;
      return s.getRow(row).getCell(values(s.getRow(1)).indexOf(label) + 1);
    };
    const argb = (c: ExcelJS.Cell): string | undefined => (c.fill?.type === "pattern" ? c.fill.fgColor?.argb : undefined);

    const list = workbook.getWorksheet("警告")!;
    expect(values(list.getRow(1))).toEqual(["来源文件", "项目编码", "表序号", "页码", "字段", "类别", "代码", "说明"]);
    expect(list.actualRowCount).toBe(1 + doc.warnings.length);
    expect(values(list.getRow(2))).toEqual([doc.source, "004403042210615000045", 1, 4, "本年度项目金额（万元）", "declaration", "amount-mismatch", "金额无法识别"]);
    expect(values(list.getRow(3)).slice(4, 7)).toEqual(["第2项指标 指标值", "extraction", "row-doubtful"]);
    expect(list.getRow(5).getCell(2).value).toBeNull(); // a warning about the whole document names no 项目编码
    expect(argb(list.getRow(2).getCell(6))).toBe(WARNING_FILLS.declaration);
    expect(argb(list.getRow(3).getCell(6))).toBe(WARNING_FILLS.extraction);

    // 项目: the form's field, and 指标数量 for the table as a whole
    expect(argb(cell("项目", 2, "本年度项目金额（万元）"))).toBe(WARNING_FILLS.declaration);
    expect(cell("项目", 2, "本年度项目金额（万元）").note).toBe("金额无法识别 (amount-mismatch)");
    expect(argb(cell("项目", 2, "指标数量"))).toBe(WARNING_FILLS.declaration);
    expect(argb(cell("项目", 3, "本年度项目金额（万元）"))).toBeUndefined();
    expect(cell("项目", 2, "警告").value).toBe("金额无法识别；第2行指标值看不清；整份文件损坏；缺少核心指标：成本");
    // 指标: the form's field on each of its rows; one indicator's cell on its row only
    for (const row of [2, 3, 4, 5, 6]) expect(argb(cell("指标", row, "本年度项目金额（万元）"))).toBe(WARNING_FILLS.declaration);
    expect(argb(cell("指标", 3, "指标值"))).toBe(WARNING_FILLS.extraction);
    expect(cell("指标", 3, "指标值").note).toBe("第2行指标值看不清 (row-doubtful)");
    for (const row of [2, 4, 5, 6]) expect(cell("指标", row, "指标值").note).toBeUndefined();
    expect(argb(cell("指标", 7, "本年度项目金额（万元）"))).toBeUndefined(); // form 2
    // A cell named by both kinds takes the extraction colour and both notes.
    const both = await read(
      await formatXlsx([{ ...documentA, warnings: [...documentA.warnings, { ...documentA.warnings[0]!, about: "extraction", code: "value-unreadable", message: "看不清" }] }]),
    );
    const amount = both.getWorksheet("项目")!.getRow(2).getCell(values(both.getWorksheet("项目")!.getRow(1)).indexOf("本年度项目金额（万元）") + 1);
    expect(argb(amount)).toBe(WARNING_FILLS.extraction);
    expect(amount.note).toBe("金额无法识别 (amount-mismatch)\n看不清 (value-unreadable)");

    const en = await read(await formatXlsx([doc], { labels: "en" }));
    expect(values(en.getWorksheet("警告")!.getRow(1))).toEqual(["source", "projectCode", "form", "page", "field", "about", "code", "message"]);
    expect(en.getWorksheet("警告")!.getRow(3).getCell(5).value).toBe("indicators[1].value");
  });

  it("gives the same bytes for the same Documents", async () => {
    const a = await formatXlsx([documentA], { date: new Date("2024-05-01T00:00:00Z") });
    const b = await formatXlsx([documentA], { date: new Date("2024-05-01T00:00:00Z") });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("counts wide characters twice in a column's width", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("项目编码")).toBe(8);
    expect(displayWidth("ab\n项目编码x")).toBe(9);
  });
});
