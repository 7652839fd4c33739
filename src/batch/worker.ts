import { convertTask, type Task, type TaskResult } from "./convert.js";

// The pool's worker-thread entry (piscina loads this module's default export in
// each thread): one task in, one plain result out. The reader is loaded once
// per thread, by the first task, and pdf.js by the first file that needs it;
// both stay loaded for the rest of the batch.
//
// Test hooks, read from the environment (documented in README § Testing hooks);
// they exist so that the tests can make a file hang or be slow deterministically:
//   PERF_EXTRACT_TEST_HANG=<regex>   an input whose source matches spins forever
//                                    in a synchronous loop, as a pathological PDF
//                                    can inside pdf.js (only --timeout ends it);
//   PERF_EXTRACT_TEST_DELAY_MS=<ms>  every input first blocks its thread this long.

function testHooks(task: Task): void {
  const hang = process.env.PERF_EXTRACT_TEST_HANG;
  if (hang && new RegExp(hang).test(task.source)) {
    for (;;) {
      // a hang that no timer or promise in this thread can interrupt
    }
  }
  const delay = Number(process.env.PERF_EXTRACT_TEST_DELAY_MS ?? 0);
  if (delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
}

export default async function convert(task: Task): Promise<TaskResult> {
  testHooks(task);
  return convertTask(task);
}
