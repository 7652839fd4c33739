import type { Task, TaskResult } from "./convert.js";

// Where the inputs are converted: a piscina pool of worker threads (--jobs N,
// N ≥ 1), or the main thread itself (--jobs 0, for debugging and profiling:
// no per-file timeout there, since a hang inside pdf.js blocks the thread that
// would have to notice it).
//
// A task's AbortSignal is how the batch enforces --timeout, --fail-fast and
// Ctrl-C: piscina terminates the worker thread running an aborted task (the
// only way to stop a synchronous hang) and starts a fresh one for the next.

export interface Runner {
  /** Convert one input; resolves with a failure result, never rejects, also when aborted. */
  run(task: Task, signal: AbortSignal): Promise<TaskResult>;
  /** Stop every thread (running tasks are abandoned). */
  destroy(): Promise<void>;
}

/** The failure result of a task that was aborted (the signal's reason says why) or whose thread died. */
function abortedResult(signal: AbortSignal, error: unknown, started: number): TaskResult {
  const ms = Math.round(performance.now() - started);
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  if (reason instanceof Error && reason.name === "PerfExtractTimeout") return { ok: false, code: "timeout", reason: reason.message, ms };
  if (signal.aborted) return { ok: false, code: "aborted", reason: "stopped before it was finished.", ms };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    reason: `could not be converted because its worker thread stopped (${detail}); run again with --debug and report the output.`,
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    ms,
  };
}

export async function createRunner(jobs: number): Promise<Runner> {
  if (jobs <= 0) {
    const { convertTask } = await import("./convert.js");
    return {
      run: (task) => convertTask(task),
      destroy: async () => {},
    };
  }
  const { Piscina } = await import("piscina");
  const pool = new Piscina<Task, TaskResult>({
    filename: new URL("./worker.js", import.meta.url).href,
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 60_000,
    // The batch never queues more tasks than there are threads (it keeps its own
    // queue, so a file's timeout starts when the file does).
    maxQueue: jobs,
    recordTiming: false,
  });
  // A worker that dies outside a task (it should not) is not worth a crash.
  pool.on("error", () => {});
  return {
    async run(task, signal) {
      const started = performance.now();
      try {
        return await pool.run(task, { signal, ...(task.data ? { transferList: [task.data.buffer as ArrayBuffer] } : {}) });
      } catch (error) {
        return abortedResult(signal, error, started);
      }
    },
    destroy: () => pool.destroy(),
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
