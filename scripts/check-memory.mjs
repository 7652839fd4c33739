#!/usr/bin/env node
// Converts the same PDF many times in one process and prints memory as it goes:
// if each document's pdf.js resources (pages, fonts, the document and its fake
// worker) are released, resident memory levels off after the first few runs
// instead of growing with every run. Not a test (it depends on the machine and
// on the garbage collector); run it after changing the reader.
//
//   npm run build && node --expose-gc scripts/check-memory.mjs [file.pdf] [runs]

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = process.argv[2] ?? join(ROOT, "fixtures", "a4-landscape-filled-serif.pdf");
const runs = Number(process.argv[3] ?? 50);
const { extractDetailed } = await import(join(ROOT, "dist", "extract.js"));

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const sample = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
};
if (!globalThis.gc) console.error("(run with node --expose-gc for steadier numbers)");

const start = sample();
console.log(`${file}, ${runs} runs`);
console.log(`before:   rss ${mb(start.rss)}  heap ${mb(start.heap)}  external ${mb(start.external)}`);
const rows = [];
for (let i = 1; i <= runs; i++) {
  const { document } = await extractDetailed(file);
  if (i === 1 || i % 10 === 0) {
    const m = sample();
    rows.push({ i, ...m });
    console.log(`run ${String(i).padStart(3)}:  rss ${mb(m.rss)}  heap ${mb(m.heap)}  external ${mb(m.external)}  (${document.forms.length} forms)`);
  }
}
const first = rows.find((r) => r.i >= 10) ?? rows[0];
const last = rows.at(-1);
console.log(`from run ${first.i} to run ${last.i}: rss ${last.rss >= first.rss ? "+" : ""}${mb(last.rss - first.rss)}, heap ${last.heap >= first.heap ? "+" : ""}${mb(last.heap - first.heap)}`);
