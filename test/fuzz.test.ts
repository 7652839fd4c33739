import { beforeAll, describe, expect, it } from "vitest";
import { assertDistFresh, runFuzz, type Outcome } from "./fuzz-harness.js";
import { STRUCTURAL_KINDS } from "./fuzz-mutate.mjs";

// Damaged PDFs, hundreds of them: variants of every fixture PDF made by the
// seeded mutator in test/fuzz-mutate.mjs (bit flips, truncation, zeroed ranges,
// ranges spliced in from another file, wrong /Length values, garbage inside a
// stream, a broken xref table or startxref), each run through the real built
// pipeline (extractDetailed) in a child process that the harness kills if a
// variant hangs. Each must give a valid Document with forms, or an ExtractError
// with a known code and a one-line message: never anything else, never an
// unhandled rejection, never output on stdout, never a hang.
//
// To replay a failure: `node test/fuzz-runner.mjs --write SEED x.pdf` writes the
// variant; `node test/fuzz-runner.mjs --seeds SEED` runs it alone.
//
// Structural damage (test/fuzz-mutate.mjs's STRUCTURAL kinds: objects deleted or
// redefined after %%EOF, page trees that loop or list a page twice, /Count lies,
// absurd /W and /MediaBox, swapped streams, 1 GiB compression bombs in fonts and
// XObjects), over PDFs of seven producers, is held to more: each variant's
// Document must be the undamaged file's, or carry an `extraction` warning (exit
// status 1). Replay: `node test/fuzz-runner.mjs --write-structure SEED x.pdf`,
// `--structure SEED`.

const VARIANTS = 320;
// Each of the structural kinds twice over each of the runner's nine source PDFs.
const STRUCTURAL_VARIANTS = 180;
// Generous: a variant takes 0.05–0.5 s; only a real hang comes near this.
const VARIANT_TIMEOUT_MS = 30_000;

beforeAll(() => assertDistFresh());

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("fuzz: damaged variants of the fixture PDFs", () => {
  it(`${VARIANTS} variants each give a valid Document or an ExtractError, and none hangs`, async () => {
    const started = Date.now();
    const { outcomes, failures } = await runFuzz({ mode: "--seeds", items: range(VARIANTS), parallel: 2, variantTimeoutMs: VARIANT_TIMEOUT_MS });
    const count = (pred: (o: Outcome) => boolean) => outcomes.filter(pred).length;
    const codes: Record<string, number> = {};
    for (const o of outcomes) if (o.code) codes[o.code] = (codes[o.code] ?? 0) + 1;
    const documents = count((o) => o.outcome === "document");
    const lost = count((o) => o.outcome === "document" && o.textLost === true);
    const slowest = Math.max(...outcomes.map((o) => o.ms ?? 0));
    console.log(
      `fuzz: ${outcomes.length} variants in ${((Date.now() - started) / 1000).toFixed(1)} s: ${documents} Documents (${lost} with lost text), ` +
        `${outcomes.length - documents} ExtractErrors ${JSON.stringify(codes)}; slowest ${slowest} ms; ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(outcomes.length).toBe(VARIANTS);
    // The mutator must damage some files beyond opening and leave others
    // convertible, and some in between (converted with lost text), or the test
    // would exercise only one path.
    expect(documents).toBeGreaterThan(VARIANTS / 10);
    expect(outcomes.length - documents).toBeGreaterThan(VARIANTS / 10);
    expect(lost).toBeGreaterThan(VARIANTS / 20);
  }, 150_000);
});

describe("fuzz: structural damage to PDFs of seven producers", () => {
  it(`${STRUCTURAL_VARIANTS} variants each give the undamaged file's Document, one with an extraction warning, or an ExtractError`, async () => {
    const started = Date.now();
    const { outcomes, failures } = await runFuzz({ mode: "--structure", items: range(STRUCTURAL_VARIANTS), parallel: 2, variantTimeoutMs: VARIANT_TIMEOUT_MS });
    const count = (pred: (o: Outcome) => boolean) => outcomes.filter(pred).length;
    const kinds = (pred: (o: Outcome) => boolean) => new Set(outcomes.filter(pred).map((o) => o.description?.split(":")[0]));
    const same = count((o) => o.same === true);
    const warned = count((o) => o.outcome === "document" && o.same === false && o.review === true);
    const errors = count((o) => o.outcome === "error");
    const slowest = Math.max(...outcomes.map((o) => o.ms ?? 0));
    console.log(
      `fuzz (structural): ${outcomes.length} variants in ${((Date.now() - started) / 1000).toFixed(1)} s: ${same} as undamaged, ${warned} changed with an extraction warning, ` +
        `${errors} ExtractErrors; slowest ${slowest} ms; ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(outcomes.length).toBe(STRUCTURAL_VARIANTS);
    // Every kind was made, and every kind changed some document (or the check of it would test nothing).
    expect([...kinds(() => true)].sort()).toEqual([...STRUCTURAL_KINDS].sort());
    expect(kinds((o) => o.same === false || o.outcome === "error").size).toBe(STRUCTURAL_KINDS.length);
    expect(warned).toBeGreaterThan(STRUCTURAL_VARIANTS / 4);
  }, 240_000);
});

// The harness must itself be able to fail: these use the runner's test hooks.
describe("fuzz harness", () => {
  it("reports a variant that hangs, naming its seed, kills its child and goes on with the rest", async () => {
    const { outcomes, failures } = await runFuzz({ mode: "--seeds", items: [0, 1, 2, 3], parallel: 1, variantTimeoutMs: 10_000, env: { FUZZ_HANG_ID: "1" } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^seed 1: no result within 10 s \(a hang\)/);
    expect(outcomes.map((o) => o.id).sort()).toEqual([0, 2, 3]);
  }, 60_000);

  it("reports a rejection nobody handles, naming the variant", async () => {
    const { failures } = await runFuzz({ mode: "--seeds", items: [4, 5], parallel: 1, variantTimeoutMs: 30_000, env: { FUZZ_REJECT_ID: "4" } });
    expect(failures.some((f) => /^seed 4\b.*uncaught exception: .*late rejection \(test hook\)/.test(f))).toBe(true);
  }, 60_000);

  it("reports a structural variant whose output changed without an extraction warning", async () => {
    // Structural seed 27 lists a page of a4-multi-per-page.pdf twice; its warnings are hidden by the hook.
    const { outcomes, failures } = await runFuzz({ mode: "--structure", items: [27], parallel: 1, variantTimeoutMs: 30_000, env: { FUZZ_UNWARN_ID: "27" } });
    expect(outcomes[0]?.description).toMatch(/^pageTwice: /);
    expect(failures).toEqual([expect.stringMatching(/^structural seed 27 \(fixtures\/a4-multi-per-page\.pdf\): the output differs from the undamaged file's, and no extraction warning says so/)]);
  }, 60_000);

  it("reports anything written to standard output", async () => {
    const { failures } = await runFuzz({ mode: "--seeds", items: [6], parallel: 1, variantTimeoutMs: 30_000, env: { FUZZ_PRINT_ID: "6" } });
    expect(failures.some((f) => /^seed 6\b.*wrote to standard output: stray/.test(f))).toBe(true);
  }, 60_000);
});
