import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExtractError } from "../src/errors.js";
import { extract } from "../src/extract.js";
import { parseTextDump } from "../src/parse/text-dump.js";
import { isLayoutText, readLayoutText } from "../src/read/layout-text.js";
import type { Document, Form } from "../src/schema.js";
import { CORPUS, FIXTURES, truthOf } from "./helpers.js";

// Text dumps of declarations by common PDF text extractors: those that keep the
// page's columns (pdftotext -layout, pdfplumber layout=True) are read as
// positioned text by the PDF stages; those in drawing order by the text-dump
// parser; those that lost the reading order are refused. The dumps of the
// fixture PDFs are made by scripts/make-text-dumps.mjs (`npm run text-dumps`).

const DUMPS = join(FIXTURES, "text", "dumps");
const CORPUS_DUMPS = join(CORPUS, "dumps");

/** A text dump keeps no page numbers, and extractors do not keep every space: compare without white space. */
function comparable(forms: Form[]): unknown {
  return JSON.parse(JSON.stringify(forms.map((f) => ({ ...f, pages: [] }))).replace(/(?:\s|\\n)+/g, ""));
}

async function outcome(path: string): Promise<{ document: Document } | { refused: ExtractError }> {
  try {
    return { document: await extract(path) };
  } catch (error) {
    if (error instanceof ExtractError) return { refused: error };
    throw error;
  }
}

/** A fixture dump's truth is its PDF's (a fixture, or a PDF of the corpus); a corpus dump has its own beside it. */
function truthFor(dir: string, file: string) {
  if (dir !== DUMPS) return truthOf(join(dir, file));
  const name = file.split("__")[0]!;
  return truthOf(existsSync(join(FIXTURES, `${name}.pdf`)) ? join(FIXTURES, `${name}.pdf`) : join(CORPUS, `${name}.pdf`));
}

// What each dump of a fixture PDF gives. The fixture generator draws the merged
// 一级/二级 cells after a page's rows, so every dump in drawing order lost which
// rows they label: refused. The layout dumps are read by position; where that
// is not exact yet, every form that differs carries an extraction warning.
const FIXTURE_DUMPS: Record<string, "exact" | "refused" | "warned"> = {
  "a3-large__pdftotext-layout": "exact",
  "a4-multi-per-page__pdftotext-layout": "exact",
  "a4-rotated-pages__pdftotext-layout": "exact",
  "16k-borderless-top__pdftotext-layout": "warned",
  "cid-stsong-nonembedded__pdftotext-layout": "warned",
  "letter-split-rows__pdftotext-layout": "warned",
  // Found wrong without a word by a trial of every extractor on every fixture:
  // a merged 二级 name half a line off its rows' middle, settled by the 三级指标
  // names (a grid keeps the line, not the half line);
  "a4-landscape-filled-serif__pdftotext-layout": "exact",
  // a 项目概况 line spaced out at a Latin word (IDC    机房…) past the column of
  // labels on the right, and full lines with Latin in them taken for ended;
  "a4-landscape-filled-serif__plumber-layout": "exact",
  "synth-101__plumber-layout": "exact",
  // a line blank across the table, between two rows, taken into a cell;
  "pub-rl-split__pdftotext-layout": "exact",
  // an explanation line that lost the spaces around 7*24 taken for the next row's 三级指标;
  "synth-101__pdftotext-raw": "exact",
  // 满意度 *服务对象满意 / 度: a 二级指标 wrapped after its 一级;
  "synth-102__pdfjs": "exact",
  // a header list cut by a page break given to the next field (pub-ovsplit)
  // or the field before (a4-open-breaks); 及时 taken for the wrap of 24 小时内;
  "a4-open-breaks__pdftotext-layout": "warned",
  "pub-ovsplit__pdftotext-layout": "warned",
  "seed-rl__pdftotext-layout": "warned",
  // 系统可用率（按全年 7*24 小时计 / 算）: a wrapped 三级指标 and 指标解释 parted
  // between two rows, their brackets left unpaired;
  "a4-objstm-forms__plumber-layout": "warned",
  // pages set sideways, written backwards by pdfplumber (表报申标目效绩出支目项级二):
  // their forms are missing, which a warning on the document says;
  "a4-rotated-pages__plumber-layout": "warned",
  // the sign-off line after a table (单位负责人：王建国 填报人：…) taken into its last row;
  "a4-forms-then-tables__pdftotext-layout": "warned",
  // 项目总金额（中… run into 分配方式 by pdfplumber's text without layout;
  "letter-split-rows__plumber": "warned",
  // a wrapped 一级预算单位 (`局（本级）`) set under another field's value, and a
  // row wrapping as a whole (`≥153 个系` / `统`) read as two rows;
  "seed-chromium__pdftotext-layout": "warned",
  "seed-chromium__plumber-layout": "warned",
  // a blank line left inside a 三级指标 by pdfplumber, its last line given to the next row;
  "pub-rl-split__plumber-layout": "warned",
  // a page break without a form feed missed at the text's end: a row at a page's
  // top took the next 二级 name below it;
  "cid-stsong-nonembedded__plumber-layout": "warned",
  // text the PDF hides by clipping (WPS draws a row crossing a page break whole
  // on both pages): a row dumped twice.
  "pub-wps-clip__pdftotext-layout": "warned",
  "pub-wps-clip__plumber-layout": "warned",
};
for (const pdf of ["a3-large", "a4-multi-per-page", "a4-rotated-pages"])
  for (const extractor of ["pdftotext-raw", "mutool", "pymupdf", "pdfjs"]) FIXTURE_DUMPS[`${pdf}__${extractor}`] = "refused";

async function check(dir: string, file: string, expected: "exact" | "refused" | "warned"): Promise<void> {
  const truth = truthFor(dir, file);
  const result = await outcome(join(dir, file));
  if (expected === "refused") {
    expect("refused" in result, `${file} is refused`).toBe(true);
    if ("refused" in result) {
      expect(result.refused.code).toBe("layout-lost");
      expect(result.refused.message).toMatch(/this text has lost the table's layout .*; convert the PDF itself, or dump it with `pdftotext -layout`$/);
    }
    return;
  }
  expect("document" in result, `${file} is read`).toBe(true);
  if (!("document" in result)) return;
  const { forms, warnings, pageCount } = result.document;
  expect(pageCount).toBeNull();
  expect(forms.every((f) => f.pages.length === 0)).toBe(true);
  const extraction = warnings.filter((w) => w.about === "extraction");
  if (expected === "exact") {
    expect(comparable(forms)).toStrictEqual(comparable(truth));
    expect(extraction).toEqual([]);
    return;
  }
  // Warned: never a wrong form without a word.
  expect(extraction.length).toBeGreaterThan(0);
  const want = comparable(truth) as unknown[];
  const got = comparable(forms) as unknown[];
  got.forEach((form, i) => {
    if (JSON.stringify(form) !== JSON.stringify(want[i])) expect(extraction.some((w) => w.form === i + 1 || w.form === null), `form ${i + 1} of ${file} differs and is named`).toBe(true);
  });
  // Forms missing from the output are named by a warning on the document.
  if (got.length < want.length) expect(extraction.some((w) => w.form === null), `the forms missing from ${file} are named`).toBe(true);
}

describe("dumps of the fixture PDFs", () => {
  it("are all there, and each has its expected outcome", () => {
    const files = readdirSync(DUMPS).filter((f) => f.endsWith(".txt"));
    expect(files.map((f) => f.replace(/\.txt$/, "")).sort()).toEqual(Object.keys(FIXTURE_DUMPS).sort());
  });
  for (const [name, expected] of Object.entries(FIXTURE_DUMPS)) {
    it(`${name}: ${expected}`, async () => check(DUMPS, `${name}.txt`, expected), 60_000);
  }
});

describe("dumps of the acceptance corpus", () => {
  const files = readdirSync(CORPUS_DUMPS).filter((f) => f.endsWith(".txt"));
  for (const file of files) {
    // pdfminer's text has lost which label goes with which value.
    const expected = /__pdfminer\.txt$/.test(file) ? "refused" : "exact";
    it(`${file}: ${expected}`, async () => check(CORPUS_DUMPS, file, expected), 60_000);
  }
});

describe("layout dumps left in doubt name the field in doubt", () => {
  const named = async (file: string, form: number) => {
    const { warnings } = await extract(join(DUMPS, file));
    return warnings.filter((w) => w.about === "extraction" && w.form === form).map((w) => `${w.code} ${w.field}`);
  };
  it("a wrapped header value set under another field's value names both fields", async () => {
    expect(await named("seed-chromium__pdftotext-layout.txt", 2)).toEqual(expect.arrayContaining(["value-doubtful projectName", "value-doubtful budgetUnit"]));
    expect(await named("seed-chromium__plumber-layout.txt", 7)).toEqual(expect.arrayContaining(["value-doubtful projectName", "value-doubtful budgetUnit"]));
  }, 60_000);
  it("a row wrapping as a whole, read as two rows, names both", async () => {
    expect(await named("seed-chromium__plumber-layout.txt", 11)).toEqual(["row-doubtful indicators[0]", "row-doubtful indicators[1]"]);
  }, 60_000);
  it("a 三级指标 line after a blank line, a line apart from its row, names both rows", async () => {
    expect(await named("pub-rl-split__plumber-layout.txt", 1)).toEqual(["row-doubtful indicators[0]", "row-doubtful indicators[1]"]);
  }, 60_000);
  it("a row dumped twice (clipped text of a row crossing a page break) names the repeat", async () => {
    expect(await named("pub-wps-clip__plumber-layout.txt", 1)).toContain("row-doubtful indicators[4]");
  }, 60_000);
  it("a page break without a form feed is found though the text's last page ends short", async () => {
    const { forms } = await extract(join(DUMPS, "cid-stsong-nonembedded__plumber-layout.txt"));
    const truth = truthFor(DUMPS, "cid-stsong-nonembedded__plumber-layout.txt");
    expect(forms[0]!.indicators.map((r) => r.level2)).toEqual(truth[0]!.indicators.map((r) => r.level2));
  }, 60_000);
});

describe("layout text", () => {
  const layout = readFileSync(join(CORPUS_DUMPS, "synth-101__pdftotext-layout.txt"), "utf8");

  it("is told from text in drawing order by its runs of spaces", () => {
    expect(isLayoutText(layout)).toBe(true);
    expect(isLayoutText(readFileSync(join(CORPUS, "seed.txt"), "utf8"))).toBe(false);
    expect(isLayoutText(readFileSync(join(CORPUS_DUMPS, "synth-102__mutool.txt"), "utf8"))).toBe(false);
  });

  it("becomes positioned pages: one per form feed, a word's column its x, its line the baseline", () => {
    const read = readLayoutText("项目编码：   4403\n\n  二级指标 *数量\fX");
    expect(read.pageCount).toBe(2);
    const [page] = read.pages;
    expect(page!.grid).toBeDefined();
    const [label, code, a, b] = page!.fragments;
    expect(code!.x0 - label!.x0).toBeCloseTo(8 * page!.grid!.column); // 5 characters and 3 spaces
    expect(a!.baseline - label!.baseline).toBeCloseTo(2 * page!.grid!.pitch);
    expect(b!.spaceBefore).toBe(true);
  });

  it("counts an ideograph as two columns where the dump was laid out that way", () => {
    // Aligned under display width: the second column starts at display column 12 on every line.
    const lines = ["项目编码：  4403", "申请单位    深圳", "实施期限：  2"].map((l) => l.replace(/^(\S+)\s+/, (m, w: string) => w + " ".repeat(12 - [...w].reduce((n, ch) => n + (/[\x00-\x7f]/.test(ch) ? 1 : 2), 0))));
    const read = readLayoutText(lines.join("\n"));
    const starts = read.pages[0]!.fragments.filter((f) => f.x0 > 0).map((f) => f.x0);
    expect(new Set(starts).size).toBe(1);
  });

  it("without form feeds, parts pages after the page numbers", () => {
    const page = (n: number) => ["    二级项目支出绩效目标申报表", "    项目编码：    4403", "", `        第 ${n} 页`];
    const read = readLayoutText([...page(1), ...page(2), ...page(3)].join("\n"));
    expect(read.pageCount).toBe(3);
  });

  it("without form feeds or page numbers, parts pages padded to the same number of lines at their blank margins", () => {
    const page = ["", "", "    二级项目支出绩效目标申报表", ...Array.from({ length: 20 }, (_, i) => `    项目编码：    ${4400 + i}`), "", ""];
    const read = readLayoutText([...page, ...page].join("\n"));
    expect(read.pageCount).toBe(2);
  });
});

describe("text in drawing order", () => {
  const dump = readFileSync(join(CORPUS_DUMPS, "seed-rl__pdftotext-raw.txt"), "utf8");

  it("drops a running page header beside the page numbers when no form feed parts the pages", async () => {
    const text = dump.replaceAll("\f", "\n");
    expect(text).toContain("深圳市2024年区级部门预算");
    const { forms, orderLost } = parseTextDump(text);
    expect(orderLost).toBeNull();
    expect(JSON.stringify(forms)).not.toContain("深圳市2024年区级部门预算");
    expect(comparable(forms)).toStrictEqual(comparable(truthOf(join(CORPUS_DUMPS, "seed-rl__pdftotext-raw.txt"))));
  });

  it("closes up ideographs spaced apart where the font changed (MuPDF), and cuts a value glued to the next label (pypdf)", () => {
    const text = readFileSync(join(CORPUS_DUMPS, "synth-102__mutool.txt"), "utf8").replace("440305249717592927972\n项目名称：", "440305249717592927972项目名称：");
    expect(text).toMatch(/主 要 考 察/);
    const { forms } = parseTextDump(text);
    expect(forms[0]!.projectCode).toBe("440305249717592927972");
    expect(forms[0]!.projectName).toBe("数据中心运行维护");
    expect(JSON.stringify(forms)).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
  });
});

describe("text that lost its reading order", () => {
  const head = ["二级项目支出绩效目标申报表", "项目编码： 4403 项目名称： 测试"];
  const refusal = (lines: string[]) => parseTextDump(lines.join("\n")).orderLost;

  it("is told by header labels one after another with no value between them", () => {
    expect(refusal([...head, "申请单位：", "实施期限：", "项目类型：", "单位", "3"])).toMatch(/header labels/);
    expect(refusal([...head, "申请单位：", "单位", "实施期限：", "3"])).toBeNull();
  });

  it("is told by the table head's words parted by the table's cells", () => {
    expect(refusal([...head, "一级指标", "二级指标", "三级指标", "产出", "*数量", "指标值", "指标解释"])).toMatch(/table head/);
    expect(refusal([...head, "一级指", "标", "二级指标 三级指标 指标值 指标解释", "产出 *数量 人次 3 人 该指标"])).toBeNull();
  });

  it("is told by the merged 一级/二级 names set after the rows they label", () => {
    const table = ["一级指标 二级指标 三级指标 指标值 指标解释", "人次 3 人 该指标主要考察人次", "场次 2 场 该指标主要考察场次"];
    expect(refusal([...head, ...table, "产出", "*数量", "*质量"])).toMatch(/一级\/二级 names/);
    // Names ahead of their rows say which rows they label.
    expect(refusal([...head, table[0]!, "产出", "效益", "*数量 人次 3 人 该指标主要考察人次", "*质量 场次 2 场 该指标主要考察场次", "经济效益 不适用 不适用 不适用"])).toBeNull();
  });

  it("is refused with one sentence that says what to do", async () => {
    await expect(extract(join(CORPUS_DUMPS, "synth-101__pdfminer.txt"))).rejects.toMatchObject({
      code: "layout-lost",
      message: expect.stringMatching(/^this text has lost the table's layout \(.*\); convert the PDF itself, or dump it with `pdftotext -layout`$/),
    });
  });
});
