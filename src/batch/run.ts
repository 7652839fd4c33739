import { writeSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { Document } from "../schema.js";
import type { CsvLabels, CsvShape } from "../write/index.js";
import { AtomicFile, removeTemporaries, writeAtomically } from "./atomic.js";
import { validateDocument } from "../contract.js";
import type { Task, TaskExtractOptions, TaskResult } from "./convert.js";
import { describeFailure, describeStdoutError, describeWriteError } from "./failure.js";
import type { InputFile, InputProblem } from "./inputs.js";
import { isUpToDate, markNotUpToDate, mirrorPath, type OutputPlan } from "./plan.js";
import { createRunner, defaultJobs, timeoutReason, type Runner } from "./pool.js";
import type { Counts, Failure, Reporter } from "./progress.js";
import { needsReview } from "../warning.js";
import { formsToCheck } from "../write/warnings.js";

// The batch: convert every input in the pool, at most --jobs at a time, and
// hand the results to the writers strictly in input order (a result that comes
// back early waits for the ones before it), so that the output — files, standard
// output and the lines on standard error — is the same for every --jobs.
//
// - A failed input is reported and the batch goes on (exit 1); with --fail-fast
//   the batch stops at the first failure in input order: the inputs before it are
//   still written, nothing after it is, and no combined output is written.
// - --timeout: a file still converting after that many seconds is aborted (its
//   worker process killed) and reported as failed; so is a file whose worker
//   process crashed (batch/pool.ts).
// - -o FOLDER/: an input whose output is newer than it is skipped, unless --force.
// - SIGINT/SIGTERM: abort every task, let a write in progress finish or fail,
//   remove any temporary file, write no combined output, exit 130 / 143.

export interface BatchOptions {
  files: readonly InputFile[];
  /** Discovery problems: reported first; `warning` ones do not fail the run. */
  problems: readonly InputProblem[];
  plan: OutputPlan;
  /** Write one Document rather than an array (one file named on the command line). */
  single: boolean;
  /** Worker processes (0: convert in this process); chosen from the batch when not given. */
  jobs?: number;
  /** Worker processes already starting (batch/pool.ts startWorkers), for at least as many files at once as the batch runs; the batch stops them. */
  workers?: Promise<Runner>;
  /** Seconds; 0 for no limit. */
  timeout: number;
  failFast: boolean;
  force: boolean;
  extract: TaskExtractOptions;
  csv: CsvShape;
  labels: CsvLabels;
  skipNa: boolean;
  /** The bytes of standard input, for the input "-". */
  stdin?: Uint8Array;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

type Outcome = { skipped: true } | { skipped: false; result: TaskResult };

/**
 * Write to standard output and wait until it is handed to the system, to the
 * last byte or an error; a closed pipe is not an error (the reader stopped
 * reading, as `| head` does).
 */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  // A file (or a device such as /dev/full) as standard output is written by Node's
  // SyncWriteStream, which ignores a short write — a disk that fills up midway —
  // and so would cut the data off without a word: such a file is written here.
  if (stdoutIsFile()) {
    try {
      writeFully(1, typeof data === "string" ? Buffer.from(data, "utf8") : data);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === "EPIPE") resolvePromise();
      else reject(error);
    };
    process.stdout.once("error", onError);
    process.stdout.write(data, (error) => {
      process.stdout.off("error", onError);
      if (error && (error as NodeJS.ErrnoException).code !== "EPIPE") reject(error);
      else resolvePromise();
    });
  });
}

/**
 * Whether Node writes standard output with its SyncWriteStream (a file, or a
 * device that is no terminal): a pipe or a terminal goes through libuv, which
 * writes every byte or fails, but SyncWriteStream keeps no count.
 */
function stdoutIsFile(): boolean {
  return process.stdout.constructor.name === "SyncWriteStream" && (process.stdout as { fd?: unknown }).fd === 1;
}

/** Writes every byte, or throws (a write that stops short is followed by one that says why: the disk is full). */
function writeFully(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    const written = writeSync(fd, bytes, at, bytes.length - at);
    if (written <= 0) throw Object.assign(new Error("nothing could be written"), { code: "EIO" });
    at += written;
  }
}

/**
 * Resolves once the event loop has polled for events since the call: a signal
 * (Ctrl-C) that came while the main thread was held is taken there. An
 * immediate queued by an immediate runs on the loop's next turn, after its
 * poll; a single one may run before any (a conversion that ends in the poll
 * phase, after reading its file, is followed by that same turn's immediates).
 */
function afterPoll(): Promise<void> {
  return new Promise((resolveTurn) => setImmediate(() => setImmediate(resolveTurn)));
}

/**
 * A conversion's result with its Document checked against the output contract
 * (the workers do not load zod): a Document that breaks it (a bug) fails its
 * file, as it did when the check ran in the worker, before anything of it is written.
 */
function checked(result: TaskResult): TaskResult {
  if (!result.ok) return result;
  try {
    return { ...result, document: validateDocument(result.document) };
  } catch (error) {
    return { ok: false, reason: describeFailure(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}), ms: result.ms };
  }
}

/** The "some text could not be read" sentence, naming the pages whose text was lost. */
function lostTextSentence(doc: Document): string {
  const pages = new Set<number>();
  for (const warning of doc.warnings) if (warning.field === null && warning.page !== null) pages.add(warning.page);
  const list = [...pages].sort((a, b) => a - b);
  const where = list.length === 0 ? "on some pages" : list.length === 1 ? `on page ${list[0]}` : `on pages ${list.join(", ")}`;
  return `some text could not be read ${where}; it was written without that text, so compare those pages with the PDF.`;
}

export async function runBatch(options: BatchOptions, reporter: Reporter): Promise<number> {
  const { files, plan } = options;
  const { renderDocuments, formatDocuments, piecewiseFormat } = await import("../write/index.js");
  const formatOptions = { csv: options.csv, labels: options.labels, skipNa: options.skipNa };
  const n = files.length;

  const failures: Failure[] = [];
  let reviewNeeded = false;
  let writtenFiles = 0;
  let outputFailed = false;
  // An output that cannot be written is said once per distinct sentence: a folder
  // that refuses every file would otherwise repeat the same line for each.
  const writeErrors = new Map<string, number>();
  const writeFailed = (target: string, error: unknown, sentence = describeWriteError(error)): void => {
    outputFailed = true;
    const repeats = writeErrors.get(sentence);
    if (repeats === undefined) {
      writeErrors.set(sentence, 0);
      reporter.fail(target, sentence, error instanceof Error ? error.stack : undefined);
    } else writeErrors.set(sentence, repeats + 1);
  };
  let stdoutBroken = false;
  /** The writer's output, or undefined when the writer failed (a bug: said as one). */
  const rendered = async <T>(target: string, render: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await render();
    } catch (error) {
      outputFailed = true;
      reporter.fail(target, describeFailure(error), error instanceof Error ? error.stack : undefined);
      return undefined;
    }
  };
  for (const problem of options.problems) {
    if (problem.warning) {
      reporter.warn(problem.path, problem.reason);
    } else {
      reporter.fail(problem.path, problem.reason);
      failures.push({ path: problem.path, reason: problem.reason });
    }
  }

  // What is already up to date (-o FOLDER/ only), and the newest input (the XLSX date).
  const targets = files.map((file) => (plan.kind === "folder" ? mirrorPath(plan.dir, file, plan.format) : undefined));
  const skip = await Promise.all(
    files.map((file, i) => (plan.kind === "folder" && !options.force && !file.stdin ? isUpToDate(file.path, targets[i]!) : false)),
  );
  const mtimes = await Promise.all(files.map((file) => (file.stdin ? 0 : stat(file.path).then((s) => s.mtimeMs, () => 0))));

  const counts: Counts = { total: n, done: 0, skipped: 0, converted: 0, forms: 0, formsToCheck: 0, indicators: 0, warnings: 0, failed: failures.length };
  const toConvert = skip.filter((s) => !s).length;
  const width = Math.min(options.jobs ?? defaultJobs(toConvert), toConvert);
  // The worker processes the command line started early, unless nothing is to be converted in them.
  const started = await options.workers;
  const runner: Runner | undefined = toConvert === 0 ? undefined : started && width > 0 ? started : await createRunner(width);
  if (started && started !== runner) await started.destroy();

  // The outcomes that came back but are not written yet, by input index: each
  // is dropped as soon as it is written, so that the batch holds no more
  // Documents than are waiting for an earlier input (memory stays flat).
  const pending = new Map<number, Outcome>();
  // A combined text file is written as the batch goes, one Document at a time in
  // input order, into its temporary file (memory stays flat however long the
  // batch); XLSX, standard output (but NDJSON) and a single Document are
  // rendered at the end from the collected Documents.
  const piecewise =
    plan.kind === "file" && plan.format !== "xlsx" && !options.single
      ? { pieces: piecewiseFormat(plan.format, formatOptions), file: new AtomicFile(plan.path), count: 0, broken: false }
      : undefined;
  const collected: Document[] = [];
  const controllers = new Map<number, AbortController>();
  let next = 0;
  let inflight = 0;
  let flushed = 0;
  /** Index of the first failure in input order, with --fail-fast. */
  let stopAt = Number.POSITIVE_INFINITY;
  let interrupted: string | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let finish!: () => void;
  const finished = new Promise<void>((resolveFinished) => (finish = resolveFinished));

  const handle = async (i: number, outcome: Outcome): Promise<void> => {
    const file = files[i]!;
    if (outcome.skipped) {
      reporter.debug(`${file.path}: up to date, skipped`);
      return;
    }
    const result = outcome.result;
    if (!result.ok) {
      if (result.code === "aborted") return;
      reporter.fail(file.path, result.reason, result.stack);
      failures.push({ path: file.path, reason: result.reason });
      return;
    }
    const doc = result.document;
    reporter.debug(`${file.path}: ${doc.forms.length} forms, ${doc.warnings.length} warnings in ${result.ms} ms${result.reader ? `, read by ${result.reader}` : ""}`);
    if (result.textLost) reporter.warn(file.path, lostTextSentence(doc));
    reporter.converted(file.path, doc);
    // Lost text, or any extraction warning: a person must compare the output with the page.
    const review = result.textLost || needsReview(doc);
    if (review) reviewNeeded = true;
    if (plan.kind === "folder") {
      const target = targets[i]!;
      const data = await rendered(target, () => renderDocuments(doc, plan.format, { ...formatOptions, date: new Date(Math.floor(mtimes[i]! / 1000) * 1000) }));
      if (data === undefined || interrupted) return;
      try {
        await writeAtomically(target, data, { mkdirs: true });
        if (review) await markNotUpToDate(target, mtimes[i]!);
        writtenFiles++;
      } catch (error) {
        writeFailed(target, error);
      }
    } else if (plan.kind === "stdout" && plan.format === "ndjson") {
      if (stdoutBroken) return;
      try {
        await writeStdout(formatDocuments([doc], "ndjson", formatOptions));
      } catch (error) {
        stdoutBroken = true;
        writeFailed("standard output", error, describeStdoutError(error));
      }
    } else if (piecewise) {
      if (piecewise.broken || interrupted) return;
      try {
        const { pieces, file } = piecewise;
        await file.write((piecewise.count === 0 ? pieces.head : "") + pieces.item(doc, piecewise.count));
        piecewise.count++;
      } catch (error) {
        piecewise.broken = true;
        writeFailed(piecewise.file.path, error);
        await piecewise.file.abort();
      }
    } else {
      collected.push(doc);
    }
  };

  const flush = (): void => {
    flushing = flushing.then(async () => {
      for (let outcome = pending.get(flushed); outcome && flushed <= stopAt && !interrupted; outcome = pending.get(flushed)) {
        await handle(flushed, outcome);
        pending.delete(flushed);
        flushed++;
      }
    });
  };

  const settle = (): void => {
    if (inflight === 0 && (next >= n || next > stopAt || interrupted)) finish();
  };

  const completed = (i: number, converted: TaskResult): void => {
    const result = checked(converted);
    inflight--;
    controllers.delete(i);
    pending.set(i, { skipped: false, result });
    counts.done++;
    if (result.ok) {
      counts.converted++;
      counts.forms += result.document.forms.length;
      counts.formsToCheck += formsToCheck(result.document);
      counts.indicators += result.document.forms.reduce((sum, form) => sum + form.indicators.length, 0);
      counts.warnings += result.document.warnings.length;
    } else if (result.code !== "aborted") {
      counts.failed++;
      if (options.failFast && i < stopAt) {
        stopAt = i;
        // Inputs after the first failure are not needed any more.
        for (const [j, controller] of controllers) if (j > i) controller.abort();
      }
    }
    reporter.progress(counts);
    flush();
    pump();
    settle();
  };

  const pump = (): void => {
    while (!interrupted && inflight < Math.max(width, 1) && next < n && next <= stopAt) {
      const i = next++;
      const file = files[i]!;
      if (skip[i]) {
        pending.set(i, { skipped: true });
        counts.done++;
        counts.skipped++;
        continue;
      }
      inflight++;
      const controller = new AbortController();
      controllers.set(i, controller);
      const timer = options.timeout > 0 && width > 0 ? setTimeout(() => controller.abort(timeoutReason(options.timeout)), options.timeout * 1000) : undefined;
      const task: Task = {
        path: file.path,
        source: file.path,
        ...(file.stdin && options.stdin ? { data: options.stdin } : {}),
        extract: options.extract,
      };
      // In the main thread (--jobs 0) a conversion holds the thread until it is done:
      // it starts on a turn of its own, after what the last one's result wrote, and a
      // Ctrl-C that came meanwhile is taken before its result, which is then not written.
      const start = (): void => {
        if (interrupted) return; // the run is ending: no conversion starts
        reporter.debug(`${file.path}: converting`);
        void runner!.run(task, controller.signal).then(async (result) => {
          if (timer) clearTimeout(timer);
          if (width === 0) await afterPoll();
          completed(i, result);
        });
      };
      if (width === 0) setImmediate(start);
      else start();
    }
    reporter.progress(counts);
    flush();
  };

  // Ctrl-C and kill: stop cleanly. A second signal exits at once.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      removeTemporaries();
      process.exit(SIGNAL_EXIT[signal] ?? EXIT_FAILED);
    }
    interrupted = signal;
    for (const controller of controllers.values()) controller.abort();
    finish();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    pump();
    settle();
    const stop = async (signal: string): Promise<number> => {
      await runner?.destroy();
      await flushing;
      await piecewise?.file.abort();
      removeTemporaries();
      reporter.summary(counts, failures, undefined, true);
      return SIGNAL_EXIT[signal] ?? EXIT_FAILED;
    };
    await finished;
    if (interrupted) return await stop(interrupted);
    await flushing;
    // Interrupted while the last results were written: no combined output either.
    if (interrupted) return await stop(interrupted);
    const destroyed = runner?.destroy();

    // The combined output (or the whole of standard output), once every input is in.
    let written: string | undefined;
    const stoppedEarly = stopAt !== Number.POSITIVE_INFINITY;
    if (piecewise) {
      try {
        if (stoppedEarly || piecewise.broken) {
          await piecewise.file.abort();
        } else if (piecewise.count > 0) {
          await piecewise.file.write(piecewise.pieces.tail(piecewise.count));
          await piecewise.file.commit();
          written = piecewise.file.path;
        }
      } catch (error) {
        await piecewise.file.abort();
        writeFailed(piecewise.file.path, error);
      }
    } else if (plan.kind !== "folder" && !(plan.kind === "stdout" && plan.format === "ndjson") && collected.length > 0 && !stoppedEarly) {
      const newest = Math.max(0, ...mtimes);
      const target = plan.kind === "file" ? plan.path : "standard output";
      const data = await rendered(target, () =>
        renderDocuments(options.single ? collected[0]! : collected, plan.format, { ...formatOptions, date: new Date(Math.floor(newest / 1000) * 1000) }),
      );
      if (data !== undefined) {
        try {
          if (plan.kind === "file") {
            await writeAtomically(plan.path, data);
            written = plan.path;
          } else {
            await writeStdout(data);
          }
        } catch (error) {
          writeFailed(target, error, plan.kind === "file" ? describeWriteError(error) : describeStdoutError(error));
        }
      }
    } else if (plan.kind === "folder" && writtenFiles > 0) {
      written = `${writtenFiles} ${writtenFiles === 1 ? "file" : "files"} under ${plan.dir}`;
    }
    await destroyed;
    for (const [sentence, repeats] of writeErrors) if (repeats > 0) reporter.fail(`${repeats} more ${repeats === 1 ? "output" : "outputs"}`, `the same: ${sentence}`);
    reporter.summary(counts, failures, written, false);
    return failures.length > 0 || reviewNeeded || outputFailed ? EXIT_FAILED : EXIT_OK;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
