import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { describeFsError } from "./failure.js";
import { systemReason } from "../errors.js";

// Input discovery: the command line's arguments → the files to convert, in a
// deterministic order, with what could not be used reported (never fatal).
//
// - `-` is standard input (one PDF).
// - An existing file is taken as given, whatever its extension.
// - An existing folder is walked recursively for *.pdf and *.txt (any case);
//   entries are visited in code-point order of their names, folders depth-first,
//   so the list is sorted path segment by path segment. Names starting with "."
//   (hidden files, editors' and our own temporaries) are skipped. Symbolic links
//   are followed, except one that leads back into a folder being walked (a loop),
//   which is reported, as is a dangling link or a folder that cannot be read.
// - Anything else that contains glob characters (* ? [ ] { }) is a pattern
//   (tinyglobby), matched against files only and filtered to *.pdf and *.txt like
//   a folder; its matches are sorted the same way.
// - The arguments keep the order they were given in; a file reached twice
//   (the same resolved path) is converted once, at its first place.
//
// Each file also gets the path it will be mirrored under with -o FOLDER/: its
// path relative to the folder given, or to a pattern's fixed leading folders,
// or its own name for a file given by name.

export interface InputFile {
  /** The path as the user will read it (and Document.source); "-" for standard input. */
  path: string;
  /** Where it goes under an output folder, "/"-separated, with its extension. */
  relative: string;
  /** Standard input. */
  stdin?: boolean;
  /** Named on its own on the command line (not found in a folder or by a pattern). */
  named?: boolean;
}

export interface InputProblem {
  path: string;
  reason: string;
  /** Nothing is lost (a link loop, a dangling link): reported, but the run does not fail for it. */
  warning?: boolean;
}

export interface Discovery {
  files: InputFile[];
  problems: InputProblem[];
}

export interface DiscoverOptions {
  /** Resolved folders never walked into (the output folder). */
  exclude?: readonly string[];
}

const WANTED = /\.(pdf|txt)$/i;

/** Code-point order (not the locale's), so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compare "/"-separated paths segment by segment (a folder's files stay together). */
export function comparePaths(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const c = byCodePoint(sa[i]!, sb[i]!);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}

function isPattern(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/** The leading segments of a pattern that contain no glob character, and the rest. */
function splitPattern(pattern: string): { base: string; rest: string } {
  const segments = pattern.split("/");
  let i = 0;
  while (i < segments.length - 1 && !isPattern(segments[i]!)) i++;
  const base = segments.slice(0, i).join("/");
  return { base: base === "" && pattern.startsWith("/") ? "/" : base || ".", rest: segments.slice(i).join("/") };
}

const toSlash = (path: string): string => (sep === "/" ? path : path.split(sep).join("/"));

async function walk(
  folder: string,
  display: string,
  prefix: string,
  ancestors: ReadonlySet<string>,
  exclude: ReadonlySet<string>,
  out: InputFile[],
  problems: InputProblem[],
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: display, reason: `this folder cannot be read (${systemReason(error)}); its files were skipped.` });
    return;
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = join(folder, entry.name);
    const shown = join(display, entry.name);
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push({
          path: shown,
          reason: code === "ELOOP" ? "this symbolic link loops back on itself; skipped." : "this symbolic link points to nothing; skipped.",
          warning: true,
        });
        continue;
      }
    }
    if (isDir) {
      let real: string;
      try {
        real = await realpath(full);
      } catch {
        problems.push({ path: shown, reason: "this folder cannot be resolved; its files were skipped." });
        continue;
      }
      if (exclude.has(real)) continue;
      if (ancestors.has(real)) {
        problems.push({ path: shown, reason: "this symbolic link loops back to a folder that contains it; skipped.", warning: true });
        continue;
      }
      await walk(full, shown, rel, new Set([...ancestors, real]), exclude, out, problems);
    } else if (isFile && WANTED.test(entry.name)) {
      out.push({ path: shown, relative: rel });
    }
  }
}

/** The files to convert, in order, and the arguments (or entries) that could not be used. */
export async function discoverInputs(args: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  const exclude = new Set<string>();
  for (const folder of options.exclude ?? []) {
    try {
      exclude.add(await realpath(folder));
    } catch {
      // an output folder that does not exist yet cannot be inside the inputs
    }
  }

  for (const arg of args) {
    if (arg === "-") {
      files.push({ path: "-", relative: "stdin", stdin: true, named: true });
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === "ENOENT" || code === "ENOTDIR") && isPattern(arg)) {
        const found = await expandPattern(arg);
        if (found.length === 0) problems.push({ path: arg, reason: "no PDF or text file matches this pattern; check it." });
        files.push(...found);
        continue;
      }
      problems.push({ path: arg, reason: describeFsError(error) ?? `it cannot be read (${systemReason(error)}); check its permissions.` });
      continue;
    }
    if (info.isDirectory()) {
      const found: InputFile[] = [];
      const real = await realpath(arg);
      await walk(arg, arg, "", new Set([real]), exclude, found, problems);
      if (found.length === 0) problems.push({ path: arg, reason: "no PDF or text file (*.pdf, *.txt) was found in this folder." });
      files.push(...found);
    } else {
      files.push({ path: arg, relative: basename(arg), named: true });
    }
  }

  // The same file reached twice is converted once.
  const seen = new Set<string>();
  const unique = files.filter((file) => {
    if (file.stdin) return true;
    const key = resolve(file.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { files: unique, problems };
}

async function expandPattern(pattern: string): Promise<InputFile[]> {
  const { glob } = await import("tinyglobby");
  const { base, rest } = splitPattern(toSlash(pattern));
  const matches = await glob(rest, { cwd: base, onlyFiles: true, followSymbolicLinks: true, dot: false, expandDirectories: false });
  return matches
    .filter((match) => WANTED.test(match))
    .sort(comparePaths)
    .map((match) => ({ path: base === "." && !pattern.startsWith("./") ? match : join(base, match), relative: toSlash(relative(".", match)) }));
}
