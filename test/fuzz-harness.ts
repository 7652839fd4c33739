// The parent side of the fuzz test: runs test/fuzz-runner.mjs in child processes
// and watches them. pdf.js runs in the thread that calls it, so a variant that
// makes it spin can only be stopped from outside: when a child reports nothing
// for `variantTimeoutMs`, it is killed, the variant it was running is recorded as
// a hang, and a fresh child carries on with the rest.

import { fork } from "node:child_process";
import { statSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.js";

export const RUNNER = join(ROOT, "test", "fuzz-runner.mjs");

export interface Outcome {
  id: number | string;
  name?: string;
  description?: string;
  outcome?: "document" | "error";
  code?: string;
  message?: string;
  forms?: number;
  textLost?: boolean;
  /** Structural variants: the Document is the undamaged file's. */
  same?: boolean;
  /** Structural variants: it carries an extraction warning (or lost text), so the command line exits 1. */
  review?: boolean;
  ms?: number;
  problem?: string;
}

export interface FuzzReport {
  outcomes: Outcome[];
  /** Everything that broke the contract: bad outcomes, hangs, crashes, stray output. */
  failures: string[];
}

interface RunOptions {
  /** "--seeds" (random damage) or "--structure" (structural damage) with numbers, or "--files" with paths. */
  mode: "--seeds" | "--structure" | "--files";
  items: (number | string)[];
  /** Child processes at once. */
  parallel: number;
  variantTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

type Message = Outcome & { t: "start" | "done" | "problem" | "end"; during?: boolean };

/** Runs the items through the runner; resolves when every item has an outcome or a failure. */
export async function runFuzz({ mode, items, parallel, variantTimeoutMs, env }: RunOptions): Promise<FuzzReport> {
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  const label = (id: number | string, name?: string) => (mode === "--files" ? String(id) : `${mode === "--structure" ? "structural " : ""}seed ${id}${name ? ` (${name})` : ""}`);
  const shards: (number | string)[][] = Array.from({ length: parallel }, () => []);
  items.forEach((item, i) => shards[i % parallel]!.push(item));

  const runShard = async (pending: (number | string)[]): Promise<void> => {
    while (pending.length > 0) {
      const batch = [...pending];
      const done = new Set<number | string>();
      await new Promise<void>((resolve) => {
        const args = mode === "--files" ? [mode, ...batch.map(String)] : [mode, batch.join(",")];
        const child = fork(RUNNER, args, {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe", "ipc"],
          serialization: "json",
        });
        let running: number | string | null = null;
        let stderr = "";
        let finished = false;
        child.stdout!.on("data", () => {}); // stray output is reported by the runner itself
        child.stderr!.on("data", (chunk: Buffer) => {
          stderr = (stderr + chunk.toString()).slice(-2000);
        });
        let timer: NodeJS.Timeout;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            failures.push(`${label(running ?? "?")}: no result within ${variantTimeoutMs / 1000} s (a hang); child killed`);
            if (running !== null) done.add(running);
            finished = true;
            child.kill("SIGKILL");
          }, variantTimeoutMs);
        };
        arm();
        child.on("message", (raw) => {
          const m = raw as Message;
          arm();
          if (m.t === "start") running = m.id;
          else if (m.t === "done") {
            done.add(m.id);
            running = null;
            const { t: _t, ...outcome } = m;
            outcomes.push(outcome);
            if (m.problem) failures.push(`${label(m.id, m.name)}: ${m.problem} [${m.description}]`);
          } else if (m.t === "problem") {
            failures.push(`${label(m.id ?? "?")}${m.during ? "" : " (or just after it)"}: ${m.problem}`);
          } else if (m.t === "end") finished = true;
        });
        child.on("exit", (code, signal) => {
          clearTimeout(timer);
          if (!finished) {
            failures.push(`${label(running ?? "?")}: the runner died (exit ${code ?? signal}) ${stderr.trim().split("\n").slice(-3).join(" ")}`);
            if (running !== null) done.add(running);
          }
          resolve();
        });
      });
      const rest = batch.filter((id) => !done.has(id));
      // A child that died before starting anything would loop forever: give up on the shard.
      if (rest.length === batch.length) {
        failures.push(`the runner made no progress on ${rest.length} items; stopped`);
        return;
      }
      pending = rest;
    }
  };
  await Promise.all(shards.filter((s) => s.length).map(runShard));
  return { outcomes, failures };
}

/** Throws unless dist/ was built after the pipeline's sources last changed (the runner uses the built code). */
export function assertDistFresh(): void {
  const dist = join(ROOT, "dist", "extract.js");
  if (!existsSync(dist)) throw new Error("dist/extract.js is missing: run `npm run build` (npm test does) first");
  const built = statSync(dist).mtimeMs;
  // The pipeline, not the CLI, batch mode or the writers, which the runner does not load.
  const skip = new Set(["cli.ts", "batch", "write"]);
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true })
        .filter((e) => !skip.has(e.name))
        .map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)),
    );
  if (newest(join(ROOT, "src")) > built + 1000) throw new Error("dist/ is older than src/: run `npm run build` (npm test does) first");
}
