import { apply, Draw, type Matrix } from "./rules.js";
import type { TextItem } from "./text.js";
import type { Rule } from "./types.js";

// Text and lines clipped out of view are not read: what a person sees is what
// is read. WPS Office paints a table cell that runs over a page break whole on
// both pages, each time inside a clipping rectangle around the part of the cell
// on that page; the lines that belong to the other page are painted outside
// the rectangle (in the margin, or beyond the page edge) and nobody sees them,
// but every text layer (pdf.js, poppler, pdfium) holds them.
//
// The clip is tracked in the graphics state by whoever runs the page's
// operators (content.ts, or the pdf.js operator list in pdf.ts): W and W* with
// the current path, q/Q, a form XObject's /BBox. A clipping path is kept as a
// rectangle: a rectangle (or any path whose points all lie on the corners of
// its bounding box) exactly, any other path as its bounding box (curve control
// points included), a region never smaller than the real one, so no visible
// text is lost (some text a curved or slanted clip hides may be read). A W
// with no path at all (a broken file) changes nothing. Text clipping modes
// (Tr 4-7) are not followed: they never narrow the clip here.
//
// pdf.js's text items carry no clip. So the clip is not judged glyph by glyph
// while the items are built: each text-showing operator is recorded as a
// run (its clip, and where its first glyph goes when that is known without
// the font: right after BT, Tm, Td, TD, T*, ', "), and the items, whoever
// built them, are matched to the runs afterwards by one procedure
// (visibleItems). Both readers give it the same items and the same runs, so
// they give the same fragments by construction.

/** An axis-aligned rectangle, x0 ≤ x1 and y0 ≤ y1 unless empty (then it shows nothing). */
export type Box = readonly [number, number, number, number];

/**
 * A page's text-showing operators (its runs), in order: the clip each paints
 * under (in the page's default user space; null when nothing clips), and where
 * its first glyph goes (NaN when that depends on the font). Kept as columns: a
 * page may show its text one glyph per operator.
 */
export class TextRuns {
  readonly clips: (Box | null)[] = [];
  /** x and y of each run's place, in turn. */
  places = new Float64Array(256);
  /** Whether any run is clipped (else there is nothing to match). */
  clipped = false;

  push(clip: Box | null, x: number, y: number): void {
    const k = this.clips.push(clip) - 1;
    if (2 * k + 2 > this.places.length) {
      const grown = new Float64Array(this.places.length * 2);
      grown.set(this.places);
      this.places = grown;
    }
    this.places[2 * k] = x;
    this.places[2 * k + 1] = y;
    if (clip) this.clipped = true;
  }
}

/**
 * The part of the graphics state the clip needs: the clip itself and, for the
 * runs, the text line matrix (which glyphs never move) with what places a
 * glyph on it. Saved by q and restored by Q as the rest of the graphics state
 * (pdf.js keeps the text matrices in it too): a stack, its numbers kept in one
 * typed array, as a page may save its state before every word it shows.
 */
export class ClipState {
  /** The clip at each level of the stack; the current one last. */
  private readonly clips: (Box | null)[] = [null];
  /** Per level: the text line matrix (6), the leading, the rise, whether glyphs were shown since the line matrix was set, whether it is known. */
  private numbers = new Float64Array(STRIDE * 8);
  private level = 0;
  /** Where the current level's numbers start. */
  private at = 0;

  constructor() {
    this.beginText();
  }

  get clip(): Box | null {
    return this.clips[this.level]!;
  }

  /** How many states are saved (for restoreTo). */
  get depth(): number {
    return this.level;
  }

  /** q. */
  save(): void {
    const next = this.at + STRIDE;
    if (next + STRIDE > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    const v = this.numbers;
    for (let k = 0; k < STRIDE; k++) v[next + k] = v[this.at + k]!;
    this.clips[this.level + 1] = this.clips[this.level]!;
    this.level++;
    this.at = next;
  }

  /** Q: back to the state saved at `depth` (one level down by default; never below the bottom). */
  restoreTo(depth = this.level - 1): void {
    if (depth < 0 || depth >= this.level) return;
    this.level = depth;
    this.at = depth * STRIDE;
  }

  /** W or W* applied to `path` (pdf.js's path encoding, see rules.ts) painted under `ctm`. */
  clipTo(path: ArrayLike<number>, ctm: Matrix): void {
    const box = pathBox(path, ctm);
    if (box) this.clips[this.level] = intersect(this.clip, box);
  }

  /** A form XObject's /BBox, in its own space (`ctm` includes the form's /Matrix). */
  clipToBox(bbox: readonly number[], ctm: Matrix): void {
    const [x0, y0, x1, y1] = bbox as [number, number, number, number];
    this.clipTo([Draw.moveTo, x0, y0, Draw.lineTo, x1, y0, Draw.lineTo, x1, y1, Draw.lineTo, x0, y1], ctm);
  }

  beginText(): void {
    this.setMatrix(1, 0, 0, 1, 0, 0);
  }

  /** Tm (NaN operands, from a malformed one, leave the place unknown until the next BT or Tm). */
  setMatrix(a: number, b: number, c: number, d: number, e: number, f: number): void {
    const v = this.numbers;
    const at = this.at;
    v[at] = a;
    v[at + 1] = b;
    v[at + 2] = c;
    v[at + 3] = d;
    v[at + 4] = e;
    v[at + 5] = f;
    v[at + ADVANCED] = 0;
    v[at + KNOWN] = Number.isNaN(a + b + c + d + e + f) ? 0 : 1;
  }

  /** Td (TD also sets the leading first: setLeading(-ty)); NaN operands leave the place unknown. */
  moveText(x: number, y: number): void {
    const v = this.numbers;
    const at = this.at;
    // pdf.js's translateTextLineMatrix, same arithmetic.
    v[at + 4] = v[at]! * x + v[at + 2]! * y + v[at + 4]!;
    v[at + 5] = v[at + 1]! * x + v[at + 3]! * y + v[at + 5]!;
    v[at + ADVANCED] = 0;
    if (Number.isNaN(x + y)) v[at + KNOWN] = 0;
  }

  /** T*, and the line move of ' and ". */
  nextLine(): void {
    this.moveText(0, -this.numbers[this.at + LEADING]!);
  }

  setLeading(leading: number): void {
    this.numbers[this.at + LEADING] = leading;
  }

  setRise(rise: number): void {
    this.numbers[this.at + RISE] = rise;
  }

  /** A text-showing operator under `ctm` (the glyph's place with text.ts's arithmetic, so places agree to the bit). */
  show(ctm: readonly number[], runs: TextRuns): void {
    const v = this.numbers;
    const at = this.at;
    let x = NaN;
    let y = NaN;
    if (v[at + KNOWN] === 1 && v[at + ADVANCED] === 0) {
      const rise = v[at + RISE]!;
      const m4 = v[at]! * 0 + v[at + 2]! * rise + v[at + 4]!;
      const m5 = v[at + 1]! * 0 + v[at + 3]! * rise + v[at + 5]!;
      x = ctm[0]! * m4 + ctm[2]! * m5 + ctm[4]!;
      y = ctm[1]! * m4 + ctm[3]! * m5 + ctm[5]!;
    }
    runs.push(this.clip, x, y);
    v[at + ADVANCED] = 1;
  }
}

// The layout of a level of ClipState's numbers.
const LEADING = 6;
const RISE = 7;
const ADVANCED = 8;
const KNOWN = 9;
const STRIDE = 10;

/** The bounding box of a path's points (control points included) under `ctm`; null for a path with no point. */
function pathBox(path: ArrayLike<number>, ctm: Matrix): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const add = (px: number, py: number): void => {
    const [x, y] = apply(ctm, px, py);
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  };
  for (let i = 0; i < path.length; ) {
    const op = path[i++];
    const points = op === Draw.moveTo || op === Draw.lineTo ? 1 : op === Draw.curveTo ? 3 : op === Draw.quadraticCurveTo ? 2 : op === Draw.closePath ? 0 : -1;
    if (points < 0) break;
    for (let k = 0; k < points; k++, i += 2) add(path[i]!, path[i + 1]!);
  }
  // NaN coordinates (an overflow) say nothing about where the clip is: such a clip is not followed.
  if (!(x0 <= x1 && y0 <= y1)) return null;
  return [x0, y0, x1, y1];
}

function intersect(a: Box | null, b: Box): Box {
  if (!a) return b;
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}

/** A clip in the space of `m` (the viewport transform: a turn by a multiple of 90°, so a box stays a box). */
export function boxIn(box: Box, m: Matrix): Box {
  const [ax, ay] = apply(m, box[0], box[1]);
  const [bx, by] = apply(m, box[2], box[3]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

// How close to a clip's edge a ruling line may lie and still be seen: a line
// is stroked with a width, and a cell's border is often drawn right on the edge
// of the clip around the cell.
const RULE_SLACK = 1;

/**
 * The ruling lines from index `from` on, as far as they lie inside `clip` (in
 * page space): one outside it is dropped, one running on past its edge (by
 * more than the slack) cut there.
 */
export function clipRules(rules: Rule[], from: number, clip: Box): void {
  const [cx0, cy0, cx1, cy1] = clip;
  let out = from;
  for (let k = from; k < rules.length; k++) {
    const r = rules[k]!;
    const h = r.orientation === "h";
    // The line's place across it, and its extent along it, against the clip's.
    const at = h ? r.y0 : r.x0;
    if (at < (h ? cy0 : cx0) - RULE_SLACK || at > (h ? cy1 : cx1) + RULE_SLACK) continue;
    const [lo, hi] = h ? [cx0, cx1] : [cy0, cy1];
    const start = h ? r.x0 : r.y0;
    const end = h ? r.x1 : r.y1;
    const from0 = start < lo - RULE_SLACK ? lo : start;
    const to = end > hi + RULE_SLACK ? hi : end;
    if (to - from0 < 1) continue;
    rules[out++] = from0 === start && to === end ? r : h ? { ...r, x0: from0, x1: to } : { ...r, y0: from0, y1: to };
  }
  rules.length = out;
}

// How much of a piece of text must lie inside its clip to be read: half of its
// height across the line, and a quarter of an em along it (or all of it, if
// shorter). A line whose glyphs only graze the clip's edge is not seen; text
// running out of the clip sideways (a cell's overflow cut at its border) is
// read whole when its start is seen, as pdf.js's items cannot be cut glyph by
// glyph. WPS never cuts a line: it moves it below the page break whole.
const SEEN_ACROSS = 0.5;
const SEEN_ALONG = 0.25;

/**
 * The items a person sees: those not painted wholly (or all but a sliver)
 * outside the clip they were shown under. Each item is matched to the run it
 * starts in, by its place: runs and items come in the same order, so an item
 * that starts where a later run's first glyph goes starts in that run. An item
 * whose start no run names (one that starts inside a run, after a space, or a
 * run whose place needs the font) lies between the runs of its neighbours, and
 * is dropped only when every clip among those runs hides it. White-space items
 * are kept (they only mark a space between neighbours on one line).
 */
export function visibleItems(items: TextItem[], runs: TextRuns): TextItem[] {
  if (!runs.clipped) return items;
  const { clips, places } = runs;
  const n = clips.length;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = placeKey(places[2 * k]!, places[2 * k + 1]!);
  // The runs by place, for an item that starts far beyond the last one pinned (made when first
  // needed): the first run at each place, and each run's next at the same place.
  let first: Map<number, number> | null = null;
  let next: Int32Array | null = null;
  const farther = (key: number, after: number): number => {
    if (!first || !next) {
      first = new Map();
      next = new Int32Array(n).fill(-1);
      for (let k = n - 1; k >= 0; k--) {
        if (Number.isNaN(keys[k]!)) continue;
        const then = first.get(keys[k]!);
        if (then !== undefined) next[k] = then;
        first.set(keys[k]!, k);
      }
    }
    let run = first.get(key) ?? -1;
    // Runs at or before the last pinned one can never be pinned again: dropped from the chain for good.
    while (run !== -1 && run <= after) run = next[run]!;
    first.set(key, run);
    return run;
  };
  // Each text item's run: its index when pinned by its place (the first run after the last
  // pinned one that starts there), else -1; in order, never going back.
  const texts: number[] = [];
  const pinned: number[] = [];
  let last = -1;
  for (const [i, item] of items.entries()) {
    if (!item.str.trim()) continue;
    texts.push(i);
    const key = placeKey(item.transform[4]!, item.transform[5]!);
    let at = -1;
    if (!Number.isNaN(key)) {
      // Mostly a few runs on (an item spans the runs of its glyphs): looked for there first.
      const near = Math.min(n, last + 1 + NEAR);
      for (let r = last + 1; r < near; r++) {
        if (keys[r] === key) {
          at = r;
          break;
        }
      }
      if (at < 0 && near < n) at = farther(key, near - 1);
    }
    if (at >= 0) last = at;
    pinned.push(at);
  }
  // Where the clip changes from one run to the next: a range of runs is judged once per clip in it.
  const changes: number[] = [];
  for (let r = 1; r < n; r++) if (clips[r] !== clips[r - 1]) changes.push(r);
  const hidden = new Set<number>();
  let before = 0;
  for (let k = 0; k < texts.length; k++) {
    let lo: number;
    let hi: number;
    if (pinned[k]! >= 0) {
      lo = hi = pinned[k]!;
      before = lo;
    } else {
      let after = k + 1;
      while (after < texts.length && pinned[after]! < 0) after++;
      lo = before;
      hi = after < texts.length ? pinned[after]! - 1 : clips.length - 1;
    }
    // An item no run can account for (the runs and items disagree) is read.
    if (lo > hi) continue;
    const item = items[texts[k]!]!;
    let seen = seenIn(item, clips[lo]!);
    for (let c = firstAbove(changes, lo); !seen && c < changes.length && changes[c]! <= hi; c++) seen = seenIn(item, clips[changes[c]!]!);
    if (!seen) hidden.add(texts[k]!);
  }
  return hidden.size ? items.filter((_, i) => !hidden.has(i)) : items;
}

/** The index of the first entry of the ascending `list` above `value`. */
function firstAbove(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How many runs past the last pinned one an item's run is looked for one by one. */
const NEAR = 256;

/**
 * A place as one number, to 1/32 of a point (the own reader's places are equal
 * to the bit, the operator list's are 32-bit floats); NaN for one unknown or
 * too far off the page to say.
 */
function placeKey(x: number, y: number): number {
  const kx = Math.round(x * 32);
  const ky = Math.round(y * 32);
  if (!(Math.abs(kx) < 1 << 20 && Math.abs(ky) < 1 << 20)) return NaN;
  return (kx + (1 << 20)) * (1 << 21) + (ky + (1 << 20));
}

/** Whether enough of the item's glyph box lies inside `clip` (see SEEN_ACROSS and SEEN_ALONG). */
function seenIn(item: TextItem, clip: Box | null): boolean {
  if (!clip) return true;
  const [a, b, c, d, e, f] = item.transform as [number, number, number, number, number, number];
  const size = Math.hypot(c, d) || item.height;
  const scale = Math.hypot(a, b) || 1;
  // The box from 0.14 em below the baseline to 0.86 em above it (as the fragments'), along the item's direction.
  const ux = size ? c / size : 0;
  const uy = size ? d / size : 1;
  const ax = (a / scale) * item.width;
  const ay = (b / scale) * item.width;
  const bx = e - 0.14 * size * ux;
  const by = f - 0.14 * size * uy;
  const x0 = bx + Math.min(0, ax) + Math.min(0, size * ux);
  const x1 = bx + Math.max(0, ax) + Math.max(0, size * ux);
  const y0 = by + Math.min(0, ay) + Math.min(0, size * uy);
  const y1 = by + Math.max(0, ay) + Math.max(0, size * uy);
  const inX = Math.min(x1, clip[2]) - Math.max(x0, clip[0]);
  const inY = Math.min(y1, clip[3]) - Math.max(y0, clip[1]);
  if (inX < 0 || inY < 0) return false;
  // Across and along the line, on the page's axes (text runs along x or y, the case that matters).
  const alongX = Math.abs(ax) >= Math.abs(ay);
  const [inAlong, inAcross, along, across] = alongX ? [inX, inY, x1 - x0, y1 - y0] : [inY, inX, y1 - y0, x1 - x0];
  return inAcross >= SEEN_ACROSS * across && inAlong >= Math.min(SEEN_ALONG * size, along);
}
