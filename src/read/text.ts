import { UnsupportedFont, type OwnFont } from "./fonts.js";
import { IDENTITY } from "./rules.js";

// The own text reader's half of the content-stream interpreter (content.ts
// runs the operators): the text state, and the building of text items from
// shown glyphs exactly as pdf.js's getTextContent builds them — where an item
// ends, where a space is put in, how wide it is — so that the layout stages
// get the same items whoever read the page. Horizontal text only: anything
// pdf.js would treat differently (vertical fonts, right-to-left scripts) is
// declined with UnsupportedFont and pdf.js reads the document.

/** A piece of text as pdf.js's getTextContent hands it over (only the fields the layout uses). */
export interface TextItem {
  str: string;
  /** The text space → user space matrix at the item's start, font size and rise included. */
  transform: number[];
  width: number;
  height: number;
}


/** pdf.js's Util.transform: m2 applied first, then m1 (its argument order and arithmetic, for equal numbers). */
export function transform(m1: readonly number[], m2: readonly number[]): number[] {
  return [
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  ];
}

/** The graphics state's text part (pdf.js keeps the matrix and the text matrices in it: q/Q save them). */
export class TextState {
  ctm: number[] = IDENTITY;
  font: OwnFont | null = null;
  /** The font's resource name (/F1), as set by Tf. */
  fontName: string | null = null;
  fontSize = 0;
  textMatrix = IDENTITY.slice();
  textLineMatrix = IDENTITY.slice();
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  textHScale = 1;
  textRise = 0;

  clone(): TextState {
    const copy = Object.assign(Object.create(TextState.prototype) as TextState, this);
    copy.textMatrix = this.textMatrix.slice();
    copy.textLineMatrix = this.textLineMatrix.slice();
    return copy;
  }

  setTextMatrix(m: readonly number[]): void {
    this.textMatrix = m.slice();
    this.textLineMatrix = m.slice();
  }

  translateTextMatrix(x: number, y: number): void {
    const m = this.textMatrix;
    m[4] = m[0]! * x + m[2]! * y + m[4]!;
    m[5] = m[1]! * x + m[3]! * y + m[5]!;
  }

  translateTextLineMatrix(x: number, y: number): void {
    const m = this.textLineMatrix;
    m[4] = m[0]! * x + m[2]! * y + m[4]!;
    m[5] = m[1]! * x + m[3]! * y + m[5]!;
  }

  moveText(x: number, y: number): void {
    this.translateTextLineMatrix(x, y);
    this.textMatrix = this.textLineMatrix.slice();
  }

  carriageReturn(): void {
    this.moveText(0, -this.leading);
  }
}

interface Category {
  isWhitespace: boolean;
  isZeroWidthDiacritic: boolean;
  isInvisibleFormatMark: boolean;
}
// pdf.js's getCharUnicodeCategory, same expression.
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
const categories = new Map<string, Category>();
function category(char: string): Category {
  let c = categories.get(char);
  if (!c) {
    const groups = char.match(SPECIAL_CHAR);
    c = { isWhitespace: !!groups?.[1], isZeroWidthDiacritic: !!groups?.[2], isInvisibleFormatMark: !!groups?.[3] };
    categories.set(char, c);
  }
  return c;
}

interface Glyph {
  unicode: string;
  width: number;
  category: Category;
}
// Each font's codes, looked up once (a page shows the same few hundred codes thousands of times).
const glyphCache = new WeakMap<OwnFont, (Glyph | undefined)[]>();
function glyphOf(font: OwnFont, code: number): Glyph {
  let glyphs = glyphCache.get(font);
  if (!glyphs) glyphCache.set(font, (glyphs = []));
  let glyph = glyphs[code];
  if (!glyph) {
    const unicode = font.unicode(code);
    if (unicode === null) throw new UnsupportedFont(`code ${code} has no text`);
    glyph = glyphs[code] = { unicode, width: font.width(code), category: category(unicode) };
  }
  return glyph;
}

// Characters pdf.js's bidi pass would reorder: such text is left to pdf.js.
const RIGHT_TO_LEFT = /[\u0590-\u08ac\ufb1d-\ufdff\ufe70-\ufeff]/;

// pdf.js's normalizeUnicode (ligatures, compatibility forms, odd spaces → NFKC).
const NORMALIZE =
  /([\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+)|(\ufb05+)/gu;
function normalizeUnicode(str: string): string {
  return str.replaceAll(NORMALIZE, (_, p1: string | undefined, p2: string) => (p1 ? p1.normalize("NFKC") : "ſt".repeat(p2.length)));
}

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

/**
 * Builds the text items of one content stream (a page's, or a form XObject's:
 * pdf.js starts afresh in each form) into a shared list; a port of the
 * horizontal half of pdf.js's getTextContent.
 */
export class TextBuilder {
  /** The state the interpreter is in; set before each text operator. */
  state!: TextState;
  private current: TextState | null = null;
  private initialized = false;
  private str: string[] = [];
  private totalWidth = 0;
  private width = 0;
  private height = 0;
  /** The text rendering matrix after the last glyph that advanced (pdf.js's prevTransform), when there is one. */
  private hasPrev = false;
  private p0 = 0;
  private p1 = 0;
  private p2 = 0;
  private p3 = 0;
  private p4 = 0;
  private p5 = 0;
  /** The current text rendering matrix, as computeCurrent() last left it. */
  private c0 = 0;
  private c1 = 0;
  private c2 = 0;
  private c3 = 0;
  private c4 = 0;
  private c5 = 0;
  private prevTextRise = 0;
  private textAdvanceScale = 0;
  private spaceInFlowMin = 0;
  private spaceInFlowMax = 0;
  private trackingSpaceMin = Infinity;
  private negativeSpaceMax = -Infinity;
  private notASpace = -Infinity;
  private itemTransform: number[] | null = null;
  private readonly twoLastChars = [" ", " "];
  private twoLastCharsPos = 0;

  constructor(
    private readonly items: TextItem[],
    private readonly viewBox: readonly number[],
  ) {}

  /** Called before every operator, as pdf.js takes its first copy of the state at the first one. */
  begin(state: TextState): void {
    this.state = state;
    this.current ??= state.clone();
  }

  private saveLastChar(char: string): boolean {
    const nextPos = (this.twoLastCharsPos + 1) % 2;
    const ret = this.twoLastChars[this.twoLastCharsPos] !== " " && this.twoLastChars[nextPos] === " ";
    this.twoLastChars[this.twoLastCharsPos] = char;
    this.twoLastCharsPos = nextPos;
    return ret;
  }

  private shouldAddWhitespace(): boolean {
    return this.twoLastChars[this.twoLastCharsPos] !== " " && this.twoLastChars[(this.twoLastCharsPos + 1) % 2] === " ";
  }

  private resetLastChars(): void {
    this.twoLastChars[0] = this.twoLastChars[1] = " ";
    this.twoLastCharsPos = 0;
  }

  // A white-space item's position is never used by the layout (it only marks a space), so none is kept.
  private pushWhitespace(width: number): void {
    this.items.push({ str: " ", width, height: 0, transform: WHITESPACE_TRANSFORM });
  }

  /**
   * The text rendering matrix (ctm · text matrix · font size, scale and rise)
   * into c0…c5, with pdf.js's arithmetic term for term (its two Util.transform
   * calls, zero terms included) so positions are equal to the last bit; and
   * without the two arrays per glyph pdf.js allocates.
   */
  private computeCurrent(): void {
    const s = this.state;
    const t = s.textMatrix;
    const c = s.ctm;
    const fh = s.fontSize * s.textHScale;
    let fs = s.fontSize;
    // pdf.js sizes a Type3 font's items by its glyph box when the font size is
    // 1 or less, or when the glyphs' own boxes are the box (getCurrentTextTransform).
    const type3 = s.font?.type3;
    if (type3 && (fs <= 1 || type3.isCharBBox) && !isFontIdentity(s.font!.fontMatrix!)) {
      const glyphHeight = type3.bbox[3]! - type3.bbox[1]!;
      if (glyphHeight > 0) fs *= glyphHeight * s.font!.fontMatrix![3]!;
    }
    const rise = s.textRise;
    const m0 = t[0]! * fh + t[2]! * 0;
    const m1 = t[1]! * fh + t[3]! * 0;
    const m2 = t[0]! * 0 + t[2]! * fs;
    const m3 = t[1]! * 0 + t[3]! * fs;
    const m4 = t[0]! * 0 + t[2]! * rise + t[4]!;
    const m5 = t[1]! * 0 + t[3]! * rise + t[5]!;
    this.c0 = c[0]! * m0 + c[2]! * m1;
    this.c1 = c[1]! * m0 + c[3]! * m1;
    this.c2 = c[0]! * m2 + c[2]! * m3;
    this.c3 = c[1]! * m2 + c[3]! * m3;
    this.c4 = c[0]! * m4 + c[2]! * m5 + c[4]!;
    this.c5 = c[1]! * m4 + c[3]! * m5 + c[5]!;
  }

  private currentTextTransform(): number[] {
    this.computeCurrent();
    return [this.c0, this.c1, this.c2, this.c3, this.c4, this.c5];
  }

  private ensureItem(): void {
    if (this.initialized) return;
    const s = this.state;
    const trm = (this.itemTransform = this.currentTextTransform());
    this.width = this.totalWidth = 0;
    this.height = Math.hypot(trm[2]!, trm[3]!);
    this.textAdvanceScale = Math.hypot(s.ctm[0]!, s.ctm[1]!) * Math.hypot(s.textLineMatrix[0]!, s.textLineMatrix[1]!);
    this.trackingSpaceMin = s.fontSize * TRACKING_SPACE_FACTOR;
    this.notASpace = s.fontSize * NOT_A_SPACE_FACTOR;
    this.negativeSpaceMax = s.fontSize * NEGATIVE_SPACE_FACTOR;
    this.spaceInFlowMin = s.fontSize * SPACE_IN_FLOW_MIN_FACTOR;
    this.spaceInFlowMax = s.fontSize * SPACE_IN_FLOW_MAX_FACTOR;
    this.initialized = true;
  }

  /** After Tm: the advance so far is kept at the old scale. */
  updateAdvanceScale(): void {
    if (!this.initialized) return;
    const s = this.state;
    const scaleFactor = Math.hypot(s.ctm[0]!, s.ctm[1]!) * Math.hypot(s.textLineMatrix[0]!, s.textLineMatrix[1]!);
    if (scaleFactor === this.textAdvanceScale) return;
    this.totalWidth += this.width * this.textAdvanceScale;
    this.width = 0;
    this.textAdvanceScale = scaleFactor;
  }

  flush(): void {
    if (!this.initialized) return;
    this.totalWidth += this.width * this.textAdvanceScale;
    const text = this.str.join("");
    if (RIGHT_TO_LEFT.test(text)) throw new UnsupportedFont("right-to-left text");
    this.items.push({ str: normalizeUnicode(text), width: Math.abs(this.totalWidth), height: Math.abs(this.height), transform: this.itemTransform! });
    this.initialized = false;
    this.str.length = 0;
  }

  private appendEOL(): void {
    this.resetLastChars();
    // An item that ends a line is flushed; an empty one (pdf.js pushes "" with hasEOL) reads as nothing.
    if (this.initialized) this.flush();
  }

  private addFakeSpaces(width: number, textOrientation: number): boolean {
    if (textOrientation * this.spaceInFlowMin <= width && width <= textOrientation * this.spaceInFlowMax) {
      if (this.initialized) {
        this.resetLastChars();
        this.str.push(" ");
      }
      return false;
    }
    this.flush();
    this.resetLastChars();
    this.pushWhitespace(Math.abs(width));
    return true;
  }

  private compareWithLastPosition(glyphWidth: number): boolean {
    this.computeCurrent();
    let posX = this.c4;
    let posY = this.c5;
    const v = this.viewBox;
    if (posX + glyphWidth < v[0]! || posX > v[2]! || posY < v[1]! || posY > v[3]!) return false;
    if (!this.hasPrev) return true;
    let lastPosX = this.p4;
    let lastPosY = this.p5;
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    const { c0, c1, c2, c3 } = this;
    if (c0 && c1 === 0 && c2 === 0) rotate = c0 > 0 ? 0 : 180;
    else if (c1 && c0 === 0 && c3 === 0) rotate = c1 > 0 ? 90 : 270;
    switch (rotate) {
      case 0:
        break;
      case 90:
        [posX, posY] = [posY, posX];
        [lastPosX, lastPosY] = [lastPosY, lastPosX];
        break;
      case 180:
        [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
        break;
      case 270:
        [posX, posY] = [-posY, -posX];
        [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
        break;
      default: {
        const scale = Math.hypot(c0, c1);
        [posX, posY] = [(c0 * posX + c1 * posY) / scale, (c2 * posX + c3 * posY) / scale];
        const lastScale = Math.hypot(this.p0, this.p1);
        [lastPosX, lastPosY] = [(this.p0 * lastPosX + this.p1 * lastPosY) / lastScale, (this.p2 * lastPosX + this.p3 * lastPosY) / lastScale];
      }
    }
    const advanceX = (posX - lastPosX) / this.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const textOrientation = Math.sign(this.width || this.totalWidth);
    if (advanceX < textOrientation * this.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * this.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const textRiseDelta = this.state.textRise - this.prevTextRise;
    const advanceYCorrected = textRiseDelta === 0 ? advanceY : advanceY - (c3 / this.state.fontSize) * textRiseDelta;
    if (Math.abs(advanceYCorrected) > this.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= textOrientation * this.notASpace) this.resetLastChars();
    if (advanceX <= textOrientation * this.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
        this.pushWhitespace(Math.abs(advanceX));
      } else {
        this.width += advanceX;
      }
    } else if (!this.addFakeSpaces(advanceX, textOrientation)) {
      if (this.str.length === 0) {
        this.resetLastChars();
        this.pushWhitespace(Math.abs(advanceX));
      } else {
        this.width += advanceX;
      }
    }
    if (Math.abs(advanceY) > this.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  /** A shown string (its bytes, one char each) followed by `extraSpacing` (a TJ adjustment, in text space). */
  show(chars: string, extraSpacing: number): void {
    const s = this.state;
    const font = s.font;
    if (!font) throw new UnsupportedFont("text shown with no font");
    const current = this.current!;
    if (current.fontSize !== s.fontSize || (current.fontName !== s.fontName && current.font?.name !== font.name)) {
      if (!current.font && current.fontSize === s.fontSize) throw new UnsupportedFont("no font before");
      this.flush();
      this.current = s.clone();
    }
    const baseCharSpacing = s.charSpacing;
    if (!chars) {
      const charSpacing = baseCharSpacing + extraSpacing;
      if (charSpacing) s.translateTextMatrix(charSpacing * s.textHScale, 0);
      return;
    }
    if (font.twoByte && chars.length % 2 !== 0) throw new UnsupportedFont("odd byte count");
    const scale = (font.fontMatrix ? font.fontMatrix[0]! : 0.001) * s.fontSize;
    const encoding = font.encoding;
    for (let at = 0; at < chars.length; ) {
      let code: number;
      if (encoding) {
        const read = encoding.readCharCode(chars, at);
        code = read.code;
        at += read.length;
      } else if (font.twoByte) {
        code = (chars.charCodeAt(at) << 8) | chars.charCodeAt(at + 1);
        at += 2;
      } else {
        code = chars.charCodeAt(at);
        at += 1;
      }
      const last = at >= chars.length;
      const glyph = glyphOf(font, code);
      const unicode = glyph.unicode;
      const cat = glyph.category;
      if (cat.isInvisibleFormatMark) continue;
      let charSpacing = baseCharSpacing + (last ? extraSpacing : 0);
      let scaledDim = glyph.width * scale;
      if (code === 0x20) charSpacing += s.wordSpacing;
      if (cat.isWhitespace) {
        charSpacing += scaledDim;
        s.translateTextMatrix(charSpacing * s.textHScale, 0);
        this.saveLastChar(" ");
        continue;
      }
      if (!cat.isZeroWidthDiacritic && !this.compareWithLastPosition(scaledDim)) {
        s.translateTextMatrix(scaledDim * s.textHScale, 0);
        continue;
      }
      this.ensureItem();
      if (cat.isZeroWidthDiacritic) scaledDim = 0;
      scaledDim *= s.textHScale;
      s.translateTextMatrix(scaledDim, 0);
      this.width += scaledDim;
      if (scaledDim) {
        this.computeCurrent();
        this.hasPrev = true;
        this.p0 = this.c0;
        this.p1 = this.c1;
        this.p2 = this.c2;
        this.p3 = this.c3;
        this.p4 = this.c4;
        this.p5 = this.c5;
        this.prevTextRise = s.textRise;
      }
      if (this.saveLastChar(unicode)) this.str.push(" ");
      this.str.push(unicode);
      if (charSpacing) s.translateTextMatrix(charSpacing * s.textHScale, 0);
    }
  }
}

const WHITESPACE_TRANSFORM: number[] = [1, 0, 0, 1, 0, 0];

const isFontIdentity = (m: readonly number[]): boolean => m[0] === 0.001 && m[1] === 0 && m[2] === 0 && m[3] === 0.001 && m[4] === 0 && m[5] === 0;
