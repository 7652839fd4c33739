import type { Cell } from "../layout/cells.js";
import type { Word } from "../layout/lines.js";
import type { FormPrintedField, IndicatorPrintedField } from "../schema.js";

// The bookkeeping of one form: every word printed in the form's region ends in
// exactly one place — the heading, a label, the table head, or a field's value
// (page furniture never reaches a region). What ends nowhere is reported, and a
// field's words are where its value was printed (provenance).

/** A word's glyph box on its page, in the reading frame of the page (points, y down). */
export interface Piece {
  page: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** Text of the form's region that ended in no field, label, heading or table head. */
export interface Unplaced extends Piece {
  text: string;
}

/** For each field of the form and of each indicator, the glyph boxes it was read from. */
export interface FieldSources {
  form: Partial<Record<FormPrintedField, Piece[]>>;
  indicators: Partial<Record<IndicatorPrintedField, Piece[]>>[];
}

export type Place = "heading" | "label" | "table-head" | "value";

/** A word together with the page it was printed on. */
export interface PagedWord {
  page: number;
  word: Word;
}

export function piece(page: number, word: Word): Piece {
  return { page, x0: word.x0, x1: word.x1, top: word.top, bottom: word.bottom };
}

export function wordsOf(cell: Cell): PagedWord[] {
  return cell.lines.flatMap((line) => line.words.map((word) => ({ page: line.page ?? cell.page, word })));
}

export class Ledger {
  private readonly places = new Map<Word, Place>();

  claim(words: Iterable<PagedWord>, place: Place): void {
    for (const { word } of words) if (!this.places.has(word)) this.places.set(word, place);
  }

  claimCells(cells: Iterable<Cell>, place: Place): void {
    for (const cell of cells) this.claim(wordsOf(cell), place);
  }

  has(word: Word): boolean {
    return this.places.has(word);
  }

  /** Whether any word of the cell is still unclaimed. */
  open(cell: Cell): boolean {
    return cell.lines.some((line) => line.words.some((word) => !this.places.has(word)));
  }
}
