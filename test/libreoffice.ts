import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";

// LibreOffice as a real consumer of the CSV and XLSX files: `soffice --headless
// --convert-to` opens a file as Calc opens it and saves it again. Each call runs
// with a profile of its own (-env:UserInstallation), so that parallel test files,
// and a LibreOffice the user has open, never share one.

/** The soffice program, or undefined where LibreOffice is not installed. */
export const SOFFICE: string | undefined = [process.env.SOFFICE, ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "soffice")), "/usr/bin/soffice"].find(
  (path): path is string => path !== undefined && path !== "" && existsSync(path),
);

/** The reason shown in the name of a test skipped for want of LibreOffice. */
export const NO_SOFFICE = "SKIPPED: LibreOffice (soffice) is not installed; install libreoffice-calc (Debian) to run it";

/** LibreOffice on a machine with two busy cores can take this long to start and convert. */
export const SOFFICE_TIMEOUT = 180_000;

/**
 * Convert `file` with LibreOffice into `format` (e.g. "xlsx", "ods"), reading it
 * with the input filter `infilter` when given; returns the converted file's path,
 * in a new folder beside `file` (removed with the folder the caller made for it).
 */
export function convertWithLibreOffice(file: string, format: string, infilter?: string): string {
  if (!SOFFICE) throw new Error(NO_SOFFICE);
  const out = mkdtempSync(join(dirname(file), "converted-"));
  const profile = mkdtempSync(join(tmpdir(), "perf-extract-lo-profile-"));
  try {
    const result = spawnSync(
      SOFFICE,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--headless",
        "--norestore",
        ...(infilter ? [`--infilter=${infilter}`] : []),
        "--convert-to",
        format,
        "--outdir",
        out,
        file,
      ],
      { encoding: "utf8", timeout: SOFFICE_TIMEOUT - 10_000 },
    );
    const converted = readdirSync(out).map((name) => join(out, name));
    if (converted.length !== 1) {
      throw new Error(`soffice converted nothing (status ${result.status}, ${result.error?.message ?? ""}): ${result.stdout} ${result.stderr}`);
    }
    return converted[0]!;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Read an XLSX file with exceljs. */
export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** What a cell holds as a spreadsheet shows it: a formula's result, or the value itself. */
export function shown(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  if (value !== null && typeof value === "object" && "result" in value) return value.result;
  if (value !== null && typeof value === "object" && "richText" in value) return value.richText.map((run) => run.text).join("");
  return value;
}

/** A sheet as rows of shown values keyed by the header row. */
export function sheetRecords(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => (header[column - 1] = String(shown(cell))));
  const records: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    records.push(Object.fromEntries(header.map((name, i) => [name, shown(row.getCell(i + 1)) ?? null])));
  }
  return records;
}
