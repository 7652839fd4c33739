import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Task, TaskResult } from "./convert.js";

// Where the inputs are converted: a workerpool pool of worker *processes*
// (--jobs N, N ≥ 1), or the main process itself (--jobs 0, for debugging and
// profiling: no per-file timeout there, since a hang inside pdf.js blocks the
// thread that would have to notice it).
//
// Processes, not threads, because a damaged PDF can make V8 itself abort (a
// 4-billion-entry glyph-width array: "Fatal JavaScript invalid size error") or
// run out of memory, and that ends the whole process it runs in: in a worker
// process it ends only that worker. workerpool then rejects the file's task
// with the worker's exit signal, a fresh worker takes the next file, and the
// batch goes on. Each worker has a V8 heap limit (WORKER_HEAP_MB), so a runaway
// file fails soon instead of taking the machine's memory.
//
// A task's AbortSignal is how the batch enforces --timeout, --fail-fast and
// Ctrl-C: cancelling a task kills the worker process running it (the only way
// to stop a synchronous hang) and workerpool starts a fresh one for the next.
//
// The workers' standard streams are captured (emitStdStreams), never passed
// through: what a dying V8 prints (a native stack trace) reaches the user only
// with --debug, and stray output of pdf.js can never mix into our stdout. (That
// is why workerpool and not tinypool, whose child_process runtime pipes its
// workers' output into ours and does not say how a worker ended.)

export interface Runner {
  /** Convert one input; resolves with a failure result, never rejects, also when aborted. */
  run(task: Task, signal: AbortSignal): Promise<TaskResult>;
  /** Stop every worker (running tasks are abandoned). */
  destroy(): Promise<void>;
}

/**
 * The old-space heap limit of each worker process, in MB. A declaration needs far
 * less (a 568-page, 376-form document converts within 128 MB); the limit is there
 * so that a file whose damage makes the reader allocate without end fails in
 * seconds and leaves memory for the other workers. Not lower: below 2 GB V8
 * grows its heap more timidly and collects more often (1 GB cost 5–15 % more CPU
 * on the benchmark batch).
 */
const WORKER_HEAP_MB = 2048;

/**
 * How long a worker whose task was cancelled (or which is asked to stop) may
 * take to exit before it is killed; workerpool may wait this twice (cleanup,
 * then termination) before a hung worker is gone.
 */
const TERMINATE_GRACE_MS = 200;

/** Files a worker must have to convert before one more worker pays for its start and warm-up. */
const FILES_PER_WORKER = 50;

/**
 * How many worker processes convert a batch of `files` inputs on `cores` cores
 * when --jobs is not given (the reasons, measured, are in the README's Speed
 * section): each worker pays about half a second to start and warm up, so
 * there is one per FILES_PER_WORKER files; and each worker keeps a third of a
 * core busy besides with V8's compiling and garbage collection, and the main
 * process writes the outputs, so one core is left to those (on two cores,
 * one worker: a second one is hardly faster even on a quiet machine, and
 * slower when anything else runs).
 */
export function defaultJobs(files: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, Math.ceil(files / FILES_PER_WORKER)));
}

/** The sentence for a file whose worker process died under it. */
function crashReason(exit: WorkerExit): string {
  if (exit.signal !== null) return "the PDF made the reader crash; it may be damaged: check it, or print it to a new PDF and convert that.";
  return `could not be converted because its worker process stopped (exit status ${exit.code ?? "unknown"}); run again with --debug and report the output.`;
}

interface WorkerExit {
  code: number | null;
  signal: string | null;
}

/** The exit code and signal of a worker that workerpool reports as "terminated unexpectedly" (they are only in its message). */
function workerExit(error: unknown): WorkerExit | undefined {
  const message = error instanceof Error ? error.message : "";
  if (!message.includes("terminated Unexpectedly")) return undefined;
  const code = /exitCode: `(\d+)`/.exec(message)?.[1];
  const signal = /signalCode: `([A-Z0-9]+)`/.exec(message)?.[1];
  return { code: code === undefined ? null : Number(code), signal: signal ?? null };
}

/** The failure result of a task that was aborted (the signal's reason says why) or whose worker died. */
function failedResult(signal: AbortSignal, error: unknown, output: string, started: number): TaskResult {
  const ms = Math.round(performance.now() - started);
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  if (reason instanceof Error && reason.name === "PerfExtractTimeout") return { ok: false, code: "timeout", reason: reason.message, ms };
  if (signal.aborted) return { ok: false, code: "aborted", reason: "stopped before it was finished.", ms };
  const exit = workerExit(error);
  const detail = error instanceof Error ? error.message : String(error);
  // For --debug: how the worker ended, and whatever it printed (V8's own report of a fatal error).
  const stack = [exit ? `worker process ended: exit status ${exit.code ?? "-"}, signal ${exit.signal ?? "-"}` : detail, output.trim()].filter(Boolean).join("\n");
  return {
    ok: false,
    code: exit?.signal ? "crash" : "worker",
    reason: exit ? crashReason(exit) : `could not be converted because its worker process failed (${detail.split("\n")[0]}); run again with --debug and report the output.`,
    stack,
    ms,
  };
}

/** Where a batch converts with `jobs` at a time: in this process (0), or worker processes. */
export async function createRunner(jobs: number): Promise<Runner> {
  if (jobs > 0) return startWorkers(jobs);
  const [{ convertTask }, { tuneForConverting }] = await Promise.all([import("./convert.js"), import("./tuning.js")]);
  tuneForConverting();
  return {
    run: (task) => convertTask(task),
    destroy: async () => {},
  };
}

/**
 * Worker processes for up to `maxJobs` files at once (by default as many as
 * defaultJobs can choose). The first one starts at once, so that it loads the
 * reader while this process loads the writers and finds the inputs; the others
 * start when the batch first runs that many files at once. Each is kept for
 * the whole batch (it warms up once), and one that dies is replaced.
 */
export async function startWorkers(maxJobs = defaultJobs(Number.POSITIVE_INFINITY)): Promise<Runner> {
  // From now on this process only hands out files and writes the results (batch/tuning.ts).
  const { tuneForWriting } = await import("./tuning.js");
  tuneForWriting();
  const { pool: createPool } = await import("workerpool");
  const pool = createPool(fileURLToPath(new URL("./worker.js", import.meta.url)), {
    workerType: "process",
    minWorkers: 1,
    maxWorkers: maxJobs,
    workerTerminateTimeout: TERMINATE_GRACE_MS,
    emitStdStreams: true,
    forkOpts: {
      execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
      // V8's structured clone over the IPC channel: the bytes of standard input
      // cross as a Uint8Array, and a Document as it is.
      serialization: "advanced",
    },
  });
  // The worker processes running a task, by task: on an abrupt exit of this
  // process (a second Ctrl-C) they are killed, since a worker caught in a
  // synchronous loop would not notice that its parent is gone.
  const running = new Set<number>();
  const killRunning = (): void => {
    for (const pid of running) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", killRunning);
  return {
    async run(task, signal) {
      const started = performance.now();
      let output = "";
      let pid: number | undefined;
      const promise = pool.exec("convert", [task], {
        on: (payload: { pid?: number; stdout?: string; stderr?: string }) => {
          if (typeof payload.pid === "number") running.add((pid = payload.pid));
          if (typeof payload.stderr === "string") output += payload.stderr;
        },
      });
      const cancel = (): void => void promise.cancel();
      if (signal.aborted) cancel();
      else signal.addEventListener("abort", cancel, { once: true });
      try {
        return (await promise) as TaskResult;
      } catch (error) {
        return failedResult(signal, error, output, started);
      } finally {
        signal.removeEventListener("abort", cancel);
        if (pid !== undefined) running.delete(pid);
      }
    },
    async destroy() {
      await pool.terminate(true);
      process.off("exit", killRunning);
    },
  };
}

/** An abort reason that says the file ran over --timeout. */
export function timeoutReason(seconds: number): Error {
  const error = new Error(
    `it took longer than ${seconds} s to convert and was stopped; the PDF may be damaged or pathological: check it, or raise --timeout.`,
  );
  error.name = "PerfExtractTimeout";
  return error;
}
