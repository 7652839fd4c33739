import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, open, rename, rm, writeFile, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

// Every output is written to a temporary file beside it and renamed into place,
// so a reader never sees half a file. The temporaries being written are known,
// so that Ctrl-C can remove them before the process exits.

const live = new Set<string>();

/** The hidden temporary name used for `path` (same folder, so the rename is atomic). */
export function temporaryName(path: string): string {
  return join(dirname(resolve(path)), `.${basename(path)}.tmp.${process.pid}.${randomBytes(4).toString("hex")}`);
}

/** Write `data` to `path` through a temporary file; `mkdirs` creates the missing folders first. */
export async function writeAtomically(path: string, data: string | Uint8Array, options: { mkdirs?: boolean } = {}): Promise<void> {
  if (options.mkdirs) await mkdir(dirname(resolve(path)), { recursive: true });
  const tmp = temporaryName(path);
  live.add(tmp);
  try {
    await writeFile(tmp, data, typeof data === "string" ? { encoding: "utf8", flag: "wx" } : { flag: "wx" });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  } finally {
    live.delete(tmp);
  }
}

/** Remove every temporary file still being written (synchronously: called on SIGINT/SIGTERM). */
export function removeTemporaries(): void {
  for (const tmp of live) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  live.clear();
}

/**
 * A file written piece by piece through a temporary file, renamed into place by
 * commit() (abort() removes it). Nothing exists on disk until the first write.
 */
export class AtomicFile {
  private readonly tmp: string;
  private handle: FileHandle | undefined;
  private opening: Promise<FileHandle> | undefined;

  constructor(readonly path: string) {
    this.tmp = temporaryName(path);
  }

  get started(): boolean {
    return this.opening !== undefined;
  }

  async write(text: string): Promise<void> {
    if (!this.opening) {
      live.add(this.tmp);
      this.opening = open(this.tmp, "wx");
    }
    this.handle = await this.opening;
    await this.handle.write(text, null, "utf8");
  }

  async commit(): Promise<void> {
    if (!this.opening) return;
    try {
      await (await this.opening).close();
      await rename(this.tmp, this.path);
    } catch (error) {
      await rm(this.tmp, { force: true });
      throw error;
    } finally {
      live.delete(this.tmp);
    }
  }

  async abort(): Promise<void> {
    if (!this.opening) return;
    try {
      await (await this.opening).close();
    } catch {
      // closing is best effort; the file goes either way
    }
    await rm(this.tmp, { force: true });
    live.delete(this.tmp);
  }
}
