import { setFlagsFromString } from "node:v8";

// How soon V8 hands a function to its optimising compiler (TurboFan), in the
// process that converts (a worker, or the main process with --jobs 0).
//
// V8's default (a budget of about 66 KB of bytecode executed) suits a web page:
// optimise whatever runs a little. A batch of declarations runs the same few
// hundred functions file after file, and with that default about 300 of them
// were optimised 630 times in a 500-file batch: each file from another producer
// brings objects of other shapes, the optimised code is thrown away ("wrong
// map") and compiled again, and some of these functions take 100–200 ms to
// compile. The compiler's threads used as much CPU as the conversion itself
// (5.8 s beside 6.8 s). With a budget nine times larger a function is
// optimised only once it is really hot, and with the shapes it will meet:
// background CPU fell by half, a batch's CPU by a fifth and its time by a
// tenth (500 files, --jobs 1), ten files convert a fifth faster, and two
// workers stop costing more than they bring (the numbers are in docs/speed.md).
// Larger budgets save a little more CPU but leave the conversion longer in
// the interpreter, and a 500-file batch got slower again.

/** Bytes of bytecode a function runs before V8 considers optimising it (V8's default: 66 KB). */
export const INTERRUPT_BUDGET = 600_000;

/**
 * Sets the interrupt budget for this process. A V8 flag, so it takes effect
 * for the code that runs after it: call it before the reader is loaded.
 */
export function tuneTiering(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
