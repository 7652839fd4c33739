// Centred merged cells: the contiguous runs of rows they cover, in order, tiling
// the rows down to the last, chosen so that each run's middle is as near as can
// be to its text's middle. Used for borderless tables (parse/table.ts) and for
// text on a character grid (layout/grid.ts), which asks for more of it.

export interface Span {
  top: number;
  bottom: number;
}

export interface TileOptions {
  /** Rows before the first run continue a cell from before (else the first run starts at the first row). Default true. */
  openStart?: boolean;
  /**
   * The last cell may run on past the last row (the table goes on overleaf), so
   * its middle says nothing: its text need only lie within its rows, best at their
   * top (where a cell split by a page break is printed).
   */
  openEnd?: boolean;
  /** How far below its text a run's middle may lie at no cost (text on a grid stands on the upper of two lines). */
  slack?: number;
  /** What text outside its run's rows costs, per point. */
  inside?: number;
  /** misfits[b][r]: how badly row r fits block b's name (weighed in the block's text height, twice over). */
  misfits?: number[][];
  /** carry[r]: how badly row r fits the cell carried over from before the first run. */
  carry?: number[];
}

/**
 * Tiles `spans` (rows) with `blocks` (the merged cells' text extents). Returns each
 * block's first row, how far off each block is, and their sum.
 */
export function tileCentred(spans: readonly Span[], blocks: readonly Span[], options: TileOptions = {}): { starts: number[]; misses: number[]; cost: number } {
  const { openStart = true, openEnd = false, slack = 0, inside = 0, misfits = [], carry = [] } = options;
  const n = spans.length, k = blocks.length;
  if (n === 0 || k === 0) return { starts: [], misses: [], cost: 0 };
  const unfit = (rows: readonly number[] | undefined, s: number, e: number, height: number) => {
    let sum = 0;
    for (let r = s; r <= e; r++) sum += rows?.[r] ?? 0;
    return 2 * sum * height;
  };
  const place = (s: number, e: number, b: number) => {
    const text = blocks[b]!, top = spans[s]!.top, bottom = spans[e]!.bottom;
    const outside = Math.max(0, top - text.top, text.bottom - bottom);
    if (openEnd && b === k - 1) return outside + 0.001 * Math.abs(top - text.top);
    const mid = (top + bottom) / 2, textMid = (text.top + text.bottom) / 2;
    return Math.max(0, textMid - mid, mid - textMid - slack) + inside * outside;
  };
  const miss = (s: number, e: number, b: number) => place(s, e, b) + unfit(misfits[b], s, e, blocks[b]!.bottom - blocks[b]!.top);
  // cost[b][e]: best total for blocks 0..b with block b ending at row e; from[b][e]: its start.
  const cost = Array.from({ length: k }, () => new Array<number>(n).fill(Infinity));
  const from = Array.from({ length: k }, () => new Array<number>(n).fill(-1));
  for (let b = 0; b < k; b++) {
    for (let e = b; e < n; e++) {
      for (let s = b; s <= (b === 0 && !openStart ? 0 : e); s++) {
        const before = b === 0 ? unfit(carry, 0, s - 1, blocks[0]!.bottom - blocks[0]!.top) : cost[b - 1]![s - 1]!;
        const total = before + miss(s, e, b);
        if (total < cost[b]![e]!) [cost[b]![e], from[b]![e]] = [total, s];
      }
    }
  }
  const starts = new Array<number>(k);
  let e = n - 1;
  for (let b = k - 1; b >= 0; b--) {
    const s = from[b]![e]!;
    if (s < 0) return { starts: starts.fill(0).map((_, i) => Math.min(i, n - 1)), misses: blocks.map(() => Infinity), cost: Infinity };
    starts[b] = s;
    e = s - 1;
  }
  const misses = starts.map((s, b) => miss(s, (starts[b + 1] ?? n) - 1, b));
  return { starts, misses, cost: cost[k - 1]![n - 1]! };
}
