import { randomBytes } from "node:crypto";
import { readFileSync, statSync, type Stats } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Chalk, chalkStderr, type ChalkInstance } from "chalk";
import { Command, CommanderError, Option } from "commander";
import { ExtractError } from "./errors.js";
import type { Document } from "./schema.js";
import type { CsvLabels, CsvShape, OutputFormat } from "./write/index.js";

// The command line only orchestrates: check the usage, convert each input with
// extractDetailed(), hand the Documents to the writers, and write the result
// atomically. It knows nothing of PDF geometry or of the output formats.
//
// Start-up is kept light so that --version and --help are fast: the pipeline
// (pdfjs), zod and the writers are imported only when there is work to do.

const FORMATS: readonly OutputFormat[] = ["json", "yaml", "ndjson", "csv"];
const CSV_SHAPES: readonly CsvShape[] = ["indicators", "projects"];
const LABELS: readonly CsvLabels[] = ["zh", "en"];

/** Exit statuses of SCHEMA.md. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

interface ConvertOptions {
  output?: string;
  format?: OutputFormat;
  csv: CsvShape;
  labels: CsvLabels;
  skipNa?: boolean;
  password?: string;
  quiet?: boolean;
  debug?: boolean;
}

const HELP_EXAMPLES = `
Examples:
  # JSON of one PDF on standard output
  $ perf-extract budget.pdf
  # one CSV row per indicator, all files in one table (format from the extension)
  $ perf-extract -o indicators.csv 2024/*.pdf
  # one CSV row per form, English column names, no 不适用 rows
  $ perf-extract --csv projects --labels en --skip-na -o projects.csv a.pdf b.pdf
  # YAML file; NDJSON (one Document per line) on standard output
  $ perf-extract -o forms.yaml a.pdf
  $ perf-extract --format ndjson *.pdf > forms.ndjson
  # an encrypted PDF
  $ perf-extract --password secret -o out.json locked.pdf
  # the JSON Schema of the output
  $ perf-extract schema > document.schema.json

Output formats: .json, .yaml/.yml, .ndjson/.jsonl, .csv (or --format). One
input gives one Document; several inputs with one output give an array of
Documents (JSON, YAML), one line each (NDJSON) or one table (CSV). The fields
are described in SCHEMA.md.

Exit status: 0 every input produced forms; 1 at least one input failed (the
others are still written) or lost text; 2 usage error.
`;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Colour on standard error only when it is a terminal and NO_COLOR is not set. */
function stderrChalk(): ChalkInstance {
  const wanted = process.stderr.isTTY === true && process.env.NO_COLOR === undefined;
  return new Chalk({ level: wanted ? Math.max(chalkStderr.level, 1) as 1 | 2 | 3 : 0 });
}

/** Collapse a message to one line so that each failed input is one line on stderr. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

class Reporter {
  constructor(
    private readonly colour: ChalkInstance,
    private readonly quiet: boolean,
    private readonly debugging: boolean,
  ) {}

  /** One line for a failed input (or output): `perf-extract: <path>: <sentence>`. */
  fail(path: string, sentence: string, error?: unknown): void {
    const c = this.colour;
    process.stderr.write(`${c.red("perf-extract:")} ${c.bold(path)}: ${oneLine(sentence)}\n`);
    if (this.debugging && error !== undefined) {
      process.stderr.write(`${c.dim(error instanceof Error && error.stack ? error.stack : String(error))}\n`);
    }
  }

  /** A line about an input that was written but is incomplete. */
  warn(path: string, sentence: string): void {
    const c = this.colour;
    process.stderr.write(`${c.yellow("perf-extract:")} ${c.bold(path)}: ${oneLine(sentence)}\n`);
  }

  /** A progress note; silenced by --quiet. */
  info(sentence: string): void {
    if (!this.quiet) process.stderr.write(`perf-extract: ${sentence}\n`);
  }

  debug(sentence: string): void {
    if (this.debugging) process.stderr.write(`${this.colour.dim(`perf-extract: debug: ${sentence}`)}\n`);
  }
}

/** What to tell a clerk about a file system error on an input. */
function describeFsError(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return "file not found; check the path and the file name.";
    case "EACCES":
    case "EPERM":
      return "the file cannot be read (permission denied); ask for read access or copy it somewhere readable.";
    case "EISDIR":
      return "this is a folder, not a file; give the PDF files inside it instead.";
    case "EMFILE":
    case "ENFILE":
      return "too many files are open; convert fewer files at once.";
    default:
      return undefined;
  }
}

/** The sentence for an input whose conversion threw. */
function describeFailure(error: unknown): string {
  if (error instanceof ExtractError) return error.message;
  const fsMessage = describeFsError(error);
  if (fsMessage) return fsMessage;
  const issues = (error as { name?: unknown; issues?: unknown } | undefined)?.issues;
  if (error instanceof Error && error.name === "ZodError" && Array.isArray(issues)) {
    const first = issues[0] as { path?: unknown[]; message?: string } | undefined;
    const where = first?.path?.length ? first.path.join(".") : "document";
    return `the extracted data broke the output schema at ${where} (${first?.message ?? "invalid"}); this is a bug: run again with --debug and report the output.`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `could not be converted because of an unexpected error (${detail}); run again with --debug and report the output.`;
}

/**
 * The pages whose text could not be read, for the "text was lost" message: the
 * pages of the warnings that are about a page rather than about a field (a
 * field's warning, such as an implausible amount, says nothing of lost text).
 */
function lostTextPages(doc: Document): number[] {
  const pages = new Set<number>();
  for (const warning of doc.warnings) if (warning.field === null && warning.page !== null) pages.add(warning.page);
  return [...pages].sort((a, b) => a - b);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True when two paths name the same file (same path, or same inode through a link). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const sa = statOrUndefined(a);
  const sb = statOrUndefined(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Write `text` to `path` through a temporary file in the same folder, so that no partial file is ever left. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.tmp.${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(tmp, text, { encoding: "utf8", flag: "wx" });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Write to standard output and wait until it is handed to the system; a closed pipe is not an error. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === "EPIPE") resolvePromise();
      else reject(error);
    };
    process.stdout.once("error", onError);
    process.stdout.write(text, (error) => {
      process.stdout.off("error", onError);
      if (error && (error as NodeJS.ErrnoException).code !== "EPIPE") reject(error);
      else resolvePromise();
    });
  });
}

/** Convert every input and write the output; returns the exit status. */
async function convert(program: Command, inputs: string[], options: ConvertOptions, reporter: Reporter): Promise<number> {
  const { formatDocuments, formatForPath, validateDocument } = await import("./write/index.js");
  const usage = (message: string): never => program.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: "perf-extract.usage" });

  // --- usage checks, before any work -------------------------------------------------
  const output = options.output;
  const impliedByName = output !== undefined ? formatForPath(output) : undefined;
  if (output !== undefined && options.format === undefined && impliedByName === undefined) {
    usage(`cannot tell the output format from "${output}": name it .json, .yaml, .yml, .ndjson, .jsonl or .csv, or add --format`);
  }
  const csvAsked = program.getOptionValueSource("csv") === "cli" || program.getOptionValueSource("labels") === "cli";
  const format: OutputFormat = options.format ?? impliedByName ?? (csvAsked ? "csv" : "json");
  if (csvAsked && format !== "csv") {
    usage(`--csv and --labels apply to CSV output only, but the output is ${format}; use -o FILE.csv or --format csv`);
  }
  if (output !== undefined) {
    const target = statOrUndefined(output);
    if (target?.isDirectory()) usage(`the output "${output}" is a folder; give a file name such as ${join(output, `forms.${format}`)}`);
    const folder = statOrUndefined(dirname(resolve(output)));
    if (!folder?.isDirectory()) usage(`the folder of the output "${output}" does not exist; create it first`);
    for (const input of inputs) {
      if (sameFile(input, output)) usage(`refusing to write the output over the input "${input}"; choose another -o file`);
    }
  }

  // --- conversion, one input at a time --------------------------------------------------
  const { extractDetailed } = await import("./extract.js");
  const documents: Document[] = [];
  let failed = false;
  for (const input of inputs) {
    const started = Date.now();
    try {
      const stats = statSync(input);
      if (stats.isDirectory()) throw Object.assign(new Error(`${input} is a directory`), { code: "EISDIR" });
      const result = await extractDetailed(input, {
        source: input,
        ...(options.password !== undefined ? { password: options.password } : {}),
      });
      const doc = validateDocument(result.document);
      if (doc.forms.length === 0) {
        failed = true;
        reporter.fail(input, "no 二级项目支出绩效目标申报表 (project performance-target form) was found in it; check that this is the right file.");
        continue;
      }
      documents.push(doc);
      reporter.debug(`${input}: ${doc.forms.length} forms, ${doc.warnings.length} warnings in ${Date.now() - started} ms`);
      if (result.textLost) {
        failed = true;
        const pages = lostTextPages(doc);
        const where = pages.length === 0 ? "on some pages" : pages.length === 1 ? `on page ${pages[0]}` : `on pages ${pages.join(", ")}`;
        reporter.warn(input, `some text could not be read ${where}; it was written without that text, so compare those pages with the PDF.`);
      }
    } catch (error) {
      failed = true;
      reporter.fail(input, describeFailure(error), error);
    }
  }

  if (documents.length === 0) return EXIT_FAILED; // nothing to write, and no output file

  // --- output ------------------------------------------------------------------------------
  let text: string;
  try {
    text = formatDocuments(inputs.length === 1 ? documents[0]! : documents, format, {
      csv: options.csv,
      labels: options.labels,
      skipNa: options.skipNa === true,
    });
  } catch (error) {
    reporter.fail(output ?? "<stdout>", describeFailure(error), error);
    return EXIT_FAILED;
  }

  if (output === undefined) {
    await writeStdout(text);
  } else {
    try {
      await writeAtomically(output, text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOSPC" ? "the disk is full" : oneLine(String((error as Error).message ?? error));
      reporter.fail(output, `the output file could not be written (${reason}); choose another place with -o.`, error);
      return EXIT_FAILED;
    }
    const forms = documents.reduce((sum, doc) => sum + doc.forms.length, 0);
    const warnings = documents.reduce((sum, doc) => sum + doc.warnings.length, 0);
    reporter.info(
      `wrote ${output}: ${forms} form${forms === 1 ? "" : "s"} from ${documents.length} of ${inputs.length} file${inputs.length === 1 ? "" : "s"}` +
        (warnings > 0 ? `, ${warnings} warning${warnings === 1 ? "" : "s"} (see the warnings field)` : ""),
    );
  }
  return failed ? EXIT_FAILED : EXIT_OK;
}

/** Build the commander program; the action handlers store the exit status in `status`. */
function buildProgram(status: { code: number }): Command {
  const colour = stderrChalk();
  const program = new Command();
  program
    .name("perf-extract")
    .usage("[options] <inputs...>")
    .description("Extract 二级项目支出绩效目标申报表 (project performance-target declarations) from budget PDFs\ninto JSON, YAML, NDJSON or CSV.")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(`${colour.red("perf-extract:")} ${message}`) })
    .showHelpAfterError("(run perf-extract --help for usage)")
    .argument("<inputs...>", "PDF files (or text dumps) to convert")
    .option("-o, --output <file>", "write to this file instead of standard output; the format follows its extension")
    .addOption(new Option("-f, --format <format>", "output format (default: from the -o extension, else json)").choices(FORMATS))
    .addOption(new Option("--csv <shape>", "CSV rows: one per indicator, or one per form").choices(CSV_SHAPES).default("indicators"))
    .addOption(new Option("--labels <language>", "CSV header: Chinese labels or JSON key names").choices(LABELS).default("zh"))
    .option("--skip-na", "leave out indicator rows that read 不适用")
    .addOption(new Option("--password <password>", "password of encrypted PDFs").env("PERF_EXTRACT_PASSWORD"))
    .option("-q, --quiet", "print nothing on standard error but errors")
    .option("--debug", "show stack traces and timings")
    .addHelpText("after", HELP_EXAMPLES)
    .action(async (inputs: string[], options: ConvertOptions, command: Command) => {
      const reporter = new Reporter(colour, options.quiet === true, options.debug === true);
      status.code = await convert(command, inputs, options, reporter);
    });

  program
    .command("schema")
    .description("print the JSON Schema of one output Document")
    .action(async () => {
      const { documentJsonSchema } = await import("./schema.js");
      await writeStdout(`${JSON.stringify(documentJsonSchema(), null, 2)}\n`);
      status.code = EXIT_OK;
    });

  return program;
}

/**
 * Run the command line with `argv` (as process.argv: node, script, args...)
 * and return the exit status; usage errors give 2, never 1.
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const status = { code: EXIT_OK };
  const program = buildProgram(status);
  try {
    await program.parseAsync([...argv]);
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
}
