import { worker, workerEmit } from "workerpool";
import { convertTask, type Task, type TaskResult } from "./convert.js";
import { tuneForConverting } from "./tuning.js";

// The entry of each worker process of the pool (batch/pool.ts): one task in,
// one plain result out. The reader is loaded as the process starts, while the
// main process is still finding the inputs, and pdf.js by the first file that
// needs it; both stay loaded for the rest of the batch.
// (The test hooks are in convert.ts, so that --jobs 0 honours them too.)

// The reader is loaded now rather than by the first task (convertTask imports
// the same modules, and reports a failure to load them), once V8 is set for a
// batch (batch/tuning.ts).
tuneForConverting();
import("../extract.js").catch(() => {});

async function convert(task: Task): Promise<TaskResult> {
  // Which process runs the task, so that the pool can kill it if this batch ends abruptly.
  workerEmit({ pid: process.pid });
  return convertTask(task);
}

// Ctrl-C in a terminal reaches the whole process group: the main process
// decides what to stop (and kills its workers); a worker never dies of it.
process.on("SIGINT", () => {});

worker({ convert });
