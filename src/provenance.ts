import type { FieldSources, Piece, Unplaced } from "./parse/ledger.js";
import type { PageContent, PageDisplay } from "./read/types.js";
import type { Form, Place } from "./schema.js";

// Provenance (SCHEMA.md): where each field's value was printed, on the page as a
// viewer displays it. The parser records the glyph boxes each field was built
// from in the reading frame of their page (parse/ledger.ts); here they become
// one box per page — the union of the field's boxes there — turned onto the
// displayed page (its /Rotate applied, top-left origin, y down).

/** Text that ended in no field, where it is on the displayed page. */
export interface UnplacedPlace extends Place {
  text: string;
}

/** How each page's reading frame lies on the displayed page, by page number. */
export type Displays = ReadonlyMap<number, PageDisplay | undefined>;

/** The displayed-page corners of a reading-frame box (a quarter turn maps a box onto a box). */
function onDisplay(piece: Piece, display: PageDisplay | undefined): [number, number, number, number] {
  if (!display) return [piece.x0, piece.top, piece.x1, piece.bottom];
  const [a, b, c, d, e, f] = display.toDisplay;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const x of [piece.x0, piece.x1]) {
    for (const y of [piece.top, piece.bottom]) {
      xs.push(a * x + c * y + e);
      ys.push(b * x + d * y + f);
    }
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

// Rounded outwards to a tenth of a point, so that the box still holds every glyph.
const down = (x: number) => Math.floor(x * 10 + 1e-6) / 10;
const up = (x: number) => Math.ceil(x * 10 - 1e-6) / 10;

/** One place per page the pieces lie on, in page order: the union of their boxes there. */
function placesOf(pieces: readonly Piece[], displays: Displays): Place[] {
  const byPage = new Map<number, [number, number, number, number]>();
  for (const piece of pieces) {
    const box = onDisplay(piece, displays.get(piece.page));
    const seen = byPage.get(piece.page);
    byPage.set(piece.page, seen ? [Math.min(seen[0], box[0]), Math.min(seen[1], box[1]), Math.max(seen[2], box[2]), Math.max(seen[3], box[3])] : box);
  }
  return [...byPage]
    .sort(([a], [b]) => a - b)
    .map(([page, [x0, y0, x1, y1]]) => ({ page, box: [down(x0), down(y0), up(x1), up(y1)] }));
}

/** The places of each field of `values` that has a value (an empty field, or one that could not be read, has none). */
function provenanceOf<K extends string>(sources: Partial<Record<K, Piece[]>>, values: Record<K, unknown>, displays: Displays): Partial<Record<K, Place[]>> {
  const out: Partial<Record<K, Place[]>> = {};
  for (const [field, pieces] of Object.entries(sources) as [K, Piece[] | undefined][]) {
    if (pieces?.length && values[field] !== null && values[field] !== "") out[field] = placesOf(pieces, displays);
  }
  return out;
}

export function displaysOf(pages: readonly PageContent[]): Displays {
  return new Map(pages.map((p) => [p.page, p.display]));
}

/** The forms with `provenance` on each form and each indicator, from their sources (parallel to `forms`). */
export function withProvenance(forms: readonly Form[], sources: readonly FieldSources[], displays: Displays): Form[] {
  return forms.map((form, i) => {
    const source = sources[i];
    return {
      ...form,
      indicators: form.indicators.map((indicator, j) => ({ ...indicator, provenance: provenanceOf(source?.indicators[j] ?? {}, indicator, displays) })),
      provenance: provenanceOf(source?.form ?? {}, form, displays),
    };
  });
}

/** Unplaced text on the displayed pages. */
export function unplacedOnDisplay(unplaced: readonly Unplaced[], displays: Displays): UnplacedPlace[] {
  return unplaced.map((u) => ({ ...placesOf([u], displays)[0]!, text: u.text }));
}
