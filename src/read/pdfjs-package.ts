import { createRequire } from "node:module";
import { dirname } from "node:path";

// The installed pdfjs-dist folder, where its CMaps and standard fonts are read
// from (never the network): old office PDFs use non-embedded CID fonts
// (STSong-Light + UniGB-UCS2-H) and read as empty text without the CMaps. Its
// own module so that the reader's CMap loader need not load pdf.js's.

let dir: string | undefined;

/** The folder of the installed pdfjs-dist package (found once). */
export function pdfjsPackageDir(): string {
  dir ??= dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return dir;
}
