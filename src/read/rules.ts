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

/** Adds the rules a painted path draws: its axis-aligned stroked segments, its thin filled rectangles. */
export function addPathRules(path: ArrayLike<number>, stroke: boolean, fill: boolean, toPage: Matrix, rules: Rule[]): void {
  for (const sub of subpaths(path)) {
    const points = sub.map(([x, y]) => apply(toPage, x, y));
    if (stroke) strokeRules(points, rules);
    if (fill) fillRule(points, rules);
  }
}

function subpaths(path: ArrayLike<number>): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (let i = 0; i < path.length; ) {
    const op = path[i++];
    if (op === Draw.moveTo) {
      if (cur.length) out.push(cur);
      cur = [[path[i++]!, path[i++]!]];
    } else if (op === Draw.lineTo) cur.push([path[i++]!, path[i++]!]);
    else if (op === Draw.curveTo) {
      // Curves are never ruling lines; break the subpath here.
      i += 6;
      if (cur.length) out.push(cur);
      cur = [];
    } else if (op === Draw.quadraticCurveTo) {
      i += 4;
      if (cur.length) out.push(cur);
      cur = [];
    } else if (op === Draw.closePath) {
      if (cur.length > 1) cur.push(cur[0]!);
    } else break; // unknown op: stop decoding this path rather than misread it
  }
  if (cur.length) out.push(cur);
  return out;
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

function strokeRules(points: [number, number][], rules: Rule[]): void {
  for (let k = 1; k < points.length; k++) {
    const r = segmentRule(points[k - 1]![0], points[k - 1]![1], points[k]![0], points[k]![1]);
    if (r) rules.push(r);
  }
}

function fillRule(points: [number, number][], rules: Rule[]): void {
  if (points.length < 4) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  // Only axis-aligned rectangles: every point sits on the bounding box's corners.
  const onCorners = points.every(([x, y]) => (Math.abs(x - x0) < 0.5 || Math.abs(x - x1) < 0.5) && (Math.abs(y - y0) < 0.5 || Math.abs(y - y1) < 0.5));
  if (!onCorners) return;
  const w = x1 - x0, h = y1 - y0;
  if (h <= THIN && w > THIN) rules.push({ orientation: "h", x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
  else if (w <= THIN && h > THIN) rules.push({ orientation: "v", x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 });
}
