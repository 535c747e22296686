/**
 * TrueType subsets written from the font's own bytes: each glyph's outline
 * is copied as it is (a composite's component numbers rewritten), and the
 * tables a PDF needs (head, hhea, maxp, hmtx, loca, glyf, cvt, fpgm, prep)
 * are assembled around them. fontkit decodes every glyph and re-encodes the
 * tables through restructure, about 1.6 ms a font on every certificate;
 * this is a copy. CFF and variable fonts are not handled here (the caller
 * keeps fontkit's subset for them).
 */

/** The parts of a parsed font this needs: its bytes and table directory. */
export interface SfntSource {
  bytes: Uint8Array;
  tables: Readonly<Record<string, { offset: number; length: number }>>;
}

interface Prepared {
  view: DataView;
  bytes: Uint8Array;
  table: (tag: string) => Uint8Array | undefined;
  glyfStart: number;
  locaOffset: (gid: number) => number;
  numGlyphs: number;
  numberOfHMetrics: number;
  hmtxStart: number;
  shortLoca: boolean;
}

const prepared = new WeakMap<SfntSource, Prepared>();

/**
 * True when the font can be subset here: TrueType outlines, not a variable
 * font, and tables that hold together (every table inside the file, glyph
 * offsets in order and inside glyf, metrics for every glyph, every glyph
 * readable). A template's font that fails this is still embedded, through
 * fontkit; run once per font (the caller caches it).
 */
export function canSubset(src: SfntSource): boolean {
  const t = src.tables;
  if (!(t.glyf && t.loca && t.head && t.hhea && t.maxp && t.hmtx) || t.gvar || t['CFF '] || t.CFF2) return false;
  try {
    for (const { offset, length } of Object.values(t)) if (offset < 0 || length < 0 || offset + length > src.bytes.length) return false;
    if (t.head.length < 54 || t.hhea.length < 36 || t.maxp.length < 6) return false;
    const p = prepare(src);
    const n = p.numGlyphs;
    if (n < 1 || p.numberOfHMetrics < 1 || p.numberOfHMetrics > n) return false;
    if (t.hmtx.length < 4 * p.numberOfHMetrics + 2 * (n - p.numberOfHMetrics)) return false;
    if (t.loca.length < (n + 1) * (p.shortLoca ? 2 : 4)) return false;
    for (let g = 0; g < n; g++) if (p.locaOffset(g) > p.locaOffset(g + 1)) return false;
    if (p.locaOffset(n) > t.glyf.length) return false;
    // Every glyph, composites' parts included, as a subset of the whole font.
    const order = Array.from({ length: n }, (_, g) => g);
    subsetTrueType(src, order, (g) => {
      if (g >= n) throw new Error('component outside the font');
      return g;
    });
    return true;
  } catch {
    return false;
  }
}

function prepare(src: SfntSource): Prepared {
  let p = prepared.get(src);
  if (p) return p;
  const { bytes, tables } = src;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table = (tag: string) => {
    const t = tables[tag];
    return t ? bytes.subarray(t.offset, t.offset + t.length) : undefined;
  };
  const head = tables.head!.offset;
  const shortLoca = view.getInt16(head + 50) === 0;
  const loca = tables.loca!.offset;
  p = {
    view,
    bytes,
    table,
    glyfStart: tables.glyf!.offset,
    locaOffset: shortLoca ? (gid) => view.getUint16(loca + 2 * gid) * 2 : (gid) => view.getUint32(loca + 4 * gid),
    numGlyphs: view.getUint16(tables.maxp!.offset + 4),
    numberOfHMetrics: view.getUint16(tables.hhea!.offset + 34),
    hmtxStart: tables.hmtx!.offset,
    shortLoca,
  };
  prepared.set(src, p);
  return p;
}

// Composite glyph component flags (OpenType glyf table).
const ARGS_ARE_WORDS = 0x0001;
const HAS_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;

/** A glyph's outline bytes; a composite's components are included (through `include`) and renumbered. */
function glyphBytes(p: Prepared, gid: number, include: (gid: number) => number): Uint8Array {
  const start = p.locaOffset(gid);
  const end = p.locaOffset(gid + 1);
  const raw = p.bytes.subarray(p.glyfStart + start, p.glyfStart + end);
  if (raw.length < 10 || p.view.getInt16(p.glyfStart + start) >= 0) return raw;
  const out = new Uint8Array(raw);
  const view = new DataView(out.buffer);
  let pos = 10;
  for (;;) {
    if (pos + 4 > out.length) throw new Error('composite glyph ends inside a component');
    const flags = view.getUint16(pos);
    view.setUint16(pos + 2, include(view.getUint16(pos + 2)));
    pos += 4 + (flags & ARGS_ARE_WORDS ? 4 : 2);
    pos += flags & HAS_SCALE ? 2 : flags & HAS_XY_SCALE ? 4 : flags & HAS_2X2 ? 8 : 0;
    if (!(flags & MORE_COMPONENTS)) return out;
  }
}

function metrics(p: Prepared, gid: number): [advance: number, lsb: number] {
  const { view, hmtxStart: h, numberOfHMetrics: n } = p;
  if (gid < n) return [view.getUint16(h + 4 * gid), view.getInt16(h + 4 * gid + 2)];
  return [view.getUint16(h + 4 * (n - 1)), view.getInt16(h + 4 * n + 2 * (gid - n))];
}

/**
 * The subset font file of `glyphs` (original glyph numbers, in the order
 * they become glyphs 0, 1, 2...). `include` is called for each component of
 * a composite glyph and returns its number in the subset (appending it to
 * `glyphs` when new), as fontkit's subset does.
 * @throws Error when a glyph number is not in the font.
 * @example subsetTrueType(src, subset.glyphs, (g) => subset.includeGlyph(g))
 */
export function subsetTrueType(src: SfntSource, glyphs: readonly number[], include: (gid: number) => number): Uint8Array {
  const p = prepare(src);
  const outlines: Uint8Array[] = [];
  const hmtx: number[] = [];
  // `glyphs` may grow while composites are read.
  for (let i = 0; i < glyphs.length; i++) {
    const gid = glyphs[i]!;
    if (gid < 0 || gid >= p.numGlyphs) throw new Error(`glyph ${gid} is not in the font`);
    outlines.push(glyphBytes(p, gid, include));
    hmtx.push(...metrics(p, gid));
  }
  const n = outlines.length;
  const glyfLength = outlines.reduce((s, o) => s + o.length + (p.shortLoca ? o.length & 1 : 0), 0);
  const shortLoca = p.shortLoca && glyfLength <= 0x1fffe;
  const glyf = new Uint8Array(glyfLength);
  const loca = new DataView(new ArrayBuffer((n + 1) * (shortLoca ? 2 : 4)));
  let at = 0;
  outlines.forEach((o, i) => {
    if (shortLoca) loca.setUint16(2 * i, at / 2);
    else loca.setUint32(4 * i, at);
    glyf.set(o, at);
    at += o.length + (p.shortLoca ? o.length & 1 : 0);
  });
  if (shortLoca) loca.setUint16(2 * n, at / 2);
  else loca.setUint32(4 * n, at);
  const hm = new DataView(new ArrayBuffer(4 * n));
  for (let i = 0; i < n; i++) {
    hm.setUint16(4 * i, hmtx[2 * i]!);
    hm.setInt16(4 * i + 2, hmtx[2 * i + 1]!);
  }
  const head = new Uint8Array(p.table('head')!);
  const headView = new DataView(head.buffer);
  headView.setUint32(8, 0);
  headView.setInt16(50, shortLoca ? 0 : 1);
  const hhea = new Uint8Array(p.table('hhea')!);
  new DataView(hhea.buffer).setUint16(34, n);
  const maxp = new Uint8Array(p.table('maxp')!);
  new DataView(maxp.buffer).setUint16(4, n);
  const tables: Record<string, Uint8Array> = {
    head,
    hhea,
    maxp,
    hmtx: new Uint8Array(hm.buffer),
    loca: new Uint8Array(loca.buffer),
    glyf,
  };
  for (const tag of ['cvt ', 'fpgm', 'prep']) {
    const t = p.table(tag);
    if (t) tables[tag] = t;
  }
  return writeSfnt(tables);
}

function checksum(b: Uint8Array): number {
  let sum = 0;
  const padded = b.length % 4 ? new Uint8Array(b.length + 4 - (b.length % 4)) : b;
  if (padded !== b) padded.set(b);
  const v = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

/** An sfnt file of `tables`: the directory sorted by tag, each table 4-byte aligned, head's checksum adjustment set. */
function writeSfnt(tables: Record<string, Uint8Array>): Uint8Array {
  const tags = Object.keys(tables).sort();
  const count = tags.length;
  const dirLength = 12 + 16 * count;
  const total = tags.reduce((s, t) => s + ((tables[t]!.length + 3) & ~3), dirLength);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const pow = 2 ** Math.floor(Math.log2(count));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, count);
  view.setUint16(6, pow * 16);
  view.setUint16(8, Math.log2(pow));
  view.setUint16(10, count * 16 - pow * 16);
  let offset = dirLength;
  let headAt = 0;
  tags.forEach((tag, i) => {
    const t = tables[tag]!;
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    view.setUint32(rec + 4, checksum(t));
    view.setUint32(rec + 8, offset);
    view.setUint32(rec + 12, t.length);
    out.set(t, offset);
    if (tag === 'head') headAt = offset;
    offset += (t.length + 3) & ~3;
  });
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
