import { Ref, isName, type Dict, type PdfObjects, type Value } from "./objects.js";

// The document's pages, in order, with what pdf.js's Page takes from each
// (inherited from the page tree as pdf.js inherits it): the visible box
// (CropBox ∩ MediaBox), the /Rotate, the resources. Only a clean page tree is
// read: every /Count right, no cycle, no page of an unusual kind; anything
// else answers null and pdf.js reads the document (and reports the damage).

export interface PageInfo {
  num: number;
  dict: Dict;
  resources: Dict | undefined;
  /** The visible box in user space: [x0, y0, x1, y1]. */
  view: [number, number, number, number];
  /** 0, 90, 180 or 270. */
  rotate: number;
}

const MAX_DEPTH = 64;

const LETTER: [number, number, number, number] = [0, 0, 612, 792];

export function pageList(objects: PdfObjects, root: Ref): PageInfo[] | null {
  const catalog = objects.dict(root);
  const top = catalog?.get("Pages");
  if (!(top instanceof Ref)) return null;
  const pages: PageInfo[] = [];
  // A page tree is a tree: a node met twice (a cycle, or a subtree shared to
  // multiply the pages) is left to pdf.js, which reports it.
  const seen = new Set<number>();
  const walk = (ref: Value, depth: number): number | null => {
    if (!(ref instanceof Ref) || seen.has(ref.num) || depth > MAX_DEPTH) return null;
    seen.add(ref.num);
    const node = objects.dict(ref);
    if (!node) return null;
    const kids = objects.resolve(node.get("Kids"));
    const type = objects.resolve(node.get("Type"));
    if (isName(type, "Page")) {
      const info = pageInfo(objects, ref.num, node);
      if (!info) return null;
      pages.push(info);
      return 1;
    }
    if (!Array.isArray(kids)) return null;
    let count = 0;
    for (const kid of kids) {
      const n = walk(kid, depth + 1);
      if (n === null) return null;
      count += n;
    }
    return objects.resolve(node.get("Count")) === count ? count : null;
  };
  return walk(top, 0) === null ? null : pages;
}

/** The page's inheritable entry, from the nearest node that has it; all the nodes that have it when `all`. */
function inherited(objects: PdfObjects, page: Dict, key: string): Value[] {
  const found: Value[] = [];
  let node: Dict | undefined = page;
  for (let hops = 0; node && hops < MAX_DEPTH; hops++) {
    const value = objects.resolve(node.get(key));
    if (value !== undefined) found.push(value);
    node = objects.dict(node.get("Parent"));
  }
  return found;
}

/** A rectangle with its corners put in order (pdf.js's Util.normalizeRect). */
export function normalRect(r: readonly number[]): [number, number, number, number] {
  const [a, b, c, d] = r as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

function box(objects: PdfObjects, page: Dict, key: string): [number, number, number, number] | null | undefined {
  const value = inherited(objects, page, key)[0];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 4) return null;
  const r = value.map((x) => objects.resolve(x));
  if (!r.every((x): x is number => typeof x === "number")) return null;
  const rect = normalRect(r as number[]);
  // pdf.js warns of an empty box and uses its default; leave that to it.
  return rect[2] - rect[0] > 0 && rect[3] - rect[1] > 0 ? rect : null;
}

/**
 * The page's resources as pdf.js's Page.resources gives them: where several
 * levels of the tree have /Resources, their entries merged, the nearest level's
 * winning for each kind (/Font, /XObject …). Undefined when it has none; null
 * when one is not a dictionary.
 */
export function pageResources(objects: PdfObjects, page: Dict): Dict | undefined | null {
  const found = inherited(objects, page, "Resources");
  if (found.length === 0) return undefined;
  if (!(found[0] instanceof Map)) return null;
  if (found.length === 1) return found[0];
  const merged: Dict = new Map();
  for (const dict of found) {
    if (!(dict instanceof Map)) continue;
    for (const [key, value] of dict) if (!merged.has(key)) merged.set(key, value);
  }
  return merged;
}

function pageInfo(objects: PdfObjects, num: number, page: Dict): PageInfo | null {
  const unit = objects.resolve(page.get("UserUnit"));
  if (unit !== undefined && unit !== 1) return null;
  const resources = pageResources(objects, page);
  if (resources === null) return null;
  const media = box(objects, page, "MediaBox");
  const crop = box(objects, page, "CropBox");
  if (media === null || crop === null) return null;
  const mediaBox = media ?? LETTER;
  let view = mediaBox;
  if (crop && !crop.every((x, i) => x === mediaBox[i])) {
    const x0 = Math.max(crop[0], mediaBox[0]);
    const x1 = Math.min(crop[2], mediaBox[2]);
    const y0 = Math.max(crop[1], mediaBox[1]);
    const y1 = Math.min(crop[3], mediaBox[3]);
    if (!(x1 - x0 > 0 && y1 - y0 > 0)) return null;
    view = [x0, y0, x1, y1];
  }
  let rotate = inherited(objects, page, "Rotate")[0] ?? 0;
  if (typeof rotate !== "number" || !Number.isInteger(rotate)) return null;
  if (rotate % 90 !== 0) rotate = 0;
  else if (rotate >= 360) rotate %= 360;
  else if (rotate < 0) rotate = ((rotate % 360) + 360) % 360;
  return { num, dict: page, resources, view, rotate };
}

/** pdf.js's PageViewport at scale 1: the transform from user space to the turned page (y down), and its size. */
export function viewport(view: readonly number[], rotation: number): { transform: [number, number, number, number, number, number]; width: number; height: number } {
  const [x0, y0, x1, y1] = view as [number, number, number, number];
  const centerX = (x1 + x0) / 2;
  const centerY = (y1 + y0) / 2;
  rotation %= 360;
  if (rotation < 0) rotation += 360;
  const [a, b, c, d] = rotation === 180 ? [-1, 0, 0, 1] : rotation === 90 ? [0, 1, 1, 0] : rotation === 270 ? [0, -1, -1, 0] : [1, 0, 0, -1];
  let offsetX: number, offsetY: number, width: number, height: number;
  if (a === 0) {
    offsetX = Math.abs(centerY - y0);
    offsetY = Math.abs(centerX - x0);
    width = y1 - y0;
    height = x1 - x0;
  } else {
    offsetX = Math.abs(centerX - x0);
    offsetY = Math.abs(centerY - y0);
    width = x1 - x0;
    height = y1 - y0;
  }
  return {
    transform: [a, b, c, d, offsetX - a * centerX - c * centerY, offsetY - b * centerX - d * centerY],
    width,
    height,
  };
}
