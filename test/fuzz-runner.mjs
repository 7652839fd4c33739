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
//
// What counts as a problem: anything thrown that is not an ExtractError, an
// ExtractError whose message is not one line, a result that is not a valid
// Document, a Document with no forms (allowEmpty is off, so that must be an
// error), textLost without a warning saying which page, an unhandled rejection
// or uncaught exception (attributed to the variant running, or to the last one
// finished), and anything written to standard output (which carries data).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mutate } from "./fuzz-mutate.mjs";

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

const CODES = new Set(["empty", "not-pdf", "damaged", "password-required", "wrong-password", "no-text", "no-forms", "too-large", "too-many-pages"]);

/** Runs one input through the pipeline; returns its outcome, with `problem` set if it broke the contract. */
async function check(id, bytes, source) {
  const started = performance.now();
  const outcome = { t: "done", id };
  try {
    const { document, textLost } = await extractDetailed(bytes, { source });
    const parsed = DocumentSchema.safeParse(document);
    outcome.outcome = "document";
    outcome.forms = document.forms.length;
    outcome.textLost = textLost;
    if (!parsed.success) outcome.problem = `not a valid Document: ${parsed.error.message.slice(0, 300)}`;
    else if (document.forms.length === 0) outcome.problem = "a Document with no forms (should have been ExtractError no-forms)";
    else if (textLost && !document.warnings.some((w) => w.field === null && (w.page !== null || /^the PDF is damaged: /.test(w.message))))
      outcome.problem = "textLost without a warning naming the page (or saying what in the document is damaged)";
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
// promise rejecting unhandled, FUZZ_PRINT_ID makes it print on stdout.
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
if (args[0] === "--write") {
  const variant = mutate(sources(), Number(args[1]));
  writeFileSync(args[2], variant.bytes);
  process.stderr.write(`seed ${args[1]}: ${variant.name}, ${variant.description}\n`);
} else if (args[0] === "--seeds" || args[0] === "--files") {
  const all = args[0] === "--seeds" ? sources() : null;
  const items = args[0] === "--seeds" ? parseSeeds(args[1]) : args.slice(1);
  for (const item of items) {
    const variant = all ? mutate(all, item) : { name: item, bytes: new Uint8Array(readFileSync(item)), description: "as is" };
    current = item;
    running = true;
    send({ t: "start", id: item, name: variant.name, description: variant.description });
    hooks(item);
    const outcome = await check(item, variant.bytes, all ? `seed-${item}-${variant.name}` : item);
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
  process.stderr.write("usage: fuzz-runner.mjs --seeds 0-99 | --files a.pdf … | --write SEED out.pdf\n");
  process.exitCode = 2;
}
