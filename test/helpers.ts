import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Form } from "../src/schema.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "fixtures");
/** The acceptance corpus shared beside the project (present in CI and on developer machines). */
export const CORPUS = join(ROOT, "..", "shared", "corpus");
export const hasCorpus = existsSync(CORPUS);

export function fixturePdfs(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith(".pdf")).sort();
}

export function truthOf(pdfPath: string): Form[] {
  return JSON.parse(readFileSync(pdfPath.replace(/\.(pdf|txt)$/, ".truth.json"), "utf8")) as Form[];
}
