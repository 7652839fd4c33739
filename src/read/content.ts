import { Name, Ref, isRegular, isWhite, type Dict, type PdfObjects, type Value } from "./objects.js";
import { addPathRules, Draw, IDENTITY, multiply, type Matrix } from "./rules.js";
import type { Rule } from "./types.js";

// A page's ruling lines read from its content streams by this project's own small
// interpreter: only the graphics state's transformation (q, Q, cm), path
// construction and painting, and form XObjects (Do) are followed; text, colour,
// images and everything else are skipped over unread. The paths it hands to
// rules.ts are built exactly as pdf.js builds them (same codes, same
// rectangles, coordinates rounded to 32-bit floats), so the two sources agree;
// a test compares them on every fixture.

/** How deeply form XObjects may nest (each painting the next) before the page is given up on. */
const MAX_FORM_DEPTH = 12;

const MAX_OPERANDS = 33;

/** The operand count of each path-building and state operator followed here. */
const PATH_ARGS: Record<string, number> = { m: 2, l: 2, c: 6, v: 4, y: 4, h: 0, re: 4, cm: 6 };

interface Paint {
  stroke: boolean;
  fill: boolean;
  close: boolean;
}
const PAINT: Record<string, Paint> = {
  S: { stroke: true, fill: false, close: false },
  s: { stroke: true, fill: false, close: true },
  f: { stroke: false, fill: true, close: false },
  F: { stroke: false, fill: true, close: false },
  "f*": { stroke: false, fill: true, close: false },
  B: { stroke: true, fill: true, close: false },
  "B*": { stroke: true, fill: true, close: false },
  b: { stroke: true, fill: true, close: true },
  "b*": { stroke: true, fill: true, close: true },
  n: { stroke: false, fill: false, close: false },
};

/** Could not be read here (a missing object, a form nested too deep): pdf.js is asked instead. */
class Unreadable extends Error {}

/**
 * The ruling lines drawn on the page whose object number is `pageNum`, in page
 * space through `toPage` (the viewport transform); null when this reader cannot
 * read the page, and the caller should ask pdf.js. This reader only saves time:
 * whatever goes wrong in it (Unreadable, or a structure it never met), the page
 * goes to pdf.js, never worse off.
 */
export function pageRules(objects: PdfObjects, pageNum: number, toPage: Matrix): Rule[] | null {
  try {
    const page = objects.dict(objects.get(pageNum));
    if (!page || !isName(objects.resolve(page.get("Type")), "Page")) return null;
    const content = pageContent(objects, page);
    const rules: Rule[] = [];
    new Interpreter(objects, toPage, rules).run(content, inheritedResources(objects, page), IDENTITY, 0, new Set());
    return rules;
  } catch {
    return null;
  }
}

function isName(value: Value | undefined, name: string): boolean {
  return value instanceof Name && value.name === name;
}

function inheritedResources(objects: PdfObjects, page: Dict): Dict | undefined {
  let node: Dict | undefined = page;
  for (let hops = 0; node && hops < 64; hops++) {
    if (node.has("Resources")) return objects.dict(node.get("Resources"));
    node = objects.dict(node.get("Parent"));
  }
  return undefined;
}

/** The page's content streams, decoded and joined (a page may split one operator list over several). */
function pageContent(objects: PdfObjects, page: Dict): Uint8Array {
  const contents = page.get("Contents");
  if (contents === undefined || contents === null) return new Uint8Array(0);
  let refs: Value[];
  if (contents instanceof Ref) {
    const target = objects.get(contents.num);
    refs = Array.isArray(target) ? target : [contents];
  } else if (Array.isArray(contents)) refs = contents;
  else throw new Unreadable("contents");
  const parts: Uint8Array[] = [];
  for (const ref of refs) {
    if (!(ref instanceof Ref)) throw new Unreadable("contents");
    const stream = objects.stream(ref.num, false);
    if (!stream) throw new Unreadable(`content stream ${ref.num}`);
    parts.push(stream.data, NEWLINE);
  }
  return parts.length === 2 ? parts[0]! : Buffer.concat(parts);
}

const NEWLINE = new Uint8Array([0x0a]);

class Interpreter {
  constructor(
    private readonly objects: PdfObjects,
    private readonly toPage: Matrix,
    private readonly rules: Rule[],
  ) {}

  run(content: Uint8Array, resources: Dict | undefined, start: Matrix, depth: number, forms: Set<number>): void {
    const n = content.length;
    const operands: (number | null)[] = [];
    // The last name operand (what Do paints), as a byte range.
    let nameStart = -1;
    let nameEnd = -1;
    // Depth inside arrays and dictionaries, whose items are not operands of their own.
    let nest = 0;
    let ctm = start;
    const stack: Matrix[] = [];
    let path: number[] = [];
    let cx = 0;
    let cy = 0;
    let i = 0;
    while (i < n) {
      // No operator takes more than 33 operands; pdf.js gives up on a stream past that, and so does this
      // (a stream of nothing but numbers must not grow an array the size of the stream).
      if (operands.length > MAX_OPERANDS) throw new Unreadable("too many operands");
      const c = content[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00) {
        i++;
      } else if (c === 0x25 /* % */) {
        while (i < n && content[i] !== 0x0a && content[i] !== 0x0d) i++;
      } else if (c === 0x2f /* / */) {
        const at = ++i;
        while (i < n && isRegular(content[i]!)) i++;
        if (nest === 0) {
          nameStart = at;
          nameEnd = i;
          operands.push(null);
        }
      } else if (c === 0x28 /* ( */) {
        i = skipLiteralString(content, i);
        if (nest === 0) operands.push(null);
      } else if (c === 0x3c /* < */) {
        if (content[i + 1] === 0x3c) {
          i += 2;
          nest++;
        } else {
          while (i < n && content[i] !== 0x3e) i++;
          i++;
          if (nest === 0) operands.push(null);
        }
      } else if (c === 0x5b /* [ */) {
        i++;
        nest++;
      } else if (c === 0x5d /* ] */ || (c === 0x3e /* > */ && content[i + 1] === 0x3e)) {
        // An array or dictionary (a TJ array, a property list) is one operand, however long.
        i += c === 0x5d ? 1 : 2;
        if (nest > 0 && --nest === 0) operands.push(null);
      } else if (!isRegular(c)) {
        i++; // { } ) or a stray >: nothing to act on
      } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
        const value = readNumber(content, i, n);
        i = numberEnd;
        if (nest === 0) operands.push(value);
      } else {
        const startWord = i;
        while (i < n && isRegular(content[i]!)) i++;
        // Inside an array or dictionary a word is an item (true, false, null), never an
        // operator: pdf.js's parser takes even an operator there as an item until the close.
        if (nest > 0) continue;
        // Most operators are text and colour ones of one to three letters: tell them apart without making strings.
        const len = i - startWord;
        const code = len <= 3 ? content[startWord]! | ((len > 1 ? content[startWord + 1]! : 0) << 8) | ((len > 2 ? content[startWord + 2]! : 0) << 16) : -1;
        const op = OPERATORS.get(code);
        if (op === undefined) {
          // true/false are operands; anything else is an operator not followed here.
          if (len === 4 || len === 5) {
            const word = Buffer.from(content.buffer, content.byteOffset + startWord, len).toString("latin1");
            if (word === "true" || word === "false") {
              operands.push(null);
              continue;
            }
            if (word === "null") continue;
          }
          operands.length = 0;
          nameStart = -1;
          continue;
        }
        const want = PATH_ARGS[op];
        const args = want === undefined ? null : lastNumbers(operands, want);
        if (want !== undefined && !args) {
          // Too few numbers: pdf.js skips such an operator, and so does this.
          operands.length = 0;
          nameStart = -1;
          continue;
        }
        switch (op) {
          case "q":
            stack.push(ctm);
            break;
          case "Q":
            // Only what this stream saved: an unbalanced Q never reaches the painter's state.
            if (stack.length) ctm = stack.pop()!;
            break;
          case "cm":
            ctm = multiply(args as Matrix, ctm);
            break;
          case "m":
            path.push(Draw.moveTo, f32(args![0]!), f32(args![1]!));
            cx = args![0]!;
            cy = args![1]!;
            break;
          case "l":
            path.push(Draw.lineTo, f32(args![0]!), f32(args![1]!));
            cx = args![0]!;
            cy = args![1]!;
            break;
          case "c":
            path.push(Draw.curveTo, ...args!.map(f32));
            cx = args![4]!;
            cy = args![5]!;
            break;
          case "v":
            path.push(Draw.curveTo, f32(cx), f32(cy), ...args!.map(f32));
            cx = args![2]!;
            cy = args![3]!;
            break;
          case "y":
            path.push(Draw.curveTo, f32(args![0]!), f32(args![1]!), f32(args![2]!), f32(args![3]!), f32(args![2]!), f32(args![3]!));
            cx = args![2]!;
            cy = args![3]!;
            break;
          case "h":
            path.push(Draw.closePath);
            break;
          case "re": {
            const [x, y, w, h] = args as number[] as [number, number, number, number];
            cx = x;
            cy = y;
            if (w === 0 || h === 0) path.push(Draw.moveTo, f32(x), f32(y), Draw.lineTo, f32(x + w), f32(y + h), Draw.closePath);
            else path.push(Draw.moveTo, f32(x), f32(y), Draw.lineTo, f32(x + w), f32(y), Draw.lineTo, f32(x + w), f32(y + h), Draw.lineTo, f32(x), f32(y + h), Draw.closePath);
            break;
          }
          case "Do":
            if (nameStart >= 0) this.paintXObject(Buffer.from(content.buffer, content.byteOffset + nameStart, nameEnd - nameStart).toString("latin1"), resources, ctm, depth, forms);
            break;
          case "BI":
            i = skipInlineImage(content, i);
            break;
          default: {
            const paint = PAINT[op];
            if (!paint) break;
            if (paint.close) path.push(Draw.closePath);
            if (path.length && (paint.stroke || paint.fill)) addPathRules(path, paint.stroke, paint.fill, multiply(ctm, this.toPage), this.rules);
            path = [];
          }
        }
        operands.length = 0;
        nameStart = -1;
      }
    }
  }

  private paintXObject(name: string, resources: Dict | undefined, ctm: Matrix, depth: number, forms: Set<number>): void {
    const { objects } = this;
    const ref = objects.dict(resources?.get("XObject"))?.get(name);
    if (!(ref instanceof Ref)) throw new Unreadable(`XObject ${name}`);
    const head = objects.dict(objects.get(ref.num));
    if (!head) throw new Unreadable(`XObject ${name}`);
    if (!isName(objects.resolve(head.get("Subtype")), "Form")) return; // an image: no lines
    if (forms.has(ref.num)) return; // a form that paints itself: pdf.js skips the repeat too
    if (depth >= MAX_FORM_DEPTH) throw new Unreadable("forms nested too deeply");
    const stream = objects.stream(ref.num);
    if (!stream) throw new Unreadable(`form ${ref.num}`);
    const m = objects.resolve(stream.dict.get("Matrix"));
    const matrix = Array.isArray(m) && m.length === 6 && m.every((x) => typeof x === "number") ? (m as Matrix) : IDENTITY;
    const own = objects.dict(stream.dict.get("Resources"));
    forms.add(ref.num);
    this.run(stream.data, own ?? resources, multiply(matrix, ctm), depth + 1, forms);
    forms.delete(ref.num);
  }
}

const f32 = Math.fround;

/** The operators followed here, keyed by their (up to three) bytes. */
const OPERATORS = new Map<number, string>(
  ["q", "Q", "cm", "m", "l", "c", "v", "y", "h", "re", "Do", "BI", ...Object.keys(PAINT)].map((op) => [
    [...op].reduce((code, ch, k) => code | (ch.charCodeAt(0) << (8 * k)), 0),
    op,
  ]),
);

let numberEnd = 0;
/**
 * A number operand read in place, with no string made, the way pdf.js's lexer
 * reads one (its quirks included: "--1", a minus inside the digits, a second
 * point ending the number); null where pdf.js would give up. Sets numberEnd.
 */
function readNumber(content: Uint8Array, at: number, n: number): number | null {
  let i = at;
  let c = content[i]!;
  let sign = 1;
  let divideBy = 0;
  if (c === 0x2d) {
    sign = -1;
    c = content[++i]!;
    if (c === 0x2d) c = content[++i]!;
  } else if (c === 0x2b) c = content[++i]!;
  while (c === 0x0a || c === 0x0d) c = content[++i]!;
  if (c === 0x2e) {
    divideBy = 10;
    c = content[++i]!;
  }
  if (!(c >= 0x30 && c <= 0x39)) {
    numberEnd = i;
    return i >= n || isWhite(c) || c === 0x28 || c === 0x3c ? 0 : null;
  }
  let value = c - 0x30;
  for (c = content[++i]!; i < n; c = content[++i]!) {
    if (c >= 0x30 && c <= 0x39) {
      if (divideBy !== 0) divideBy *= 10;
      value = value * 10 + (c - 0x30);
    } else if (c === 0x2e) {
      if (divideBy === 0) divideBy = 1;
      else break;
    } else if (c !== 0x2d) break;
  }
  numberEnd = i;
  if (divideBy !== 0) value /= divideBy;
  return sign * value;
}

/** The last `count` operands, when they are all numbers (pdf.js skips the operator otherwise). */
function lastNumbers(operands: (number | null)[], count: number): number[] | null {
  if (operands.length < count) return null;
  const args = operands.slice(operands.length - count);
  return args.every((x): x is number => x !== null) ? args : null;
}

function skipLiteralString(content: Uint8Array, at: number): number {
  let i = at + 1;
  let nesting = 1;
  while (i < content.length) {
    const c = content[i++]!;
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x28) nesting++;
    else if (c === 0x29 && --nesting === 0) break;
  }
  return i;
}

/**
 * Past an inline image (BI … ID data EI): its data is binary and may hold
 * anything, so its end is found as pdf.js finds it: "EI" and a white-space
 * byte, followed by text (the next 15 bytes printable), not by more binary.
 */
function skipInlineImage(content: Uint8Array, at: number): number {
  const n = content.length;
  let i = at;
  // The image's dictionary ends at the ID operator, then one white-space byte.
  for (; i + 2 < n; i++) {
    if (content[i] === 0x49 && content[i + 1] === 0x44 && (i === 0 || !isRegular(content[i - 1]!)) && isWhite(content[i + 2]!)) break;
  }
  for (i += 3; i + 2 < n; i++) {
    if (content[i] !== 0x45 || content[i + 1] !== 0x49) continue;
    const after = content[i + 2]!;
    if (after !== 0x20 && after !== 0x0a && after !== 0x0d) continue;
    if (followedByText(content, i + 3)) return i + 3;
  }
  return n;
}

function followedByText(content: Uint8Array, from: number): boolean {
  const end = Math.min(content.length, from + 15);
  for (let k = from; k < end; k++) {
    const c = content[k]!;
    if (c === 0 && content[k + 1] !== 0) continue;
    if (c !== 0x0a && c !== 0x0d && (c < 0x20 || c > 0x7f)) return false;
  }
  return true;
}
