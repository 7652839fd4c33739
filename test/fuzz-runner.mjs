// The child side of the fuzz test (test/fuzz.test.ts, via test/fuzz-harness.ts):
// runs damaged variants through the real, built pipeline (dist/extract.js) one
// after another and reports each outcome to the parent over IPC. A hang inside
// pdf.js cannot be interrupted in its own thread, so the parent watches the
// messages and kills this process when one variant takes too long.
//
//   node test/fuzz-runner.mjs --seeds 0,1,2       (as a child, with an IPC channel)
//   node test/fuzz-runner.mjs --files a.pdf b.pdf (the same checks on given files)
//   node test/fuzz-runner.mjs --write SEED out.pdf  (write variant SEED to a file, to keep or replay)
//   node test/fuzz-runner.mjs --seeds 0-399       (without IPC: one line per variant on stderr)
//   node test/fuzz-runner.mjs --structure 0-99    (structural variants: see below)
//   node test/fuzz-runner.mjs --write-structure SEED out.pdf
//
// What counts as a problem: anything thrown that is not an ExtractError, an
// ExtractError whose message is not one line, a result that is not a valid
// Document, a Document with no forms (allowEmpty is off, so that must be an
// error), textLost without a warning saying which page, an unhandled rejection
// or uncaught exception (attributed to the variant running, or to the last one
// finished), and anything written to standard output (which carries data).
//
// Structural variants (--structure: objects deleted or redefined after %%EOF,
// page trees that loop or list a page twice, /Count lies, absurd /W and
// /MediaBox, swapped streams, compression bombs) are made from PDFs of several
// producers (STRUCTURE_SOURCES) and held to more: their Document must be the
// undamaged file's (forms, warnings and page count alike) or carry an
// `extraction` warning, so that the command line exits 1 — damage never
// changes the output without a word.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mutate, mutateStructure } from "./fuzz-mutate.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = join(ROOT, "fixtures");

const send = (message) => (process.send ? process.send(message) : process.stderr.write(`${JSON.stringify(message)}\n`));

let current = null; // the variant being run, or the last one finished
let running = false;

// Anything pdf.js (or we) print on stdout would corrupt the CLI's data stream.
const realWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  send({ t: "problem", id: current, during: running, problem: `wrote to standard output: ${String(chunk).slice(0, 200)}` });
  return realWrite(chunk, ...rest);
};
// No unhandledRejection listener here: like the CLI and the batch workers, this
// process has none of its own, so a rejection nobody handles is raised as an
// uncaught exception (by Node, or by the reader's listener for pdf.js's orphans).
process.on("uncaughtException", (error) => {
  send({ t: "problem", id: current, during: running, problem: `uncaught exception: ${describe(error)}` });
  setTimeout(() => process.exit(70), 50);
});

function describe(error) {
  if (error instanceof Error) return `${error.name}: ${error.message} ${(error.stack ?? "").split("\n").slice(1, 4).join(" ")}`;
  return String(error);
}

function sources() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".pdf"))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) }));
}

const { extractDetailed } = await import(join(ROOT, "dist", "extract.js"));
const { ExtractError } = await import(join(ROOT, "dist", "errors.js"));
const { DocumentSchema } = await import(join(ROOT, "dist", "schema.js"));
const { needsReview } = await import(join(ROOT, "dist", "warning.js"));

// PDFs of seven producers, with forms and without (there the undamaged outcome is
// an ExtractError, which a variant may give again): pdfkit (also repacked into
// object streams and a cross-reference stream), the project's own CID writer,
// LibreOffice Writer, ReportLab, Chromium (Skia), wkhtmltopdf, cairo.
const STRUCTURE_SOURCES = [
  "fixtures/a4-multi-per-page.pdf",
  "fixtures/a4-objstm-forms.pdf",
  "fixtures/cid-stsong-nonembedded.pdf",
  "fixtures/corpus/pub-national.pdf",
  "fixtures/corpus/synth-102.pdf",
  "fixtures/corpus/pub-ovsplit.pdf",
  "fixtures/reader/wkhtmltopdf.pdf",
  "fixtures/reader/rsvg-cairo.pdf",
  "fixtures/reader/libreoffice-writer.pdf",
];

function structureSources() {
  return STRUCTURE_SOURCES.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(ROOT, name))) }));
}

/** What a variant is compared with: the undamaged file's Document without its source, or its error code. */
async function outcomeOf(bytes) {
  try {
    const { document } = await extractDetailed(new Uint8Array(bytes), { source: "-" });
    const { source: _source, ...rest } = document;
    return { document: JSON.stringify(rest) };
  } catch (error) {
    return { error: error?.code ?? String(error) };
  }
}
const baselines = new Map();
async function baselineOf(source) {
  if (!baselines.has(source.name)) baselines.set(source.name, await outcomeOf(source.bytes));
  return baselines.get(source.name);
}

const CODES = new Set(["empty", "not-pdf", "damaged", "password-required", "wrong-password", "no-text", "no-forms", "too-large", "too-many-pages"]);

/** Runs one input through the pipeline; returns its outcome, with `problem` set if it broke the contract. */
async function check(id, bytes, source, baseline) {
  const started = performance.now();
  const outcome = { t: "done", id };
  try {
    let { document, textLost } = await extractDetailed(bytes, { source });
    if (process.env.FUZZ_UNWARN_ID === String(id)) {
      // Test hook: the variant's extraction warnings (and lost text) taken away, as if the damage had passed unseen.
      document = { ...document, warnings: document.warnings.filter((w) => w.about !== "extraction") };
      textLost = false;
    }
    const parsed = DocumentSchema.safeParse(document);
    outcome.outcome = "document";
    outcome.forms = document.forms.length;
    outcome.textLost = textLost;
    if (!parsed.success) outcome.problem = `not a valid Document: ${parsed.error.message.slice(0, 300)}`;
    else if (document.forms.length === 0) outcome.problem = "a Document with no forms (should have been ExtractError no-forms)";
    else if (textLost && !document.warnings.some((w) => w.field === null && (w.page !== null || /^the PDF is damaged: /.test(w.message))))
      outcome.problem = "textLost without a warning naming the page (or saying what in the document is damaged)";
    else if (baseline) {
      const { source: _source, ...rest } = document;
      outcome.same = baseline.document === JSON.stringify(rest);
      outcome.review = textLost || needsReview(document);
      if (!outcome.same && !outcome.review) outcome.problem = `the output differs from the undamaged file's, and no extraction warning says so (exit 0)${baseline.error ? ` (the undamaged file gives ${baseline.error})` : ""}`;
    }
  } catch (error) {
    outcome.outcome = "error";
    if (!(error instanceof ExtractError)) {
      outcome.problem = `threw something other than an ExtractError: ${describe(error)}`;
    } else {
      outcome.code = error.code;
      outcome.message = error.message;
      if (!CODES.has(error.code)) outcome.problem = `unexpected error code ${error.code}`;
      else if (/[\r\n]/.test(error.message) || error.message.length > 300) outcome.problem = `message is not one short line: ${error.message}`;
      else if (/\bat \S+ \(|node:internal|\.js:\d+/.test(error.message)) outcome.problem = `message carries a stack or source location: ${error.message}`;
    }
  }
  outcome.ms = Math.round(performance.now() - started);
  return outcome;
}

// Test hooks, so that the harness's own failure detection is tested:
// FUZZ_HANG_ID makes that variant spin forever, FUZZ_REJECT_ID makes it leave a
// promise rejecting unhandled, FUZZ_PRINT_ID makes it print on stdout,
// FUZZ_UNWARN_ID hides its extraction warnings (in check()).
function hooks(id) {
  if (process.env.FUZZ_HANG_ID === String(id)) for (;;);
  if (process.env.FUZZ_REJECT_ID === String(id)) setTimeout(() => Promise.reject(new Error("late rejection (test hook)")), 5);
  if (process.env.FUZZ_PRINT_ID === String(id)) console.log("stray");
}

function parseSeeds(spec) {
  return spec.split(",").flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part);
    if (!m) return [Number(part)];
    const out = [];
    for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(i);
    return out;
  });
}

const args = process.argv.slice(2);
if (args[0] === "--write" || args[0] === "--write-structure") {
  const variant = args[0] === "--write" ? mutate(sources(), Number(args[1])) : mutateStructure(structureSources(), Number(args[1]));
  writeFileSync(args[2], variant.bytes);
  process.stderr.write(`seed ${args[1]}: ${variant.name}, ${variant.description}\n`);
} else if (args[0] === "--seeds" || args[0] === "--files" || args[0] === "--structure") {
  const structural = args[0] === "--structure";
  const all = args[0] === "--seeds" ? sources() : structural ? structureSources() : null;
  const items = args[0] === "--files" ? args.slice(1) : parseSeeds(args[1]);
  for (const item of items) {
    const variant = structural ? mutateStructure(all, item) : all ? mutate(all, item) : { name: item, bytes: new Uint8Array(readFileSync(item)), description: "as is" };
    const baseline = structural ? await baselineOf(all[item % all.length]) : undefined;
    current = item;
    running = true;
    send({ t: "start", id: item, name: variant.name, description: variant.description });
    hooks(item);
    const outcome = await check(item, variant.bytes, all ? `seed-${item}-${variant.name}` : item, baseline);
    // Let rejections that pdf.js leaves behind surface while this variant is still the suspect.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    running = false;
    send({ ...outcome, name: variant.name, description: variant.description });
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  send({ t: "end" });
  if (process.send) process.disconnect();
} else {
  process.stderr.write("usage: fuzz-runner.mjs --seeds 0-99 | --structure 0-99 | --files a.pdf … | --write[-structure] SEED out.pdf\n");
  process.exitCode = 2;
}
