#!/usr/bin/env node
// A PDF for the own text reader's equivalence test (fixtures/reader/): two
// pages appended to a pdfkit fixture in an incremental update, drawn with its
// embedded fonts, that show text with every text operator and state change
// pdfkit itself never writes — Tc, Tw, Tz, TL, T*, ', ", TD, Ts, TJ kerning of
// every size, q/Q and cm inside and around text, rotated and mirrored text
// matrices, negative font sizes, marked content, text in a form XObject,
// invisible text, fake bold, text running off the page, literal strings with
// escapes, a page turned by /Rotate with a CropBox; and a third page in two
// Type3 fonts of its own (a font size of 1 scaled up by the text matrix, and
// glyph boxes ten times the font's box: the two cases in which pdf.js sizes
// text by the glyph box). It holds no form: the test asserts that the own
// reader hands the layout exactly what pdf.js would.
//
//   node scripts/text-operators-fixture.mjs INPUT.pdf OUTPUT.pdf
//
// The input must be written by pdfkit (one flat /Pages node, pages as direct
// objects, a classic xref table, Identity-H fonts).

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

function objectText(text, num) {
  const m = new RegExp(`(?:^|\\n)${num} 0 obj\\s*([\\s\\S]*?)endobj`).exec(text);
  if (!m) throw new Error(`object ${num} not found`);
  return m[1];
}

/** The bytes of `input` with the two text-operator pages appended. */
export function addTextOperatorPages(input) {
  const text = input.toString('latin1');
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const root = /\/Root\s+(\d+)\s+0\s+R/.exec(trailer);
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const prev = /startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')));
  if (!root || !prev || !size) throw new Error('not a pdfkit file: no trailer /Root, /Size or startxref');
  const pagesNum = Number(/\/Pages\s+(\d+)\s+0\s+R/.exec(objectText(text, root[1]))[1]);
  const pagesDict = objectText(text, pagesNum);
  const kids = [.../\/Kids\s*\[([^\]]*)\]/.exec(pagesDict)[1].matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]));
  const page = objectText(text, kids[0]);
  const resources = Number(/\/Resources\s+(\d+)\s+0\s+R/.exec(page)[1]);
  const fonts = /\/Font\s*<<([^>]*)>>/.exec(objectText(text, resources))[1].trim();
  // The glyph codes page 1 shows, by font: real codes, so that every one has its text in the ToUnicode map.
  const contents = Number(/\/Contents\s+(\d+)\s+0\s+R/.exec(page)[1]);
  const body = objectText(text, contents);
  const start = input.indexOf('stream', text.indexOf(`\n${contents} 0 obj`)) + 'stream\n'.length;
  const length = Number(/\/Length\s+(\d+)/.exec(body)[1]);
  const stream = inflateSync(input.subarray(start, start + length)).toString('latin1');
  const shown = [...stream.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf\s*\[<([0-9a-f]+)>/g)].map((m) => ({ font: m[1], hex: m[2] }));
  const [a, b] = [shown[0], shown.find((s) => s.font !== shown[0].font) ?? shown[1]];
  if (!a || !b || a.hex.length < 20) throw new Error('no text to borrow glyph codes from');
  const A = `/${a.font}`;
  const B = `/${b.font}`;
  const ha = `<${a.hex}>`;
  const hb = `<${b.hex}>`;
  const piece = (k) => `<${a.hex.slice(8 * k, 8 * k + 8)}>`; // two codes
  const lit = (hex) => `(${hex.match(/../g).map((x) => `\\${parseInt(x, 16).toString(8).padStart(3, '0')}`).join('')})`;

  const form = `BT ${B} 10 Tf 0 0 Td ${hb} Tj T* ${ha} Tj ET\n`;
  const first = [
    `BT ${A} 12 Tf 40 800 Td 2 Tc ${ha} Tj ET`,
    `BT ${A} 12 Tf 40 776 Td 0 Tc 3 Tw ${ha} Tj 0 Tw ET`,
    `BT ${A} 12 Tf 50 Tz 40 752 Td ${ha} Tj 150 Tz ${ha} Tj 100 Tz ET`,
    `BT ${A} 12 Tf 14 TL 40 728 Td ${ha} Tj T* ${ha} Tj ${ha} ' 1 0.5 ${ha} " 0 0 ${piece(0)} " ET`,
    `BT ${A} 12 Tf 40 660 TD ${ha} Tj 0 -12 TD ${piece(1)} Tj T* ${piece(2)} Tj ET`,
    `BT ${A} 12 Tf 40 600 Td ${piece(0)} Tj 5 Ts ${piece(1)} Tj -3 Ts ${piece(2)} Tj 0 Ts ${piece(3)} Tj ET`,
    `BT ${A} 12 Tf 40 576 Td [${piece(0)} -50 ${piece(1)} -250 ${piece(2)} -1500 ${piece(3)} 300 ${piece(4)} 0 ${piece(0)}] TJ ET`,
    `BT ${A} 12 Tf 40 552 Td ${ha} Tj q 1 0 0 1 5 0 cm 3 Tc ${ha} Tj Q ${ha} Tj ET`,
    `BT ${A} 12 Tf 40 528 Td /Span <</MCID 3>> BDC ${piece(0)} Tj EMC ${piece(1)} Tj /Artifact BMC ${piece(2)} Tj EMC ${piece(3)} Tj ET`,
    `BT ${A} 12 Tf -20 504 Td ${ha} Tj ET`,
    `BT ${A} 12 Tf 40 480 Td ${ha} Tj ${B} 12 Tf ${hb} Tj ${A} 14 Tf ${ha} Tj ET`,
    `BT ${A} -12 Tf 300 456 Td ${ha} Tj ET`,
    `BT ${A} 12 Tf 40 432 Td ${ha} Tj ET BT ${A} 12 Tf 40.3 432 Td ${ha} Tj ET`,
    `BT 3 Tr ${A} 12 Tf 40 408 Td ${ha} Tj 0 Tr ET`,
    `BT ${A} 12 Tf 40 384 Td ${lit(a.hex)} Tj ET`,
    `BT ${A} 12 Tf 40 360 Td ${piece(0)} Tj 40 0 Td ${piece(1)} Tj 4 0 Td ${piece(2)} Tj ET`,
    `BT ${A} 12 Tf 1 0 0 1 40 336 Tm ${ha} Tj 1 0 0 1 260 336.5 Tm ${ha} Tj ET`,
    `BT ${A} 12 Tf 40 312 Td ${ha} Tj 0 -6 Td ${ha} Tj ET`,
    `q 0.5 0 0 0.5 40 120 cm BT ${A} 24 Tf 0 0 Td ${ha} Tj 2 0 0 2 0 40 Tm ${ha} Tj ET Q`,
    `BT ${A} 12 Tf 0.866 0.5 -0.5 0.866 300 200 Tm ${ha} Tj ET`,
    `BT ${A} 12 Tf 0 1 -1 0 560 150 Tm ${ha} Tj ET`,
    `BT ${A} 12 Tf -1 0 0 -1 500 100 Tm ${ha} Tj ET`,
    `BT ${A} 12 Tf 1 0 0 -1 40 90 Tm ${ha} Tj ET`,
    `q 1 0 0 1 0 -30 cm /TX1 Do Q`,
    `BT ${A} 12 Tf 40 60 Td ${ha} Tj /TX1 Do ${ha} Tj ET`,
  ].join('\n') + '\n';
  const second = [
    `BT ${A} 12 Tf 1 0 0 1 40 700 Tm ${ha} Tj T* ${hb} Tj ET`,
    `BT ${B} 10 Tf 1 0 0 1 10 10 Tm ${hb} Tj ET`,
    `BT ${A} 12 Tf 1 0 0 1 100 400 Tm [${piece(0)} -120 ${piece(1)} -600 ${piece(2)}] TJ ET`,
  ].join('\n') + '\n';

  // Two Type3 fonts drawing boxes, their codes 1–4 reading 二级项目 (ToUnicode).
  const third = [
    `BT /T1 1 Tf 12 0 0 12 40 700 Tm <01020304> Tj [<01> -300 <02>] TJ ET`,
    `BT /T2 12 Tf 1 0 0 1 40 650 Tm <01020304> Tj 2 Tc <0304> Tj ET`,
    `BT /T1 1 Tf 10 0 0 10 40 600 Tm <0102> Tj /T2 10 Tf 1 0 0 1 70 600 Tm <0304> Tj ET`,
  ].join('\n') + '\n';
  const glyph = (box) => `500 0 ${box} d1\n0 0 400 700 re f\n`;
  const toUnicode = '/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <00> <FF> endcodespacerange\n4 beginbfchar\n<01> <4E8C>\n<02> <7EA7>\n<03> <9879>\n<04> <76EE>\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n';

  let next = Number(size[1]);
  const n = { form: next++, firstContent: next++, secondContent: next++, resources: next++, firstPage: next++, secondPage: next++ };
  const t = { content: next++, resources: next++, page: next++, toUnicode: next++, small: next++, large: next++, t1: next++, t2: next++ };
  const objects = [
    [n.form, `<< /Type /XObject /Subtype /Form /BBox [0 0 595.28 841.89] /Matrix [1 0 0 1 60 240] /Resources ${resources} 0 R /Length ${form.length} >>\nstream\n${form}endstream`],
    [n.firstContent, `<< /Length ${first.length} >>\nstream\n${first}endstream`],
    [n.secondContent, `<< /Length ${second.length} >>\nstream\n${second}endstream`],
    [n.resources, `<< /Font << ${fonts} >> /XObject << /TX1 ${n.form} 0 R >> >>`],
    [n.firstPage, `<< /Type /Page /Parent ${pagesNum} 0 R /MediaBox [0 0 595.28 841.89] /Contents ${n.firstContent} 0 R /Resources ${n.resources} 0 R >>`],
    [n.secondPage, `<< /Type /Page /Parent ${pagesNum} 0 R /MediaBox [0 0 595.28 841.89] /CropBox [30 30 560 800] /Rotate 90 /Contents ${n.secondContent} 0 R /Resources ${n.resources} 0 R >>`],
    [t.content, `<< /Length ${third.length} >>\nstream\n${third}endstream`],
    [t.toUnicode, `<< /Length ${toUnicode.length} >>\nstream\n${toUnicode}endstream`],
    [t.small, `<< /Length ${glyph('0 0 400 700').length} >>\nstream\n${glyph('0 0 400 700')}endstream`],
    [t.large, `<< /Length ${glyph('0 -2000 12000 9000').length} >>\nstream\n${glyph('0 -2000 12000 9000')}endstream`],
    [t.t1, `<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0.0] /FontBBox [0 0 500 800] /FirstChar 1 /LastChar 4 /Widths [500 500 500 500] /Encoding << /Type /Encoding /Differences [1 /a /b /c /d] >> /CharProcs << /a ${t.small} 0 R /b ${t.small} 0 R /c ${t.small} 0 R /d ${t.small} 0 R >> /ToUnicode ${t.toUnicode} 0 R >>`],
    [t.t2, `<< /Type /Font /Subtype /Type3 /FontMatrix [0.002 0 0 -0.002 0 0] /FontBBox [0 0 500 800] /FirstChar 1 /LastChar 4 /Widths [500 500 500 500] /Encoding << /Type /Encoding /Differences [1 /a /b /c /d] >> /CharProcs << /a ${t.large} 0 R /b ${t.small} 0 R /c ${t.large} 0 R /d ${t.small} 0 R >> /ToUnicode ${t.toUnicode} 0 R >>`],
    [t.resources, `<< /Font << /T1 ${t.t1} 0 R /T2 ${t.t2} 0 R >> >>`],
    [t.page, `<< /Type /Page /Parent ${pagesNum} 0 R /MediaBox [0 0 595.28 841.89] /Contents ${t.content} 0 R /Resources ${t.resources} 0 R >>`],
    [pagesNum, pagesDict.replace(/\/Kids\s*\[[^\]]*\]/, `/Kids [${[...kids, n.firstPage, n.secondPage, t.page].map((k) => `${k} 0 R`).join(' ')}]`).replace(/\/Count\s+\d+/, `/Count ${kids.length + 3}`).trim()],
  ];
  let update = '\n';
  const offsets = [];
  for (const [num, def] of objects) {
    offsets.push([num, input.length + Buffer.byteLength(update, 'latin1')]);
    update += `${num} 0 obj\n${def}\nendobj\n`;
  }
  const xrefAt = input.length + Buffer.byteLength(update, 'latin1');
  update += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, at] of offsets.sort((x, y) => x[0] - y[0])) update += `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  update += `trailer\n<<\n/Size ${next}\n/Root ${root[1]} 0 R\n/Prev ${prev[1]}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([input, Buffer.from(update, 'latin1')]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node scripts/text-operators-fixture.mjs INPUT.pdf OUTPUT.pdf');
    process.exit(2);
  }
  writeFileSync(output, addTextOperatorPages(readFileSync(input)));
}
