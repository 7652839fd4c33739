import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// The main process of a batch converted in worker processes mostly waits: it
// takes each result, writes it and hands out the next file. Some of what it
// allocates for that outlives a young-generation collection and is moved to the
// old generation, which V8 collects only once it has grown well past the live
// data — and Node gives V8 no idle time to collect in. So the process grew with
// the batch while its live heap stayed at about 10 MB (producer mix, --jobs 1:
// 73 MB at 100 files, 90 MB at 600, 108 MB at 1,500). A full collection each
// time the heap has grown by GROWTH_BYTES since the last one keeps it flat, for
// a few milliseconds at a time (the heap it walks is small), a few times in a
// hundred files. Where the live heap itself grows (an XLSX or a whole JSON
// document keeps every Document until the end), the step grows with it, half
// the live heap, so that a long batch's collections stay few.
//
// Only where no conversion runs: in the process that converts (--jobs 0, or a
// worker) a forced collection also discards the reader's optimised code, which
// then has to warm up again (measured in a worker: about 0.18 s a collection).

/** How far the heap may grow past what the last full collection left before the next one, at least. */
const GROWTH_BYTES = 8 * 1024 * 1024;

/** V8's gc(), made available at run time (as --expose-gc would), or undefined where V8 refuses. */
function exposedGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === "function") return existing as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Collects the main process's garbage as the batch goes (see above); `settled()` after each result is written. */
export class MainHeapCollector {
  private readonly gc = exposedGc();
  private baseline = getHeapStatistics().used_heap_size;
  /** Full collections made, for the tests. */
  collections = 0;

  /** How far the heap may grow now before the next collection. */
  get step(): number {
    return Math.max(GROWTH_BYTES, this.baseline / 2);
  }

  settled(): void {
    if (!this.gc || getHeapStatistics().used_heap_size < this.baseline + this.step) return;
    this.gc();
    this.collections++;
    this.baseline = getHeapStatistics().used_heap_size;
  }
}
