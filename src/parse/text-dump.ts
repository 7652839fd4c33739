import type { Form, Indicator, Warning, WarningCode } from "../schema.js";
import { splitAtHeadings } from "../segment.js";
import { warning } from "../warning.js";
import { normalizeText } from "../normalize.js";
import {
  categoryBelongs,
  EXPLANATION_START,
  FORM_TITLE,
  FORM_WORDS,
  gluedLabelAt,
  headingKind,
  isLevel1Name,
  isLevel2Name,
  isPageNumber,
  LABEL_WORDS,
  matchLabel,
  TABLE_HEADERS,
  type HeaderKey,
} from "../vocabulary.js";
import { joinLines, squash, startsNumberedItem, type CellLine } from "./join.js";
import { NOT_APPLICABLE, NUMERIC_VALUE_IN_TEXT, parseAmount, parsePeriod, parseProjectType, parseTarget, parseYesNo } from "./values.js";

// The text-input path: a dump of a declaration printed by some PDF text extractor
// (no positions). Table cells on one printed line are joined by single spaces,
// cells that wrap continue on later lines, page breaks are runs of blank lines
// (or form feeds), and labels may be wrapped anywhere.
//
// It is a line-oriented state machine per form:
//
//   PREAMBLE ── heading ──▶ HEADER ── 一级指标 … ──▶ TABLE ── heading ──▶ HEADER …
//
// HEADER follows "label： value" pairs (several per line, labels possibly wrapped
// over lines, values possibly over several lines). TABLE turns each line into an
// item (a 一级/二级 group marker, a 不适用 row, a line whose cells can be told
// apart by their shape, or plain text) and assembles rows in the fixed column
// order 三级指标 → 指标值 → 指标解释; a run of plain-text lines is shared out
// between the open row and the next one by what the next anchor line still needs.
//
// The document is parsed twice: the first pass only learns how wide the table's
// columns are (from cells that visibly wrapped), which the second pass needs to
// tell a new row's wrapped first line from the tail of an explanation.

export interface TextDumpResult {
  forms: Form[];
  warnings: Warning[];
  /**
   * Why the text cannot be read as drawn (its reading order lost which label goes
   * with which value, or which row a cell is in), or null: then `forms` are not
   * to be trusted at all.
   */
  orderLost: string | null;
}

// ───────────────────────────── lines ─────────────────────────────

interface Line {
  text: string;
  /** A page break (form feed, run of blank lines, page number) lies between this line and the previous one. */
  pageBreak: boolean;
}


/** Two or more blank lines in a row mark a page break in a plain dump; one blank line separates text blocks. */
const BLANK_RUN_PAGE_BREAK = 2;

function toLines(text: string): Line[] {
  let raw = normalizeText(text).replace(/\r\n?/g, "\n");
  // MuPDF spaces ideographs apart where the font changes (`该指标主 要 考 察`): it
  // sets each cell on a line of its own, so such a space parts no two cells.
  if ((raw.match(SPACED_IDEOGRAPH) ?? []).length >= MIN_SPACED_IDEOGRAPHS) raw = raw.replace(/(?<=[\p{Script=Han}\u3001-\u303f\uff01-\uff60]) (?=[\p{Script=Han}\u3001-\u303f\uff01-\uff60])/gu, "");
  const pages = raw.split("\f");
  const running = pages.length > 2 ? runningHeaders(pages) : new Set<string>();
  // Without form feeds: the running lines beside the page numbers (by line, in the one page).
  const beside = pages.length === 1 ? runningBesideNumbers(pages[0]!.split("\n")) : new Set<number>();
  const out: Line[] = [];
  let pageBreak = false;
  pages.forEach((page, p) => {
    if (p > 0) pageBreak = true;
    let blanks = 0;
    let first = true;
    for (const [index, rawLine] of page.split("\n").entries()) {
      if (beside.has(index)) {
        pageBreak = true;
        continue;
      }
      const t = unglue(rawLine.replace(/[\s\u3000]+$/u, "").replace(/^[\s\u3000]+/u, ""));
      if (!t) {
        blanks++;
        continue;
      }
      if (blanks >= BLANK_RUN_PAGE_BREAK) pageBreak = true;
      blanks = 0;
      if (isPageNumber(t)) {
        pageBreak = true;
        continue;
      }
      if (first && running.has(t)) {
        first = false;
        continue;
      }
      first = false;
      out.push({ text: t, pageBreak });
      pageBreak = false;
    }
  });
  return out;
}

/** An ideograph standing alone between two spaces, between ideographs (`主 要 考`). */
const SPACED_IDEOGRAPH = /(?<=\p{Script=Han}) \p{Script=Han} (?=\p{Script=Han})/gu;
const MIN_SPACED_IDEOGRAPHS = 3;

/** A value glued to the label after it (`440310241270025641154项目名称：`, as pypdf may give) is set apart from it. */
function unglue(line: string): string {
  return line
    .split(/(\s+)/u)
    .map((word) => {
      let out = "";
      for (let at = gluedLabelAt(word); at > 0; at = gluedLabelAt(word)) {
        out += word.slice(0, at) + " ";
        word = word.slice(at);
      }
      return out + word;
    })
    .join("");
}

/** Lines that open at least half of the form-feed separated pages (a running page header). */
function runningHeaders(pages: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const page of pages) {
    const first = page.split("\n").map((l) => l.trim()).find((l) => l && !isPageNumber(l));
    if (first && !isHeading(first)) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  const out = new Set<string>();
  for (const [line, n] of counts) if (n >= 2 && n * 2 >= pages.length) out.add(line);
  return out;
}

/**
 * Without form feeds, a running page header or footer is the line printed next to
 * the page numbers, page after page: text of no form word that stands right
 * beside at least half of them (and twice at least). The indices of its lines there.
 */
function runningBesideNumbers(lines: string[]): Set<number> {
  const text = lines.map((l) => l.trim());
  const filled = text.flatMap((t, i) => (t ? [i] : []));
  const numbers = filled.flatMap((i, k) => (isPageNumber(text[i]!) ? [k] : []));
  const beside = new Map<string, number[]>();
  for (const k of numbers) {
    for (const n of new Set([k - 1, k + 1])) {
      const i = filled[n];
      if (i === undefined || isPageNumber(text[i]!) || FORM_WORDS.test(squash(text[i]!))) continue;
      beside.set(text[i]!, [...(beside.get(text[i]!) ?? []), i]);
    }
  }
  const out = new Set<number>();
  for (const indices of beside.values()) if (indices.length >= 2 && 2 * indices.length >= numbers.length) for (const i of indices) out.add(i);
  return out;
}

const isHeading = (text: string): boolean => headingKind(text) !== null;
/** 二级项目支出绩效目标申报表（续）: the same form going on, not a new one. */
const isContinuedHeading = (text: string): boolean => headingKind(text) === "continued";

// ───────────────────────────── entry ─────────────────────────────

export function parseTextDump(text: string): TextDumpResult {
  const chunks = splitForms(toLines(text));
  // Pass 1 learns the layout (how wide wrapped 三级指标 and 指标解释 lines are).
  const seen = chunks.map((chunk) => {
    const layout: LayoutSeen = { wrappedL3: [], wrappedE: [] };
    parseForm(chunk, () => {}, {}, layout);
    return layout;
  });
  const docL3 = capacity(seen.flatMap((l) => l.wrappedL3));
  const forms: Form[] = [];
  const warnings: Warning[] = [];
  chunks.forEach((chunk, i) => {
    const n = i + 1;
    // A form may have wider columns than the rest; a form with few wrapped lines
    // may show too few to tell, so the wider of its own estimate and the document's.
    const own = seen[i]!;
    const ownL3 = own.wrappedL3.length >= 2 ? capacity(own.wrappedL3) : undefined;
    const hints: LayoutHints = {
      l3Width: ownL3 !== undefined && docL3 !== undefined ? Math.max(ownL3, docL3) : (ownL3 ?? docL3),
      eWidth: capacity(own.wrappedE),
    };
    forms.push(parseForm(chunk, (code, field, message) => warnings.push(warning(code, { form: n, field }, message)), hints, { wrappedL3: [], wrappedE: [] }));
  });
  return { forms, warnings, orderLost: chunks.map(orderLostIn).find((why) => why !== null) ?? rowsInDoubt(forms, warnings) };
}

// ─────────────────────────── reading order ───────────────────────────

/** Header labels in a row with no value between them: the values were read elsewhere (pdfminer). */
const MAX_BARE_LABELS = 3;
/** Share of rows whose cells could not all be found above which a table was not read in order. */
const MAX_DOUBTFUL_ROWS = 0.2;

/**
 * Whether a form's text lost its reading order, as its own text shows: several
 * header labels one after another with no value between them, or the table head's
 * words parted by other text, or the merged 一级/二级 names set apart from the rows
 * they label (after the last row, so that nothing tells which rows they cover).
 */
function orderLostIn(lines: Line[]): string | null {
  let bare = 0;
  for (const line of lines) {
    const label = matchLabel(line.text);
    bare = label && !label.rest ? bare + 1 : 0;
    if (bare >= MAX_BARE_LABELS) return "its header labels come one after another, apart from their values";
  }
  const head = lines.findIndex((l) => isTableHeaderLine(l.text));
  if (head < 0) return null;
  // The head's words, wrapped or not, come together; any missing ones found later were parted from it.
  let words = "";
  let k = head;
  for (; k < lines.length; k++) {
    const next = words + squash(lines[k]!.text);
    const rest = stripTableHeaderWords(next);
    if (rest !== "" && !TABLE_HEADERS.some((w) => w.startsWith(rest))) break;
    words = next;
  }
  const missing = TABLE_HEADERS.filter((w) => !words.includes(w));
  if (missing.length && lines.slice(k).some((l) => missing.includes(squash(l.text) as (typeof TABLE_HEADERS)[number])))
    return "its table head's words are parted by the table's cells";
  // Merged 一级/二级 names in a run after the rows have begun: nothing tells which rows they cover.
  let names = 0;
  let rows = false;
  for (const line of lines.slice(k)) {
    if (isTableHeaderLine(line.text)) continue;
    const isNames = line.text.split(/\s+/u).every((t) => isLevel1Name(t) || isLevel2Name(t));
    names = isNames ? names + 1 : 0;
    if (!isNames) rows = true;
    if (rows && names >= MAX_BARE_LABELS) return "its 一级/二级 names come after the rows they label";
  }
  return null;
}

/** Too many rows of the tables read with a cell missing: the text was not in reading order. */
function rowsInDoubt(forms: Form[], warnings: Warning[]): string | null {
  const rows = forms.reduce((n, f) => n + f.indicators.length, 0);
  const doubtful = new Set(warnings.filter((w) => w.code === "row-doubtful").map((w) => `${w.form} ${/^row (\d+)/.exec(w.message)?.[1]}`));
  return rows > 0 && doubtful.size > MAX_DOUBTFUL_ROWS * rows ? `${doubtful.size} of its ${rows} indicator rows have cells that cannot be told apart` : null;
}

/** The lines of each form (see segment.ts); a heading that says the form goes on (（续）) is dropped. */
function splitForms(lines: Line[]): Line[][] {
  return splitAtHeadings(
    lines.filter((l) => !isContinuedHeading(l.text)),
    (l) => l.text,
  ).map((form) => form.items);
}

/**
 * A column's width from the widths of lines after which its cells went on. Such a
 * line is as wide as the column unless an unbreakable word pushed the rest down,
 * so the widest width that recurs is the column (a one-off may be a misread line);
 * with too few lines to tell, the median.
 */
function capacity(lines: string[]): number | undefined {
  // Lines of ideographs only are measured exactly; Latin letters and digits are not.
  const exact = lines.filter((l) => !/[\x21-\x7e\s]/u.test(l));
  const widths = (exact.length >= 2 ? exact : lines).map(width);
  if (!widths.length) return undefined;
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(Math.round(w * 2) / 2, (counts.get(Math.round(w * 2) / 2) ?? 0) + 1);
  const recurring = [...counts].filter(([, n]) => n >= Math.max(2, widths.length / 10)).map(([w]) => w);
  if (recurring.length) return Math.max(...recurring);
  const sorted = [...widths].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

type Warn = (code: WarningCode, field: string | null, message: string) => void;

function parseForm(lines: Line[], warn: Warn, hints: LayoutHints, layout: LayoutSeen): Form {
  const header = new HeaderParser();
  let i = 0;
  for (; i < lines.length && !header.tableStarted; i++) header.feed(lines[i]!);
  const tableLines = [...header.finish(), ...lines.slice(i)];
  if (!header.tableStarted) warn("table-missing", "indicators", "the indicator table (一级指标 二级指标 三级指标 指标值 指标解释) was not found");
  const indicators = header.tableStarted ? parseTable(tableLines, warn, hints, layout) : [];
  return buildForm(header.values(), indicators, warn);
}

// ───────────────────────────── header ─────────────────────────────

type LabelKey = HeaderKey | "table";

interface LabelSpec {
  key: LabelKey;
  /** The label's words; any one of them. */
  cores: string[];
  /** May be followed by a parenthetical: （中期规划，万元）. */
  paren: boolean;
}

// The header labels are the vocabulary's (a parenthetical may follow any of them:
// 项目总金额（中期规划，万元）); the table head's first word ends the header.
const LABELS: LabelSpec[] = [
  ...(Object.entries(LABEL_WORDS) as [HeaderKey, readonly string[]][]).map(([key, cores]) => ({ key, cores: [...cores], paren: true })),
  { key: "table", cores: [TABLE_HEADERS[0]], paren: false },
];

/** Where a label match stands after the text seen so far. */
interface MatchState {
  spec: LabelSpec;
  core: string;
  at: number; // characters of `core` matched
  paren: 0 | 1 | 2; // none yet, open, closed
  parenLength: number;
}

type MatchResult =
  | { status: "colon"; end: number } // label and its colon; `end` just after the colon
  | { status: "bare"; end: number } // complete label, then other text (no colon)
  /**
   * The text ran out inside or right after the label. With `valueFrom`, the
   * label's fragment ended at a space and the rest of the line, from there, is
   * other text printed beside it (an extractor interleaving two columns).
   */
  | { status: "open"; state: MatchState; valueFrom?: number }
  | { status: "fail" };

const MAX_PAREN = 20;
/** Fields after which a table may begin without its header row. */
const GOALS = new Set<LabelKey | null>(["overview", "annualGoal", "longTermGoal"]);
const isSpace = (ch: string) => /[\s\u3000]/u.test(ch);

/**
 * Steps a label match through `text` from `from`, skipping white space (labels
 * wrap anywhere). `firstFragment`: the label starts on this line; otherwise the
 * line continues a label cut off on an earlier one.
 */
function stepLabel(st: MatchState, text: string, from: number, firstFragment = false): MatchResult {
  const s = { ...st };
  let end = from;
  // A line that goes on with an open parenthetical either closes it or is short
  // (多年的项目需填）); a longer line without the closing bracket is other text.
  if (!firstFragment && s.paren === 1 && !/[）)]/u.test(text) && squash(text).length > 6) return { status: "fail" };
  // Where the label's fragment could have stopped: at a space, inside the parenthetical
  // or well into the label's words (长期目标（跨度 通过本项目…).
  let stop: { state: MatchState; valueFrom: number } | null = null;
  const fail = (): MatchResult => (stop ? { status: "open", ...stop } : { status: "fail" });
  for (let k = from; k < text.length; k++) {
    const ch = text[k]!;
    if (isSpace(ch)) {
      const breakable = s.paren === 1 || (s.at >= 4 && s.at < s.core.length);
      if (firstFragment && breakable && end > from && !stop) {
        let v = k;
        while (v < text.length && isSpace(text[v]!)) v++;
        stop = { state: { ...s }, valueFrom: v };
        // A space between two ideographs is a boundary between cells: unless the
        // parenthetical closes later on the line, the label's fragment ends here.
        if (!ASCII.test(text[k - 1] ?? "") && !ASCII.test(text[v] ?? "") && !/[）)]/u.test(text.slice(v))) return fail();
      }
      continue;
    }
    if (s.at < s.core.length) {
      if (ch !== s.core[s.at]) return fail();
      s.at++;
      end = k + 1;
    } else if (s.paren === 1) {
      if (ch === "）" || ch === ")") {
        s.paren = 2;
        end = k + 1;
      } else if (++s.parenLength > MAX_PAREN) return fail();
      else end = k + 1;
    } else if (ch === "：" || ch === ":") {
      return { status: "colon", end: k + 1 };
    } else if (s.spec.paren && s.paren === 0 && (ch === "（" || ch === "(")) {
      s.paren = 1;
    } else {
      return { status: "bare", end }; // the label is complete; other text follows without a colon
    }
  }
  return { status: "open", state: s };
}

function startStates(): MatchState[] {
  return LABELS.flatMap((spec) => spec.cores.map((core) => ({ spec, core, at: 0, paren: 0 as const, parenLength: 0 })));
}

const complete = (s: MatchState) => s.at === s.core.length && s.paren !== 1;

/** A label cut off at the end of a line, not finished yet. */
interface Pending {
  states: MatchState[];
  /** It began after other text on its line, so only its colon can confirm it. */
  needColon: boolean;
  /** The lines the label fragments came from, then lines seen meanwhile that did not continue it. */
  labelText: string[];
  stash: Line[];
}

/** Lines of other text tolerated between two fragments of one wrapped label (an extractor interleaving columns). */
const MAX_STASH = 3;

class HeaderParser {
  tableStarted = false;
  private current: LabelKey | null = null;
  private readonly cells = new Map<HeaderKey, CellLine[]>();
  private readonly seen = new Set<LabelKey>();
  private pending: Pending | null = null;
  private readonly tableRest: Line[] = [];

  feed(line: Line): void {
    let pos = 0;
    if (this.pending) {
      const p = this.pending;
      const results = p.states.map((s) => ({ s, r: stepLabel(s, line.text, 0) }));
      const done = results.find((x) => x.r.status === "colon") ?? (p.needColon ? undefined : results.find((x) => x.r.status === "bare"));
      const opens = results.flatMap((x) => (x.r.status === "open" ? [x.r] : []));
      const whole = opens.filter((r) => r.valueFrom === undefined);
      if (done) {
        this.pending = null;
        this.startField(done.s.spec.key, p.stash);
        pos = (done.r as { end: number }).end;
      } else if (whole.length) {
        p.states = whole.map((r) => r.state);
        p.labelText.push(line.text);
        return;
      } else if (opens.length) {
        // The label goes on at the start of the line; the rest is its value, printed beside it.
        const from = opens[0]!.valueFrom!;
        p.states = opens.filter((r) => r.valueFrom === from).map((r) => r.state);
        p.labelText.push(line.text.slice(0, from));
        p.stash.push({ text: line.text.slice(from), pageBreak: line.pageBreak });
        return;
      } else {
        const finished = p.needColon ? undefined : p.states.find(complete);
        if (finished && p.stash.length === 0) {
          // A label alone on its line(s) without a colon: 项目概况 / 1.项目背景…
          this.pending = null;
          this.startField(finished.spec.key, []);
        } else if (!p.needColon && p.stash.length < MAX_STASH && !this.labelAt(line.text, 0) && !isTableStart(line.text)) {
          p.stash.push(line);
          return;
        } else {
          // Not a label after all: what it swallowed is text of the current field.
          this.pending = null;
          for (const t of p.labelText) this.addText({ text: t, pageBreak: false });
          for (const l of p.stash) this.addText(l);
        }
      }
    }
    if (this.tableStarted) {
      this.restOfLine(line, pos);
      return;
    }
    if (pos === 0 && GOALS.has(this.current) && isTableStart(line.text)) {
      // No 一级指标 header row: the table begins with its first 一级/二级 cell.
      this.tableStarted = true;
      this.tableRest.push(line);
      return;
    }
    this.scanLine(line, pos);
  }

  /** Label occurrences in `line` from `pos`: each starts a field; the text between them is the value. */
  private scanLine(line: Line, pos: number): void {
    const text = line.text;
    let valueStart = pos;
    let k = pos;
    while (k < text.length) {
      const atWordStart = k === 0 || isSpace(text[k - 1]!) || (k === pos && pos > 0);
      if (atWordStart && !isSpace(text[k]!)) {
        const m = this.labelAt(text, k);
        if (m) {
          this.addText({ text: text.slice(valueStart, k), pageBreak: line.pageBreak });
          if (m.r.status === "open") {
            // A label cut off at the end of the line (or by text beside it): wait for its other half.
            const from = m.valueFrom ?? text.length;
            const stash = from < text.length ? [{ text: text.slice(from), pageBreak: line.pageBreak }] : [];
            this.pending = { states: m.open, needColon: k > 0, labelText: [text.slice(k, from)], stash };
            return;
          }
          this.startField(m.key, []);
          if (this.tableStarted) {
            this.restOfLine(line, m.r.end);
            return;
          }
          k = valueStart = m.r.end;
          continue;
        }
      }
      k++;
    }
    this.addText({ text: text.slice(valueStart), pageBreak: line.pageBreak });
  }

  /**
   * A label starting at `k`. Inside a line a label needs its colon; at the start
   * of a line it may also run to the end of the line (to be finished on the next),
   * and the table header needs no colon.
   */
  private labelAt(
    text: string,
    k: number,
  ): { key: LabelKey; r: { status: "colon" | "bare"; end: number } | { status: "open" }; open: MatchState[]; valueFrom?: number } | null {
    const results = startStates().map((s) => ({ s, r: stepLabel(s, text, k, k === 0) }));
    const colon = results.find((x) => x.r.status === "colon");
    if (colon) return { key: colon.s.spec.key, r: colon.r as { status: "colon"; end: number }, open: [] };
    const table = results.find((x) => x.s.spec.key === "table" && x.r.status === "bare");
    if (table && k === 0) return { key: "table", r: table.r as { status: "bare"; end: number }, open: [] };
    const opens = results.flatMap((x) => (x.r.status === "open" ? [x.r] : []));
    if (k > 0) {
      // After a value on the same line: a label's whole name (or four characters of
      // it) running to the end of the line, to be confirmed by its colon on the next.
      const cut = opens.filter((r) => r.valueFrom === undefined && (complete(r.state) || r.state.at >= 4));
      return cut.length ? { key: cut[0]!.state.spec.key, r: { status: "open" }, open: cut.map((r) => r.state) } : null;
    }
    if (startsNumberedItem(text)) return null;
    const whole = opens.filter((r) => r.valueFrom === undefined);
    // At least two characters of a label, and nothing else on the line.
    if (whole.length && squash(text).length >= 2) {
      const open = whole.map((r) => r.state);
      const tableOpen = open.find((s) => s.spec.key === "table" && complete(s));
      if (tableOpen) return { key: "table", r: { status: "bare", end: text.length }, open: [] };
      return { key: open[0]!.spec.key, r: { status: "open" }, open };
    }
    // A label's first fragment, then other text beside it.
    if (opens.length) {
      const valueFrom = opens[0]!.valueFrom!;
      const open = opens.filter((r) => r.valueFrom === valueFrom).map((r) => r.state);
      return { key: open[0]!.spec.key, r: { status: "open" }, open, valueFrom };
    }
    return null;
  }

  private startField(key: LabelKey, stash: Line[]): void {
    if (key === "table") {
      this.tableStarted = true;
      this.current = "table";
      this.tableRest.push(...stash);
      return;
    }
    this.current = key;
    this.seen.add(key);
    if (!this.cells.has(key)) this.cells.set(key, []);
    for (const l of stash) this.addText(l);
  }

  private restOfLine(line: Line, pos: number): void {
    const rest = stripTableHeaderWords(line.text.slice(pos));
    if (rest) this.tableRest.push({ text: rest, pageBreak: line.pageBreak });
  }

  private addText(line: Line): void {
    const t = line.text.trim();
    // A label's colon printed on a line of its own, after the value beside the label.
    if (!t || /^[：:]$/u.test(t) || this.current === null || this.current === "table") return;
    this.cells.get(this.current)!.push({ text: t });
  }

  /** Lines that belong to the table (the rest of the header row, lines a pending label held back). */
  finish(): Line[] {
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      for (const t of p.labelText) this.addText({ text: t, pageBreak: false });
      for (const l of p.stash) this.addText(l);
    }
    return this.tableRest;
  }

  values(): { cells: Map<HeaderKey, CellLine[]>; seen: Set<LabelKey> } {
    return { cells: this.cells, seen: this.seen };
  }
}

/** The words of the table's header row, in any order, and nothing else. */
function isTableHeaderLine(text: string): boolean {
  return squash(text).length > 0 && stripTableHeaderWords(text) === "";
}

function stripTableHeaderWords(text: string): string {
  let rest = text.trim();
  for (;;) {
    const squashedHead = (w: string) => {
      // Match `w` at the start of `rest`, white space inside it allowed.
      let k = 0;
      for (const ch of w) {
        while (k < rest.length && isSpace(rest[k]!)) k++;
        if (rest[k] !== ch) return -1;
        k++;
      }
      return k;
    };
    const hit = TABLE_HEADERS.map(squashedHead).find((k) => k > 0);
    if (hit === undefined) return rest;
    rest = rest.slice(hit).trim();
  }
}

/** A line that can only be the start of the indicator table: 产出 / 产出 *数量 / *数量 …. */
function isTableStart(text: string): boolean {
  const t = text.trim();
  return isL1(t) || /^\S{1,8}\s+[*＊]\S/u.test(t) && isL1(t.split(/\s+/)[0]!) || /^[*＊]\S/u.test(t);
}

// ───────────────────────────── form ─────────────────────────────

const LABEL_IN_VALUE = new RegExp(`(?:${Object.values(LABEL_WORDS).flat().join("|")})\\s*[（(：:]`, "u");

function buildForm(header: { cells: Map<HeaderKey, CellLine[]>; seen: Set<LabelKey> }, indicators: Indicator[], warn: Warn): Form {
  const text = (key: HeaderKey) => joinLines(header.cells.get(key) ?? []);
  for (const key of ["projectCode", "projectName", "applicant", "budgetUnit"] as const) {
    if (!header.seen.has(key)) warn("label-missing", key, `the label for ${key} was not found`);
  }
  const parsed = <T>(key: HeaderKey, parse: (t: string) => T | null): T | null => {
    const t = text(key);
    const v = t ? parse(t) : null;
    if (t && v === null) warn("value-unreadable", key, `could not read ${key} from "${t}"`);
    return v;
  };
  // A label's words with their colon or parenthetical inside a value: two fields ran together.
  for (const key of Object.keys(LABEL_WORDS) as HeaderKey[]) {
    const inside = LABEL_IN_VALUE.exec(text(key));
    if (inside) warn("value-doubtful", key, `${key} holds the label ${inside[0]}…: the text may have run two fields together`);
  }
  const type = parseProjectType(text("projectType"));
  return {
    title: FORM_TITLE,
    pages: [],
    projectCode: squash(text("projectCode")),
    projectName: text("projectName"),
    applicant: text("applicant"),
    budgetUnit: text("budgetUnit"),
    period: parsed("period", parsePeriod),
    projectTypeCode: type.code,
    projectType: type.name,
    isNew: parsed("isNew", parseYesNo),
    allocationMethod: text("allocationMethod") || null,
    totalAmount: parsed("totalAmount", parseAmount),
    annualAmount: parsed("annualAmount", parseAmount),
    overview: text("overview"),
    annualGoal: text("annualGoal"),
    longTermGoal: text("longTermGoal"),
    indicators,
  };
}

// ───────────────────────────── table ─────────────────────────────

// Category names, as the vocabulary knows them: a 一级指标, and an unstarred 二级指标.
const isL1 = (t: string): boolean => isLevel1Name(t);
const isL2 = (t: string): boolean => !/^[*＊]/u.test(t) && isLevel2Name(t);

/** Whether a 二级指标 sits under a 一级指标 (see vocabulary's categoryBelongs). */
const belongsTo = (level2: string, level1: string): boolean => categoryBelongs(level2, level1) === true;

const ASCII = /[\x21-\x7e]/;
/** 三级指标 printed whole on their line that make the widest of them a measure, and how far (ems) past it a 三级指标 line may still reach. */
const MIN_L3_SEEN = 5;
const L3_PAST_WIDEST = 4;
/** A 指标解释 line at least this share of the widest one may have been wrapped (the cell goes on). */
const FULL_LINE = 0.8;

/** What a line cannot be broken inside at its start: its first character and any Latin letters, digits or signs glued to it (`7*24`, `×100%`). */
function firstUnit(line: string): string {
  return /^[^\s][\x21-\x7e]*/u.exec(line)?.[0] ?? "";
}

/** Display width in ems: ideographs and full-width forms 1, ASCII ½. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += isSpace(ch) || ASCII.test(ch) ? 0.5 : 1;
  return w;
}

/**
 * Splits a printed line into the cells it joins: two cells are separated by a
 * space between two non-ASCII characters (a space inside a cell only ever sits
 * next to Latin letters or digits: `IDC 机房`, `“i 福田”`, `288 芯`).
 */
function segments(text: string): Seg[] {
  const out: Seg[] = [];
  const re = /[\s\u3000]+/gu;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    if (before && after && !ASCII.test(before) && !ASCII.test(after)) {
      out.push({ text: text.slice(start, m.index), start });
      start = m.index + m[0].length;
    }
  }
  out.push({ text: text.slice(start), start });
  return out.filter((s) => s.text.trim());
}

/** A short word that can be a qualitative 指标值: 及时, 有效保障, 每季度末, 全区. */
function isQualitative(s: string): boolean {
  const t = s.trim();
  return t.length > 0 && t.length <= 8 && !/[，。；、：:,;]/u.test(t) && !EXPLANATION_START.test(t);
}

type Cells = { l3?: string; v?: string; lone?: string; e?: string };
type Seg = { text: string; start: number };
type TextItem = { kind: "text"; text: string; segs: Seg[]; pageBreak: boolean };
type Item =
  | { kind: "group"; l1?: string; l2?: string; core: boolean; pageBreak: boolean }
  /** A 一级指标 alone on its line, or a short line that may be one (decided by the row state). */
  | { kind: "l1"; name: string; known: boolean; text: TextItem }
  | { kind: "na"; count: number; pageBreak: boolean }
  | { kind: "cells"; cells: Cells; pageBreak: boolean }
  | TextItem;

const isNA = (t: string) => t === NOT_APPLICABLE;

/** Reads one table line's cells as far as their shapes tell them apart. */
function classifyCells(text: string, pageBreak: boolean): Item | null {
  const t = text.trim();
  if (!t) return null;
  const tokens = t.split(/\s+/u);
  if (tokens.every(isNA)) return { kind: "na", count: tokens.length, pageBreak };

  // The explanation runs from its opening to the end of the line (it is the last column).
  let eAt = -1;
  const eRe = /(?:^|\s)((?:该|本|此)指标)/gu;
  const em = eRe.exec(t);
  if (em) eAt = em.index + em[0].length - em[1]!.length;
  const pre = eAt >= 0 ? t.slice(0, eAt).trim() : t;
  const e = eAt >= 0 ? t.slice(eAt).trim() : undefined;

  // A numeric 指标值: before the explanation, or ending the line, or between 三级指标 and 指标解释.
  const candidates = [...pre.matchAll(NUMERIC_VALUE_IN_TEXT)].map((m) => ({
    v: m[0].trim(),
    before: pre.slice(0, m.index).trim(),
    after: pre.slice(m.index + m[0].length).trim(),
  }));
  // Not an item number (`1）`, `2、`), and with no explanation opening, not the start of a line that goes on.
  const valid = candidates.filter((c) => (e !== undefined ? c.after === "" : c.after === "" || c.before !== "") && !startsNumberedItem(c.v));
  const numeric = valid.find((c) => c.after === "") ?? valid[0];
  if (numeric) {
    return {
      kind: "cells",
      cells: { l3: numeric.before || undefined, v: numeric.v, e: e ?? (numeric.after || undefined) },
      pageBreak,
    };
  }
  if (e !== undefined) {
    if (!pre) return { kind: "cells", cells: { e }, pageBreak };
    const segs = segments(pre);
    const last = segs.at(-1)!;
    if (segs.length >= 2 && isQualitative(last.text)) {
      return { kind: "cells", cells: { l3: pre.slice(0, last.start).trim(), v: last.text.trim(), e }, pageBreak };
    }
    if (segs.length === 1) return { kind: "cells", cells: { lone: pre, e }, pageBreak };
    return { kind: "cells", cells: { l3: pre, e }, pageBreak };
  }
  return { kind: "text", text: t, segs: segments(t), pageBreak };
}

interface Prefix {
  l1?: string;
  l2?: string;
  core: boolean;
  /** The line is one short name and nothing else: maybe a 一级指标 (the row state decides). */
  l1Alone?: { name: string; known: boolean };
  rest: string;
}

/** Peels a 一级指标 and a 二级指标 off the start of a table line. */
function readPrefix(text: string, next: string | undefined, currentL2: string): Prefix {
  let rest = text.trim();
  let l1: string | undefined;
  let l2: string | undefined;
  let core = false;
  const first = () => /^(\S+)(?:\s+([\s\S]*))?$/u.exec(rest);

  let m = first();
  if (m) {
    const [, tok, after = ""] = m as unknown as [string, string, string | undefined];
    if (!after) {
      if (isL1(tok)) return { core, l1Alone: { name: tok, known: true }, rest };
      if (isName(tok) && tok.length <= 6 && next !== undefined && startsLevel2(next, currentL2)) {
        return { core, l1Alone: { name: tok, known: false }, rest };
      }
    } else if (isL1(tok) && !isL2(tok) && level2Follows(after)) {
      l1 = tok; // 产出 *数量 … / 效益 经济效益 不适用 … (the 二级指标 column comes next)
      rest = after;
    } else if (/^[*＊]/u.test(after) && isName(tok)) {
      l1 = tok; // an unknown 一级指标 in front of a *二级指标
      rest = after;
    }
  }
  m = first();
  if (m) {
    const [, tok] = m as unknown as [string, string];
    const after = m[2] ?? "";
    const star = /^[*＊]\s*(\S*)\s*([\s\S]*)$/u.exec(rest);
    if (star) {
      l2 = star[1]!;
      core = true;
      rest = star[2]!;
      if (!l2) {
        const again = /^(\S+)\s*([\s\S]*)$/u.exec(rest);
        if (again) [l2, rest] = [again[1]!, again[2]!];
      }
    } else if (isL2(tok) && tok !== currentL2 && unstarredLevel2Fits(after)) {
      l2 = tok;
      rest = after;
    } else {
      // An unknown 二级指标 (and 一级指标) in front of a 不适用 row.
      const tokens = rest.split(/\s+/u);
      const firstNA = tokens.findIndex(isNA);
      if (firstNA > 0 && firstNA <= 2 && tokens.slice(firstNA).every(isNA) && tokens.slice(0, firstNA).every(isName)) {
        if (firstNA === 2 && l1 === undefined) l1 = tokens[0];
        l2 = tokens[firstNA - 1];
        rest = tokens.slice(firstNA).join(" ");
      }
    }
  }
  return { l1, l2, core, rest: rest.trim() };
}

/**
 * An unstarred 二级指标 word at the start of a line is the 二级指标 only if what
 * follows still has a 三级指标 (or is 不适用, or nothing): `服务对象满意度 90% 该指标…`
 * is a row whose 三级指标 happens to be that word.
 */
function unstarredLevel2Fits(rest: string): boolean {
  const item = classifyCells(rest, false);
  if (!item || item.kind === "na" || item.kind === "text") return true;
  return item.kind === "cells" && item.cells.l3 !== undefined;
}

/** A 二级指标 opens `text`: starred, a known name, or a name before 不适用 cells. */
function level2Follows(text: string): boolean {
  const tokens = text.trim().split(/\s+/u);
  if (/^[*＊]/u.test(tokens[0] ?? "") || isL2(tokens[0] ?? "")) return true;
  return tokens.length >= 2 && isName(tokens[0]!) && tokens.slice(1).every(isNA);
}

/** A short name made of ideographs: a candidate 一级/二级指标. */
function isName(t: string): boolean {
  return t.length >= 2 && t.length <= 8 && /^[\p{Script=Han}（）()]+$/u.test(t) && !isNA(t) && !EXPLANATION_START.test(t);
}

function startsLevel2(text: string, currentL2: string): boolean {
  const t = text.trim();
  const [tok = "", ...rest] = t.split(/\s+/u);
  return /^[*＊]/u.test(t) || (isL2(tok) && tok !== currentL2 && unstarredLevel2Fits(rest.join(" ")));
}

function toItems(lines: Line[]): Item[] {
  const items: Item[] = [];
  let currentL2 = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isTableHeaderLine(line.text)) continue; // a table header repeated on a continuation page
    let pageBreak = line.pageBreak;
    let text = line.text;
    // A 二级指标 wrapped onto the next line, maybe after its 一级指标: 可持续影 / 响 …,
    // *服务对象 / 满意度 …, 满意度 *服务对象满 / 意度.
    const lone = /^(?:(\S+)\s+)?([*＊]?)(\S+)$/u.exec(text);
    const next = lines[i + 1]?.text;
    if (lone && next && (lone[1] === undefined || isL1(lone[1])) && !isL2(lone[3]!) && !isL1(lone[3]!)) {
      const tok = next.split(/\s+/u)[0]!;
      if (isL2(lone[3]! + tok)) {
        text = `${lone[1] ?? ""} ${lone[2]}${lone[3]}${tok} ${next.slice(tok.length).trim()}`.trim();
        i++;
      }
    }
    const p = readPrefix(text, lines[i + 1]?.text, currentL2);
    // A 二级指标 wrapped inside its cell while the row went on beside it: its rest opens the next line.
    const after = lines[i + 1];
    if (p.l2 !== undefined && after && !isL2(p.l2)) {
      const [tok = "", ...rest] = after.text.split(/\s+/u);
      if (isL2(p.l2 + tok)) {
        p.l2 += tok;
        if (rest.length) lines[i + 1] = { ...after, text: rest.join(" ") };
        else i++;
      }
    }
    if (p.l1Alone) {
      const text: TextItem = { kind: "text", text: p.rest, segs: segments(p.rest), pageBreak };
      items.push({ kind: "l1", name: p.l1Alone.name, known: p.l1Alone.known, text });
      continue;
    }
    if (p.l1 !== undefined || p.l2 !== undefined) {
      if (p.l2 !== undefined) currentL2 = p.l2;
      items.push({ kind: "group", l1: p.l1, l2: p.l2, core: p.core, pageBreak });
      pageBreak = false;
    }
    const item = classifyCells(p.rest, pageBreak);
    if (item) items.push(item);
  }
  return items;
}

interface Draft {
  l1: string;
  l2: string;
  core: boolean;
  l3: CellLine[];
  v: CellLine[];
  e: CellLine[];
  /** 不适用 cells seen (they fill 三级指标, 指标值, 指标解释 in turn). */
  na: number;
  /** The 三级指标 ended on the same printed line as the 指标值 (so it may still go on after a page break). */
  l3OnValueLine: boolean;
}

/** How far a row has got in the column order 三级指标 → 指标值 → 指标解释. */
type Phase = "empty" | "l3" | "v" | "e";

function phase(d: Draft): Phase {
  if (d.e.length) return "e";
  if (d.v.length) return "v";
  if (d.l3.length) return "l3";
  return "empty";
}

/**
 * What the anchor line after a run of plain lines still needs from the run to
 * make a new row: nothing (the run continues the open row), a 三级指标 (the anchor
 * starts with the value), a 三级指标 and a value (the anchor is 该指标… alone), or
 * "maybe" (the anchor has a 三级指标 of its own, which may have begun in the run).
 */
function demand(a: Item | undefined, ph: Phase): "none" | "maybe" | "l3" | "l3v" {
  if (!a || a.kind !== "cells") return "none";
  const c = a.cells;
  // `…合格` / `率 100% 该指标…`: the anchor holds the end of a 三级指标 that may have begun in the run.
  if (c.l3 !== undefined) return c.v !== undefined && (ph === "v" || ph === "e") ? "maybe" : "none";
  if (c.v !== undefined || c.lone !== undefined) return ph === "v" || ph === "e" ? "l3" : "none";
  return ph === "e" ? "l3v" : "none";
}

/**
 * A row has one value: a line shaped like a value alone (`288 芯汇聚层光缆`) that
 * is followed by another value before any explanation is the first line of a
 * wrapped 三级指标 that happens to open with a number.
 */
function demoteFalseValues(items: Item[]): Item[] {
  return items.map((it, i) => {
    if (it.kind !== "cells" || it.cells.v === undefined || it.cells.l3 !== undefined || it.cells.e !== undefined) return it;
    let j = i + 1;
    while (items[j]?.kind === "text") j++;
    const next = items[j];
    const anotherValue = next?.kind === "cells" && (next.cells.v !== undefined || next.cells.lone !== undefined) && next.cells.l3 === undefined;
    if (!anotherValue) return it;
    const text = it.cells.v;
    return { kind: "text", text, segs: segments(text), pageBreak: it.pageBreak };
  });
}

/** The explanation of the row an anchor item starts (on the anchor's line or the next). */
function explanationFrom(items: Item[], j: number): string {
  const a = items[j];
  if (a?.kind !== "cells") return "";
  if (a.cells.e !== undefined) return a.cells.e;
  const b = items[j + 1];
  return b?.kind === "cells" && b.cells.e !== undefined && b.cells.l3 === undefined && b.cells.v === undefined ? b.cells.e : "";
}

/** Where an explanation mentions the opening of `line` (its first three characters), or Infinity. */
function namedAt(explanation: string, line: string | undefined): number {
  const head = [...squash(line ?? "")].slice(0, 3).join("");
  const at = head.length >= 2 ? squash(explanation).indexOf(head) : -1;
  return at < 0 ? Infinity : at;
}

/** `三级指标 及时` printed on one line: the last cell is a short qualitative value. */
function splitValue(t: TextItem): { l3: string; v: string } | null {
  const last = t.segs.at(-1);
  if (t.segs.length < 2 || !last || !isQualitative(last.text)) return null;
  return { l3: t.text.slice(0, last.start).trim(), v: last.text.trim() };
}

/** What one pass over the document learnt about its layout, for the next pass. */
interface LayoutHints {
  /** Width in ems of a full 三级指标 line (from cells that visibly wrapped). */
  l3Width?: number;
  /** Width in ems of a full 指标解释 line, likewise. */
  eWidth?: number;
}

/** The lines after which a cell went on, collected by a pass. */
interface LayoutSeen {
  wrappedL3: string[];
  wrappedE: string[];
}

function parseTable(lines: Line[], warn: Warn, hints: LayoutHints, layout: LayoutSeen): Indicator[] {
  const items = demoteFalseValues(toItems(lines));
  const rows: Indicator[] = [];
  // The widest first line of a 指标解释 in this form: a line well short of it ended its cell.
  const eWidths = items.flatMap((it) => (it.kind === "cells" && it.cells.e && EXPLANATION_START.test(it.cells.e) ? [width(it.cells.e)] : []));
  const eMax = eWidths.length ? Math.max(...eWidths) : 0;
  // A line was full when the next one's first character would not have fitted
  // (the cell wrapped there rather than ended): against the wrapped width seen in
  // the first pass, else against the widest first line (less exact, so looser).
  const full = (s: string | undefined, next: string | undefined) => {
    if (s === undefined) return false;
    if (hints.eWidth !== undefined) return width(s) + width(firstUnit(next ?? "")) > hints.eWidth - 1;
    return eMax === 0 || width(s) >= FULL_LINE * eMax;
  };
  // Latin letters and digits vary in width from font to font: allow for them.
  const slack = (s: string) => 0.5 + 0.25 * [...s].filter((ch) => ASCII.test(ch) || isSpace(ch)).length;
  // Wider than a 三级指标 line, or two cells side by side: not a new row's 三级指标.
  // Without a wrapped 三级指标 to measure the column by, the widest one printed on
  // one line with its value gives a width that no 三级指标 line goes far past.
  const l3Widths = items.flatMap((it) => (it.kind === "cells" && it.cells.l3 && it.cells.v !== undefined ? [width(it.cells.l3)] : []));
  const l3Max = l3Widths.length >= MIN_L3_SEEN ? Math.max(...l3Widths) : undefined;
  const tooWideForL3 = (s: string) =>
    hints.l3Width !== undefined ? width(s) > hints.l3Width + slack(s) + 1 || segments(s).length > 1 : l3Max !== undefined && width(s) > l3Max + L3_PAST_WIDEST;
  // A 三级指标 line followed by more of it wrapped there, so it is (within an em:
  // punctuation and unbreakable words move down whole) as wide as the column.
  const l3Like = (s: string, next: string | undefined) => {
    const w = hints.l3Width;
    if (w === undefined || next === undefined || segments(s).length > 1) return false;
    return width(s) >= w - 1 && width(s) <= w + slack(s);
  };

  let l1 = "";
  let l2 = "";
  let core = false;
  const fresh = (): Draft => ({ l1, l2, core, l3: [], v: [], e: [], na: 0, l3OnValueLine: false });
  let cur = fresh();

  const finish = () => {
    const d = cur;
    if (!d.l3.length && !d.v.length && !d.e.length && !d.na) return;
    const na = d.na > 0;
    for (const l of d.l3.slice(0, -1)) layout.wrappedL3.push(l.text);
    if (!na) for (const l of d.e.slice(0, -1)) layout.wrappedE.push(l.text);
    const level3 = joinLines(d.l3) || (na ? NOT_APPLICABLE : "");
    const value = joinLines(d.v) || (na ? NOT_APPLICABLE : "");
    const explanation = joinLines(d.e) || (na ? NOT_APPLICABLE : "");
    const applicable = value !== NOT_APPLICABLE && level3 !== NOT_APPLICABLE;
    const n = rows.length + 1;
    if (!d.l2) warn("row-doubtful", "indicators", `row ${n} (${level3}): no 二级指标`);
    if (!level3) warn("row-doubtful", "indicators", `row ${n}: no 三级指标`);
    if (!value) warn("row-doubtful", "indicators", `row ${n} (${level3}): no 指标值`);
    if (!explanation) warn("row-doubtful", "indicators", `row ${n} (${level3}): no 指标解释`);
    rows.push({
      level1: d.l1,
      level2: d.l2,
      core: d.core,
      level3,
      value,
      target: applicable ? parseTarget(value) : null,
      explanation,
      applicable,
    });
  };
  const newRow = () => {
    finish();
    cur = fresh();
  };
  const lastE = () => cur.e.at(-1)?.text;

  /** A plain line that belongs to the open row: the next cell in column order, or the one it continues. */
  const continueRow = (t: TextItem) => {
    const ph = phase(cur);
    if (ph === "empty" || ph === "l3") {
      const split = splitValue(t);
      if (split && t.segs.length === 2) {
        cur.l3.push({ text: split.l3 });
        cur.v = [{ text: split.v }];
      } else if (t.segs.length >= 3 && isQualitative(t.segs[1]!.text)) {
        // 三级指标 有效 解释… written without the usual opening.
        cur.l3.push({ text: t.segs[0]!.text });
        cur.v = [{ text: t.segs[1]!.text }];
        cur.e.push({ text: t.text.slice(t.segs[2]!.start) });
      } else cur.l3.push({ text: t.text });
      return;
    }
    if (ph === "v") {
      cur.e.push({ text: t.text });
      return;
    }
    if (t.segs.length >= 2) {
      // Cells cut by a page break go on together in column order: the rest of the
      // 三级指标, then the rest of the 指标解释.
      cur.l3.push({ text: t.segs[0]!.text });
      cur.e.push({ text: t.text.slice(t.segs[1]!.start) });
    } else if (t.pageBreak && !full(lastE(), t.text) && cur.l3OnValueLine) {
      cur.l3.push({ text: t.text }); // the explanation had ended: only the 三级指标 went on
    } else cur.e.push({ text: t.text });
  };

  /** Plain lines that start a new row, before an anchor that supplies its value (or only its explanation). */
  const openRow = (run: TextItem[], withValue: boolean) => {
    newRow();
    const lines = [...run];
    if (withValue && lines.length) {
      const last = lines.pop()!;
      const split = splitValue(last);
      if (split) {
        lines.push({ ...last, text: split.l3, segs: segments(split.l3) });
        cur.v = [{ text: split.v }];
      } else if (isQualitative(last.text) || lines.length === 0) {
        cur.v = [{ text: last.text }];
      } else lines.push(last);
    }
    for (const l of lines) cur.l3.push({ text: l.text });
  };

  const setGroup = (g: { l1?: string; l2?: string; core: boolean }) => {
    newRow();
    if (g.l1 !== undefined) {
      l1 = g.l1;
      if (g.l2 === undefined) [l2, core] = ["", false];
    }
    if (g.l2 !== undefined) [l2, core] = [g.l2, g.core];
    cur = fresh();
  };

  // 一级指标 printed one after another before the rows they label (an extractor that
  // reads merged cells first): the 二级指标 names say when the next one begins.
  let l1Queue: string[] = [];
  let afterL1 = false;

  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const wasAfterL1 = afterL1;
    afterL1 = false;
    switch (it.kind) {
      case "group":
        if (it.l1 !== undefined) l1Queue = [it.l1];
        else if (it.l2 !== undefined && l1Queue.length > 1) {
          const at = l1Queue.findIndex((q) => belongsTo(it.l2!, q));
          if (at > 0) {
            l1 = l1Queue[at]!;
            l1Queue = l1Queue.slice(at);
          }
        }
        setGroup(it);
        break;
      case "l1": {
        // A short line alone before a 二级指标: a 一级指标 unless it can only be the
        // tail of the open row's explanation (whose last line was full).
        const ph = phase(cur);
        const accept =
          ph === "empty" || (ph === "e" && !full(lastE(), it.name)) || (it.known && it.name !== l1 && ph !== "l3" && ph !== "v");
        if (!accept) continueRow(it.text);
        else if (wasAfterL1 && l1Queue.length) l1Queue.push(it.name);
        else {
          l1Queue = [it.name];
          setGroup({ l1: it.name, core: false });
        }
        afterL1 = accept;
        break;
      }
      case "na": {
        // 不适用 fills the row's cells in column order, whether printed on one line or one per line.
        if (!(cur.na > 0 && phase(cur) !== "e") && phase(cur) !== "empty") newRow();
        for (let n = 0; n < it.count; n++) {
          if (phase(cur) === "e") newRow();
          const cell = { text: NOT_APPLICABLE };
          if (!cur.l3.length) cur.l3.push(cell);
          else if (!cur.v.length) cur.v.push(cell);
          else cur.e.push(cell);
          cur.na++;
        }
        break;
      }
      case "text": {
        let j = i;
        const run: TextItem[] = [];
        while (j < items.length && items[j]!.kind === "text") run.push(items[j++] as TextItem);
        const anchor = items[j];
        const ph = phase(cur);
        const need = demand(anchor, ph);
        const a = anchor?.kind === "cells" ? anchor.cells : null;
        const explanationNext = a !== null && a.e !== undefined && a.v === undefined && a.lone === undefined && a.l3 === undefined;
        if (need === "none") {
          for (const t of run) {
            // Between a value and 该指标…, a short line is the value's own wrap (≥1000 万 / 条).
            const valueTail = phase(cur) === "v" && explanationNext && EXPLANATION_START.test(a.e!) &&
              t.segs.length === 1 && width(t.text) <= 3 && !(t.pageBreak && cur.l3OnValueLine);
            if (valueTail) cur.v.push({ text: t.text });
            else continueRow(t);
          }
          if (explanationNext && phase(cur) === "l3") {
            // 三级指标 lines, the value alone on its line, then 该指标…: the last line is the value.
            const last = cur.l3.pop()!;
            if (cur.l3.length && isQualitative(last.text)) cur.v = [last];
            else cur.l3.push(last);
          }
        } else {
          // The lines the new row needs at least are the last ones; before them the
          // open row's explanation goes on while its last line was full (a line well
          // short of the cell's width ended the cell).
          const last = run.at(-1);
          const minNew = need === "maybe" ? 0 : need === "l3" || (last && splitValue(last)) ? 1 : 2;
          const maxCont = Math.max(0, run.length - minNew);
          const newE = explanationFrom(items, j);
          const anchorL3 = anchor?.kind === "cells" ? anchor.cells.l3 : undefined;
          let k = 0;
          while (k < maxCont) {
            const x = run[k]!.text;
            const y = run[k + 1]?.text ?? anchorL3;
            // The open row's 三级指标 going on after a page break (its explanation had ended).
            const l3Tail = k === 0 && run[0]!.pageBreak && cur.l3OnValueLine;
            // A line wider than a 三级指标 line cannot open the new row.
            if (!(ph === "v" && k === 0) && !tooWideForL3(x) && !l3Tail) {
              if (!full(k === 0 ? lastE() : run[k - 1]!.text, x)) break;
              // Both readings fit the widths: an explanation names its own 三级指标
              // first, so the new row starts with the line it names earliest.
              if (l3Like(x, y) && namedAt(newE, x) <= namedAt(newE, y)) break;
            }
            k++;
          }
          for (const t of run.slice(0, k)) continueRow(t);
          if (run.length > k) openRow(run.slice(k), need === "l3v");
          else if (need === "maybe") newRow();
        }
        i = j - 1;
        break;
      }
      case "cells": {
        const c = it.cells;
        const ph = phase(cur);
        if (c.l3 !== undefined) {
          if (ph !== "empty" && ph !== "l3") newRow();
          cur.l3.push({ text: c.l3 });
          if (c.v !== undefined) {
            cur.v = [{ text: c.v }];
            cur.l3OnValueLine = true;
          }
        } else if (c.v !== undefined || c.lone !== undefined) {
          if (ph === "v" || ph === "e") newRow();
          if (c.lone !== undefined && phase(cur) === "empty" && !isQualitative(c.lone)) cur.l3.push({ text: c.lone });
          else cur.v = [{ text: (c.v ?? c.lone)! }];
        }
        if (c.e !== undefined) cur.e.push({ text: c.e });
        break;
      }
    }
  }
  finish();
  return rows;
}
