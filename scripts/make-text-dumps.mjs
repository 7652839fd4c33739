#!/usr/bin/env node
// Text dumps of the fixture PDFs, as common PDF text extractors write them, for
// the text-dump tests (fixtures/text/dumps/NAME__EXTRACTOR.txt). Each dump is
// tested against the truth of its PDF (fixtures/NAME.truth.json, or
// fixtures/corpus/NAME.truth.json). CI does not run this script: the dumps are
// committed, so the tests do not need the extractors.
//
//   node scripts/make-text-dumps.mjs [--out DIR] [--python PYTHON] [--extractors a,b] [PDF ...]
//
// Without PDFs it remakes the committed set (`npm run text-dumps`): COMMITTED
// below, each PDF with the extractors listed for it.
//
// Extractors: poppler `pdftotext -layout`, `pdftotext -raw` and plain
// `pdftotext`, MuPDF `mutool draw -F txt`, PyMuPDF `page.get_text()` (PYTHON
// with the fitz module, default /usr/bin/python3 as Debian's python3-fitz
// installs it), pdf.js `getTextContent` (items joined as they come, a line end
// where pdf.js marks one). Where PYTHON has pdfplumber or pypdf, their dumps
// too: pdfplumber `extract_text(layout=True)` and `extract_text()`, pdfminer.six's
// `extract_text` (as installed with pdfplumber), pypdf `extract_text()`, each
// page's text joined by a line end. The committed pdfplumber dumps were made with
// pdfplumber 0.11.10 (pdfminer.six 20260107) in a virtual environment:
//   python3 -m venv /tmp/dumpenv && /tmp/dumpenv/bin/pip install pdfplumber pypdf
//   node scripts/make-text-dumps.mjs --python /tmp/dumpenv/bin/python
// (Debian's python3-fitz is not in such an environment: run it once with the
// default PYTHON for the PyMuPDF dumps.) An extractor that is missing is
// skipped with a note.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const out = option("--out", join(root, "fixtures", "text", "dumps"));
const python = option("--python", "/usr/bin/python3");
const only = option("--extractors", null)?.split(",");

// The committed set: each PDF (under fixtures/) with the extractors its dumps are
// made by. The first three PDFs draw the merged 一级/二级 cells after a page's
// rows, so their drawing-order dumps are refused; the rest are the cases a
// trial of every extractor on every fixture found read wrong without a word.
const DRAWING = ["pdftotext-raw", "mutool", "pymupdf", "pdfjs"];
const COMMITTED = [
  ["a3-large.pdf", ["pdftotext-layout", ...DRAWING]],
  ["a4-multi-per-page.pdf", ["pdftotext-layout", ...DRAWING]],
  ["a4-rotated-pages.pdf", ["pdftotext-layout", "plumber-layout", ...DRAWING]],
  ["16k-borderless-top.pdf", ["pdftotext-layout"]],
  ["letter-split-rows.pdf", ["pdftotext-layout", "plumber"]],
  ["cid-stsong-nonembedded.pdf", ["pdftotext-layout", "plumber-layout"]],
  ["a4-landscape-filled-serif.pdf", ["pdftotext-layout", "plumber-layout"]],
  ["a4-open-breaks.pdf", ["pdftotext-layout"]],
  ["a4-objstm-forms.pdf", ["plumber-layout"]],
  ["a4-forms-then-tables.pdf", ["pdftotext-layout"]],
  ["corpus/pub-rl-split.pdf", ["pdftotext-layout", "plumber-layout"]],
  ["corpus/pub-ovsplit.pdf", ["pdftotext-layout"]],
  ["corpus/seed-rl.pdf", ["pdftotext-layout"]],
  ["corpus/synth-101.pdf", ["pdftotext-raw", "plumber-layout"]],
  ["corpus/synth-102.pdf", ["pdfjs"]],
  ["corpus/seed-chromium.pdf", ["pdftotext-layout", "plumber-layout"]],
  ["corpus/pub-wps-clip.pdf", ["pdftotext-layout", "plumber-layout"]],
];
const jobs = args.length
  ? args.map((pdf) => [pdf, null])
  : COMMITTED.map(([pdf, names]) => [join(root, "fixtures", pdf), names]);

const has = (command, probe) => spawnSync(command, probe, { stdio: "ignore" }).status === 0;
const pyHas = (module) => has(python, ["-c", `import ${module}`]);

// Each extractor: a name and a function from a PDF path to the dump's text.
const run = (command, argv) => execFileSync(command, argv, { maxBuffer: 1 << 28 }).toString("utf8");
const py = (script, pdf) => run(python, ["-c", script, pdf]);

const extractors = [];
if (has("pdftotext", ["-v"])) {
  extractors.push(["pdftotext-layout", (pdf) => run("pdftotext", ["-layout", "-enc", "UTF-8", pdf, "-"])]);
  extractors.push(["pdftotext-raw", (pdf) => run("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"])]);
  extractors.push(["pdftotext", (pdf) => run("pdftotext", ["-enc", "UTF-8", pdf, "-"])]);
} else console.warn("pdftotext not found (apt-get install poppler-utils): skipped");
if (has("mutool", ["-v"])) extractors.push(["mutool", (pdf) => run("mutool", ["draw", "-q", "-F", "txt", "-o", "-", pdf])]);
else console.warn("mutool not found (apt-get install mupdf-tools): skipped");
if (pyHas("fitz")) {
  // As PyMuPDF's own recipe writes a document's text: each page, then a form feed.
  extractors.push(["pymupdf", (pdf) => py("import sys, fitz\nfor p in fitz.open(sys.argv[1]): sys.stdout.write(p.get_text() + '\\f')", pdf)]);
} else console.warn(`${python} has no fitz (apt-get install python3-fitz): PyMuPDF skipped`);
extractors.push(["pdfjs", pdfjsText]);
if (pyHas("pdfplumber")) {
  extractors.push(["plumber-layout", (pdf) => py("import sys, pdfplumber\nprint('\\n'.join(p.extract_text(layout=True) for p in pdfplumber.open(sys.argv[1]).pages))", pdf)]);
  extractors.push(["plumber", (pdf) => py("import sys, pdfplumber\nprint('\\n'.join(p.extract_text() for p in pdfplumber.open(sys.argv[1]).pages))", pdf)]);
  extractors.push(["pdfminer", (pdf) => py("import sys\nfrom pdfminer.high_level import extract_text\nsys.stdout.write(extract_text(sys.argv[1]))", pdf)]);
} else console.warn(`${python} has no pdfplumber (pip install pdfplumber, see above): pdfplumber and pdfminer skipped`);
if (pyHas("pypdf")) {
  extractors.push(["pypdf", (pdf) => py("import sys, pypdf\nprint('\\n'.join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages))", pdf)]);
} else console.warn(`${python} has no pypdf (pip install pypdf): pypdf skipped`);

/** pdf.js getTextContent: each item's text, a line end after an item that ends a line, pages apart by a blank line. */
async function pdfjsText(pdf) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const base = dirname(fileURLToPath(import.meta.resolve("pdfjs-dist/package.json")));
  const { readFile } = await import("node:fs/promises");
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(await readFile(pdf)),
    cMapUrl: join(base, "cmaps") + "/",
    cMapPacked: true,
    standardFontDataUrl: join(base, "standard_fonts") + "/",
    verbosity: 0,
  }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""));
  }
  await doc.destroy();
  return pages.join("\n\n");
}

mkdirSync(out, { recursive: true });
for (const [pdf, names] of jobs) {
  const name = basename(pdf, ".pdf");
  for (const [extractor, extract] of extractors) {
    if ((only && !only.includes(extractor)) || (names && !names.includes(extractor))) continue;
    const file = join(out, `${name}__${extractor}.txt`);
    writeFileSync(file, await extract(pdf));
    console.log(file);
  }
}
