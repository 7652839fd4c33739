import { mkdirSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { stat, utimes } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { FileFormat } from "../write/index.js";
import { temporaryName } from "./atomic.js";
import { describeWriteError } from "./failure.js";
import type { InputFile } from "./inputs.js";

// Output planning: where each input's Document goes.
//
// - no -o: standard output (NDJSON streamed one Document per line as files
//   finish, in input order; the other formats once the batch is done);
// - -o FOLDER/ (an existing folder, or a path ending in "/"): one file per input,
//   mirroring the input tree (2024/a.pdf → FOLDER/2024/a.json);
// - -o FILE: every input combined in one file.

export type OutputPlan =
  | { kind: "stdout"; format: FileFormat }
  | { kind: "file"; path: string; format: FileFormat }
  | { kind: "folder"; dir: string; format: FileFormat };

export const EXTENSIONS: Readonly<Record<FileFormat, string>> = {
  json: ".json",
  yaml: ".yaml",
  ndjson: ".ndjson",
  csv: ".csv",
  xlsx: ".xlsx",
};

export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True when -o names a folder: it ends in a path separator, or is an existing folder. */
export function isFolderOutput(output: string): boolean {
  return output.endsWith("/") || output.endsWith(sep) || statOrUndefined(output)?.isDirectory() === true;
}

/** The output file of one input under an output folder: its relative path with the format's extension. */
export function mirrorPath(dir: string, file: InputFile, format: FileFormat): string {
  return mirrorFile(dir, file, EXTENSIONS[format]);
}

/** The file of one input under an output folder, named with `extension` instead of the input's. */
export function mirrorFile(dir: string, file: InputFile, extension: string): string {
  const rel = file.relative.replace(/\.(pdf|txt)$/i, "");
  // Whatever an input is named, its output stays inside the output folder: empty,
  // "." and ".." parts are dropped rather than followed.
  const parts = `${rel}${extension}`.split(/[\\/]/).filter((p) => p !== "" && p !== "." && p !== "..");
  return join(dir, ...parts);
}

/** True when two paths name the same file (same path, or same inode through a link). */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const sa = statOrUndefined(a);
  const sb = statOrUndefined(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Two inputs that would be written to the same output file, if any. */
export function findCollision(dir: string, files: readonly InputFile[], format: FileFormat): [InputFile, InputFile, string] | undefined {
  const owners = new Map<string, InputFile>();
  for (const file of files) {
    const target = resolve(mirrorPath(dir, file, format));
    const other = owners.get(target);
    if (other) return [other, file, target];
    owners.set(target, file);
  }
  return undefined;
}

/**
 * True when the output of an input is up to date: it exists and was modified
 * no earlier than the input (so a re-run can skip it, unless --force).
 */
export async function isUpToDate(input: string, output: string): Promise<boolean> {
  try {
    const [i, o] = await Promise.all([stat(input), stat(output)]);
    // As make does: an output as new as its input is up to date (both written in one
    // clock tick — a fast conversion of a file just copied in — is not a change).
    return o.isFile() && o.mtimeMs >= i.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * Date an output back to a second before its input's time, so that isUpToDate()
 * is false for it: an output that needs a look (an extraction warning) is
 * converted again on every run, and its warnings are listed and counted in the
 * exit status again, until the input is replaced (or converts cleanly).
 */
export async function markNotUpToDate(output: string, inputMtimeMs: number): Promise<void> {
  const mtime = new Date(inputMtimeMs - 1000);
  await utimes(output, new Date(), mtime);
}

/** The folder an output file goes in. */
export function outputFolder(path: string): string {
  return dirname(resolve(path));
}

/** What cannot be written, and why: one line for the clerk. */
export interface OutputProblem {
  path: string;
  reason: string;
}

/**
 * Why the outputs could not be written, found before anything is converted (an
 * hour's batch must not end in "permission denied"): a folder that refuses a
 * file (read-only, no permission), a file where a folder is needed, a folder
 * where an output file goes, a device or pipe named as the output file (which
 * the rename into place would replace). Creates a missing output folder, as the
 * run would. Undefined when nothing stands in the way.
 */
export function outputProblem(plan: OutputPlan, files: readonly InputFile[]): OutputProblem | undefined {
  if (plan.kind === "stdout") return undefined;
  if (plan.kind === "file") {
    const existing = statOrUndefined(plan.path);
    if (existing && !existing.isFile()) {
      return { path: plan.path, reason: "it is not a regular file (a device, a pipe), and an output file would replace it; choose a file with -o, or write to standard output without -o." };
    }
    return tryWriting(outputFolder(plan.path), plan.path);
  }
  try {
    mkdirSync(plan.dir, { recursive: true });
  } catch (error) {
    return { path: plan.dir, reason: describeWriteError(error) };
  }
  const root = resolve(plan.dir);
  const problem = tryWriting(root, plan.dir);
  if (problem) return problem;
  // The mirrored tree: nothing on the way to an output file may be a file, nor the output file a folder.
  const folders = new Set<string>([root]);
  for (const file of files) {
    const target = resolve(mirrorPath(plan.dir, file, plan.format));
    if (statOrUndefined(target)?.isDirectory()) {
      return { path: mirrorPath(plan.dir, file, plan.format), reason: "a folder stands where this output file goes; move it, or choose another -o folder." };
    }
    for (let folder = dirname(target); !folders.has(folder) && folder.startsWith(root); folder = dirname(folder)) {
      folders.add(folder);
      const info = statOrUndefined(folder);
      if (info && !info.isDirectory()) return { path: folder, reason: "a file stands where a folder of the outputs goes; move it, or choose another -o folder." };
    }
  }
  return undefined;
}

/** Writes and removes an empty temporary file in `folder`: the one sure test that files can be written there. */
function tryWriting(folder: string, shown: string): OutputProblem | undefined {
  const probe = temporaryName(join(folder, "perf-extract-probe"));
  try {
    writeFileSync(probe, "", { flag: "wx" });
  } catch (error) {
    return { path: shown, reason: describeWriteError(error) };
  }
  rmSync(probe, { force: true });
  return undefined;
}
