import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { absorbPdfjsRejections, isPdfjsRejection } from "../src/read/rejections.js";
import { assertDistFresh } from "./fuzz-harness.js";
import { ROOT } from "./helpers.js";

// The reader absorbs the promise rejections pdf.js leaves unobserved on damaged
// files (fixtures/regress/ has files that cause them), and only those: any other
// unhandled rejection still ends the process as Node's default would, or goes
// to the application's own listener.

const PACKAGE = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

function run(script: string) {
  const code = `const { absorbPdfjsRejections } = await import(${JSON.stringify(join(ROOT, "dist", "read", "rejections.js"))});
absorbPdfjsRejections(${JSON.stringify(PACKAGE)});
${script}`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 30_000 });
}

beforeAll(() => assertDistFresh());

describe("unhandled rejections", () => {
  it("tells pdf.js's own exceptions from others", async () => {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    absorbPdfjsRejections(PACKAGE); // as the reader does (vitest's own listener keeps the others)
    expect(isPdfjsRejection(new pdfjs.InvalidPDFException("broken"))).toBe(true);
    expect(isPdfjsRejection(new Error("ours"))).toBe(false);
    expect(isPdfjsRejection("a string")).toBe(false);
  });

  it("absorbs one from pdf.js: the process goes on", () => {
    const r = run(`const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
Promise.reject(new pdfjs.InvalidPDFException("orphaned by pdf.js"));
setTimeout(() => console.log("still running"), 50);`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("still running\n");
    expect(r.status).toBe(0);
  });

  it("leaves any other to Node: with no other listener the process ends with the error, as by default", () => {
    const r = run(`Promise.reject(new Error("an application bug"));
setTimeout(() => console.log("still running"), 200);`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("an application bug");
    expect(r.stdout).toBe("");
  });

  it("leaves any other to the application's own listener", () => {
    const r = run(`process.on("unhandledRejection", (e) => console.log("app saw:", e.message));
Promise.reject(new Error("an application bug"));
setTimeout(() => console.log("still running"), 50);`);
    expect(r.stdout).toBe("app saw: an application bug\nstill running\n");
    expect(r.status).toBe(0);
  });
});
