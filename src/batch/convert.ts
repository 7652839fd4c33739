import type { ExtractOptions } from "../extract.js";
import type { Document } from "../schema.js";
import { describeFailure } from "./failure.js";

// One input → one result, in whichever thread runs it (a pool worker, or the
// main thread with --jobs 0). The result is a plain object, so it crosses a
// thread boundary by structured clone; the failure sentence is made here, where
// the ExtractError is still an ExtractError.

export interface Task {
  /** The path to read; ignored when `data` is given. */
  path: string;
  /** What to record as Document.source. */
  source: string;
  /** The input's bytes (standard input), instead of reading `path`. */
  data?: Uint8Array;
  /** What the command line passes on to the extractor (plain data: it crosses threads). */
  extract: TaskExtractOptions;
}

export type TaskExtractOptions = Pick<ExtractOptions, "password" | "maxBytes" | "maxPages" | "provenance">;

export type TaskResult =
  | { ok: true; document: Document; textLost: boolean; ms: number; reader?: string }
  | { ok: false; reason: string; code?: string; stack?: string; ms: number };

const NO_FORMS = "no 二级项目支出绩效目标申报表 (project performance-target form) was found in it; check that this is the right file.";

export async function convertTask(task: Task): Promise<TaskResult> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  try {
    const [{ extractDetailed }, { validateDocument }] = await Promise.all([import("../extract.js"), import("../validate.js")]);
    const result = await extractDetailed(task.data ?? task.path, { ...task.extract, source: task.source });
    const document = validateDocument(result.document);
    if (document.forms.length === 0) return { ok: false, reason: NO_FORMS, ms: ms() };
    return { ok: true, document, textLost: result.textLost, ms: ms(), ...(result.reader ? { reader: result.reader } : {}) };
  } catch (error) {
    return {
      ok: false,
      reason: describeFailure(error),
      ...(typeof (error as { code?: unknown })?.code === "string" ? { code: (error as { code: string }).code } : {}),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : { stack: String(error) }),
      ms: ms(),
    };
  }
}
