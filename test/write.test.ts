import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Document } from "../src/schema.js";
import {
  CSV_LABELS_ZH,
  csvColumns,
  escapeFormula,
  spreadsheetText,
  formatDocuments,
  formatForPath,
  type CsvColumn,
  type FormatOptions,
} from "../src/write/index.js";
import { documentA, documentB, documentWarned, form } from "./document-fixture.js";

const BOM = "\uFEFF";

/** Parse CSV text back into objects keyed by the header row. */
function readCsv(text: string): Record<string, string>[] {
  return parseCsv(text, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];
}

function csv(docs: Document | Document[], options: FormatOptions = {}): Record<string, string>[] {
  return readCsv(formatDocuments(docs, "csv", options));
}

function withoutNa(doc: Document): Document {
  return { ...doc, forms: doc.forms.map((f) => ({ ...f, indicators: f.indicators.filter((i) => i.applicable) })) };
}

describe("JSON", () => {
  it("writes one Document as an object, pretty-printed with a trailing newline", () => {
    const text = formatDocuments(documentA, "json");
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.startsWith('{\n  "source": "declarations/2024/fu-tian.pdf",')).toBe(true);
    expect(JSON.parse(text)).toEqual(documentA);
  });

  it("writes an array of Documents as an array, even of one", () => {
    expect(JSON.parse(formatDocuments([documentA, documentB], "json"))).toEqual([documentA, documentB]);
    expect(JSON.parse(formatDocuments([documentB], "json"))).toEqual([documentB]);
    expect(formatDocuments([], "json")).toBe("[]\n");
  });

  it("keeps text as printed: no formula escaping, full-width characters unchanged", () => {
    const text = formatDocuments(documentA, "json");
    expect(text).toContain('"level3": "=SUM(A1:A9)"');
    expect(text).toContain("＝＋＠全角开头不会被执行");
    expect(text).toContain('"projectCode": "004403042210615000045"');
  });

  it("drops 不适用 rows with skipNa", () => {
    const back = JSON.parse(formatDocuments(documentA, "json", { skipNa: true })) as Document;
    expect(back).toEqual(withoutNa(documentA));
    expect(back.forms[0]!.indicators).toHaveLength(4);
  });

  it("validates every Document against the schema before writing", () => {
    const extraKey = { ...documentA, extra: 1 } as unknown as Document;
    expect(() => formatDocuments(extraKey, "json")).toThrow();
    const badCode = { ...documentB, forms: [{ ...form(), projectCode: 440304 }] } as unknown as Document;
    expect(() => formatDocuments([documentA, badCode], "csv")).toThrow();
    const missingWarnings = { source: "x.pdf", pageCount: 1, forms: [] } as unknown as Document;
    expect(() => formatDocuments(missingWarnings, "yaml")).toThrow();
  });
});

describe("NDJSON", () => {
  it("writes one Document per line", () => {
    const text = formatDocuments([documentA, documentB], "ndjson");
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines.slice(0, 2).map((line) => JSON.parse(line) as unknown)).toEqual([documentA, documentB]);
  });

  it("writes a single Document as one line", () => {
    const text = formatDocuments(documentA, "ndjson");
    expect(text.split("\n")).toHaveLength(2);
    expect(JSON.parse(text)).toEqual(documentA);
  });

  it("drops 不适用 rows with skipNa", () => {
    const text = formatDocuments([documentA], "ndjson", { skipNa: true });
    expect(JSON.parse(text)).toEqual(withoutNa(documentA));
  });
});

describe("YAML", () => {
  it("parses back to the same tree as JSON", () => {
    expect(parseYaml(formatDocuments(documentA, "yaml"))).toEqual(documentA);
    expect(parseYaml(formatDocuments([documentA, documentB], "yaml"))).toEqual([documentA, documentB]);
  });

  it("keeps digit strings as strings and text as printed", () => {
    const text = formatDocuments(documentB, "yaml");
    const back = parseYaml(text) as Document;
    expect(back.forms[0]!.projectCode).toBe("440304221061500000100");
    expect(back.forms[0]!.projectTypeCode).toBe("15");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("drops 不适用 rows with skipNa", () => {
    expect(parseYaml(formatDocuments(documentA, "yaml", { skipNa: true }))).toEqual(withoutNa(documentA));
  });
});

describe("CSV", () => {
  it("starts with a byte-order mark, ends records with CRLF and has one header row", () => {
    const text = formatDocuments(documentA, "csv");
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.startsWith(`${BOM}来源文件,页码,项目编码,项目名称,`)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("来源文件")).toHaveLength(2);
    const rows = parseCsv(text, { bom: true }) as string[][];
    const width = rows[0]!.length;
    expect(rows.every((row) => row.length === width)).toBe(true);
  });

  it("quotes commas, quotes and line breaks per RFC 4180", () => {
    const text = formatDocuments(documentA, "csv", { csv: "projects" });
    expect(text).toContain('"1.保障离退休干部节日慰问；\n2.按时发放，做到“应发尽发”, 不漏一人"');
    expect(text).toContain('"通过及时完成离退休干部节日慰问金的发放，""保证""离休干部的节日慰问"');
    const rows = csv(documentA, { csv: "projects" });
    expect(rows[0]!["项目概况"]).toBe(documentA.forms[0]!.overview);
    expect(rows[0]!["年度目标"]).toBe(documentA.forms[0]!.annualGoal);
  });

  describe("indicators shape (default)", () => {
    it("writes one row per indicator with the form fields repeated, and the Chinese labels", () => {
      const rows = csv(documentA);
      // form 1: 5 indicators; form 2: none, still one row
      expect(rows).toHaveLength(6);
      expect(Object.keys(rows[0]!)).toEqual([
        "来源文件",
        "页码",
        "项目编码",
        "项目名称",
        "申请单位",
        "一级预算单位",
        "实施期限",
        "项目类型编码",
        "项目类型",
        "是否新增项目",
        "分配方式",
        "项目总金额（中期规划，万元）",
        "本年度项目金额（万元）",
        "一级指标",
        "二级指标",
        "核心指标",
        "三级指标",
        "指标值",
        "运算符",
        "目标数值",
        "计量单位",
        "指标解释",
        "是否适用",
        "警告",
      ]);
      for (const row of rows.slice(0, 5)) {
        expect(row["来源文件"]).toBe("declarations/2024/fu-tian.pdf");
        expect(row["项目编码"]).toBe('="004403042210615000045"');
        expect(row["页码"]).toBe("3;4");
        expect(row["项目总金额（中期规划，万元）"]).toBe("5068.37");
        expect(row["本年度项目金额（万元）"]).toBe("0");
        expect(row["是否新增项目"]).toBe("否");
      }
      expect(rows[0]).toMatchObject({
        一级指标: "产出",
        二级指标: "数量",
        核心指标: "是",
        三级指标: "发放离退休干部节日慰问金人数",
        指标值: "3 人",
        运算符: "'=",
        目标数值: "3",
        计量单位: "人",
        是否适用: "是",
      });
      expect(rows[1]).toMatchObject({ 运算符: "≥", 目标数值: "95", 计量单位: "%" });
      // qualitative value: target cells empty
      expect(rows[2]).toMatchObject({ 核心指标: "否", 指标值: "及时", 运算符: "", 目标数值: "", 计量单位: "" });
      expect(rows[3]).toMatchObject({ 三级指标: "不适用", 是否适用: "否" });
    });

    it("keeps a form with no indicators as one row with empty indicator cells", () => {
      const row = csv(documentA)[5]!;
      expect(row["项目编码"]).toBe('="440304221061500000099"');
      expect(row["是否新增项目"]).toBe("是");
      expect(row["实施期限"]).toBe("");
      expect(row["项目总金额（中期规划，万元）"]).toBe("");
      expect(row["本年度项目金额（万元）"]).toBe("-12.5");
      for (const label of ["一级指标", "二级指标", "核心指标", "三级指标", "指标值", "运算符", "目标数值", "计量单位", "指标解释", "是否适用"]) {
        expect(row[label]).toBe("");
      }
    });

    it("uses the JSON key names and true/false with labels: en", () => {
      const rows = csv(documentA, { labels: "en" });
      expect(Object.keys(rows[0]!)).toEqual(csvColumns("indicators"));
      expect(Object.keys(rows[0]!).slice(-11)).toEqual([
        "level1",
        "level2",
        "core",
        "level3",
        "value",
        "targetOperator",
        "targetNumber",
        "targetUnit",
        "explanation",
        "applicable",
        "warnings",
      ]);
      expect(rows[0]).toMatchObject({ source: "declarations/2024/fu-tian.pdf", isNew: "false", core: "true", applicable: "true" });
      expect(rows[3]).toMatchObject({ applicable: "false" });
      expect(rows[5]).toMatchObject({ isNew: "true", core: "", applicable: "" });
    });

    it("concatenates the rows of several Documents under one header", () => {
      const text = formatDocuments([documentA, documentB], "csv", { labels: "en" });
      expect(text.split("source,")).toHaveLength(2);
      const rows = readCsv(text);
      expect(rows).toHaveLength(7);
      expect(rows.map((row) => row.source)).toEqual([...Array<string>(6).fill("declarations/2024/fu-tian.pdf"), "seed.txt"]);
      expect(rows[6]).toMatchObject({ pages: "", targetOperator: ">", targetNumber: "90", value: "＞90%" });
    });

    it("drops 不适用 rows with skipNa, but never a form", () => {
      const rows = csv(documentA, { skipNa: true, labels: "en" });
      expect(rows).toHaveLength(5);
      expect(rows.some((row) => row.applicable === "false")).toBe(false);
      const allNa = { ...documentB, forms: [form({ indicators: [form().indicators[3]!] })] };
      const only = csv(allNa, { skipNa: true, labels: "en" });
      expect(only).toHaveLength(1);
      expect(only[0]).toMatchObject({ projectCode: '="004403042210615000045"', level3: "", applicable: "" });
    });
  });

  describe("projects shape", () => {
    it("writes one row per form: every Form field except indicators, plus indicatorCount", () => {
      const rows = csv([documentA, documentB], { csv: "projects", labels: "en" });
      expect(rows).toHaveLength(3);
      const formKeys = Object.keys(form()).filter((key) => key !== "indicators");
      expect(Object.keys(rows[0]!)).toEqual(["source", ...formKeys, "indicatorCount", "warnings"]);
      expect(rows.map((row) => row.indicatorCount)).toEqual(["5", "0", "1"]);
      expect(rows[0]).toMatchObject({
        source: "declarations/2024/fu-tian.pdf",
        title: "二级项目支出绩效目标申报表",
        pages: "3;4",
        projectCode: '="004403042210615000045"',
        period: "3",
        isNew: "false",
        totalAmount: "5068.37",
        longTermGoal: "",
      });
      expect(rows[2]).toMatchObject({ source: "seed.txt", pages: "" });
    });

    it("uses the printed Chinese labels by default", () => {
      const rows = csv(documentA, { csv: "projects" });
      expect(Object.keys(rows[0]!)).toEqual([
        "来源文件",
        "表名",
        "页码",
        "项目编码",
        "项目名称",
        "申请单位",
        "一级预算单位",
        "实施期限",
        "项目类型编码",
        "项目类型",
        "是否新增项目",
        "分配方式",
        "项目总金额（中期规划，万元）",
        "本年度项目金额（万元）",
        "项目概况",
        "年度目标",
        "长期目标",
        "指标数量",
        "警告",
      ]);
      expect(rows[1]).toMatchObject({ 是否新增项目: "是", 指标数量: "0" });
    });

    it("counts indicators after skipNa", () => {
      const rows = csv(documentA, { csv: "projects", labels: "en", skipNa: true });
      expect(rows[0]!.indicatorCount).toBe("4");
    });
  });

  describe("formula escaping", () => {
    it("prefixes ' to text cells beginning with = + - @, ＝＋－＠, tab or CR", () => {
      for (const start of ["=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r"]) {
        expect(escapeFormula(`${start}1+1`)).toBe(`'${start}1+1`);
      }
      for (const safe of ["", "1+1", "≥95%", "＞90%", " =1", "a=b", "'=1"]) {
        expect(escapeFormula(safe)).toBe(safe);
      }
    });

    it("escapes text cells in the written CSV, and only there", () => {
      const rows = csv(documentA, { labels: "en" });
      expect(rows[1]).toMatchObject({ level3: "'=SUM(A1:A9)", explanation: "'+该指标主要考察准确率" });
      expect(rows[2]!.explanation).toBe("'@及时发放");
      expect(rows[4]).toMatchObject({ level3: "'－5%的投诉下降", value: '="-5%"', explanation: "'＝＋＠全角开头不会被执行" });
      expect(rows[5]!.projectName).toBe("'＠空表, 没有指标");
      const projects = csv(documentA, { csv: "projects", labels: "en" });
      expect(projects[1]).toMatchObject({ overview: "'\t以制表符开头", annualGoal: "'\r以回车开头", longTermGoal: "'-长期" });
    });

    it("writes numbers, negative ones included, as plain numbers", () => {
      const rows = csv(documentA, { labels: "en" });
      expect(rows[4]!.targetNumber).toBe("-5");
      expect(rows[5]!.annualAmount).toBe("-12.5");
    });

    it("writes the operator = as text, so it is escaped too", () => {
      expect(csv(documentA, { labels: "en" })[0]!.targetOperator).toBe("'=");
    });
  });

  describe("warnings column", () => {
    it("holds, on each indicator row, the messages naming its form and that row or no row, joined with ；", () => {
      const rows = csv(documentWarned);
      const all = "整份文件损坏";
      expect(rows.map((row) => row["警告"])).toEqual([
        `金额无法识别；${all}`,
        `金额无法识别；第2行指标值看不清；${all}`,
        `金额无法识别；${all}`,
        `金额无法识别；${all}`,
        `金额无法识别；${all}`,
        `第5页文字丢失；${all}`, // form 2 is printed on page 5
      ]);
      expect(csv(documentB).map((row) => row["警告"])).toEqual([""]);
    });

    it("holds every message of the form in the projects shape", () => {
      const rows = csv(documentWarned, { csv: "projects", labels: "en" });
      expect(rows.map((row) => row.warnings)).toEqual(["金额无法识别；第2行指标值看不清；整份文件损坏", "第5页文字丢失；整份文件损坏"]);
    });

    it("follows an indicator's row when skipNa drops the rows before it, and moves a dropped row's warning to its form", () => {
      const doc: Document = {
        ...documentA,
        warnings: [
          { form: 1, page: 3, field: "indicators[4].value", about: "extraction", code: "row-doubtful", message: "第5行" },
          { form: 1, page: 3, field: "indicators[3].level3", about: "extraction", code: "row-doubtful", message: "不适用行" },
        ],
      };
      const kept = JSON.parse(formatDocuments(doc, "json", { skipNa: true })) as Document;
      expect(kept.warnings.map((w) => w.field)).toEqual(["indicators[3].value", "indicators"]);
      const rows = csv(doc, { skipNa: true, labels: "en" });
      expect(rows.map((row) => row.warnings)).toEqual(["不适用行", "不适用行", "不适用行", "第5行；不适用行", ""]);
    });
  });

  describe("text a spreadsheet would convert on opening", () => {
    it("is written as =\"…\": codes, percentages, dates, fractions, exponents, leading zeros, booleans", () => {
      for (const text of ["440310241012030000801", "004403", "100%", "-5%", "1-2", "3/4", "1e5", "1,000", "(12)", "¥100", "12:30", "2024年3月", "3月5日", "５０％", "5 May", "TRUE", "false", "#N/A"]) {
        expect(spreadsheetText(text), text).toBe(`="${text}"`);
      }
    });

    it("leaves other text as it is, or guarded with ' where it would run as a formula", () => {
      for (const text of ["", "≥95%", "＞90%", "3 人", "24 小时内", "95%以上", "及时", "不适用", "seed.txt", "a4 1-2"]) {
        expect(spreadsheetText(text), text).toBe(text);
      }
      for (const text of ["=1+1", "+1 人", "-长期", "@x", "＝5", "\t1"]) expect(spreadsheetText(text), text).toBe(`'${text}`);
      const long = "1".repeat(256); // longer than a formula's text constant may be
      expect(spreadsheetText(long)).toBe(long);
    });

    it("quotes a cell holding a semicolon or a tab, which LibreOffice's import also splits at by default", () => {
      const text = formatDocuments(documentA, "csv", { labels: "en" });
      expect(text).toContain(',"3;4",');
      expect(text).toContain('"=""004403042210615000045"""');
    });
  });

  it("has a Chinese label for every column, all different", () => {
    const columns = new Set<CsvColumn>([...csvColumns("indicators"), ...csvColumns("projects")]);
    const labels = [...columns].map((column) => CSV_LABELS_ZH[column]);
    expect(labels.every((label) => label.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
    expect(CSV_LABELS_ZH.targetOperator).toBe("运算符");
    expect(CSV_LABELS_ZH.targetNumber).toBe("目标数值");
    expect(CSV_LABELS_ZH.targetUnit).toBe("计量单位");
  });

  it("writes only the header row for no Documents", () => {
    expect(formatDocuments([], "csv", { labels: "en" })).toBe(`${BOM}${csvColumns("indicators").join(",")}\r\n`);
  });
});

describe("formatForPath", () => {
  it("maps file extensions to formats", () => {
    expect(formatForPath("out.json")).toBe("json");
    expect(formatForPath("dir.v2/out.YAML")).toBe("yaml");
    expect(formatForPath("out.yml")).toBe("yaml");
    expect(formatForPath("out.ndjson")).toBe("ndjson");
    expect(formatForPath("out.jsonl")).toBe("ndjson");
    expect(formatForPath("表/输出.csv")).toBe("csv");
    expect(formatForPath("out.txt")).toBeUndefined();
    expect(formatForPath("out")).toBeUndefined();
    expect(formatForPath("dir.csv/out")).toBeUndefined();
  });
});
