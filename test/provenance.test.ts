import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract } from "../src/extract.js";
import { normalizeText } from "../src/normalize.js";
import { pdfjsOptions } from "../src/read/pdf.js";
import { FORM_PRINTED_FIELDS, INDICATOR_PRINTED_FIELDS, type Document, type Place } from "../src/schema.js";
import { CORPUS, FIXTURES, fixturePdfs, runCli } from "./helpers.js";

// Provenance is checked against pdf.js's own reading of the page as displayed
// (its /Rotate applied), independently of the project's reader and layout:
// every character of a field's value must be among the text pdf.js places
// inside the field's boxes, and each box must be covered by that text (not a
// box around empty paper). Rotated pages (a4-rotated-pages: /Rotate 90, 180,
// 270), pages of different sizes in one document (pub-report: A4 and a wider
// page) and values split by a page break (letter-split-rows) are among them.

type Box = [number, number, number, number];
interface Glyphs {
  text: string;
  box: Box;
}

const PDFS = [...fixturePdfs().map((f) => join(FIXTURES, f)), ...readdirSync(CORPUS).filter((f) => f.endsWith(".pdf")).sort().map((f) => join(CORPUS, f))];

/** pdf.js's text items on each displayed page, each with the box of its glyphs (1 em above the baseline, 0.2 em below). */
async function displayedText(path: string): Promise<{ width: number; height: number; items: Glyphs[] }[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument(pdfjsOptions(new Uint8Array(readFileSync(path)), undefined, 0)).promise;
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const m = viewport.transform;
      const items: Glyphs[] = [];
      for (const item of (await page.getTextContent()).items) {
        if (!("str" in item) || !item.str.trim()) continue;
        const [a, b, c, d, e, f] = item.transform as number[] as [number, number, number, number, number, number];
        const along = Math.hypot(a, b) || 1;
        const size = Math.hypot(c, d) || item.height;
        const u = [(a / along) * item.width, (b / along) * item.width];
        const v = [(c / (Math.hypot(c, d) || 1)) * size, (d / (Math.hypot(c, d) || 1)) * size];
        const xs: number[] = [];
        const ys: number[] = [];
        for (const s of [0, 1]) {
          for (const t of [-0.2, 1]) {
            const x = e + s * u[0]! + t * v[0]!;
            const y = f + s * u[1]! + t * v[1]!;
            xs.push(m[0]! * x + m[2]! * y + m[4]!);
            ys.push(m[1]! * x + m[3]! * y + m[5]!);
          }
        }
        items.push({ text: normalizeText(item.str), box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
      }
      pages.push({ width: viewport.width, height: viewport.height, items });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

const intersection = (a: Box, b: Box): Box => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];

/**
 * Whether pdf.js's text item `item` takes part in a box: it overlaps the box by
 * half of its line's height each way, at least (an item may run on past the
 * box, where a producer prints several cells' text as one string).
 */
function overlaps(item: Box, box: Box): boolean {
  const cut = intersection(item, box);
  const em = Math.min(item[2] - item[0], item[3] - item[1]);
  const enough = (k: 0 | 1) => cut[k + 2]! - cut[k]! >= 0.5 * Math.min(item[k + 2]! - item[k]!, box[k + 2]! - box[k]!, em);
  return enough(0) && enough(1);
}

/** The characters a value was printed with: text as is, a number's digits, 是/否. */
function printedChars(value: unknown): string[] {
  if (typeof value === "boolean") return [value ? "是" : "否"];
  if (typeof value === "number") return [...String(value).replace(/\D/g, "")];
  return [...String(value).replace(/\s/g, "")];
}

function countChars(chars: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}

/** What is wrong with a field's places, or null: the checks described at the top. */
function checkPlaces(value: unknown, places: Place[], pages: Awaited<ReturnType<typeof displayedText>>): string | null {
  const found: string[] = [];
  for (const { page, box } of places) {
    const shown = pages[page - 1];
    if (!shown) return `page ${page} does not exist`;
    if (box[0] < -1 || box[1] < -1 || box[2] > shown.width + 1 || box[3] > shown.height + 1) return `box ${box} lies off page ${page} (${shown.width}×${shown.height})`;
    const inside = shown.items.filter((g) => overlaps(g.box, box));
    if (inside.length === 0) return `no text of page ${page} lies in box ${box}`;
    const cover = inside.map((g) => intersection(g.box, box));
    const hull: Box = [Math.min(...cover.map((b) => b[0])), Math.min(...cover.map((b) => b[1])), Math.max(...cover.map((b) => b[2])), Math.max(...cover.map((b) => b[3]))];
    if (hull[0] - box[0] > 3 || hull[1] - box[1] > 3 || box[2] - hull[2] > 3 || box[3] - hull[3] > 3) return `box ${box} on page ${page} is larger than the text in it (${hull.map((x) => x.toFixed(1))})`;
    found.push(...inside.flatMap((g) => [...g.text.replace(/\s/g, "")]));
  }
  const have = countChars(found);
  for (const [ch, n] of countChars(printedChars(value))) {
    if ((have.get(ch) ?? 0) < n) return `"${ch}" of ${JSON.stringify(value)} is not in its boxes (found: ${found.join("").slice(0, 80)})`;
  }
  return null;
}

function allPlaces(doc: Document): { where: string; value: unknown; places: Place[] }[] {
  const out: { where: string; value: unknown; places: Place[] }[] = [];
  doc.forms.forEach((form, i) => {
    for (const field of FORM_PRINTED_FIELDS) {
      const places = form.provenance?.[field];
      const value = form[field];
      if (value === null || value === "") expect(places, `form ${i + 1} ${field} is empty`).toBeUndefined();
      else out.push({ where: `form ${i + 1} ${field}`, value, places: places ?? [] });
    }
    form.indicators.forEach((row, j) => {
      for (const field of INDICATOR_PRINTED_FIELDS) {
        const places = row.provenance?.[field];
        if (row[field] === "") expect(places, `form ${i + 1} indicators[${j}].${field} is empty`).toBeUndefined();
        else out.push({ where: `form ${i + 1} indicators[${j}].${field}`, value: row[field], places: places ?? [] });
      }
    });
  });
  return out;
}

describe.each(PDFS.map((p) => [p.slice(FIXTURES.length + 1), p]))("provenance of %s", (_name, path) => {
  it("puts every field's text inside its boxes on the displayed page", async () => {
    const [doc, pages] = await Promise.all([extract(path, { provenance: true }), displayedText(path)]);
    const places = allPlaces(doc);
    expect(places.length).toBeGreaterThan(20);
    const wrong = places.map((p) => (p.places.length ? checkPlaces(p.value, p.places, pages) : "no provenance")).map((why, k) => why && `${places[k]!.where}: ${why}`);
    expect(wrong.filter(Boolean)).toEqual([]);
  });
});

describe("provenance", () => {
  it("gives a value split by a page break one box on each page", async () => {
    const doc = await extract(join(FIXTURES, "letter-split-rows.pdf"), { provenance: true });
    const split = doc.forms.flatMap((f) => f.indicators.flatMap((row) => Object.values(row.provenance ?? {}).filter((places) => places.length === 2)));
    expect(split.length).toBeGreaterThan(0);
    for (const [first, second] of split) expect(second!.page).toBe(first!.page + 1);
  });

  it("is absent without the option, and for text input", async () => {
    const withoutOption = JSON.stringify(await extract(join(FIXTURES, "a4-rotated-pages.pdf")));
    expect(withoutOption).not.toContain("provenance");
    const text = await extract(join(CORPUS, "seed.txt"), { provenance: true });
    expect(JSON.stringify(text)).not.toContain("provenance");
  });

  it("is added by --provenance on the command line, which CSV and XLSX refuse", () => {
    const path = join(FIXTURES, "a4-rotated-pages.pdf");
    const run = runCli(["--provenance", path]);
    const doc = JSON.parse(run.stdout) as Document;
    expect(doc.forms[0]!.provenance?.projectCode?.[0]?.page).toBe(1);
    expect(doc.forms[0]!.indicators[0]!.provenance?.level3).toHaveLength(1);
    const csv = runCli(["--provenance", path, "--format", "csv"]);
    expect(csv.status).toBe(2);
    expect(csv.stderr).toContain("--provenance applies to JSON, YAML and NDJSON output only");
  });

  it("stays with its row when 不适用 rows are dropped", async () => {
    const path = join(FIXTURES, "a4-multi-per-page.pdf");
    const all = await extract(path, { provenance: true });
    const kept = await extract(path, { provenance: true, skipNotApplicable: true });
    const applicable = all.forms.map((f) => f.indicators.filter((row) => row.applicable));
    expect(applicable.flat().length).toBeLessThan(all.forms.flatMap((f) => f.indicators).length);
    expect(kept.forms.map((f) => f.indicators)).toEqual(applicable);
  });

  it("turns boxes with the page: the same form on a page at /Rotate 0 and at 90, 180, 270", async () => {
    // a4-rotated-pages.pdf is a4-multi-per-page.pdf with pages 1–3 turned: the
    // displayed boxes are the unturned ones turned about the page.
    const [flat, turned] = await Promise.all([
      extract(join(FIXTURES, "a4-multi-per-page.pdf"), { provenance: true }),
      extract(join(FIXTURES, "a4-rotated-pages.pdf"), { provenance: true }),
    ]);
    const W = 595.28, H = 841.89;
    const turn: Record<number, (b: number[]) => number[]> = {
      1: ([x0, y0, x1, y1]) => [H - y1!, x0!, H - y0!, x1!], // /Rotate 90
      2: ([x0, y0, x1, y1]) => [W - x1!, H - y1!, W - x0!, H - y0!], // /Rotate 180
      3: ([x0, y0, x1, y1]) => [y0!, W - x1!, y1!, W - x0!], // /Rotate 270
      4: (b) => b,
    };
    let compared = 0;
    flat.forms.forEach((form, i) => {
      for (const [field, places] of Object.entries(form.provenance ?? {})) {
        places.forEach((place, k) => {
          const other = (turned.forms[i]!.provenance as Record<string, Place[]>)[field]![k]!;
          expect(other.page).toBe(place.page);
          const expected = turn[place.page]!(place.box);
          other.box.forEach((x, n) => expect(Math.abs(x - expected[n]!), `form ${i + 1} ${field}`).toBeLessThan(0.25));
          compared++;
        });
      }
    });
    expect(compared).toBeGreaterThan(50);
  });
});
