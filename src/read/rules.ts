import type { Rule } from "./types.js";

// Ruling lines from painted paths, whoever decoded the paths: pdf.js's operator
// list or this project's own content-stream reader (content.ts). Both hand over
// a path in pdf.js's encoding (DrawOPS codes followed by their coordinates, in
// user space) with the transformation it is painted under.

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** m then n (row-vector convention used by PDF: p' = p · m · n). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** The matrix that undoes m (m must not be singular). */
export function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  const [a, b, c, d] = [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det];
  return [a, b, c, d, -(m[4] * a + m[5] * c), -(m[4] * b + m[5] * d)];
}

/** pdf.js's path codes (DrawOPS). */
export const enum Draw {
  moveTo = 0,
  lineTo = 1,
  curveTo = 2,
  quadraticCurveTo = 3,
  closePath = 4,
}

// The widest a filled rectangle may be and still count as a drawn line, in points.
const THIN = 2.5;

// One subpath's points on the page, reused from path to path: a page's paths
// are painted by the thousand (every cell border), and arrays of point pairs
// for each were a tenth of all the reader allocated.
let pageX = new Float64Array(64);
let pageY = new Float64Array(64);

/** Adds the rules a painted path draws: its axis-aligned stroked segments, its thin filled rectangles. */
export function addPathRules(path: ArrayLike<number>, stroke: boolean, fill: boolean, toPage: Matrix, rules: Rule[]): void {
  const [a, b, c, d, e, f] = toPage;
  // Points of the current subpath so far.
  let n = 0;
  /** Appends a point already on the page. */
  const addOnPage = (x: number, y: number): void => {
    if (n === pageX.length) {
      const grownX = new Float64Array(n * 2);
      const grownY = new Float64Array(n * 2);
      grownX.set(pageX);
      grownY.set(pageY);
      pageX = grownX;
      pageY = grownY;
    }
    pageX[n] = x;
    pageY[n] = y;
    n++;
  };
  // A point of the path, taken to the page as apply(toPage, x, y) does.
  const add = (x: number, y: number): void => addOnPage(a * x + c * y + e, b * x + d * y + f);
  const endSubpath = (): void => {
    if (n === 0) return;
    if (stroke) strokeRules(n, rules);
    if (fill) fillRule(n, rules);
    n = 0;
  };
  for (let i = 0; i < path.length; ) {
    const op = path[i++];
    if (op === Draw.moveTo) {
      endSubpath();
      add(path[i++]!, path[i++]!);
    } else if (op === Draw.lineTo) add(path[i++]!, path[i++]!);
    else if (op === Draw.curveTo) {
      // Curves are never ruling lines; break the subpath here.
      i += 6;
      endSubpath();
    } else if (op === Draw.quadraticCurveTo) {
      i += 4;
      endSubpath();
    } else if (op === Draw.closePath) {
      // Back to the subpath's first point.
      if (n > 1) addOnPage(pageX[0]!, pageY[0]!);
    } else break; // unknown op: stop decoding this path rather than misread it
  }
  endSubpath();
}

function segmentRule(ax: number, ay: number, bx: number, by: number): Rule | null {
  if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= 1) {
    const y = (ay + by) / 2;
    return { orientation: "h", x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: y, y1: y };
  }
  if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= 1) {
    const x = (ax + bx) / 2;
    return { orientation: "v", x0: x, x1: x, y0: Math.min(ay, by), y1: Math.max(ay, by) };
  }
  return null;
}

/** The stroked segments of the first `n` points of pageX, pageY that run along an axis. */
function strokeRules(n: number, rules: Rule[]): void {
  for (let k = 1; k < n; k++) {
    const r = segmentRule(pageX[k - 1]!, pageY[k - 1]!, pageX[k]!, pageY[k]!);
    if (r) rules.push(r);
  }
}

/** A thin axis-aligned rectangle filled by the first `n` points of pageX, pageY. */
function fillRule(n: number, rules: Rule[]): void {
  if (n < 4) return;
  // Math.min and Math.max pairwise, as over the whole list (NaN and -0 alike).
  let x0 = pageX[0]!, x1 = pageX[0]!, y0 = pageY[0]!, y1 = pageY[0]!;
  for (let k = 1; k < n; k++) {
    x0 = Math.min(x0, pageX[k]!);
    x1 = Math.max(x1, pageX[k]!);
    y0 = Math.min(y0, pageY[k]!);
    y1 = Math.max(y1, pageY[k]!);
  }
  // Only axis-aligned rectangles: every point sits on the bounding box's corners.
  for (let k = 0; k < n; k++) {
    const x = pageX[k]!, y = pageY[k]!;
    if (!((Math.abs(x - x0) < 0.5 || Math.abs(x - x1) < 0.5) && (Math.abs(y - y0) < 0.5 || Math.abs(y - y1) < 0.5))) return;
  }
  const w = x1 - x0, h = y1 - y0;
  if (h <= THIN && w > THIN) rules.push({ orientation: "h", x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
  else if (w <= THIN && h > THIN) rules.push({ orientation: "v", x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 });
}
