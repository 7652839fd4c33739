import { boxIn, ClipState, clipRules, TextRuns } from "./clip.js";
import { DamagedFont, FontCache, UnsupportedFont } from "./fonts.js";
import { Ref, isName, isRegular, isWhite, latin1, type Dict, type PdfObjects, type Value } from "./objects.js";
import { normalRect, pageResources } from "./pages.js";
import { addPathRules, Draw, IDENTITY, multiply, type Matrix } from "./rules.js";
import { TextBuilder, TextState, transform, type TextItem } from "./text.js";
import type { Rule } from "./types.js";

// A page's ruling lines, and its text when asked, read from its content streams
// by this project's own small interpreter: the graphics state's transformation
// (q, Q, cm) and clip (W, W*, a form's /BBox: see clip.ts), path construction
// and painting, form XObjects (Do), and the text operators (handed to
// text.ts); colour, images and everything else are skipped over unread. The
// paths it hands to rules.ts are built exactly as pdf.js builds them (same
// codes, same rectangles, coordinates rounded to 32-bit floats), and the text
// items exactly as pdf.js's getTextContent builds them, so the two sources
// agree; tests compare them on every fixture.

/** How deeply form XObjects may nest (each painting the next) before the page is given up on. */
const MAX_FORM_DEPTH = 12;

const MAX_OPERANDS = 33;

/** An operator's key: its (up to three) bytes, read as one number, so operators are told apart without making strings. */
const operatorCode = (op: string): number => [...op].reduce((code, ch, k) => code | (ch.charCodeAt(0) << (8 * k)), 0);

// Every operator pdf.js knows, with its operand count (-1: any number, the colour setters).
const OPERAND_COUNTS = new Map<number, number>(
  (
    "w:1 J:1 j:1 M:1 d:2 ri:1 i:1 gs:1 q:0 Q:0 cm:6 m:2 l:2 c:6 v:4 y:4 h:0 re:4 S:0 s:0 f:0 F:0 f*:0 B:0 B*:0 b:0 b*:0 n:0 W:0 W*:0 " +
    "BT:0 ET:0 Tc:1 Tw:1 Tz:1 TL:1 Tf:2 Tr:1 Ts:1 Td:2 TD:2 Tm:6 T*:0 Tj:1 TJ:1 ':1 \":3 d0:2 d1:6 CS:1 cs:1 SC:-1 SCN:-1 sc:-1 scn:-1 " +
    "G:1 g:1 RG:3 rg:3 K:4 k:4 sh:1 BI:0 Do:1 MP:1 DP:2 BMC:1 BDC:2 EMC:0 BX:0 EX:0"
  )
    .split(" ")
    .map((entry) => {
      const at = entry.lastIndexOf(":");
      return [operatorCode(entry.slice(0, at)), Number(entry.slice(at + 1))];
    }),
);

/** The path-building and state operators whose numbers are taken (their count in OPERAND_COUNTS). */
const PATH_OPERATORS = new Set(["m", "l", "c", "v", "y", "h", "re", "cm"]);

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
export class Unreadable extends Error {
  override name = "Unreadable";
}

/** The text and marked-content operators run when the text is read. */
const TEXT_OPERATORS = new Set(["BT", "ET", "Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts", "Td", "TD", "Tm", "T*", "Tj", "TJ", "'", '"', "gs", "BMC", "BDC", "EMC"]);

/** What a page draws, read without its fonts. */
export interface PageDrawing {
  rules: Rule[];
  /** Its text-showing operators, with their clips (clip.ts). */
  runs: TextRuns;
}

/**
 * The ruling lines drawn on the page whose object number is `pageNum`, in page
 * space through `toPage` (the viewport transform), and the clips its text is
 * shown under; null when this reader cannot read the page, and the caller
 * should ask pdf.js. This reader only saves time: whatever goes wrong in it
 * (Unreadable, or a structure it never met), the page goes to pdf.js, never
 * worse off.
 */
export function pageDrawing(objects: PdfObjects, pageNum: number, toPage: Matrix): PageDrawing | null {
  try {
    const page = objects.dict(objects.get(pageNum));
    if (!page || !isName(objects.resolve(page.get("Type")), "Page")) return null;
    const content = pageContent(objects, page);
    const drawing: PageDrawing = { rules: [], runs: new TextRuns() };
    new Interpreter(objects, toPage, drawing, null).run(content, pageResources(objects, page) ?? undefined, IDENTITY, null, 0, new Set());
    return drawing;
  } catch {
    return null;
  }
}

// A font selected by Tf (its resource name, without # escapes), and the show operators.
const FONT_SELECTED = /\/([^\s/[\]()<>{}%#]+)\s+[-+]?(?:\d+\.?\d*|\.\d+)\s+Tf(?![^\s/[\]()<>{}%])/g;
const SHOWS_TEXT = /T[jJ]|['"]/;

/**
 * Why a page's text must be left to pdf.js, told from its fonts before any
 * content stream is run: a font of its resources this reader cannot read,
 * selected in the page's content with text shown after it. A document
 * declined so costs its fonts and a look at its content, not the reading of
 * every page before the one that shows the first glyph in such a font. The
 * look is rough (a Tf found by its bytes; any show operator counts, in a
 * string or not): what it misses (a font selected inside a form XObject) is
 * declined at the first glyph shown, as before, and what it takes for a show
 * costs time only (pdf.js reads the document the same). Null: nothing found.
 */
export function unreadableFontShown(objects: PdfObjects, page: Dict, resources: Dict | undefined, fonts: FontCache): string | null {
  const fontDict = objects.dict(resources?.get("Font"));
  if (!fontDict) return null;
  const unreadable = new Map<string, string>();
  for (const [name, entry] of fontDict) {
    try {
      const reason = fonts.lazily(entry, resources).unsupported;
      if (reason !== undefined) unreadable.set(name, `UnsupportedFont: ${reason}`);
    } catch (error) {
      // Damage pdf.js reports only if it loads the font, which it does at a Tf that selects it.
      if (!(error instanceof DamagedFont || error instanceof Unreadable)) throw error;
      unreadable.set(name, `${error.name}: ${error.message}`);
    }
  }
  if (unreadable.size === 0) return null;
  const content = Buffer.from(pageContent(objects, page)).toString("latin1");
  const selections = [...content.matchAll(FONT_SELECTED)];
  for (const [k, m] of selections.entries()) {
    const reason = unreadable.get(m[1]!);
    if (reason === undefined) continue;
    const until = selections[k + 1]?.index ?? content.length;
    if (SHOWS_TEXT.test(content.slice(m.index + m[0].length, until))) return `${reason} (font /${m[1]})`;
  }
  return null;
}

export interface PageReading extends PageDrawing {
  /** The page's text items, as pdf.js's getTextContent would give them. */
  items: TextItem[];
  /** Images painted on the page (never decoded): a page with images and no text is a scan. */
  images: number;
}

/**
 * A page's rules and text, read in one pass. Throws Unreadable or
 * UnsupportedFont where this reader cannot promise pdf.js's reading (the
 * caller then leaves the whole document to pdf.js).
 */
export function readPageContent(objects: PdfObjects, page: Dict, resources: Dict | undefined, toPage: Matrix, fonts: FontCache, viewBox: readonly number[]): PageReading {
  return readWithText(objects, pageContent(objects, page), resources, toPage, fonts, viewBox);
}

/**
 * Runs a Type3 glyph procedure as the text reader runs a page (same checks:
 * an operator pdf.js would warn about throws), for the font loader.
 */
export function checkGlyphProc(objects: PdfObjects, fonts: FontCache, data: Uint8Array, resources: Dict | undefined): void {
  readWithText(objects, data, resources, IDENTITY, fonts, [-Infinity, -Infinity, Infinity, Infinity]);
}

function readWithText(objects: PdfObjects, content: Uint8Array, resources: Dict | undefined, toPage: Matrix, fonts: FontCache, viewBox: readonly number[]): PageReading {
  const reading: PageReading = { rules: [], runs: new TextRuns(), items: [], images: 0 };
  const text: TextContext = { fonts, viewBox, items: reading.items, reading };
  new Interpreter(objects, toPage, reading, text).run(content, resources, IDENTITY, new TextState(), 0, new Set());
  return reading;
}

interface TextContext {
  fonts: FontCache;
  viewBox: readonly number[];
  items: TextItem[];
  reading: PageReading;
}

type Operand = number | string | null | (number | string)[];


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
  /** The clip, and the text placing for the runs: one stack for the page, forms included. */
  private readonly clip = new ClipState();

  constructor(
    private readonly objects: PdfObjects,
    private readonly toPage: Matrix,
    private readonly drawing: PageDrawing,
    /** Present when the text is read too. */
    private readonly text: TextContext | null,
  ) {}

  run(content: Uint8Array, resources: Dict | undefined, start: Matrix, startText: TextState | null, depth: number, forms: Set<number>): void {
    const n = content.length;
    const operands: Operand[] = [];
    const text = this.text;
    const builder = text ? new TextBuilder(text.items, text.viewBox) : null;
    let ts = startText;
    const textStack: TextState[] = [];
    // A TJ array being read (its strings and numbers), when the text is read.
    let array: (number | string)[] | null = null;
    // The last name operand (what Do paints), as a byte range.
    let nameStart = -1;
    let nameEnd = -1;
    // Depth inside arrays and dictionaries, whose items are not operands of their own.
    let nest = 0;
    let ctm = start;
    const stack: Matrix[] = [];
    const clip = this.clip;
    // The clip's depth when this stream started: its Q never restores below it.
    const clipBase = clip.depth;
    // W or W* seen: the path is clipped to when it is painted (or ended with n).
    let clipPending = false;
    const path: number[] = [];
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
        let escaped = false;
        while (i < n && isRegular(content[i]!)) if (content[i++] === 0x23 /* # */) escaped = true;
        // A #xx escape: the text reader leaves such a rare name to pdf.js rather than match its decoding (and warnings).
        if (escaped && text) throw new Unreadable("a name with # escapes");
        // pdf.js warns of a name longer than the 127 bytes the spec allows.
        if (i - at > 127 && text) throw new Unreadable("a name too long");
        if (nest === 0) {
          nameStart = at;
          nameEnd = i;
          operands.push(null);
        }
      } else if (c === 0x28 /* ( */) {
        if (text && (nest === 0 || (nest === 1 && array))) {
          const value = readLiteralString(content, i);
          i = stringEnd;
          if (nest === 0) operands.push(value);
          else array!.push(value);
        } else {
          i = skipLiteralString(content, i);
          if (nest === 0) operands.push(null);
        }
      } else if (c === 0x3c /* < */) {
        if (content[i + 1] === 0x3c) {
          i += 2;
          nest++;
          array = null;
        } else if (text && (nest === 0 || (nest === 1 && array))) {
          const value = readHexString(content, i);
          i = stringEnd;
          if (nest === 0) operands.push(value);
          else array!.push(value);
        } else {
          while (i < n && content[i] !== 0x3e) i++;
          i++;
          if (nest === 0) operands.push(null);
        }
      } else if (c === 0x5b /* [ */) {
        i++;
        // Only a top-level array can be a TJ operand; anything nested in it makes it none.
        array = text && nest === 0 ? [] : null;
        nest++;
      } else if (c === 0x5d /* ] */ || (c === 0x3e /* > */ && content[i + 1] === 0x3e)) {
        // An array or dictionary (a TJ array, a property list) is one operand, however long.
        i += c === 0x5d ? 1 : 2;
        if (nest > 0 && --nest === 0) {
          operands.push(c === 0x5d && array ? array : null);
          array = null;
        }
      } else if (!isRegular(c)) {
        // { } ) or a stray >: nothing to act on for the rules; pdf.js's lexer
        // throws on ) and warns of the others, so the text reader declines.
        if (text) throw new Unreadable(`a stray ${String.fromCharCode(c)}`);
        i++;
      } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
        const value = readNumber(content, i, n);
        i = numberEnd;
        // A number pdf.js's lexer rejects fails its reading of the page, and one it
        // warns about ("1-2") is a page problem: the text reader leaves either to it.
        if ((value === null || numberWarned) && text) throw new Unreadable("a malformed number");
        if (nest === 0) operands.push(value);
        else if (nest === 1 && array) {
          if (value === null) throw new Unreadable("number");
          array.push(value);
        }
      } else {
        const startWord = i;
        while (i < n && isRegular(content[i]!)) i++;
        // Inside an array or dictionary a word is an item (true, false, null), never an
        // operator: pdf.js's parser takes even an operator there as an item until the close.
        if (nest > 0) {
          array = null;
          continue;
        }
        // Most operators are text and colour ones of one to three letters: tell them apart without making strings.
        const len = i - startWord;
        const code = len <= 3 ? content[startWord]! | ((len > 1 ? content[startWord + 1]! : 0) << 8) | ((len > 2 ? content[startWord + 2]! : 0) << 16) : -1;
        const op = OPERATORS.get(code);
        if (op === undefined) {
          // true/false are operands; anything else is an operator not followed here.
          if (len === 4 || len === 5) {
            const word = latin1(content, startWord, i);
            if (word === "true" || word === "false") {
              operands.push(null);
              continue;
            }
            if (word === "null") continue;
          }
          // An operator pdf.js warns about (unknown, or with the wrong operand count) would
          // be a page problem in its reading; the text reader leaves such a document to it.
          if (text) checkOperands(code, operands.length);
          operands.length = 0;
          nameStart = -1;
          continue;
        }
        const place = TEXT_PLACING.get(op);
        if (place !== undefined) this.placeText(place, operands, clip, ctm);
        if (text) {
          // An operand count pdf.js would skip the operator for, or fill from earlier operands: not read here.
          checkOperands(code, operands.length);
          builder!.begin(ts!);
          if (TEXT_OPERATORS.has(op)) {
            const name = nameStart >= 0 ? latin1(content, nameStart, nameEnd) : null;
            ts = this.textOperator(op, operands, name, ts!, builder!, resources);
            operands.length = 0;
            nameStart = -1;
            continue;
          }
        }
        const want = PATH_OPERATORS.has(op) ? OPERAND_COUNTS.get(code)! : undefined;
        // A path operator's numbers are the last `want` operands, from operands[at] on.
        const at = want === undefined ? 0 : lastNumbers(operands, want);
        if (at < 0) {
          // Too few numbers: pdf.js skips such an operator, and so does this.
          operands.length = 0;
          nameStart = -1;
          continue;
        }
        switch (op) {
          case "q":
            stack.push(ctm);
            clip.save();
            if (ts) {
              textStack.push(ts);
              ts = ts.clone();
            }
            break;
          case "Q":
            // Only what this stream saved: an unbalanced Q never reaches the painter's state.
            if (stack.length) ctm = stack.pop()!;
            if (clip.depth > clipBase) clip.restoreTo();
            if (ts && textStack.length) ts = textStack.pop()!;
            break;
          case "W":
          case "W*":
            clipPending = true;
            break;
          case "cm": {
            const args = operands.slice(at) as Matrix;
            ctm = multiply(args, ctm);
            if (ts) ts.ctm = transform(ts.ctm, args);
            break;
          }
          case "m":
            cx = operands[at] as number;
            cy = operands[at + 1] as number;
            path.push(Draw.moveTo, f32(cx), f32(cy));
            break;
          case "l":
            cx = operands[at] as number;
            cy = operands[at + 1] as number;
            path.push(Draw.lineTo, f32(cx), f32(cy));
            break;
          case "c":
            path.push(Draw.curveTo);
            for (let k = 0; k < 6; k++) path.push(f32(operands[at + k] as number));
            cx = operands[at + 4] as number;
            cy = operands[at + 5] as number;
            break;
          case "v":
            path.push(Draw.curveTo, f32(cx), f32(cy));
            for (let k = 0; k < 4; k++) path.push(f32(operands[at + k] as number));
            cx = operands[at + 2] as number;
            cy = operands[at + 3] as number;
            break;
          case "y": {
            const x1 = operands[at] as number, y1 = operands[at + 1] as number, x3 = operands[at + 2] as number, y3 = operands[at + 3] as number;
            path.push(Draw.curveTo, f32(x1), f32(y1), f32(x3), f32(y3), f32(x3), f32(y3));
            cx = x3;
            cy = y3;
            break;
          }
          case "h":
            path.push(Draw.closePath);
            break;
          case "re": {
            const x = operands[at] as number, y = operands[at + 1] as number, w = operands[at + 2] as number, h = operands[at + 3] as number;
            cx = x;
            cy = y;
            if (w === 0 || h === 0) path.push(Draw.moveTo, f32(x), f32(y), Draw.lineTo, f32(x + w), f32(y + h), Draw.closePath);
            else path.push(Draw.moveTo, f32(x), f32(y), Draw.lineTo, f32(x + w), f32(y), Draw.lineTo, f32(x + w), f32(y + h), Draw.lineTo, f32(x), f32(y + h), Draw.closePath);
            break;
          }
          case "Do":
            builder?.flush();
            if (nameStart >= 0) this.paintXObject(latin1(content, nameStart, nameEnd), resources, ctm, ts, depth, forms);
            else if (text) throw new Unreadable("Do without a name");
            break;
          case "BI":
            i = skipInlineImage(content, i);
            if (text) text.reading.images++;
            break;
          default: {
            const paint = PAINT[op];
            if (!paint) break;
            if (paint.close) path.push(Draw.closePath);
            if (path.length && (paint.stroke || paint.fill)) {
              const rules = this.drawing.rules;
              const from = rules.length;
              addPathRules(path, paint.stroke, paint.fill, multiply(ctm, this.toPage), rules);
              if (clip.clip && rules.length > from) clipRules(rules, from, boxIn(clip.clip, this.toPage));
            }
            // The clip takes effect after the painting.
            if (clipPending) {
              clip.clipTo(path, ctm);
              clipPending = false;
            }
            // The next path starts empty (nothing keeps this one: the rules and the clip are made of it).
            path.length = 0;
          }
        }
        operands.length = 0;
        nameStart = -1;
      }
    }
    builder?.flush();
    // What this stream saved and never restored does not reach its caller.
    clip.restoreTo(clipBase);
  }

  /** Where a text operator puts the next glyph, and a text-showing one's run (clip.ts): read with or without the fonts. */
  private placeText(place: Place, operands: Operand[], clip: ClipState, ctm: Matrix): void {
    const n = operands.length;
    switch (place) {
      case Place.show:
        clip.show(ctm, this.drawing.runs);
        break;
      case Place.move:
        clip.moveText(numberAt(operands, n - 2), numberAt(operands, n - 1));
        break;
      case Place.moveLeading:
        clip.setLeading(-numberAt(operands, n - 1));
        clip.moveText(numberAt(operands, n - 2), numberAt(operands, n - 1));
        break;
      case Place.matrix:
        clip.setMatrix(numberAt(operands, n - 6), numberAt(operands, n - 5), numberAt(operands, n - 4), numberAt(operands, n - 3), numberAt(operands, n - 2), numberAt(operands, n - 1));
        break;
      case Place.begin:
        clip.beginText();
        break;
      case Place.nextLine:
        clip.nextLine();
        break;
      case Place.nextLineShow:
        clip.nextLine();
        clip.show(ctm, this.drawing.runs);
        break;
      case Place.leading:
        clip.setLeading(numberAt(operands, n - 1));
        break;
      case Place.rise:
        clip.setRise(numberAt(operands, n - 1));
        break;
    }
  }

  /** A text or marked-content operator, as pdf.js's getTextContent runs it; returns the (possibly new) text state. */
  private textOperator(op: string, operands: Operand[], name: string | null, ts: TextState, builder: TextBuilder, resources: Dict | undefined): TextState {
    const num = (k: number): number => {
      const v = operands[k];
      if (typeof v !== "number") throw new Unreadable(`${op} operand`);
      return v;
    };
    const str = (k: number): string => {
      const v = operands[k];
      if (typeof v !== "string") throw new Unreadable(`${op} operand`);
      return v;
    };
    switch (op) {
      case "BT":
        ts.textMatrix = IDENTITY.slice();
        ts.textLineMatrix = IDENTITY.slice();
        break;
      case "ET":
      case "Tr":
        break;
      case "Tc":
        ts.charSpacing = num(0);
        break;
      case "Tw":
        ts.wordSpacing = num(0);
        break;
      case "Tz":
        ts.textHScale = num(0) / 100;
        break;
      case "TL":
        ts.leading = num(0);
        break;
      case "Ts":
        ts.textRise = num(0);
        break;
      case "Td":
        ts.moveText(num(0), num(1));
        break;
      case "TD":
        ts.leading = -num(1);
        ts.moveText(num(0), num(1));
        break;
      case "Tm":
        ts.setTextMatrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
        builder.updateAdvanceScale();
        break;
      case "T*":
        ts.carriageReturn();
        break;
      case "Tf": {
        if (operands[0] !== null || name === null) throw new Unreadable("Tf operand");
        const size = num(1);
        if (ts.font && name === ts.fontName && size === ts.fontSize) break;
        ts.fontName = name;
        ts.fontSize = size;
        const entry = this.objects.dict(resources?.get("Font"))?.get(name);
        // A font missing from the resources makes pdf.js warn; leave the document to it.
        if (entry === undefined) throw new Unreadable(`font ${name} missing`);
        ts.font = this.text!.fonts.lazily(entry, resources);
        break;
      }
      case "Tj":
        builder.show(str(0), 0);
        break;
      case "'":
        ts.carriageReturn();
        builder.show(str(0), 0);
        break;
      case '"':
        ts.wordSpacing = num(0);
        ts.charSpacing = num(1);
        ts.carriageReturn();
        builder.show(str(2), 0);
        break;
      case "TJ": {
        const elements = operands[0];
        if (!Array.isArray(elements)) throw new Unreadable("TJ operand");
        if (!ts.font) throw new UnsupportedFont("text shown with no font");
        const spaceFactor = (-1 * ts.fontSize) / 1000;
        let buffer = "";
        for (const item of elements) {
          if (typeof item === "string") buffer += item;
          else if (item !== 0) {
            builder.show(buffer, item * spaceFactor);
            buffer = "";
          }
        }
        if (buffer.length > 0) builder.show(buffer, 0);
        break;
      }
      case "gs": {
        if (operands[0] !== null || name === null) throw new Unreadable("gs operand");
        const gstate = this.objects.dict(this.objects.dict(resources?.get("ExtGState"))?.get(name));
        if (!gstate) throw new Unreadable(`ExtGState ${name}`);
        if (gstate.has("Font")) throw new UnsupportedFont("font set by ExtGState");
        break;
      }
      case "BMC":
      case "BDC":
      case "EMC":
        builder.flush();
        break;
    }
    return ts;
  }

  private paintXObject(name: string, resources: Dict | undefined, ctm: Matrix, ts: TextState | null, depth: number, forms: Set<number>): void {
    const { objects } = this;
    const ref = objects.dict(resources?.get("XObject"))?.get(name);
    if (!(ref instanceof Ref)) throw new Unreadable(`XObject ${name}`);
    const head = objects.dict(objects.get(ref.num));
    if (!head) throw new Unreadable(`XObject ${name}`);
    if (!isName(objects.resolve(head.get("Subtype")), "Form")) {
      // An image: no lines, no text; counted when the text is read (a page of images only is a scan).
      if (this.text) this.text.reading.images++;
      return;
    }
    if (forms.has(ref.num)) {
      // A form that paints itself: pdf.js skips the repeat in its drawing, but not quietly in its text.
      if (this.text) throw new Unreadable("form paints itself");
      return;
    }
    if (depth >= MAX_FORM_DEPTH) throw new Unreadable("forms nested too deeply");
    const stream = objects.stream(ref.num);
    if (!stream) throw new Unreadable(`form ${ref.num}`);
    const m = objects.resolve(stream.dict.get("Matrix"));
    const valid = Array.isArray(m) && m.length === 6 && m.every((x) => typeof x === "number");
    const matrix = valid ? (m as Matrix) : IDENTITY;
    const own = objects.dict(stream.dict.get("Resources"));
    // pdf.js reads a form's text from a copy of the state it is painted in.
    let formText: TextState | null = null;
    if (ts) {
      formText = ts.clone();
      if (valid) formText.ctm = transform(formText.ctm, matrix);
    }
    // A form is painted in a saved state, clipped to its /BBox.
    const clip = this.clip;
    clip.save();
    const bbox = objects.resolve(stream.dict.get("BBox"));
    const formCtm = multiply(matrix, ctm);
    if (Array.isArray(bbox) && bbox.length === 4 && bbox.every((x) => typeof x === "number" && Number.isFinite(x))) clip.clipToBox(normalRect(bbox as number[]), formCtm);
    forms.add(ref.num);
    this.run(stream.data, own ?? resources, formCtm, formText, depth + 1, forms);
    clip.restoreTo();
    forms.delete(ref.num);
  }
}

const f32 = Math.fround;

/** What a text operator does to the place of the next glyph (for the clip's runs, whether the text is read or not). */
const enum Place {
  show,
  move,
  moveLeading,
  matrix,
  begin,
  nextLine,
  nextLineShow,
  leading,
  rise,
}
const TEXT_PLACING = new Map<string, Place>([
  ["Tj", Place.show],
  ["TJ", Place.show],
  ["Td", Place.move],
  ["TD", Place.moveLeading],
  ["Tm", Place.matrix],
  ["BT", Place.begin],
  ["T*", Place.nextLine],
  ["'", Place.nextLineShow],
  ['"', Place.nextLineShow],
  ["TL", Place.leading],
  ["Ts", Place.rise],
]);

/** The operators followed here, keyed by their code. */
const OPERATORS = new Map<number, string>(
  ["q", "Q", "W", "W*", "Do", "BI", ...PATH_OPERATORS, ...Object.keys(PAINT), ...TEXT_OPERATORS].map((op) => [operatorCode(op), op]),
);

function checkOperands(code: number, count: number): void {
  const want = OPERAND_COUNTS.get(code);
  if (want === undefined) throw new Unreadable("an operator pdf.js does not know");
  if (want >= 0 && count !== want) throw new Unreadable(`an operator with ${count} operands instead of ${want}`);
}

let numberEnd = 0;
/** Whether the last number read had a minus sign among its digits (pdf.js warns of it). */
let numberWarned = false;
/**
 * A number operand read in place, with no string made, the way pdf.js's lexer
 * reads one (its quirks included: "--1", a minus inside the digits, a second
 * point ending the number); null where pdf.js would give up. Sets numberEnd.
 */
function readNumber(content: Uint8Array, at: number, n: number): number | null {
  numberWarned = false;
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
    } else if (c === 0x2d) numberWarned = true;
    else break;
  }
  numberEnd = i;
  if (divideBy !== 0) value /= divideBy;
  return sign * value;
}

/** Operand `k` when it is a number, else NaN. */
function numberAt(operands: Operand[], k: number): number {
  const v = operands[k];
  return typeof v === "number" ? v : NaN;
}

/** Where the last `count` operands start when they are all numbers (pdf.js skips the operator otherwise); -1 when they are not, or too few. */
function lastNumbers(operands: Operand[], count: number): number {
  const at = operands.length - count;
  if (at < 0) return -1;
  for (let k = at; k < operands.length; k++) if (typeof operands[k] !== "number") return -1;
  return at;
}

let stringEnd = 0;
const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

/** A literal string's bytes (one char each), escapes resolved as pdf.js's lexer resolves them. Sets stringEnd. */
function readLiteralString(content: Uint8Array, at: number): string {
  const n = content.length;
  let i = at + 1;
  let nesting = 1;
  let out = "";
  while (i < n) {
    let c = content[i++]!;
    if (c === 0x28) nesting++;
    else if (c === 0x29 && --nesting === 0) {
      stringEnd = i;
      return out;
    } else if (c === 0x5c /* \ */) {
      if (i >= n) break;
      c = content[i++]!;
      if (c >= 0x30 && c <= 0x37) {
        let x = c - 0x30;
        for (let k = 0; k < 2 && i < n && content[i]! >= 0x30 && content[i]! <= 0x37; k++) x = (x << 3) + (content[i++]! - 0x30);
        c = x;
      } else if (c === 0x0d) {
        if (content[i] === 0x0a) i++;
        continue;
      } else if (c === 0x0a) continue;
      else c = ESCAPES[c] ?? c;
    }
    out += String.fromCharCode(c);
  }
  throw new Unreadable("unterminated string");
}

/** A hex string's bytes (one char each). Sets stringEnd. */
function readHexString(content: Uint8Array, at: number): string {
  const n = content.length;
  let out = "";
  let high = -1;
  for (let i = at + 1; i < n; i++) {
    const c = content[i]!;
    if (c === 0x3e) {
      if (high >= 0) throw new Unreadable("odd hex string");
      stringEnd = i + 1;
      return out;
    }
    if (isWhite(c)) continue;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) throw new Unreadable("hex string");
    if (high < 0) high = v;
    else {
      out += String.fromCharCode((high << 4) | v);
      high = -1;
    }
  }
  throw new Unreadable("unterminated hex string");
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
