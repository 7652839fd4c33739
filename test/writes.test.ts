import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeStdoutError, describeWriteError } from "../src/batch/failure.js";
import { main } from "../src/cli.js";
import { BIN, CORPUS, FIXTURES, lines, ROOT } from "./helpers.js";

// Writes never lie: standard output that fills up or refuses is an error in every
// format, an output that cannot be written is found before anything is
// converted, the same write error is said once with a count, and every message
// is a sentence (never EEXIST or ENOSPC). Also the small command-line items of
// issue 10: --format against -o's name, Ctrl-C with --jobs 0, NO_COLOR="".

const TIMEOUT = 120_000;
const INPUTS = [join(FIXTURES, "a3-large.pdf"), join(CORPUS, "seed.txt")];
const FORMATS = ["json", "yaml", "csv", "ndjson"] as const;
const linux = process.platform === "linux";
/** Root writes anywhere: permission tests run the command as nobody then. */
const asUser: Pick<SpawnSyncOptions, "uid" | "gid"> = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
/** Whether that user can run the program from where it lies (a clone in root's private temporary folder cannot). */
const permissionsTestable =
  process.platform === "linux" &&
  spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(BIN)}, require("fs").constants.R_OK)`], asUser).status === 0;
/** A raw system error code in a message: what no clerk should read. */
const RAW_CODE = /\bE[A-Z]{3,}\b/;

let work: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does) first");
  work = mkdtempSync(join(tmpdir(), "perf-extract-writes-"));
  chmodSync(work, 0o755);
  if (!permissionsTestable) console.warn("writes.test.ts: the read-only folder tests are skipped: the program cannot be run as an unprivileged user from where it lies");
});
afterAll(() => {
  // Folders made read-only for a test must be writable again to be removed.
  const unlock = (dir: string): void => {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) unlock(join(dir, entry.name));
  };
  unlock(work);
  rmSync(work, { recursive: true, force: true });
});

function run(args: string[], options: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: TIMEOUT,
    ...options,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  return { status: result.status, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
}

/** A folder of its own for one test; `mode` 0o555 makes it read-only (for everyone but root). */
function folder(name: string, mode = 0o777): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode);
  return dir;
}

describe("standard output that cannot be written", () => {
  it.skipIf(!existsSync("/dev/full"))("fails with one line and exit 1 in every format when the disk is full (/dev/full)", () => {
    for (const format of FORMATS) {
      const full = openSync("/dev/full", "w");
      try {
        const r = run(["--format", format, ...INPUTS], { stdio: ["ignore", full, "pipe"] });
        expect(r.status, format).toBe(1);
        expect(lines(r.stderr), format).toEqual([
          "perf-extract: standard output: it could not be written (the disk is full), so the data written there is incomplete; make room on the disk, or write elsewhere with -o.",
        ]);
      } finally {
        closeSync(full);
      }
    }
  }, TIMEOUT);

  // A disk that fills up midway takes part of a write and refuses the rest: Node's
  // own file stream drops the part it refused without a word (exit 0, the JSON
  // cut off). A file size limit makes the same short write happen on any disk.
  it.skipIf(!linux)("fails when a write is cut short midway, rather than leave the data cut off with exit 0", () => {
    for (const format of FORMATS) {
      const out = join(work, `short.${format}`);
      const script = `trap '' XFSZ; ulimit -f 8; exec "${process.execPath}" "${BIN}" --format ${format} ${INPUTS.map((i) => `"${i}"`).join(" ")} > "${out}"`;
      const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", timeout: TIMEOUT, env: { ...process.env, NO_COLOR: "1" } });
      expect(statSync(out).size, format).toBe(8192);
      expect(r.status, format).toBe(1);
      expect(lines(r.stderr), format).toEqual([expect.stringMatching(/^perf-extract: standard output: it could not be written \(the file grew larger than the system allows\)/)]);
    }
  }, TIMEOUT);

  it.skipIf(!existsSync("/dev/full"))("fails the same way for `perf-extract schema`", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = run(["schema"], { stdio: ["ignore", full, "pipe"] });
      expect(r.status).toBe(1);
      expect(lines(r.stderr)).toEqual([expect.stringMatching(/^perf-extract: standard output: it could not be written \(the disk is full\)/)]);
    } finally {
      closeSync(full);
    }
  }, TIMEOUT);
});

describe("an output that cannot be written is found before anything is converted", () => {
  // Every conversion would hang (the test hook): the run must end without starting one.
  const neverConvert = { PERF_EXTRACT_TEST_HANG: "." };

  it.skipIf(!permissionsTestable)("a read-only output folder: one line, exit 1, no conversion", () => {
    const ro = folder("ro-folder", 0o555);
    const r = run([...INPUTS, "-o", `${ro}/`, "--jobs", "1"], { ...asUser, env: neverConvert });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([`perf-extract: ${ro}/: the output could not be written (permission denied); choose another place with -o.`]);
    expect(readdirSync(ro)).toEqual([]);
  }, TIMEOUT);

  it.skipIf(!permissionsTestable)("a combined output file in a read-only folder", () => {
    const ro = folder("ro-file", 0o555);
    const r = run([...INPUTS, "-o", join(ro, "all.csv"), "--jobs", "1"], { ...asUser, env: neverConvert });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([`perf-extract: ${join(ro, "all.csv")}: the output could not be written (permission denied); choose another place with -o.`]);
  }, TIMEOUT);

  it("a file where a folder of the mirrored tree goes: a sentence, never EEXIST", () => {
    const inputs = folder("tree-in");
    mkdirSync(join(inputs, "x"));
    copyFileSync(join(CORPUS, "seed.txt"), join(inputs, "x", "a.txt"));
    const out = folder("tree-out");
    writeFileSync(join(out, "x"), "a file, not a folder");
    const r = run([inputs, "-o", `${out}/`, "--jobs", "1"], { env: neverConvert });
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([`perf-extract: ${join(out, "x")}: a file stands where a folder of the outputs goes; move it, or choose another -o folder.`]);
    expect(r.stderr).not.toMatch(RAW_CODE);
  }, TIMEOUT);

  it("an output folder below a file, and a device named as the output file", () => {
    const blocked = folder("blocked");
    writeFileSync(join(blocked, "f"), "");
    const below = run([INPUTS[1]!, "-o", `${join(blocked, "f", "out")}/`], { env: neverConvert });
    expect(below.status).toBe(1);
    expect(lines(below.stderr)).toEqual([
      `perf-extract: ${join(blocked, "f", "out")}/: the output could not be written (a file stands where a folder is needed: ${join(blocked, "f")}); choose another place with -o.`,
    ]);
    if (existsSync("/dev/full")) {
      const device = run([INPUTS[1]!, "-o", "/dev/full", "-f", "json"], { env: neverConvert });
      expect(device.status).toBe(1);
      expect(device.stderr).toMatch(/^perf-extract: \/dev\/full: it is not a regular file/);
    }
  }, TIMEOUT);
});

describe("the same write error is said once, with a count", () => {
  it.skipIf(!permissionsTestable)("a read-only sub-folder of the output refuses three files: one line, then the count", () => {
    const inputs = folder("same-in");
    mkdirSync(join(inputs, "sub"));
    for (const name of ["a", "b", "c"]) copyFileSync(join(CORPUS, "seed.txt"), join(inputs, "sub", `${name}.txt`));
    const out = folder("same-out");
    folder("same-out/sub", 0o555);
    const r = run([inputs, "-o", `${out}/`, "--jobs", "1"], asUser);
    expect(r.status).toBe(1);
    const sentence = "the output could not be written (permission denied); choose another place with -o.";
    expect(lines(r.stderr)).toEqual([`perf-extract: ${join(out, "sub", "a.json")}: ${sentence}`, `perf-extract: 2 more outputs: the same: ${sentence}`]);
  }, TIMEOUT);
});

describe("every message about a file is a sentence, never a raw error code", () => {
  it("says what each system error means", () => {
    for (const code of ["EEXIST", "ENOTDIR", "EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "EFBIG", "EIO", "EISDIR", "EMFILE", "EBUSY", "EWHATEVER"]) {
      const error = Object.assign(new Error(`${code}: something, mkdir '/x/y'`), { code, path: "/x/y" });
      for (const sentence of [describeWriteError(error), describeStdoutError(error)]) {
        expect(sentence, code).not.toMatch(RAW_CODE);
        expect(sentence, code).toMatch(/^[a-z].*\.$/);
      }
    }
  });
});

describe("usage", () => {
  it("--format that contradicts -o's name is a usage error (-o out.xlsx -f csv wrote CSV into out.xlsx)", () => {
    const dir = folder("usage");
    const r = run([INPUTS[1]!, "-o", join(dir, "out.xlsx"), "-f", "csv"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^perf-extract: error: --format csv contradicts the output ".*out\.xlsx", whose name says xlsx; drop --format, or give the file a \.csv name$/m);
    expect(readdirSync(dir)).toEqual([]);
    // The same format twice is no contradiction (.yml is YAML).
    expect(run(["-q", INPUTS[1]!, "-o", join(dir, "out.yml"), "-f", "yaml"]).status).toBe(0);
  }, TIMEOUT);
});

describe("Ctrl-C with --jobs 0 (the conversion in the main thread)", () => {
  // Each conversion, once its file is read, holds the main thread for a while (the
  // test hook), as parsing a large PDF does: a Ctrl-C then can only be taken after it.
  function interrupt(inputs: string[], ready: (stdout: string, stderr: string) => boolean): Promise<{ code: number | null; stdout: string }> {
    const child = spawn(process.execPath, [BIN, "--debug", "--jobs", "0", "--format", "ndjson", ...inputs], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", PERF_EXTRACT_TEST_DELAY_MS: "4000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const check = (): void => {
      if (sent || !ready(stdout, stderr)) return;
      sent = true;
      // Into the held stretch of the conversion under way (its file is small: read in well under a second).
      setTimeout(() => child.kill("SIGINT"), 1000);
    };
    child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk.toString()), check()));
    child.stderr.on("data", (chunk: Buffer) => ((stderr += chunk.toString()), check()));
    return new Promise((resolveExit) => child.on("exit", (code) => resolveExit({ code, stdout })));
  }

  it("one file: the conversion is stopped, not written, exit 130 (Ctrl-C was ignored)", async () => {
    const r = await interrupt([INPUTS[1]!], (_out, err) => /: converting$/m.test(err));
    expect(r.code).toBe(130);
    expect(r.stdout).toBe("");
  }, TIMEOUT);

  it("two files: the run stops after the first, and nothing of the second is written", async () => {
    const second = join(CORPUS, "dumps", "seed-rl__pypdf.txt");
    const r = await interrupt([INPUTS[1]!, second], (out, err) => out !== "" && new RegExp(`${second.replace(/[.]/g, "\\.")}: converting$`, "m").test(err));
    expect(r.code).toBe(130);
    expect(lines(r.stdout)).toHaveLength(1);
  }, TIMEOUT);
});

describe("colour", () => {
  // no-color.org: NO_COLOR disables colour only when it is set to something; empty does not count.
  async function usageErrorWith(noColor: string | undefined): Promise<string> {
    let stderr = "";
    const write = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string) => {
      stderr += chunk;
      return true;
    }) as typeof process.stderr.write);
    const tty = process.stderr.isTTY;
    const saved = process.env.NO_COLOR;
    process.stderr.isTTY = true;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    try {
      expect(await main(["node", "perf-extract", "--no-such-option"])).toBe(2);
    } finally {
      process.stderr.isTTY = tty;
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
      write.mockRestore();
    }
    return stderr;
  }

  it("colours a terminal's messages with NO_COLOR unset or empty, never with NO_COLOR=1", async () => {
    const ESC = "\u001b[";
    expect(await usageErrorWith(undefined)).toContain(ESC);
    expect(await usageErrorWith("")).toContain(ESC);
    expect(await usageErrorWith("1")).not.toContain(ESC);
  });
});
