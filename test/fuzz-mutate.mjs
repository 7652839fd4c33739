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

import { constants, deflateRawSync } from "node:zlib";
import { mulberry32 } from "../scripts/prng.mjs";
import { addEntry, appendUpdate, dictOf, fromLatin1 as ascii, latin1, objectsOf, objectsWhere, refsUnder, replaceValue, rootOf } from "./fuzz-pdf.mjs";

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

// ---------------------------------------------------------------------------
// Structural damage: not bytes hit at random but the objects of the document
// changed the way broken tools and lost updates change them — objects deleted
// or redefined after %%EOF, page trees that loop or list a page twice, /Count
// lies, absurd numbers in /W and /MediaBox, streams swapped, compression bombs
// in fonts and XObjects. Most are written as a proper incremental update (with
// a cross-reference section), so that every reader sees them; "after %%EOF"
// ones have none. Each returns [bytes, description], or null when the file has
// nothing to damage that way (another kind is tried).

const pick = (rng, list) => list[Math.floor(rng() * list.length)];
const isPages = /\/Type\s*\/Pages\b/;
const isPage = /\/Type\s*\/Page(?![A-Za-z])/;

/** The page objects, page tree nodes, content streams, fonts and streams of a file. */
function anatomy(bytes) {
  const objects = objectsOf(bytes);
  const pages = objectsWhere(objects, isPage);
  const nodes = objectsWhere(objects, isPages);
  const contents = [...new Set(pages.flatMap((p) => refsUnder(p.body, "Contents")))].filter((n) => objects.has(n));
  const fonts = objectsWhere(objects, /\/Type\s*\/Font\b/);
  const programs = [...new Set([...objects.values()].flatMap((o) => ["FontFile", "FontFile2", "FontFile3"].flatMap((k) => refsUnder(o.body, k))))].filter((n) => objects.has(n));
  const images = objectsWhere(objects, /\/Subtype\s*\/(?:Image|Form)\b/).map((o) => o.num);
  const unicodeMaps = [...new Set(fonts.flatMap((f) => refsUnder(f.body, "ToUnicode")))].filter((n) => objects.has(n));
  const streams = [...objects.values()].filter((o) => !o.packed && /\bstream\r?\n/.test(o.body) && !/\/Type\s*\/(?:XRef|ObjStm)\b/.test(dictOf(o.body))).map((o) => o.num);
  return { objects, pages, nodes, contents, fonts, programs, images, unicodeMaps, streams, root: rootOf(bytes) };
}

/** The role of a stream, so that a swap exchanges streams of different roles (a swap within a role is valid PDF: see the README's limits). */
function roleOf(a, num) {
  if (a.contents.includes(num)) return "content";
  if (a.programs.includes(num)) return "font program";
  if (a.unicodeMaps.includes(num)) return "ToUnicode map";
  if (a.images.includes(num)) return "XObject";
  return "other";
}

let bombData = null;
/** A Flate stream of 1 GiB of zeros (about 1 MB): 64 copies of a fully flushed 16 MiB block, a final empty block, the checksum. */
function bomb() {
  if (bombData) return bombData;
  const chunk = deflateRawSync(Buffer.alloc(16 << 20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const size = 2 ** 30;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((size % 65521) << 16) | 1) >>> 0);
  bombData = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array(64).fill(chunk), Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]), adler]);
  return bombData;
}

const STRUCTURAL = {
  /** An object redefined after %%EOF with no cross-reference section: another of its kind, or an emptied one. */
  redefinedAfterEof(bytes, rng) {
    const a = anatomy(bytes);
    const choices = [
      ...(a.contents.length > 1 ? ["content"] : []),
      ...(a.pages.length ? ["page"] : []),
      ...(a.fonts.length > 1 ? ["font"] : []),
      ...(a.nodes.length ? ["node"] : []),
    ];
    if (!choices.length) return null;
    const what = pick(rng, choices);
    let target, body;
    if (what === "content") {
      target = pick(rng, a.contents);
      const other = pick(rng, a.contents.filter((n) => n !== target));
      body = rng() < 0.5 ? a.objects.get(other).body : "<< /Length 0 >>\nstream\n\nendstream";
    } else if (what === "page") {
      const page = pick(rng, a.pages);
      target = page.num;
      const other = a.contents.filter((n) => !refsUnder(page.body, "Contents").includes(n));
      body = replaceValue(page.body, "Contents", other.length ? `${pick(rng, other)} 0 R` : "[]") ?? page.body;
    } else if (what === "font") {
      const font = pick(rng, a.fonts);
      target = font.num;
      body = pick(rng, a.fonts.filter((f) => f.num !== target)).body;
    } else {
      const node = pick(rng, a.nodes);
      target = node.num;
      const kids = refsUnder(node.body, "Kids");
      body = replaceValue(node.body, "Kids", `[${kids.slice(0, Math.max(1, kids.length - 1)).map((k) => `${k} 0 R`).join(" ")}]`) ?? node.body;
    }
    return [appendUpdate(bytes, new Map([[target, body]]), { xref: false }), `${what} object ${target} redefined after %%EOF`];
  },

  /** An object deleted: marked free by an update, or its bytes blanked where it stands. */
  deleted(bytes, rng) {
    const a = anatomy(bytes);
    const pool = [...a.pages.map((p) => p.num), ...a.contents, ...a.fonts.map((f) => f.num), ...a.programs, ...a.nodes.map((n) => n.num)];
    if (!pool.length) return null;
    const num = pick(rng, pool);
    const obj = a.objects.get(num);
    if (!obj.packed && rng() < 0.5) {
      const out = new Uint8Array(bytes);
      // "N G obj" … "endobj" blanked to spaces: offsets stay, the object is gone.
      const head = latin1(bytes).lastIndexOf(`${num} ${obj.gen} obj`, obj.start);
      out.fill(0x20, head, obj.end + 6);
      return [out, `object ${num} blanked in place`];
    }
    return [appendUpdate(bytes, new Map(), { free: [num] }), `object ${num} deleted (free in an update)`];
  },

  /** A page tree node whose /Kids also lists itself or its root. */
  pageTreeLoop(bytes, rng) {
    const a = anatomy(bytes);
    if (!a.nodes.length) return null;
    const node = pick(rng, a.nodes);
    const top = a.nodes.find((n) => !/\/Parent\b/.test(dictOf(n.body))) ?? node;
    const back = rng() < 0.5 ? node.num : top.num;
    const kids = refsUnder(node.body, "Kids");
    const at = Math.floor(rng() * (kids.length + 1));
    kids.splice(at, 0, back);
    const body = replaceValue(node.body, "Kids", `[${kids.map((k) => `${k} 0 R`).join(" ")}]`);
    return body && [appendUpdate(bytes, new Map([[node.num, body]])), `page tree node ${node.num} lists ${back === node.num ? "itself" : `the root ${back}`} among its kids`];
  },

  /** A page listed twice in /Kids, with the counts raised to match or left. */
  pageTwice(bytes, rng) {
    const a = anatomy(bytes);
    const node = pick(rng, a.nodes.filter((n) => refsUnder(n.body, "Kids").some((k) => a.pages.some((p) => p.num === k))));
    if (!node) return null;
    const kids = refsUnder(node.body, "Kids");
    const page = pick(rng, kids.filter((k) => a.pages.some((p) => p.num === k)));
    kids.splice(Math.floor(rng() * (kids.length + 1)), 0, page);
    const defs = new Map([[node.num, replaceValue(node.body, "Kids", `[${kids.map((k) => `${k} 0 R`).join(" ")}]`)]]);
    const raise = rng() < 0.5;
    if (raise) {
      // The node and every ancestor count one page more, as if the page were really there twice.
      for (let n = node, hops = 0; n && hops < 16; hops++) {
        const count = Number(/\/Count\s+(-?\d+)/.exec(dictOf(n.body))?.[1]);
        if (Number.isFinite(count)) defs.set(n.num, replaceValue(defs.get(n.num) ?? n.body, "Count", String(count + 1)));
        const parent = refsUnder(n.body, "Parent")[0];
        n = parent === undefined ? null : a.objects.get(parent);
      }
    }
    return [appendUpdate(bytes, defs), `page ${page} listed twice in node ${node.num}'s /Kids${raise ? ", counts raised to match" : ""}`];
  },

  /** A /Count that lies. */
  countLie(bytes, rng) {
    const a = anatomy(bytes);
    const node = pick(rng, a.nodes);
    if (!node) return null;
    const count = Number(/\/Count\s+(-?\d+)/.exec(dictOf(node.body))?.[1]);
    if (!Number.isFinite(count)) return null;
    const value = pick(rng, [-1, 0, 1, count - 1, count + 1, count * 2, 999999999, 2.5]);
    if (value === count) return null;
    return [appendUpdate(bytes, new Map([[node.num, replaceValue(node.body, "Count", String(value))]])), `/Count ${count} → ${value} in node ${node.num}`];
  },

  /** The catalog's /Pages pointing at one page (or a subtree) instead of the root of the tree. */
  pagesAtOnePage(bytes, rng) {
    const a = anatomy(bytes);
    const catalog = a.root !== null ? a.objects.get(a.root) : undefined;
    const targets = [...a.pages.map((p) => p.num), ...a.nodes.filter((n) => /\/Parent\b/.test(dictOf(n.body))).map((n) => n.num)];
    if (!catalog || !targets.length) return null;
    const target = pick(rng, targets);
    const body = replaceValue(catalog.body, "Pages", `${target} 0 R`);
    return body && [appendUpdate(bytes, new Map([[catalog.num, body]])), `catalog /Pages → object ${target}`];
  },

  /** Glyph widths that cannot be right: a /W range of billions of codes, a negative or enormous width. */
  absurdWidths(bytes, rng) {
    const a = anatomy(bytes);
    // /W or /Widths written in the font dictionary itself, or as an array object of its own.
    const owners = a.fonts.flatMap((f) => {
      const dict = dictOf(f.body);
      const key = /\/W\s*\[/.test(dict) ? "W" : /\/Widths\s*\[/.test(dict) ? "Widths" : null;
      if (key) return [{ num: f.num, body: f.body, key, inline: true }];
      const ref = refsUnder(f.body, "W")[0] ?? refsUnder(f.body, "Widths")[0];
      const target = ref !== undefined ? a.objects.get(ref) : undefined;
      return target ? [{ num: ref, body: target.body, key: /\/W\b/.test(dict) ? "W" : "Widths", inline: false }] : [];
    });
    if (!owners.length) return null;
    const owner = pick(rng, owners);
    const open = owner.inline ? owner.body.search(new RegExp(`/${owner.key}\\s*\\[`)) : owner.body.indexOf("[");
    const start = owner.body.indexOf("[", open) + 1;
    const close = owner.body.indexOf("]", owner.key === "W" ? findWClose(owner.body, start) : start);
    const numbers = [...owner.body.slice(start, close).matchAll(/-?\d+(?:\.\d+)?/g)];
    if (!numbers.length) return null;
    const hit = pick(rng, numbers);
    // Absurd wherever it lands: as a width (negative, or tens of ems), as a glyph code (none is negative or past 65535).
    const value = pick(rng, ["4294967295", "2147483647", "99999999", "90000", "-1000", "-1", "1e9"]);
    const at = start + hit.index;
    const body = owner.body.slice(0, at) + value + owner.body.slice(at + hit[0].length);
    return [appendUpdate(bytes, new Map([[owner.num, body]])), `/${owner.key} of object ${owner.num}: ${hit[0]} → ${value}`];
  },

  /** An absurd /MediaBox on a page or a page tree node. */
  absurdMediaBox(bytes, rng) {
    const a = anatomy(bytes);
    const withBox = [...a.pages, ...a.nodes].filter((o) => /\/MediaBox\b/.test(dictOf(o.body)));
    const target = withBox.length && rng() < 0.7 ? pick(rng, withBox) : pick(rng, a.pages);
    if (!target) return null;
    const box = pick(rng, ["[0 0 1e9 1e9]", "[0 0 0 0]", "[0 0 -595 -842]", "[0 0 3.4e38 3.4e38]", "[1e20 1e20 1e20 1e20]", "[0 0 4294967295 842]", "[0 0 595]"]);
    const body = replaceValue(target.body, "MediaBox", box) ?? addEntry(target.body, `/MediaBox ${box}`);
    return body && [appendUpdate(bytes, new Map([[target.num, body]])), `/MediaBox of object ${target.num} → ${box}`];
  },

  /** Two streams of different roles exchanged: in an update (a consistent file), or their data swapped where they stand. */
  swappedStreams(bytes, rng) {
    const a = anatomy(bytes);
    const first = pick(rng, a.streams);
    const others = a.streams.filter((n) => roleOf(a, n) !== roleOf(a, first));
    if (first === undefined || !others.length) return null;
    const second = pick(rng, others);
    const [x, y] = [a.objects.get(first), a.objects.get(second)];
    if (rng() < 0.5) {
      return [appendUpdate(bytes, new Map([[first, y.body], [second, x.body]])), `streams ${first} (${roleOf(a, first)}) and ${second} (${roleOf(a, second)}) exchanged in an update`];
    }
    // Swapped where they stand, dictionaries (and /Length) kept: every later offset moves.
    const dataOf = (o) => {
      const s = o.body.search(/\bstream\r?\n/);
      const begin = o.body.indexOf("\n", s) + 1;
      return [o.start + begin, o.start + o.body.lastIndexOf("endstream")];
    };
    const [[xs, xe], [ys, ye]] = [dataOf(x), dataOf(y)].sort((p, q) => p[0] - q[0]);
    const t = latin1(bytes);
    const swapped = t.slice(0, xs) + t.slice(ys, ye) + t.slice(xe, ys) + t.slice(xs, xe) + t.slice(ye);
    return [new Uint8Array(Buffer.from(swapped, "latin1")), `data of streams ${first} and ${second} swapped in place`];
  },

  /** A font program or XObject replaced by 1 GiB of zeros compressed to 1 MB. */
  compressionBomb(bytes, rng) {
    const a = anatomy(bytes);
    const pool = [...a.programs, ...a.images];
    const target = pick(rng, pool.length ? pool : a.streams);
    if (target === undefined) return null;
    const dict = dictOf(a.objects.get(target).body).replace(/\/Length\s+\d+(\s+\d+\s+R)?/, "").replace(/\/Filter\s*(\/\w+|\[[^\]]*\])/, "").replace(/\/DecodeParms\s*<<[^>]*>>/, "");
    const data = bomb();
    const body = `${addEntry(dict.trim(), `/Length ${data.length} /Filter /FlateDecode`)}\nstream\n${data.toString("latin1")}\nendstream`;
    return [appendUpdate(bytes, new Map([[target, body]])), `${roleOf(a, target)} ${target} replaced by a 1 GiB compression bomb`];
  },
};

/** Where a /W array closes: past its nested [ … ] ranges. */
function findWClose(body, start) {
  let depth = 1;
  for (let i = start; i < body.length; i++) {
    if (body[i] === "[") depth++;
    else if (body[i] === "]" && --depth === 0) return i;
  }
  return body.length;
}

export const STRUCTURAL_KINDS = Object.keys(STRUCTURAL);

/**
 * Structural variant `seed` of `sources`: the source by seed, one structural
 * kind (by seed, so that every kind gets its share), and with a quarter of
 * the seeds a second one on top.
 */
export function mutateStructure(sources, seed) {
  const rng = mulberry32(0x2545f491 ^ Math.imul(seed + 1, 0x9e3779b1));
  const source = sources[seed % sources.length];
  let bytes = new Uint8Array(source.bytes);
  const steps = [];
  const count = rng() < 0.75 ? 1 : 2;
  for (let i = 0; i < count; i++) {
    const first = i === 0 ? Math.floor(seed / sources.length) % STRUCTURAL_KINDS.length : Math.floor(rng() * STRUCTURAL_KINDS.length);
    // A kind the file offers nothing for gives way to the next.
    for (let k = 0; k < STRUCTURAL_KINDS.length; k++) {
      const kind = STRUCTURAL_KINDS[(first + k) % STRUCTURAL_KINDS.length];
      const result = STRUCTURAL[kind](bytes, rng);
      if (!result) continue;
      bytes = result[0];
      steps.push(`${kind}: ${result[1]}`);
      break;
    }
  }
  return { name: source.name, bytes, description: steps.join("; ") };
}
