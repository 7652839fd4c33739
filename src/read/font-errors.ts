// Why the own reader leaves a document to pdf.js because of a font (fonts.ts,
// encodings.ts); the text reader and the content-stream interpreter catch them.

/**
 * A font pdf.js would warn about when it loads it (its program or ToUnicode map
 * cannot be decoded, its dictionary is broken): the document is left to pdf.js
 * at once, even if no glyph is shown in it, so that the warning is not lost.
 */
export class DamagedFont extends Error {
  override name = "DamagedFont";
}

/** Not a font this reader handles: the document is left to pdf.js. */
export class UnsupportedFont extends Error {
  override name = "UnsupportedFont";
}
