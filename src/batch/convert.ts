import type { ExtractOptions } from "../extract.js";
import type { Document } from "../schema.js";
import { describeFailure } from "./failure.js";

// One input → one result, in whichever process runs it (a pool worker, or the
// main process with --jobs 0). The result is a plain object, so it crosses the
// process boundary by structured clone; the failure sentence is made here, where
// the ExtractError is still an ExtractError.

export interface Task {
  /** The path to read; ignored when `data` is given. */
  path: string;
  /** What to record as Document.source. */
  source: string;
  /** The input's bytes (standard input), instead of reading `path`. */
  data?: Uint8Array;
  /** What the command line passes on to the extractor (plain data: it crosses threads). */
  extract: TaskExtractOptions;
}

export type TaskExtractOptions = Pick<ExtractOptions, "password" | "maxBytes" | "maxPages" | "provenance">;

export type TaskResult =
  | { ok: true; document: Document; textLost: boolean; ms: number; reader?: string }
  | { ok: false; reason: string; code?: string; stack?: string; ms: number };

const NO_FORMS = "no 二级项目支出绩效目标申报表 (project performance-target form) was found in it; check that this is the right file.";

// Test hooks, read from the environment (documented in docs/architecture.md §
// Testing hooks); they exist so that the tests can make a file hang, crash or
// be slow deterministically, in a worker process or (--jobs 0) in the main
// process:
//   PERF_EXTRACT_TEST_HANG=<regex>   an input whose source matches spins forever
//                                    in a synchronous loop, as a pathological PDF
//                                    can inside pdf.js (only --timeout ends it);
//   PERF_EXTRACT_TEST_CRASH=<regex>  an input whose source matches makes the
//                                    process allocate without end, as a damaged
//                                    glyph-width array makes pdf.js do, until V8
//                                    aborts the process at its heap limit;
//   PERF_EXTRACT_TEST_DELAY_MS=<ms>  every input, once read, blocks its process this
//                                    long, as parsing a large PDF does (no event,
//                                    not even Ctrl-C, is taken meanwhile).
function hangOrCrashHook(task: Task): void {
  const hang = process.env.PERF_EXTRACT_TEST_HANG;
  if (hang && new RegExp(hang).test(task.source)) {
    for (;;) {
      // a hang that no timer or promise in this process can interrupt
    }
  }
  const crash = process.env.PERF_EXTRACT_TEST_CRASH;
  if (crash && new RegExp(crash).test(task.source)) {
    const kept: number[][] = [];
    for (;;) kept.push(new Array<number>(1 << 20).fill(kept.length));
  }
}

function delayHook(): void {
  const delay = Number(process.env.PERF_EXTRACT_TEST_DELAY_MS ?? 0);
  if (delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
}

export async function convertTask(task: Task): Promise<TaskResult> {
  hangOrCrashHook(task);
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  try {
    // Unchecked: the main process checks each Document against the contract
    // before it writes it (batch/run.ts), and a worker that never loads zod starts sooner.
    const { extractUnchecked } = await import("../extract.js");
    const result = await extractUnchecked(task.data ?? task.path, { ...task.extract, source: task.source }).finally(delayHook);
    const document = result.document;
    if (document.forms.length === 0) return { ok: false, reason: NO_FORMS, ms: ms() };
    return { ok: true, document, textLost: result.textLost, ms: ms(), ...(result.reader ? { reader: result.reader } : {}) };
  } catch (error) {
    return {
      ok: false,
      reason: describeFailure(error),
      ...(typeof (error as { code?: unknown })?.code === "string" ? { code: (error as { code: string }).code } : {}),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : { stack: String(error) }),
      ms: ms(),
    };
  }
}
