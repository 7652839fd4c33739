// Types of test/fuzz-pdf.mjs, for the TypeScript tests that build damaged PDFs with it.
export interface RawObject {
  num: number;
  gen: number;
  /** The text between "obj" and "endobj" (a stream with its data). */
  body: string;
  start?: number;
  end?: number;
  packed?: boolean;
}
export function latin1(bytes: Uint8Array): string;
export function fromLatin1(text: string): Uint8Array;
export function objectsOf(bytes: Uint8Array): Map<number, RawObject>;
export function dictOf(body: string): string;
export function rootOf(bytes: Uint8Array): number | null;
export function appendUpdate(bytes: Uint8Array, defs: Map<number, string>, options?: { free?: number[]; xref?: boolean }): Uint8Array;
export function refsUnder(body: string, key: string): number[];
export function replaceValue(body: string, key: string, value: string): string | null;
export function addEntry(body: string, entry: string): string | null;
export function objectsWhere(objects: Map<number, RawObject>, re: RegExp): RawObject[];
