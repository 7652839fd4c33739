import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertDistFresh, runFuzz } from "./fuzz-harness.js";
import { FIXTURES } from "./helpers.js";

// Inputs that once broke the tool (fixtures/regress/README.md), run through the
// fuzz runner in a child process: an unhandled rejection there is a failure of
// the test, not of the test run.

const REGRESS = join(FIXTURES, "regress");

const EXPECTED: Record<string, { outcome: "document" | "error"; code?: string; forms?: number; textLost?: boolean; message?: RegExp }> = {
  "orphan-rejection-page-tree.pdf": { outcome: "error", code: "damaged", message: /list of pages is damaged/ },
  "orphan-rejection-partial.pdf": { outcome: "document", forms: 1, textLost: true },
  "garbled-content-stream.pdf": { outcome: "document", forms: 3, textLost: true },
};

beforeAll(() => assertDistFresh());

describe("regression fixtures", () => {
  it("each gives what it must, with no unhandled rejection, stray output or hang", async () => {
    const files = Object.keys(EXPECTED).map((name) => join(REGRESS, name));
    const { outcomes, failures } = await runFuzz({ mode: "--files", items: files, parallel: 1, variantTimeoutMs: 30_000 });
    expect(failures).toEqual([]);
    for (const [name, want] of Object.entries(EXPECTED)) {
      const got = outcomes.find((o) => o.id === join(REGRESS, name));
      expect(got, name).toBeDefined();
      expect({ outcome: got!.outcome, code: got!.code, forms: got!.forms, textLost: got!.textLost }, name).toEqual({
        outcome: want.outcome,
        code: want.code,
        forms: want.forms,
        textLost: want.textLost,
      });
      if (want.message) expect(got!.message, name).toMatch(want.message);
    }
  }, 120_000);
});
