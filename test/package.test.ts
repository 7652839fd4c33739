// The package works once installed, not only from the source tree: `npm pack`
// gives a tarball with the licence, the docs, the built code and no source maps
// (it ships no sources for them to point at), and that tarball installed into an
// empty folder outside the repository converts a PDF set in the non-embedded
// STSong-Light font through its `perf-extract` bin and through
// `import { extract } from "perf-extract"`. That font's text needs the CMaps that
// come with pdfjs-dist, found from wherever the package is installed: read by the
// own reader for the plain file, and by pdf.js (given the installed pdfjs-dist's
// CMaps and standard fonts folders) for the encrypted copy, which the own reader
// leaves to it.
//
// A test rather than a CI step, so that a change to `files`, `exports`, `bin` or
// the way a bundled asset is found fails where it is made, in `npm test`. It
// packs the dist/ that `npm test` has just built (--ignore-scripts: no rebuild
// under the other test files' feet) and installs with --prefer-offline, from the
// npm cache that `npm ci` filled.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Document } from "../src/schema.js";
import { FIXTURES, ROOT, truthOf } from "./helpers.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const PDF = join(FIXTURES, "cid-stsong-nonembedded.pdf");
const ENCRYPTED = join(FIXTURES, "bad", "encrypted-rc4.pdf");
const PASSWORD = "perf-2025";
const truth = truthOf(PDF);

let work: string;
let app: string;
let packed: { filename: string; files: { path: string }[] };

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_PATH: "" } });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "perf-extract-package-"));
  packed = (JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT)) as (typeof packed)[])[0]!;
  app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, packed.filename)], app);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the installed command in the empty folder, without colours or a password from the environment. */
function installedCli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", NODE_PATH: "" };
  delete env.PERF_EXTRACT_PASSWORD;
  return spawnSync(join(app, "node_modules", ".bin", "perf-extract"), args, { cwd: app, env, encoding: "utf8", timeout: 120_000 });
}

describe("the packed tarball", () => {
  it("holds the licence, the README, the docs, the bin and the built code, and no source maps or sources", () => {
    const paths = packed.files.map((file) => file.path);
    for (const path of ["LICENSE", "README.md", "docs/output.md", "package.json", "bin/perf-extract.js", "dist/index.js", "dist/index.d.ts", "dist/cli.js"]) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((path) => path.endsWith(".map"))).toEqual([]);
    expect(paths.filter((path) => /^(src|test|fixtures|scripts|bench)\//.test(path))).toEqual([]);
    const installed = join(app, "node_modules", "perf-extract");
    expect(readFileSync(join(installed, "dist", "index.js"), "utf8")).not.toMatch(/sourceMappingURL/);
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });
});

describe("installed into an empty folder", () => {
  it("converts the STSong-Light fixture through the perf-extract bin (own reader, the package's CMaps)", () => {
    const run = installedCli(["--debug", "--jobs", "1", PDF, "-o", join(app, "out.json")]);
    expect(run.stderr).toMatch(/read by the own reader/);
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(app, "out.json"), "utf8")) as Document;
    expect(doc.forms).toEqual(truth);
    expect(doc.warnings).toEqual([]);
  });

  it("converts its encrypted copy through the bin with pdf.js (the CMaps of the installed pdfjs-dist)", () => {
    const run = installedCli(["--debug", "--jobs", "0", "--password", PASSWORD, ENCRYPTED]);
    expect(run.stderr).toMatch(/read by pdf\.js/);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Document).forms).toEqual(truth);
  });

  it("converts both through import { extract } from \"perf-extract\"", () => {
    writeFileSync(
      join(app, "convert.mjs"),
      `import { extract } from "perf-extract";
const plain = await extract(process.argv[2]);
const locked = await extract(process.argv[3], { password: process.argv[4] });
process.stdout.write(JSON.stringify([plain.forms, locked.forms]));
`,
    );
    const out = execFileSync(process.execPath, ["convert.mjs", PDF, ENCRYPTED, PASSWORD], { cwd: app, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    expect(JSON.parse(out)).toEqual([truth, truth]);
  });
});
