// A deterministic PDF damager for the fuzz test (test/fuzz.test.ts), run in
// plain Node by test/fuzz-runner.mjs. Variant `seed` of a set of source PDFs is
// always the same bytes: the seed picks the source file, the kind of damage and
// every offset through a seeded PRNG (mulberry32), so a failing seed can be
// written out and replayed (`node test/fuzz-runner.mjs --write SEED out.pdf`).
//
// Damage done the way files really get damaged: bits flipped in transit, a
// download cut short, a block of zeros from a bad disk or a sparse copy, a block
// of another file spliced in, a stream whose /Length lies, a stream's bytes
// corrupted, a cross-reference table or startxref that points nowhere.

import { mulberry32 } from "../scripts/prng.mjs";

const latin1 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

/** Offsets of every match of `re` (global) in the bytes read as latin1. */
function offsetsOf(bytes, re) {
  const text = latin1(bytes);
  const out = [];
  for (const m of text.matchAll(re)) out.push({ index: m.index, match: m });
  return out;
}

/** [start, end) of each stream's data (between `stream` EOL and `endstream`). */
function streamBodies(bytes) {
  const text = latin1(bytes);
  const out = [];
  const re = /stream\r?\n/g;
  for (let m; (m = re.exec(text)); ) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === "end") continue;
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    out.push([start, end]);
    re.lastIndex = end + 9;
  }
  return out;
}

function replaceRange(bytes, start, end, insert) {
  const out = new Uint8Array(bytes.length - (end - start) + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(end), start + insert.length);
  return out;
}

const ascii = (s) => new Uint8Array(Buffer.from(s, "latin1"));

// Each mutation takes (bytes, rng, others) and returns [newBytes, description].
const MUTATIONS = {
  bitflip(bytes, rng) {
    const out = new Uint8Array(bytes);
    const n = 1 + Math.floor(rng() * 64);
    for (let i = 0; i < n; i++) {
      const at = Math.floor(rng() * out.length);
      out[at] ^= 1 << Math.floor(rng() * 8);
    }
    return [out, `${n} bit flips`];
  },
  truncate(bytes, rng) {
    const keep = Math.max(1, Math.floor(bytes.length * (0.02 + rng() * 0.97)));
    return [bytes.slice(0, keep), `truncated to ${keep} of ${bytes.length} bytes`];
  },
  zero(bytes, rng) {
    const out = new Uint8Array(bytes);
    const len = 1 + Math.floor(rng() ** 2 * Math.min(16384, bytes.length / 4));
    const at = Math.floor(rng() * (out.length - len));
    out.fill(0, at, at + len);
    return [out, `${len} bytes zeroed at ${at}`];
  },
  splice(bytes, rng, others) {
    const other = others[Math.floor(rng() * others.length)];
    const len = 1 + Math.floor(rng() ** 2 * Math.min(16384, other.length / 2));
    const from = Math.floor(rng() * (other.length - len));
    const at = Math.floor(rng() * bytes.length);
    // Overwrite in place, or insert (which shifts every later offset).
    const overwrite = rng() < 0.5;
    const piece = other.subarray(from, from + len);
    const out = overwrite ? replaceRange(bytes, at, Math.min(bytes.length, at + len), piece) : replaceRange(bytes, at, at, piece);
    return [out, `${len} bytes of another file ${overwrite ? "written over" : "inserted at"} ${at}`];
  },
  wrongLength(bytes, rng) {
    const hits = offsetsOf(bytes, /\/Length\s+(\d+)/g);
    if (!hits.length) return MUTATIONS.bitflip(bytes, rng);
    const hit = hits[Math.floor(rng() * hits.length)];
    const old = Number(hit.match[1]);
    const choices = [0, 1, Math.max(0, old - 1), old + 1, Math.floor(old / 2), old * 2 + 7, old + 1000, 999999999];
    const value = choices[Math.floor(rng() * choices.length)];
    const start = hit.index;
    const end = start + hit.match[0].length;
    return [replaceRange(bytes, start, end, ascii(`/Length ${value}`)), `/Length ${old} → ${value} at ${start}`];
  },
  streamGarbage(bytes, rng) {
    const bodies = streamBodies(bytes);
    if (!bodies.length) return MUTATIONS.zero(bytes, rng);
    const [start, end] = bodies[Math.floor(rng() * bodies.length)];
    const out = new Uint8Array(bytes);
    const len = Math.max(1, Math.floor((end - start) * rng() * 0.5));
    const at = start + Math.floor(rng() * Math.max(1, end - start - len));
    for (let i = at; i < at + len && i < end; i++) out[i] = Math.floor(rng() * 256);
    return [out, `${len} random bytes in the stream at ${start}–${end}`];
  },
  xref(bytes, rng) {
    const out = new Uint8Array(bytes);
    const text = latin1(bytes);
    const choice = Math.floor(rng() * 4);
    const sx = text.lastIndexOf("startxref");
    if (choice === 0 && sx >= 0) {
      // startxref pointing somewhere else
      const m = /startxref\s+(\d+)/.exec(text.slice(sx));
      if (m) {
        const value = Math.floor(rng() * bytes.length * 1.5);
        return [replaceRange(bytes, sx, sx + m[0].length, ascii(`startxref\n${value}`)), `startxref → ${value}`];
      }
    }
    const rows = offsetsOf(bytes, /\d{10} \d{5} [nf]/g);
    if (choice === 1 && rows.length) {
      // a few xref rows' offsets garbled
      const n = 1 + Math.floor(rng() * Math.min(8, rows.length));
      for (let i = 0; i < n; i++) {
        const row = rows[Math.floor(rng() * rows.length)];
        const digits = String(Math.floor(rng() * 1e10)).padStart(10, "0");
        out.set(ascii(digits), row.index);
      }
      return [out, `${n} xref offsets garbled`];
    }
    if (choice === 2) {
      // the xref table (or xref stream) and trailer zeroed
      const at = text.lastIndexOf("xref", sx >= 0 ? sx - 1 : text.length);
      if (at >= 0) {
        out.fill(0x20, at, Math.min(out.length, at + 64 + Math.floor(rng() * 4096)));
        return [out, `xref at ${at} blanked`];
      }
    }
    // the trailer dictionary's /Root or /Size damaged
    const root = text.lastIndexOf("/Root");
    if (root >= 0) {
      out.set(ascii(rng() < 0.5 ? "/Roo " : "/Size"), root);
      return [out, "/Root damaged"];
    }
    return MUTATIONS.truncate(bytes, rng);
  },
};

export const MUTATION_KINDS = Object.keys(MUTATIONS);

/**
 * Variant `seed` of `sources` (an array of { name, bytes }): the source is
 * `sources[seed % sources.length]` so every file gets its share, then one to
 * three mutations chosen by the seeded PRNG.
 */
export function mutate(sources, seed) {
  const rng = mulberry32(0x9e3779b9 ^ Math.imul(seed + 1, 0x85ebca6b));
  const source = sources[seed % sources.length];
  const others = sources.map((s) => s.bytes);
  let bytes = new Uint8Array(source.bytes);
  const steps = [];
  const count = rng() < 0.75 ? 1 : 2 + Math.floor(rng() * 2);
  for (let i = 0; i < count; i++) {
    const kind = MUTATION_KINDS[Math.floor(rng() * MUTATION_KINDS.length)];
    const [out, what] = MUTATIONS[kind](bytes, rng, others);
    bytes = out;
    steps.push(`${kind}: ${what}`);
  }
  return { name: source.name, bytes, description: steps.join("; ") };
}
