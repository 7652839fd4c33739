import { dirname, join, resolve } from "node:path";
import { Chalk, chalkStderr, type ChalkInstance } from "chalk";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES } from "./limits.js";
import { packageVersion } from "./version.js";
import type { Runner } from "./batch/pool.js";
import type { CsvLabels, CsvShape, FileFormat } from "./write/index.js";

// The command line only orchestrates: check the usage, find the inputs
// (batch/inputs.ts), plan the outputs (batch/plan.ts) and hand both to the batch
// (batch/run.ts), which converts in worker processes (batch/pool.ts) and writes
// through the writers (write/). It knows nothing of PDF geometry or of the
// output formats.
//
// Start-up is kept light so that --version and --help are fast: the batch, the
// pool, pdf.js, zod, exceljs and the writers are imported only when there is
// work to do.

const FORMATS: readonly FileFormat[] = ["json", "yaml", "ndjson", "csv", "xlsx"];
const CSV_SHAPES: readonly CsvShape[] = ["indicators", "projects"];
const LABELS: readonly CsvLabels[] = ["zh", "en"];
const DEFAULT_TIMEOUT_S = 60;

/** Exit statuses of docs/output.md (and 130 / 143 after Ctrl-C / SIGTERM). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

interface ConvertOptions {
  output?: string;
  format?: FileFormat;
  csv: CsvShape;
  labels: CsvLabels;
  skipNa?: boolean;
  provenance?: boolean;
  password?: string;
  maxSize: number;
  maxPages: number;
  jobs?: number;
  timeout: number;
  failFast?: boolean;
  force?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

const HELP_EXAMPLES = `
Examples:
  # JSON of one PDF on standard output
  $ perf-extract budget.pdf
  # one CSV row per indicator, all files in one table (format from the extension)
  $ perf-extract -o indicators.csv 2024/*.pdf
  # a whole folder tree (and a quoted pattern) into one Excel workbook
  $ perf-extract declarations/ '2023/**/*.pdf' -o all.xlsx
  # one JSON file per input, mirroring the tree: declarations/2024/a.pdf → out/2024/a.json
  $ perf-extract declarations/ -o out/
  # one CSV row per form, English column names, no 不适用 rows
  $ perf-extract --csv projects --labels en --skip-na -o projects.csv a.pdf b.pdf
  # YAML file; NDJSON (one Document per line, as each file is done) on standard output
  $ perf-extract -o forms.yaml a.pdf
  $ perf-extract --format ndjson declarations/ > forms.ndjson
  # a PDF on standard input
  $ cat budget.pdf | perf-extract - -o budget.json
  # an encrypted PDF
  $ perf-extract --password secret -o out.json locked.pdf
  # with where each field was printed: page and box (JSON, YAML, NDJSON)
  $ perf-extract --provenance -o budget.json budget.pdf
  # a page to check every value against the PDF (budget.review.html)
  $ perf-extract review budget.pdf
  # the JSON Schema of the output
  $ perf-extract schema > document.schema.json

Inputs: files, folders (searched recursively for *.pdf and *.txt) and quoted
glob patterns, in the order given; a folder's files in sorted order.

Output formats: .json, .yaml/.yml, .ndjson/.jsonl, .csv, .xlsx (or --format).
One input gives one Document; several inputs with one output give an array of
Documents (JSON, YAML), one line each (NDJSON) or one table (CSV; XLSX: sheets
项目, 指标 and 警告). With -o FOLDER/ each input gets its own file, skipped when
it is newer than its input (--force converts again). The fields are described
in docs/output.md. Warnings are in every format (CSV: the 警告 column) and listed on
standard error after the run (not with --quiet).

Exit status: 0 every input produced forms; 1 at least one input failed (the
others are still written) or has an extraction warning (compare its output with
the PDF); 2 usage error; 130 interrupted.
`;

interface ReviewCliOptions {
  output?: string;
  skipNa?: boolean;
  password?: string;
  maxSize: number;
  maxPages: number;
  quiet?: boolean;
  debug?: boolean;
}

const REVIEW_HELP = `
Examples:
  # budget.review.html beside budget.pdf
  $ perf-extract review budget.pdf
  # one page, named
  $ perf-extract review budget.pdf -o checks/budget.html
  # a whole folder: checks/2024/a.review.html for declarations/2024/a.pdf
  $ perf-extract review declarations/ -o checks/

Exit status: 0 every page written and nothing to check; 1 an input failed, or
a form carries an extraction warning (its page shows where); 2 usage error.
`;

/** Colour on standard error only when it is a terminal and NO_COLOR is not set to something (no-color.org: an empty NO_COLOR does not count). */
function stderrChalk(): ChalkInstance {
  const wanted = process.stderr.isTTY === true && !process.env.NO_COLOR;
  return new Chalk({ level: wanted ? Math.max(chalkStderr.level, 1) as 1 | 2 | 3 : 0 });
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new InvalidArgumentError("give a whole number of worker processes, 1 or more (0: none, convert in this process).");
  return n;
}

function parsePositive(what: string, whole = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) throw new InvalidArgumentError(`give ${what}, more than 0.`);
    return n;
  };
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("give a number of seconds (0: no limit).");
  return n;
}

/** All of standard input, for the input "-". */
async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Convert every input and write the output; returns the exit status. */
async function convert(program: Command, inputs: string[], options: ConvertOptions, colour: ChalkInstance): Promise<number> {
  // The first worker process starts now, and loads the reader while this
  // process loads the writers and finds the inputs; the batch stops it (also
  // when there is nothing to convert), and so does a usage error or an output
  // that cannot be written.
  const workers = options.jobs === 0 ? undefined : import("./batch/pool.js").then((pool) => pool.startWorkers(options.jobs));
  try {
    return await convertWith(workers, program, inputs, options, colour);
  } catch (error) {
    await stopWorkers(workers);
    throw error;
  }
}

/** Stops the worker processes started early, where no batch runs to stop them. */
async function stopWorkers(workers: Promise<Runner> | undefined): Promise<void> {
  await workers?.then((started) => started.destroy(), () => {});
}

async function convertWith(
  workers: Promise<Runner> | undefined,
  program: Command,
  inputs: string[],
  options: ConvertOptions,
  colour: ChalkInstance,
): Promise<number> {
  const [{ formatForPath }, { discoverInputs }, plans, { Reporter }, { runBatch }] = await Promise.all([
    import("./write/index.js"),
    import("./batch/inputs.js"),
    import("./batch/plan.js"),
    import("./batch/progress.js"),
    import("./batch/run.js"),
  ]);
  const usage = (message: string): never => program.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: "perf-extract.usage" });

  // --- usage checks, before any work -------------------------------------------------
  const output = options.output;
  const toFolder = output !== undefined && plans.isFolderOutput(output);
  const impliedByName = output !== undefined && !toFolder ? formatForPath(output) : undefined;
  if (output !== undefined && !toFolder && options.format === undefined && impliedByName === undefined) {
    usage(`cannot tell the output format from "${output}": name it .json, .yaml, .yml, .ndjson, .jsonl, .csv or .xlsx, add --format, or end a folder name with /`);
  }
  const shapeAsked = program.getOptionValueSource("csv") === "cli";
  const labelsAsked = program.getOptionValueSource("labels") === "cli";
  if (options.format !== undefined && impliedByName !== undefined && options.format !== impliedByName) {
    usage(`--format ${options.format} contradicts the output "${output}", whose name says ${impliedByName}; drop --format, or give the file a ${plans.EXTENSIONS[options.format]} name`);
  }
  const format: FileFormat = options.format ?? impliedByName ?? (shapeAsked || labelsAsked ? "csv" : "json");
  if (shapeAsked && format !== "csv") {
    usage(`--csv applies to CSV output only, but the output is ${format}; use -o FILE.csv or --format csv`);
  }
  if (labelsAsked && format !== "csv" && format !== "xlsx") {
    usage(`--labels applies to CSV and XLSX output only, but the output is ${format}; use -o FILE.csv, -o FILE.xlsx or --format csv`);
  }
  if (options.provenance && (format === "csv" || format === "xlsx")) {
    usage(`--provenance applies to JSON, YAML and NDJSON output only, but the output is ${format}; use -o FILE.json or --format json`);
  }
  if (format === "xlsx" && output === undefined) usage("XLSX is a binary file, not for standard output: give -o FILE.xlsx or -o FOLDER/");
  if (output !== undefined && !toFolder) {
    const folder = plans.statOrUndefined(dirname(resolve(output)));
    if (!folder?.isDirectory()) usage(`the folder of the output "${output}" does not exist; create it first`);
  }
  const stdinCount = inputs.filter((input) => input === "-").length;
  if (stdinCount > 1) usage("standard input (-) can be given only once");
  if (stdinCount === 1 && toFolder) usage("standard input (-) has no file name to mirror under an output folder; give -o FILE instead");
  if (stdinCount === 1 && process.stdin.isTTY) usage("- reads a PDF from standard input, but standard input is a terminal; pipe a file in: perf-extract - < file.pdf");

  // --- inputs and outputs ---------------------------------------------------------------
  const discovery = await discoverInputs(inputs, { exclude: toFolder ? [output!] : [] });
  const files = discovery.files.map((file) => (file.stdin ? { ...file, path: "<stdin>" } : file));
  const plan = output === undefined ? { kind: "stdout" as const, format } : toFolder ? { kind: "folder" as const, dir: output, format } : { kind: "file" as const, path: output, format };
  if (plan.kind === "file") {
    for (const file of files) {
      if (!file.stdin && plans.sameFile(file.path, plan.path)) usage(`refusing to write the output over the input "${file.path}"; choose another -o file`);
    }
  }
  if (plan.kind === "folder") {
    const collision = plans.findCollision(plan.dir, files, format);
    if (collision) usage(`"${collision[0].path}" and "${collision[1].path}" would both be written to "${collision[2]}"; convert them in separate runs or to a combined -o FILE`);
    for (const file of files) {
      if (plans.sameFile(file.path, plans.mirrorPath(plan.dir, file, format))) usage(`refusing to write an output over the input "${file.path}"; choose another -o folder`);
    }
  }

  const quiet = options.quiet === true;
  const reporter = new Reporter(colour, { interactive: process.stderr.isTTY === true && !quiet, quiet, debug: options.debug === true });
  // An output that cannot be written is found now, not after converting everything.
  const unwritable = plans.outputProblem(plan, files);
  if (unwritable) {
    reporter.fail(unwritable.path, unwritable.reason);
    await stopWorkers(workers);
    return EXIT_FAILED;
  }
  const stdin = stdinCount === 1 ? await readStdin() : undefined;
  return runBatch(
    {
      files,
      problems: discovery.problems,
      plan,
      single: inputs.length === 1 && files.length === 1 && files[0]!.named === true,
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
      ...(workers ? { workers } : {}),
      timeout: options.timeout,
      failFast: options.failFast === true,
      force: options.force === true,
      extract: {
        ...(options.password !== undefined ? { password: options.password } : {}),
        maxBytes: Math.round(options.maxSize * 1024 * 1024),
        maxPages: options.maxPages,
        ...(options.provenance ? { provenance: true } : {}),
      },
      csv: options.csv,
      labels: options.labels,
      skipNa: options.skipNa === true,
      ...(stdin ? { stdin } : {}),
    },
    reporter,
  );
}

/** Build the commander program; the action handlers store the exit status in `status`. */
function buildProgram(status: { code: number }): Command {
  const colour = stderrChalk();
  const program = new Command();
  program
    .name("perf-extract")
    .usage("[options] <inputs...>")
    .description("Extract 二级项目支出绩效目标申报表 (project performance-target declarations) from budget PDFs\ninto JSON, YAML, NDJSON, CSV or XLSX: one file, or whole folders at once.")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(`${colour.red("perf-extract:")} ${message}`) })
    .showHelpAfterError("(run perf-extract --help for usage)")
    .argument("<inputs...>", "PDF files (or text dumps), folders, glob patterns, or - for standard input")
    .option("-o, --output <path>", "write every input into this one file (format from its extension), or, for a folder (existing, or ending in /), one file per input mirroring the input tree")
    .addOption(new Option("-f, --format <format>", "output format (default: from the -o extension, else json)").choices(FORMATS))
    .addOption(new Option("--csv <shape>", "CSV rows: one per indicator, or one per form").choices(CSV_SHAPES).default("indicators"))
    .addOption(new Option("--labels <language>", "CSV/XLSX header: Chinese labels or JSON key names").choices(LABELS).default("zh"))
    .option("--skip-na", "leave out indicator rows that read 不适用")
    .option("--provenance", "add to every form and indicator where on which page each field was printed (JSON, YAML, NDJSON)")
    .addOption(new Option("--password <password>", "password of encrypted PDFs").env("PERF_EXTRACT_PASSWORD"))
    .addOption(new Option("--max-size <MB>", "refuse files larger than this").argParser(parsePositive("a size in MB")).default(DEFAULT_MAX_BYTES / 1048576))
    .addOption(new Option("--max-pages <n>", "refuse PDFs with more pages than this").argParser(parsePositive("a whole number of pages", true)).default(DEFAULT_MAX_PAGES))
    .addOption(new Option("-j, --jobs <n>", "files converted at once, each in a worker process (0: in this process, no --timeout; default: from the number of files and cores)").argParser(parseJobs))
    .addOption(new Option("--timeout <seconds>", "give up on a file after this long and report it as failed (0: no limit)").argParser(parseTimeout).default(DEFAULT_TIMEOUT_S))
    .option("--fail-fast", "stop at the first input that fails (no combined output is written then)")
    .option("--force", "with -o FOLDER/, convert inputs again even when their output is newer")
    .option("-q, --quiet", "print nothing on standard error but errors (no progress line, no warning list, no summary)")
    .option("--debug", "show stack traces, each file as its conversion starts, timings, and who read each PDF (our reader, or pdf.js and why)")
    .addHelpText("after", HELP_EXAMPLES)
    .action(async (inputs: string[], options: ConvertOptions, command: Command) => {
      status.code = await convert(command, inputs, options, colour);
    });

  program
    .command("review")
    .usage("[options] <inputs...>")
    .description("write a review page for each PDF: one HTML file that shows the PDF's pages with a box over every field read from them, and each form as a table beside them (opens offline in any browser)")
    .argument("<inputs...>", "PDF files, folders, glob patterns")
    .option("-o, --output <path>", "the HTML file (one input), or a folder (existing, or ending in /) to write one page per input into, mirroring the input tree; default: NAME.review.html beside each PDF")
    .option("--skip-na", "leave out indicator rows that read 不适用")
    .addOption(new Option("--password <password>", "password of encrypted PDFs").env("PERF_EXTRACT_PASSWORD"))
    .addOption(new Option("--max-size <MB>", "refuse files larger than this").argParser(parsePositive("a size in MB")).default(DEFAULT_MAX_BYTES / 1048576))
    .addOption(new Option("--max-pages <n>", "refuse PDFs with more pages than this").argParser(parsePositive("a whole number of pages", true)).default(DEFAULT_MAX_PAGES))
    .option("-q, --quiet", "print nothing on standard error but errors")
    .option("--debug", "show stack traces")
    .addHelpText("after", REVIEW_HELP)
    .action(async (inputs: string[], _options: ReviewCliOptions, command: Command) => {
      // The main command's options of the same names (-o, --password, …) are parsed by it, wherever they stand.
      const options = command.optsWithGlobals<ReviewCliOptions>();
      const [{ runReviews }, { Reporter }] = await Promise.all([import("./review/run.js"), import("./batch/progress.js")]);
      const quiet = options.quiet === true;
      const reporter = new Reporter(colour, { interactive: process.stderr.isTTY === true && !quiet, quiet, debug: options.debug === true });
      const usage = (message: string): never => command.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: "perf-extract.usage" });
      status.code = await runReviews(
        inputs,
        {
          ...(options.output !== undefined ? { output: options.output } : {}),
          ...(options.password !== undefined ? { password: options.password } : {}),
          maxBytes: Math.round(options.maxSize * 1024 * 1024),
          maxPages: options.maxPages,
          skipNa: options.skipNa === true,
        },
        reporter,
        usage,
      );
    });

  program
    .command("schema")
    .description("print the JSON Schema of one output Document")
    .action(async () => {
      const [{ documentJsonSchema }, { writeStdout }, { describeStdoutError }] = await Promise.all([import("./schema.js"), import("./batch/run.js"), import("./batch/failure.js")]);
      try {
        await writeStdout(`${JSON.stringify(documentJsonSchema(), null, 2)}\n`);
        status.code = EXIT_OK;
      } catch (error) {
        process.stderr.write(`${colour.red("perf-extract:")} standard output: ${describeStdoutError(error)}\n`);
        status.code = EXIT_FAILED;
      }
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
