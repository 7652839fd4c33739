import type { ChalkInstance } from "chalk";
import type { Document } from "../schema.js";
import { oneLine } from "./failure.js";
import { WarningList } from "./report.js";

// What the batch says on standard error.
//
// - Errors (a failed input, an input whose text was partly lost, an output that
//   could not be written): always, one line each, `perf-extract: <path>: <sentence>`.
// - The warnings of the converted inputs, listed after the run (batch/report.ts):
//   unless --quiet, also when standard error is a file or a pipe (they are
//   diagnostics, like the error lines, not progress).
// - On a terminal (and without --quiet): a live progress line, redrawn in place
//   at most ten times a second — files done/total, forms found, failures,
//   elapsed time and ETA — and a summary at the end. Never when standard error
//   is a file or a pipe.

export interface Counts {
  total: number;
  /** Inputs finished: converted, failed or skipped. */
  done: number;
  skipped: number;
  /** Inputs converted into a Document. */
  converted: number;
  forms: number;
  /** Forms an `extraction` warning names: to be compared with the PDF. */
  formsToCheck: number;
  indicators: number;
  warnings: number;
  failed: number;
}

export interface ReporterMode {
  /** Live line and summary: standard error is a terminal and --quiet was not given. */
  interactive: boolean;
  /** --quiet: nothing but the error lines. */
  quiet: boolean;
  /** --debug: stack traces and per-file notes. */
  debug: boolean;
}

export interface Failure {
  path: string;
  reason: string;
}

/** "0.4 s", "12 s", "3 min 05 s", "1 h 02 min". */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - m * 60)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;

export class Reporter {
  private readonly started = performance.now();
  private shown = false;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly warnings = new WarningList();
  readonly interactive: boolean;
  private readonly quiet: boolean;
  private readonly debugging: boolean;

  constructor(
    private readonly colour: ChalkInstance,
    mode: ReporterMode,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.interactive = mode.interactive;
    this.quiet = mode.quiet;
    this.debugging = mode.debug;
  }

  private write(text: string): void {
    this.clearLine();
    this.stream.write(text);
  }

  /** One line for a failed input (or output): `perf-extract: <path>: <sentence>`. */
  fail(path: string, sentence: string, stack?: string): void {
    const c = this.colour;
    this.write(`${c.red("perf-extract:")} ${c.bold(path)}: ${oneLine(sentence)}\n`);
    if (this.debugging && stack !== undefined) this.stream.write(`${c.dim(stack)}\n`);
  }

  /** A line about an input that was written but is incomplete. */
  warn(path: string, sentence: string): void {
    const c = this.colour;
    this.write(`${c.yellow("perf-extract:")} ${c.bold(path)}: ${oneLine(sentence)}\n`);
  }

  /** A note for the terminal only (not with --quiet, not into a file or pipe). */
  info(sentence: string): void {
    if (this.interactive) this.write(`perf-extract: ${sentence}\n`);
  }

  /** The warnings of a converted input (in input order), to be listed after the run. */
  converted(path: string, doc: Pick<Document, "forms" | "warnings">): void {
    this.warnings.add(path, doc);
  }

  debug(sentence: string): void {
    if (this.debugging) this.write(`${this.colour.dim(`perf-extract: debug: ${sentence}`)}\n`);
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  /** Redraw the live line (throttled; `force` draws now). */
  progress(counts: Counts, force = false): void {
    if (!this.interactive) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.progress(counts, true);
      }, 100);
      return;
    }
    this.lastDraw = now;
    const c = this.colour;
    const elapsed = this.elapsed();
    const converted = counts.done - counts.skipped;
    const left = counts.total - counts.done;
    const eta = converted > 0 && left > 0 ? ` · ETA ${duration((elapsed / converted) * left)}` : "";
    const failed = counts.failed > 0 ? c.red(` · ${counts.failed} failed`) : "";
    const line = `${c.cyan("perf-extract")} ${counts.done}/${counts.total} files · ${plural(counts.forms, "form")}${failed} · ${duration(elapsed)}${eta}`;
    this.stream.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  /** Remove the live line (before another line is printed, and at the end). */
  clearLine(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.shown) {
      this.stream.write("\r\x1b[2K");
      this.shown = false;
    }
  }

  /** The warnings listed (unless --quiet), then the end-of-run summary (terminal only): counts, then each failed file with its reason. */
  summary(counts: Counts, failures: readonly Failure[], written: string | undefined, interrupted: boolean): void {
    this.clearLine();
    if (!this.quiet) this.listWarnings();
    if (!this.interactive) return;
    const c = this.colour;
    const parts = [
      plural(counts.converted, "file") + " converted",
      ...(counts.skipped > 0 ? [`${counts.skipped} up to date (skipped; --force converts them again)`] : []),
      plural(counts.forms, "form"),
      plural(counts.indicators, "indicator"),
      counts.formsToCheck > 0 ? c.yellow(`${plural(counts.formsToCheck, "form")} to check against the PDF`) : "0 forms to check",
      plural(counts.warnings, "warning"),
      counts.failed > 0 ? c.red(`${counts.failed} failed`) : "0 failed",
    ];
    const head = interrupted ? c.yellow(`interrupted after ${counts.done} of ${counts.total} files`) : `${counts.total} ${counts.total === 1 ? "file" : "files"}`;
    this.stream.write(`perf-extract: ${head}: ${parts.join(", ")} in ${duration(this.elapsed())}\n`);
    for (const failure of failures) this.stream.write(`  ${c.red("failed:")} ${c.bold(failure.path)}: ${oneLine(failure.reason)}\n`);
    if (written) this.stream.write(`perf-extract: wrote ${written}\n`);
  }

  private listWarnings(): void {
    const c = this.colour;
    const { groups, omitted } = this.warnings.listing();
    for (const group of groups) {
      this.stream.write(`${c.yellow("perf-extract:")} ${group.heading}\n`);
      for (const line of group.lines) this.stream.write(`  ${line}\n`);
    }
    if (omitted > 0) {
      this.stream.write(`  … and ${plural(omitted, "more warning")}; every warning is in the output (the 警告 column or sheet, "warnings" in JSON)\n`);
    }
  }
}
