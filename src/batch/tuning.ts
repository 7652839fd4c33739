import { setFlagsFromString } from "node:v8";

// V8's settings for the processes of a batch. V8's defaults suit a web page,
// which runs a little of everything once and then waits; a batch runs the same
// few hundred functions file after file, with hardly a pause. Measured on the
// benchmark's producer mix; the figures are in docs/speed.md.
//
// The process that converts (a worker, or the main process with --jobs 0):
//
// - How soon a function is optimised. With V8's default (a budget of about
//   66 KB of bytecode run) about 300 functions were optimised 630 times in a
//   500-file batch: each producer brings objects of other shapes, the
//   optimised code is thrown away ("wrong map") and compiled again, and some
//   of these functions take 100–200 ms to compile. The compiler's threads used
//   as much CPU as the conversion itself (5.8 s beside 6.8 s). With a budget
//   nine times larger a function is optimised once it is really hot, and with
//   the shapes it will meet: the compiler's work fell by more than half, a
//   batch's CPU by a sixth (--jobs 1) to a quarter (--jobs 2, which compiles
//   everything twice), and ten files convert a fifth faster. Larger budgets
//   save a little more CPU but leave the conversion longer in the
//   interpreter, and a 500-file batch got slower again.
// - How far the heap may grow before the next full collection. V8 lets it
//   grow to as much as four times what the last one left while collections
//   are cheap (ours are: the live heap is about 17 MB), so a worker kept
//   growing for hundreds of files (about 110 MB after 100 files, 125 MB after
//   600) while what it holds did not. A fixed factor of 1.5 collects more
//   often, for a few per cent more CPU, and the worker stays flat.
//
// The main process of a batch converted in worker processes, which only takes
// each result and writes it:
//
// - Its young generation is kept at its first size (1 MB a half). V8 doubles
//   it each time enough has survived it, up to 16 MB a half, however little
//   survives each collection, so this process grew for hundreds of files
//   (75 MB after 100 files, 80 MB after 600) on data that lives for one file.
// - The same growing factor of 1.5 collects its old generation at half again
//   its live data, which the forced collections it used to make did: they are
//   not needed any more. 65 and 70 MB, for the same CPU.

/** Bytes of bytecode a function runs before V8 considers optimising it (V8's default: 66 KB). */
export const INTERRUPT_BUDGET = 600_000;

/** How far the old generation may grow past what the last full collection left, in per cent. */
export const HEAP_GROWING_PERCENT = 50;

/** For the main process when workers convert: a young generation that does not grow. */
export function tuneForWriting(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * For the process that converts. V8 flags, read as V8 goes, so they apply from
 * then on: call it before the reader is loaded.
 */
export function tuneForConverting(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
