import { worker, workerEmit } from "workerpool";
import { convertTask, type Task, type TaskResult } from "./convert.js";

// The entry of each worker process of the pool (batch/pool.ts): one task in,
// one plain result out. The reader is loaded as the process starts, while the
// main process is still finding the inputs, and pdf.js by the first file that
// needs it; both stay loaded for the rest of the batch.
//
// Test hooks, read from the environment (documented in README § Testing hooks);
// they exist so that the tests can make a file hang, crash or be slow
// deterministically:
//   PERF_EXTRACT_TEST_HANG=<regex>   an input whose source matches spins forever
//                                    in a synchronous loop, as a pathological PDF
//                                    can inside pdf.js (only --timeout ends it);
//   PERF_EXTRACT_TEST_CRASH=<regex>  an input whose source matches makes the
//                                    worker allocate without end, as a damaged
//                                    glyph-width array makes pdf.js do, until V8
//                                    aborts the process at its heap limit;
//   PERF_EXTRACT_TEST_DELAY_MS=<ms>  every input first blocks its worker this long.

// The reader is loaded now rather than by the first task (convertTask imports
// the same modules, and reports a failure to load them).
Promise.all([import("../extract.js"), import("../validate.js")]).catch(() => {});

function testHooks(task: Task): void {
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
  const delay = Number(process.env.PERF_EXTRACT_TEST_DELAY_MS ?? 0);
  if (delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
}

async function convert(task: Task): Promise<TaskResult> {
  // Which process runs the task, so that the pool can kill it if this batch ends abruptly.
  workerEmit({ pid: process.pid });
  testHooks(task);
  return convertTask(task);
}

// Ctrl-C in a terminal reaches the whole process group: the main process
// decides what to stop (and kills its workers); a worker never dies of it.
process.on("SIGINT", () => {});

worker({ convert });
