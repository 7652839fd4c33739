import childProcess from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import net from "node:net";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExtractError } from "../src/errors.js";
import { extractDetailed } from "../src/extract.js";
import { FIXTURES, truthOf } from "./helpers.js";

// Hostile PDFs (fixtures/bad/README.md): JavaScript in every place a viewer
// runs it, a /Launch action, an XFA form with a script, a font matrix that
// smuggles code (CVE-2024-4367's shape). Each payload would set a global and
// write a file; the PDFs must convert as text only, with nothing run and nothing
// fetched. The first tests show the payloads and the hostile parts are real, so
// that the checks after them can fail.

// Generous: these read real PDFs while the fuzz test keeps both cores busy.
vi.setConfig({ testTimeout: 30_000 });

const BAD = join(FIXTURES, "bad");
const PWNED_FILE = "/tmp/perf-extract-pwned-by-fixture";
const PWNED_GLOBAL = "perfExtractPwned";
const pwnedGlobal = () => (globalThis as Record<string, unknown>)[PWNED_GLOBAL];

function clear() {
  rmSync(PWNED_FILE, { force: true });
  delete (globalThis as Record<string, unknown>)[PWNED_GLOBAL];
}
beforeEach(clear);
afterEach(() => {
  clear();
  vi.restoreAllMocks();
});

/** The decompressed data of stream object `num` of a fixture. */
function streamOf(name: string, num: number): string {
  const text = readFileSync(join(BAD, name)).toString("latin1");
  const at = text.indexOf(`\n${num} 0 obj`);
  const start = text.indexOf("stream\n", at) + 7;
  const end = text.indexOf("\nendstream", start);
  return inflateSync(Buffer.from(text.slice(start, end), "latin1")).toString("utf8");
}

describe("the hostile fixtures are what they claim", () => {
  it("the JavaScript payload, run as a script, would set the global and write the file", () => {
    const payload = streamOf("hostile-javascript.pdf", 100);
    new Function("require", "app", payload)(createRequire(import.meta.url), { alert() {} });
    expect(pwnedGlobal()).toBe("javascript");
    expect(existsSync(PWNED_FILE)).toBe(true);
  });

  it("pdf.js finds the JavaScript where a viewer runs it, and the XFA form it would render with XFA on", async () => {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const open = (name: string, enableXfa: boolean) =>
      pdfjs.getDocument({ data: new Uint8Array(readFileSync(join(BAD, name))), enableXfa, isEvalSupported: false, verbosity: 0 }).promise;
    const js = await open("hostile-javascript.pdf", false);
    expect(Object.keys((await js.getJSActions()) ?? {})).toEqual(expect.arrayContaining(["OpenAction", "WillClose", "WillSave", "DidSave", "pwned"]));
    expect(JSON.stringify(await js.getJSActions())).toContain(PWNED_GLOBAL);
    expect(JSON.stringify(await (await js.getPage(1)).getJSActions())).toContain(PWNED_GLOBAL);
    await js.destroy();
    const xfa = await open("hostile-xfa.pdf", true);
    expect(xfa.isPureXfa).toBe(true);
    await xfa.destroy();
    expect(readFileSync(join(BAD, "hostile-launch.pdf")).toString("latin1")).toMatch(/\/S \/Launch \/F << \/Type \/Filespec \/F \(\/bin\/sh\)/);
    expect(readFileSync(join(BAD, "hostile-fontmatrix.pdf")).toString("latin1")).toMatch(/\/FontMatrix \[0\.001 0 0 0\.001 0 \(0\\\); globalThis\.perfExtractPwned/);
  });
});

describe("hostile PDFs convert as text only", () => {
  const truth = truthOf(join(FIXTURES, "cid-stsong-nonembedded.pdf"));

  /** Every way out of the process that a PDF action could take, watched. */
  function watchExits() {
    const original = globalThis.fetch;
    const fetch = vi.fn(() => Promise.reject(new Error("no network in tests")));
    globalThis.fetch = fetch as unknown as typeof globalThis.fetch;
    const spies = [
      vi.spyOn(http, "request"),
      vi.spyOn(http, "get"),
      vi.spyOn(https, "request"),
      vi.spyOn(https, "get"),
      vi.spyOn(net, "connect"),
      vi.spyOn(net, "createConnection"),
      vi.spyOn(childProcess, "spawn"),
      vi.spyOn(childProcess, "exec"),
      vi.spyOn(childProcess, "execFile"),
    ];
    return {
      calls: () => fetch.mock.calls.length + spies.reduce((n, s) => n + s.mock.calls.length, 0),
      restore: () => {
        globalThis.fetch = original;
      },
    };
  }

  it.each(["hostile-javascript.pdf", "hostile-launch.pdf", "hostile-xfa.pdf"])("%s: the 3 forms exactly, nothing run, nothing fetched or launched", async (name) => {
    const exits = watchExits();
    try {
      const { document, textLost } = await extractDetailed(join(BAD, name));
      expect(document.forms).toEqual(truth);
      expect(textLost).toBe(false);
      // the XFA form's own heading and code never appear
      expect(JSON.stringify(document)).not.toContain("XFA-ONLY");
      await new Promise((resolve) => setTimeout(resolve, 50)); // anything scheduled would have run by now
      expect(pwnedGlobal()).toBeUndefined();
      expect(existsSync(PWNED_FILE)).toBe(false);
      expect(exits.calls()).toBe(0);
    } finally {
      exits.restore();
    }
  });

  it("a font matrix that smuggles code (CVE-2024-4367's shape): no-forms, and nothing run", async () => {
    const error = await extractDetailed(join(BAD, "hostile-fontmatrix.pdf")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as ExtractError).code).toBe("no-forms");
    expect(pwnedGlobal()).toBeUndefined();
    expect(existsSync(PWNED_FILE)).toBe(false);
  });
});
