// The CSV and XLSX files opened by a real spreadsheet: LibreOffice Calc, headless,
// converts them and the result is read back with exceljs. Skipped, with the
// reason in the test name, where LibreOffice is not installed.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Document } from "../src/schema.js";
import { formatDocuments } from "../src/write/index.js";
import { formatXlsx, WARNING_FILLS, XLSX_SHEETS } from "../src/write/xlsx.js";
import { documentWarned, form, indicator } from "./document-fixture.js";
import { convertWithLibreOffice, NO_SOFFICE, readWorkbook, sheetRecords, SOFFICE, SOFFICE_TIMEOUT } from "./libreoffice.js";

const dir = mkdtempSync(join(tmpdir(), "perf-extract-spreadsheet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 指标值 that a spreadsheet's type detection turns into something else (written as ="…"), text it leaves alone,
// and a formula (written with the guard ').
const CONVERTIBLE = ["100%", "1-2", "3/4", "1e5", "007", "-5%", "2024年3月"];
const VALUES = [...CONVERTIBLE, "≥95%", "3 人", "=SUM(A1)"];
const CODES = ["440310241012030000801", "440310241012030000802", "004403042210615000045"];

const document: Document = {
  source: "2024/01.pdf",
  pageCount: 3,
  forms: CODES.map((projectCode, f) =>
    form({ pages: [f + 1], projectCode, projectTypeCode: "05", indicators: VALUES.map((value) => indicator({ value, target: null })) }),
  ),
  warnings: [{ form: 2, page: 2, field: "indicators[0].value", about: "extraction", code: "row-doubtful", message: "第1行指标值看不清" }],
};

// CSV import settings: LibreOffice's filter options (separators, quote, charset, first row, column types, language,
// quoted field as text, detect special numbers, -, -, trim spaces, -, evaluate formulas).
const IMPORTS = [
  {
    // Type detection of everything (numbers, percentages, dates) and formulas evaluated, as Excel and WPS do on a
    // double-click, and as LibreOffice does when only separator, quote and charset are given.
    what: "keeps every 项目编码 digit-exact and every 指标值 as printed, detecting every type as Excel and WPS do",
    options: "44,34,76,1",
    evaluated: true,
  },
  {
    // What LibreOffice's own import dialog proposes when the CSV is double-clicked: comma, semicolon and tab as
    // separators, no special numbers, formulas not evaluated: ="…" stays visible around the text.
    what: "keeps every 项目编码 and 指标值 as text, digit for digit, with the defaults of LibreOffice's import dialog",
    options: "44/59/9,34,76,1,,0,false,false,true,false,false,0,false",
    evaluated: false,
  },
];

let files = 0;
async function csvThroughLibreOffice(csv: string, options: string): Promise<Record<string, unknown>[]> {
  const file = join(dir, `in-${++files}.csv`);
  writeFileSync(file, csv);
  const workbook = await readWorkbook(convertWithLibreOffice(file, "xlsx", `Text - txt - csv (StarCalc):${options}`));
  return sheetRecords(workbook.worksheets[0]!);
}

describe(`a CSV opened in LibreOffice${SOFFICE ? "" : ` — ${NO_SOFFICE}`}`, () => {
  for (const { what, options, evaluated } of IMPORTS) {
    it.skipIf(!SOFFICE)(
      what,
      async () => {
        const rows = await csvThroughLibreOffice(formatDocuments(document, "csv"), options);
        expect(rows).toHaveLength(CODES.length * VALUES.length);
        const asShown = (text: string): string => (evaluated ? text : `="${text}"`);
        rows.forEach((row, r) => {
          const code = CODES[Math.floor(r / VALUES.length)]!;
          const value = VALUES[r % VALUES.length]!;
          expect(row["项目编码"]).toBe(asShown(code));
          expect(row["项目类型编码"]).toBe(asShown("05"));
          expect(row["页码"], "a page number is a number").toBe(Math.floor(r / VALUES.length) + 1);
          expect(row["指标值"], value).toBe(value === "=SUM(A1)" ? "'=SUM(A1)" : CONVERTIBLE.includes(value) ? asShown(value) : value);
          expect(row["项目名称"]).toBe(document.forms[0]!.projectName);
        });
        expect(rows.filter((row) => row["警告"] !== null).map((row) => [row["项目编码"], row["指标值"], row["警告"]])).toEqual([
          [asShown(CODES[1]!), asShown("100%"), "第1行指标值看不清"],
        ]);
      },
      SOFFICE_TIMEOUT,
    );
  }

  it.skipIf(!SOFFICE)(
    "would lose the codes and values without it (the same cells written plainly)",
    async () => {
      const plain = ["项目编码,指标值", ...CODES.map((code) => `${code},100%`), "004403042210615000045,1e5"].join("\r\n");
      const rows = await csvThroughLibreOffice(`\uFEFF${plain}\r\n`, IMPORTS[0]!.options);
      expect(rows.map((row) => typeof row["项目编码"])).toEqual(["number", "number", "number", "number"]);
      expect(new Set(rows.slice(0, 2).map((row) => row["项目编码"])).size, "two codes collapse into one number").toBe(1);
      expect(rows[0]!["指标值"]).toBe(1);
      expect(rows[3]!["指标值"]).toBe(100000);
    },
    SOFFICE_TIMEOUT,
  );
});

describe(`an XLSX opened and saved again by LibreOffice${SOFFICE ? "" : ` — ${NO_SOFFICE}`}`, () => {
  it.skipIf(!SOFFICE)(
    "keeps the warning colours, the notes and the 警告 sheet",
    async () => {
      const file = join(dir, "warned.xlsx");
      writeFileSync(file, await formatXlsx([documentWarned]));
      const workbook = await readWorkbook(convertWithLibreOffice(file, "xlsx"));
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([XLSX_SHEETS.projects, XLSX_SHEETS.indicators, XLSX_SHEETS.warnings]);

      const projects = workbook.getWorksheet(XLSX_SHEETS.projects)!;
      const header = (sheet: typeof projects): string[] => (sheet.getRow(1).values as string[]).slice(1);
      const amount = projects.getRow(2).getCell(header(projects).indexOf("本年度项目金额（万元）") + 1);
      expect(amount.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: WARNING_FILLS.declaration } });
      expect(noteText(amount.note)).toContain("金额无法识别");

      const indicators = workbook.getWorksheet(XLSX_SHEETS.indicators)!;
      const value = indicators.getRow(3).getCell(header(indicators).indexOf("指标值") + 1);
      expect(value.fill).toMatchObject({ fgColor: { argb: WARNING_FILLS.extraction } });
      expect(noteText(value.note)).toContain("第2行指标值看不清");
      const untouched = indicators.getRow(2).getCell(header(indicators).indexOf("指标值") + 1);
      expect(untouched.note).toBeUndefined();
      expect(untouched.fill?.type === "pattern" && untouched.fill.fgColor?.argb).not.toBe(WARNING_FILLS.extraction);

      const warnings = sheetRecords(workbook.getWorksheet(XLSX_SHEETS.warnings)!);
      expect(warnings.map((row) => row["代码"])).toEqual(documentWarned.warnings.map((w) => w.code));
    },
    SOFFICE_TIMEOUT,
  );
});

function noteText(note: unknown): string {
  if (typeof note === "string") return note;
  const texts = (note as { texts?: { text: string }[] } | undefined)?.texts ?? [];
  return texts.map((run) => run.text).join("");
}
