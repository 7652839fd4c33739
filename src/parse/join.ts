// Re-joining a cell's wrapped lines (docs/output.md, "Text"): soft wraps are joined
// with nothing between CJK characters and one space between two Latin letters
// or digits; hard breaks — a new numbered item, or a line that ended well short
// of the cell's right edge — are kept as "\n".

export interface CellLine {
  text: string;
  /** The line stopped well before the cell's right edge, so what follows starts a new paragraph. */
  endsShort?: boolean;
}

const NUMBERED_ITEM = /^(?:\d{1,2}\s*[.．、)）]|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|[①-⑳])/;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;

export function startsNumberedItem(text: string): boolean {
  // "1.02 亿元" is a number, not item 1.
  return NUMBERED_ITEM.test(text) && !/^\d+[.．]\d/.test(text);
}

export function joinLines(lines: readonly CellLine[]): string {
  let out = "";
  // The last character so far, kept aside: reading it off a long concatenated
  // string flattens the string each time.
  let last = "";
  lines.forEach((line, i) => {
    const text = line.text.trim();
    if (!text) return;
    if (out) {
      const prev = lines[i - 1];
      if (startsNumberedItem(text) || prev?.endsShort) out += "\n";
      else if (LATIN_OR_DIGIT.test(last) && LATIN_OR_DIGIT.test(text[0]!)) out += " ";
    }
    out += text;
    last = text.at(-1)!;
  });
  return out.trim();
}

export { squash } from "../vocabulary.js";
