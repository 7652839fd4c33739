import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { pdfjsOptions, readPdf } from "../src/read/pdf.js";
import { FIXTURES, ROOT } from "./helpers.js";

// pdf.js is run as a parser of untrusted data only: these check the options it
// is actually given (getDocument is wrapped to record its arguments) and the
// version installed.

// Generous: these read real PDFs while the fuzz test keeps both cores busy.
vi.setConfig({ testTimeout: 30_000 });

const seen = vi.hoisted(() => ({ calls: [] as Record<string, unknown>[] }));
vi.mock("pdfjs-dist/legacy/build/pdf.mjs", async (importOriginal) => {
  const pdfjs = await importOriginal<typeof import("pdfjs-dist/legacy/build/pdf.mjs")>();
  return {
    ...pdfjs,
    getDocument: (src: Parameters<typeof pdfjs.getDocument>[0]) => {
      seen.calls.push({ ...(src as Record<string, unknown>) });
      return pdfjs.getDocument(src);
    },
  };
});

const PACKAGE = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/** "5.6.205" ≥ "4.2.67". */
function atLeast(version: string, floor: string): boolean {
  const a = version.split(/[.-]/).map(Number);
  const b = floor.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i]!;
  return true;
}

function expectSafe(options: Record<string, unknown>): void {
  expect(options.isEvalSupported).toBe(false); // fonts never compiled into code
  expect(options.enableXfa).toBe(false); // XFA forms (scripted) never rendered
  expect(options.disableFontFace).toBe(true);
  expect(options.useSystemFonts).toBe(false); // no font loaded from outside the package
  expect(options.useWorkerFetch).toBe(false); // nothing fetched
  expect(options.maxImageSize).toBe(0); // no image decoded
  expect(options.stopAtErrors).toBe(false);
  for (const key of ["url", "docBaseUrl", "httpHeaders", "withCredentials", "range", "worker", "ownerDocument", "enableScripting", "pdfBug"]) {
    expect(options, key).not.toHaveProperty(key);
  }
  for (const key of ["cMapUrl", "standardFontDataUrl", "wasmUrl"]) {
    expect(String(options[key]).startsWith(PACKAGE), `${key} inside ${PACKAGE}`).toBe(true);
  }
  expect(options.cMapPacked).toBe(true);
  expect(options.data).toBeInstanceOf(Uint8Array);
}

describe("pdf.js options", () => {
  it("the options actually passed to getDocument run nothing, fetch nothing, load fonts from the package only", async () => {
    seen.calls.length = 0;
    // The own reader reads this file without pdf.js; asked to, pdf.js reads it with these options.
    const read = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, "cid-stsong-nonembedded.pdf"))), { password: "x", textSource: "pdfjs" });
    expect(read.textFrom).toBe("pdfjs");
    expect(seen.calls).toHaveLength(1);
    expectSafe(seen.calls[0]!);
    expect(seen.calls[0]!.password).toBe("x");
  });

  it("pdfjsOptions gives the same", () => {
    expectSafe(pdfjsOptions(new Uint8Array(), undefined, 1) as unknown as Record<string, unknown>);
  });
});

describe("pdf.js version", () => {
  it("is at least 4.2.67 (the CVE-2024-4367 fix), in the code loaded and the package installed", async () => {
    const { version } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const installed = (JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8")) as { version: string }).version;
    expect(version).toBe(installed);
    expect(atLeast(installed, "4.2.67")).toBe(true);
    expect(atLeast("4.2.66", "4.2.67")).toBe(false); // the comparison itself
  });

  it("is pinned to 5.6.x in package.json and the lockfile", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies["pdfjs-dist"]).toMatch(/^~5\.6\.\d+$|^5\.6\.\d+$/);
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    expect(lock.packages["node_modules/pdfjs-dist"]!.version).toMatch(/^5\.6\.\d+$/);
  });
});
