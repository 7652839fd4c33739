#!/usr/bin/env node
// Writes fixtures/crash/widths-4g.pdf: cid-stsong-nonembedded.pdf whose CID
// font's glyph widths (/W) are damaged in an incremental update to one range
// from CID 0 to 4294967295. Reading it, pdf.js fills an array entry per CID
// and V8 aborts the process ("Fatal JavaScript invalid size error", exit 133),
// as a hostile tester's damaged file did: the batch test asserts that such a
// file fails alone, in its worker process, and every other file is converted.
//
//   node scripts/widths-fixture.mjs

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const input = readFileSync(join(FIXTURES, "cid-stsong-nonembedded.pdf"));
const text = input.toString("latin1");
const font = /(\d+) 0 obj\s*(<< \/Type \/Font \/Subtype \/CIDFontType0 [^\n]*\/W \[[^\]]*\] >>)\s*endobj/.exec(text);
const trailer = /trailer\s*(<<[\s\S]*?>>)\s*startxref\s*(\d+)/.exec(text.slice(text.lastIndexOf("trailer")));
if (!font || !trailer) throw new Error("cid-stsong-nonembedded.pdf is not as scripts/make-fixtures.mjs writes it");
const damaged = font[2].replace(/\/W \[[^\]]*\]/, "/W [0 4294967295 500]");
const objectAt = input.length + 1;
const update = `\n${font[1]} 0 obj\n${damaged}\nendobj\n`;
const xrefAt = input.length + update.length;
const newTrailer = trailer[1].replace(/\s*>>$/, ` /Prev ${trailer[2]} >>`);
const tail = `xref\n0 1\n0000000000 65535 f \n${font[1]} 1\n${String(objectAt).padStart(10, "0")} 00000 n \ntrailer\n${newTrailer}\nstartxref\n${xrefAt}\n%%EOF\n`;
writeFileSync(join(FIXTURES, "crash", "widths-4g.pdf"), Buffer.concat([input, Buffer.from(update + tail, "latin1")]));
