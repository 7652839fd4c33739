#!/usr/bin/env node
// Turns pages of a fixture PDF by /Rotate, in an incremental update (the page
// dictionaries are re-defined after the original file), so that a form's text
// stands on its side or upside down on the displayed page while its content is
// unchanged: the reader must read each page the way its text runs.
//
//   node scripts/rotate-fixture.mjs INPUT.pdf OUTPUT.pdf 90,180,270,0
//
// The list gives each page's rotation in order (pages past its end keep theirs).
// The input must be written by pdfkit (page dictionaries as direct
// "N 0 obj << /Type /Page … >>" objects, a classic xref table); the truth file
// of the output is the input's (the content is the same).

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bytes of `input` with its pages rotated by `rotations` (degrees, in page order). */
export function rotatePages(input, rotations) {
  const text = input.toString('latin1');
  const root = /\/Root\s+(\d+)\s+0\s+R/.exec(text.slice(text.lastIndexOf('trailer')));
  const prev = /startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')));
  const size = /\/Size\s+(\d+)/.exec(text.slice(text.lastIndexOf('trailer')));
  if (!root || !prev || !size) throw new Error('not a pdfkit file: no trailer /Root, /Size or startxref');
  // Pages in the order of the page tree's /Kids (pdfkit writes one flat /Pages node).
  const kids = /\/Type\s*\/Pages[\s\S]*?\/Kids\s*\[([^\]]*)\]/.exec(text);
  if (!kids) throw new Error('no /Kids in the page tree');
  const pages = [...kids[1].matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]));
  let update = '\n';
  const offsets = [];
  pages.forEach((num, i) => {
    const rotate = rotations[i];
    if (rotate === undefined) return;
    const def = new RegExp(`(?:^|\\n)${num} 0 obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(text);
    if (!def) throw new Error(`page object ${num} not found`);
    const dict = def[1].replace(/\/Rotate\s+\d+/, '');
    offsets.push([num, input.length + Buffer.byteLength(update, 'latin1')]);
    update += `${num} 0 obj\n<<${dict}/Rotate ${rotate}\n>>\nendobj\n`;
  });
  const xrefAt = input.length + Buffer.byteLength(update, 'latin1');
  update += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, at] of offsets) update += `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  update += `trailer\n<<\n/Size ${size[1]}\n/Root ${root[1]} 0 R\n/Prev ${prev[1]}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([input, Buffer.from(update, 'latin1')]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input, output, list] = process.argv.slice(2);
  if (!input || !output || !list) {
    console.error('usage: node scripts/rotate-fixture.mjs INPUT.pdf OUTPUT.pdf 90,180,270,0');
    process.exit(2);
  }
  writeFileSync(output, rotatePages(readFileSync(input), list.split(',').map(Number)));
}
