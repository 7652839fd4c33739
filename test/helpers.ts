import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Form } from "../src/schema.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "fixtures");
/** The acceptance corpus, copied into the repository by scripts/sync-corpus.mjs (never skipped: it is committed). */
export const CORPUS = join(ROOT, "fixtures", "corpus");

export function fixturePdfs(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith(".pdf")).sort();
}

export function truthOf(pdfPath: string): Form[] {
  return JSON.parse(readFileSync(pdfPath.replace(/\.(pdf|txt)$/, ".truth.json"), "utf8")) as Form[];
}

/** A PDF of the given objects (object n is objects[n - 1]), with a correct xref table. */
export function tinyPdf(objects: string[]): Uint8Array {
  let text = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** One A4 page painting `content`, with Helvetica (or `font`) as /F1: for reader tests that need text at given places and angles. */
export function simplePdf(content: string, pageExtra = "", font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"): Uint8Array {
  return tinyPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R ${pageExtra}>>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    font,
  ]);
}

/** The built command, run as a user runs it (`node bin/perf-extract.js …`). */
export const BIN = join(ROOT, "bin", "perf-extract.js");
/** Long enough for a subprocess converting the corpus on a busy machine. */
export const CLI_TIMEOUT = 120_000;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command in a subprocess, without colours and without a password in the environment. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: Buffer } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...options.env };
  delete env.PERF_EXTRACT_PASSWORD;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    encoding: "utf8",
    timeout: CLI_TIMEOUT,
    ...(options.input ? { input: options.input } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The non-empty lines of a text. */
export const lines = (text: string): string[] => text.split("\n").filter((line) => line !== "");
