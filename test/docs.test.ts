// The documentation holds to the code: docs/output.md names exactly the keys of
// the zod schemas and exactly the warning codes of WARNING_CODES (read from the
// schema, so a code added there fails here until it is documented), the CSV and
// 警告-sheet columns the writers produce, and the exit statuses; the README lists
// the same warning codes and names every option of the command; and no README or
// doc links outside the repository.
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "../src/cli.js";
import {
  DocumentSchema,
  FormProvenanceSchema,
  FormSchema,
  IndicatorProvenanceSchema,
  IndicatorSchema,
  PlaceSchema,
  TargetSchema,
  WARNING_CODES,
  WARNING_CODE_LIST,
  WarningSchema,
} from "../src/schema.js";
import { CSV_LABELS_ZH, csvColumns, type CsvShape } from "../src/write/csv.js";
import { WARNING_SHEET_LABELS_ZH } from "../src/write/xlsx.js";
import { ROOT, runCli } from "./helpers.js";

interface Table {
  header: string[];
  rows: string[][];
}

/** The cells of a Markdown table line, `\|` kept as "|" inside a cell. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** The tables of a `## ` section of a Markdown text, by the section's title. */
function sectionTables(markdown: string, title: string): Table[] {
  const sections = markdown.split(/^## /m);
  const section = sections.find((s) => s.split("\n", 1)[0]!.trim() === title);
  if (section === undefined) throw new Error(`no section "## ${title}"`);
  const tables: Table[] = [];
  let lines: string[] = [];
  for (const line of [...section.split("\n"), ""]) {
    if (line.startsWith("|")) {
      lines.push(line);
      continue;
    }
    if (lines.length >= 2) tables.push({ header: cells(lines[0]!), rows: lines.slice(2).map(cells) });
    lines = [];
  }
  return tables;
}

/** The table of a section whose first header cell is `first`. */
function table(markdown: string, title: string, first: string): Table {
  const found = sectionTables(markdown, title).filter((t) => t.header[0] === first);
  if (found.length !== 1) throw new Error(`"## ${title}" has ${found.length} tables headed "${first}", not one`);
  return found[0]!;
}

/** The first column of a table: the keys, without their backticks. */
const keysOf = (t: Table): string[] => t.rows.map((row) => row[0]!.replace(/^`|`$/g, ""));

/** A table of warning codes (code, about, meaning) in the shape of WARNING_CODES. */
function codeTable(markdown: string, title: string): Record<string, { about: string; meaning: string }> {
  const rows = table(markdown, title, "code").rows.map(([code, about, meaning]) => [code!.replace(/`/g, ""), { about: about!, meaning: meaning! }] as const);
  expect(new Set(rows.map(([code]) => code)).size, `each code once in "## ${title}"`).toBe(rows.length);
  return Object.fromEntries(rows);
}

const output = readFileSync(join(ROOT, "docs", "output.md"), "utf8");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("docs/output.md names exactly what the schemas hold", () => {
  it.each([
    ["Document", DocumentSchema.keyof().options],
    ["Form", FormSchema.keyof().options],
    ["Indicator", IndicatorSchema.keyof().options],
    ["Target", TargetSchema.keyof().options],
    ["Warning", WarningSchema.keyof().options],
  ])("%s: every key, in the schema's order", (title, keys) => {
    expect(keysOf(table(output, title, "key"))).toEqual(keys);
  });

  it("Provenance: the keys of a place, and the fields a Form's and an Indicator's provenance may hold", () => {
    expect(keysOf(table(output, "Provenance", "key"))).toEqual(PlaceSchema.keyof().options);
    expect(keysOf(table(output, "Provenance", "Form field"))).toEqual(FormProvenanceSchema.keyof().options);
    expect(keysOf(table(output, "Provenance", "Indicator field"))).toEqual(IndicatorProvenanceSchema.keyof().options);
  });

  it("Warning codes: every code of WARNING_CODES and no other, each with its about and meaning", () => {
    expect(codeTable(output, "Warning codes")).toEqual(WARNING_CODES);
  });

  it.each(["indicators", "projects"] as CsvShape[])("CSV: every column of the %s shape, in order, with its label", (shape) => {
    const t = table(output, "CSV", "`--labels en`");
    const inShape = t.header.indexOf(shape);
    expect(inShape).toBeGreaterThan(1);
    const documented = t.rows.filter((row) => row[inShape] === "✓").map((row) => [row[0]!.replace(/`/g, ""), row[1]]);
    expect(documented).toEqual(csvColumns(shape).map((column) => [column, CSV_LABELS_ZH[column]]));
  });

  it("XLSX: every column of the 警告 sheet, in order, with its label", () => {
    const t = table(output, "XLSX", "`--labels en`");
    expect(t.rows.map((row) => [row[0]!.replace(/`/g, ""), row[1]])).toEqual(Object.entries(WARNING_SHEET_LABELS_ZH));
  });

  it("Exit status: the statuses the command returns", () => {
    const statuses = keysOf(table(output, "Exit status", "status")).map(Number);
    for (const status of [EXIT_OK, EXIT_FAILED, EXIT_USAGE, 130, 143]) expect(statuses).toContain(status);
  });
});

describe("README.md", () => {
  it("lists every warning code with its about and meaning, as WARNING_CODES has them", () => {
    expect(codeTable(readme, "Warnings")).toEqual(WARNING_CODES);
  });

  it("names every option --help lists, in its options table", () => {
    const help = runCli(["--help"]);
    expect(help.status).toBe(0);
    const options = [...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!);
    expect(options).toContain("--output");
    const documented = keysOf(table(readme, "Usage", "option")).map((cell) => cell.match(/--[a-z][a-z-]*/)?.[0]);
    expect(documented.filter((option) => option !== undefined).sort()).toEqual([...options].sort());
  });
});

/** The repository's own Markdown files: the README, docs/ and the fixtures' READMEs (not the verbatim corpus copy). */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return [".git", "node_modules", "dist", join("fixtures", "corpus")].includes(relative(ROOT, path)) || entry.name.startsWith(".")
        ? []
        : markdownFiles(path);
    }
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");

function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of withoutCode(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = slug(heading!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

/** The text without fenced code blocks and code spans, where a bracket is not a link. */
const withoutCode = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");

/** The targets of a Markdown text's links: inline `[text](target)` and reference definitions `[x]: target`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!);
}

describe("the README and the docs link only inside the repository", () => {
  const files = markdownFiles();

  it("finds the README and the docs", () => {
    const names = files.map((file) => relative(ROOT, file));
    expect(names).toContain("README.md");
    expect(names).toContain(join("docs", "output.md"));
  });

  it.each(files.map((file) => [relative(ROOT, file), file]))("%s", (_, file) => {
    const markdown = readFileSync(file, "utf8");
    const root = realpathSync(ROOT);
    for (const target of linkTargets(markdown)) {
      expect(target, `${target}: a link out of the repository`).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const linked = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
      expect(existsSync(linked), `${target}: no such file`).toBe(true);
      const real = realpathSync(linked);
      expect(real === root || real.startsWith(root + sep), `${target}: outside the repository`).toBe(true);
      if (anchor !== undefined && linked.endsWith(".md")) {
        expect([...anchors(readFileSync(linked, "utf8"))], `${target}: no such heading`).toContain(anchor);
      }
    }
  });
});
