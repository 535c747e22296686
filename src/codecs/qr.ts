/**
 * QR Code model 2 (ISO/IEC 18004), our own encoder. bwip-js emulates
 * PostScript and takes 7-16 ms a symbol, a quarter of a certificate; this
 * takes well under one. One segment (numeric, alphanumeric or byte), the
 * smallest version that fits, the mask with the lowest penalty. The tests
 * hold it bit for bit against bwip-js for every version and level, and
 * decode its symbols with zxing.
 */
import { qrPenalties } from './qr-penalty.js';

export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** size*size, 1 = dark, row by row. */
  modules: Uint8Array;
  version: number;
  /** ISO mask pattern, 0-7. */
  mask: number;
}

// ISO/IEC 18004 table 9, by version 1-40 (index 0 unused): EC codewords per
// block, and number of blocks.
const EC_PER_BLOCK: Record<EcLevel, number[]> = {
  L: [
    0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30,
  ],
  M: [
    0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    28, 28,
  ],
  Q: [
    0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30,
  ],
  H: [
    0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30,
  ],
};
const BLOCKS: Record<EcLevel, number[]> = {
  L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  Q: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  H: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
};
const EC_FORMAT_BITS: Record<EcLevel, number> = { L: 1, M: 0, Q: 3, H: 2 };
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++, x = (x << 1) ^ (x & 0x80 ? 0x11d : 0)) {
  EXP[i] = x;
  LOG[x] = i;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
const mul = (a: number, b: number) => (a && b ? EXP[LOG[a]! + LOG[b]!]! : 0);

const generators = new Map<number, Uint8Array>();
/** Coefficients of (x - a^0)(x - a^1)...(x - a^(n-1)), highest power first, leading 1 dropped. */
function generator(n: number): Uint8Array {
  let g = generators.get(n);
  if (!g) {
    let poly = [1];
    for (let i = 0; i < n; i++) {
      const next = new Array<number>(poly.length + 1).fill(0);
      for (let j = 0; j < poly.length; j++) {
        next[j]! ^= poly[j]!;
        next[j + 1]! ^= mul(poly[j]!, EXP[i]!);
      }
      poly = next;
    }
    g = Uint8Array.from(poly.slice(1));
    generators.set(n, g);
  }
  return g;
}

function reedSolomon(data: Uint8Array, n: number): Uint8Array {
  const g = generator(n);
  const rem = new Uint8Array(n);
  for (const byte of data) {
    const factor = byte ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[n - 1] = 0;
    for (let i = 0; i < n; i++) rem[i]! ^= mul(g[i]!, factor);
  }
  return rem;
}

const numAlign = (v: number) => (v === 1 ? 0 : Math.floor(v / 7) + 2);

function alignmentPositions(v: number): number[] {
  const n = numAlign(v);
  if (n === 0) return [];
  const size = 17 + 4 * v;
  const step = v === 32 ? 26 : Math.ceil((v * 4 + 4) / (n * 2 - 2)) * 2;
  const out = [6];
  for (let i = n - 2; i >= 0; i--) out.push(size - 7 - i * step);
  return out;
}

/** Codewords a version holds (data and EC), from the modules left after function patterns. */
function totalCodewords(v: number): number {
  let bits = (16 * v + 128) * v + 64;
  const n = numAlign(v);
  if (v >= 2) bits -= 25 * n * n - 10 * n - 55;
  if (v >= 7) bits -= 36;
  return Math.floor(bits / 8);
}

const dataCodewords = (v: number, ec: EcLevel) => totalCodewords(v) - EC_PER_BLOCK[ec][v]! * BLOCKS[ec][v]!;

/** A bit stream, most significant bit first, packed into bytes as it grows (a seal is some 8,000 bits). */
class Bits {
  bytes = new Uint8Array(256);
  length = 0;
  push(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--, this.length++) {
      const at = this.length >> 3;
      if (at >= this.bytes.length) this.#grow();
      if ((value >>> i) & 1) this.bytes[at]! |= 0x80 >> (this.length & 7);
    }
  }
  #grow(): void {
    const bigger = new Uint8Array(this.bytes.length * 2);
    bigger.set(this.bytes);
    this.bytes = bigger;
  }
}

type Mode = 'numeric' | 'alnum' | 'byte';
const COUNT_BITS: Record<Mode, [number, number, number]> = { numeric: [10, 12, 14], alnum: [9, 11, 13], byte: [8, 16, 16] };
const MODE_BITS: Record<Mode, number> = { numeric: 1, alnum: 2, byte: 4 };

/** A run of text in one mode: its character count, its data bits, and how to write them. */
interface Segment {
  mode: Mode;
  count: number;
  bits: number;
  write: (b: Bits) => void;
}

function oneSegment(text: string): Segment {
  const n = text.length;
  if (/^\d*$/.test(text))
    return {
      mode: 'numeric',
      count: n,
      bits: 10 * Math.floor(n / 3) + [0, 4, 7][n % 3]!,
      write: (b) => {
        for (let i = 0; i < text.length; i += 3) {
          const chunk = text.slice(i, i + 3);
          b.push(Number(chunk), chunk.length * 3 + 1);
        }
      },
    };
  if ([...text].every((c) => ALNUM.includes(c)))
    return {
      mode: 'alnum',
      count: n,
      bits: 11 * Math.floor(n / 2) + 6 * (n % 2),
      write: (b) => {
        for (let i = 0; i + 1 < text.length; i += 2) b.push(ALNUM.indexOf(text[i]!) * 45 + ALNUM.indexOf(text[i + 1]!), 11);
        if (text.length % 2) b.push(ALNUM.indexOf(text[text.length - 1]!), 6);
      },
    };
  const bytes = new TextEncoder().encode(text);
  return {
    mode: 'byte',
    count: bytes.length,
    bits: 8 * bytes.length,
    write: (b) => {
      for (const x of bytes) b.push(x, 8);
    },
  };
}

/** Below this, a separate alphanumeric tail does not pay for its own header. */
const TAIL_WORTH = 20;

/**
 * The segments a text is written in: one, in the densest mode that holds it
 * all; or, for a link followed by a seal (`https://.../#SK1:...`), the link
 * in byte mode and the seal in alphanumeric mode, which keeps the symbol
 * small (the seal is most of it).
 */
function segments(text: string): Segment[] {
  let tail = text.length;
  while (tail > 0 && ALNUM.includes(text[tail - 1]!)) tail--;
  if (tail > 0 && text.length - tail >= TAIL_WORTH) return [oneSegment(text.slice(0, tail)), oneSegment(text.slice(tail))];
  return [oneSegment(text)];
}

const countBitsOf = (mode: Mode, v: number) => COUNT_BITS[mode][v <= 9 ? 0 : v <= 26 ? 1 : 2];

const STRONGER: Record<EcLevel, EcLevel | undefined> = { L: 'M', M: 'Q', Q: 'H', H: undefined };

/** The segments, version and level a text gets, without encoding it. */
function plan(text: string, requested: EcLevel) {
  const segs = segments(text);
  const fits = (v: number, level: EcLevel) =>
    segs.every((seg) => seg.count < 2 ** countBitsOf(seg.mode, v)) &&
    segs.reduce((n, seg) => n + 4 + countBitsOf(seg.mode, v) + seg.bits, 0) <= dataCodewords(v, level) * 8;
  let version = 0;
  for (let v = 1; v <= 40 && !version; v++) if (fits(v, requested)) version = v;
  if (!version) throw new RangeError('text too long for a QR code');
  let ec = requested;
  for (let up = STRONGER[ec]; up && fits(version, up); up = STRONGER[up]) ec = up;
  return { segs, version, ec };
}

/** Modules per side of the symbol for `text`, without encoding it (layout needs it early). */
export function qrSize(text: string, ec: EcLevel): number {
  return 17 + 4 * plan(text, ec).version;
}

/** Modules per side for an alphanumeric text of `length` characters (a seal, before it is signed). */
export const qrSizeForAlphanumeric = (length: number, ec: EcLevel): number => qrSize('A'.repeat(length), ec);

/**
 * Data and EC codewords, interleaved, for the smallest version that holds
 * the text; the level is raised while the same version still holds it
 * (free robustness, as bwip-js also does).
 */
function codewords(text: string, requested: EcLevel): { version: number; ec: EcLevel; words: Uint8Array } {
  const { segs, version, ec } = plan(text, requested);
  const capacity = dataCodewords(version, ec) * 8;
  const b = new Bits();
  for (const seg of segs) {
    b.push(MODE_BITS[seg.mode], 4);
    b.push(seg.count, countBitsOf(seg.mode, version));
    seg.write(b);
  }
  b.push(0, Math.min(4, capacity - b.length));
  b.push(0, (8 - (b.length % 8)) % 8);
  for (let pad = 0xec; b.length < capacity; pad ^= 0xec ^ 0x11) b.push(pad, 8);
  const data = b.bytes.slice(0, capacity / 8);

  const blocks = BLOCKS[ec][version]!;
  const ecLen = EC_PER_BLOCK[ec][version]!;
  const shortLen = Math.floor(data.length / blocks);
  const longCount = data.length % blocks;
  const dataBlocks: Uint8Array[] = [];
  const ecBlocks: Uint8Array[] = [];
  for (let i = 0, at = 0; i < blocks; i++) {
    const len = shortLen + (i >= blocks - longCount ? 1 : 0);
    const block = data.subarray(at, at + len);
    at += len;
    dataBlocks.push(block);
    ecBlocks.push(reedSolomon(block, ecLen));
  }
  const words: number[] = [];
  for (let i = 0; i <= shortLen; i++) for (const block of dataBlocks) if (i < block.length) words.push(block[i]!);
  for (let i = 0; i < ecLen; i++) for (const block of ecBlocks) words.push(block[i]!);
  return { version, ec, words: Uint8Array.from(words) };
}

/** BCH remainder of `value` (already shifted) by `poly` of degree `degree`. */
function bch(value: number, poly: number, degree: number): number {
  let r = value;
  for (let i = 31 - Math.clz32(r); i >= degree; i = 31 - Math.clz32(r)) r ^= poly << (i - degree);
  return r;
}

const MASKS: Array<(r: number, c: number) => boolean> = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

interface Base {
  size: number;
  modules: Uint8Array;
  isFunction: Uint8Array;
}

/** Finder, separator, timing, alignment and version patterns, and room for format bits. */
function functionPatterns(version: number): Base {
  const size = 17 + 4 * version;
  const modules = new Uint8Array(size * size);
  const isFunction = new Uint8Array(size * size);
  const set = (r: number, c: number, dark: boolean) => {
    if (r < 0 || c < 0 || r >= size || c >= size) return;
    modules[r * size + c] = dark ? 1 : 0;
    isFunction[r * size + c] = 1;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [fr, fc] of [
    [3, 3],
    [3, size - 4],
    [size - 4, 3],
  ] as const)
    for (let dr = -4; dr <= 4; dr++)
      for (let dc = -4; dc <= 4; dc++) {
        const d = Math.max(Math.abs(dr), Math.abs(dc));
        set(fr + dr, fc + dc, d !== 2 && d !== 4);
      }
  const pos = alignmentPositions(version);
  const last = pos.length - 1;
  for (const [i, r] of pos.entries())
    for (const [j, c] of pos.entries()) {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  // Format areas (filled per mask) and the dark module.
  for (let i = 0; i < 9; i++) {
    if (i === 6) continue; // the timing patterns cross here
    set(8, i, false);
    set(i, 8, false);
  }
  for (let i = 0; i < 8; i++) {
    set(8, size - 1 - i, false);
    set(size - 1 - i, 8, false);
  }
  set(size - 8, 8, true);
  if (version >= 7) {
    const bits = (version << 12) | bch(version << 12, 0x1f25, 12);
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(b, a, dark);
      set(a, b, dark);
    }
  }
  return { size, modules, isFunction };
}

function placeData(base: Base, words: Uint8Array): void {
  const { size, modules, isFunction } = base;
  let bit = 0;
  const total = words.length * 8;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < size; v++) {
      const r = upward ? size - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const i = r * size + right - j;
        if (isFunction[i]) continue;
        if (bit < total) modules[i] = (words[bit >>> 3]! >>> (7 - (bit & 7))) & 1;
        bit++;
      }
    }
  }
}

function formatBits(ec: EcLevel, mask: number): number {
  const data = (EC_FORMAT_BITS[ec] << 3) | mask;
  return ((data << 10) | bch(data << 10, 0x537, 10)) ^ 0x5412;
}

/** Which masks flip each module, bit k for mask k (none on function modules), per symbol size. */
const maskPatterns = new Map<number, Uint8Array>();

function maskPattern(base: Base): Uint8Array {
  const { size, isFunction } = base;
  let p = maskPatterns.get(size);
  if (p) return p;
  p = new Uint8Array(size * size);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      if (isFunction[r * size + c]) continue;
      let bits = 0;
      for (let k = 0; k < 8; k++) if (MASKS[k]!(r, c)) bits |= 1 << k;
      p[r * size + c] = bits;
    }
  maskPatterns.set(size, p);
  return p;
}

/**
 * The symbol under all eight masks at once: bit k of each module is its
 * value under mask k, format information for mask k included.
 */
function maskedLanes(base: Base, ec: EcLevel): Uint8Array {
  const { size, modules } = base;
  const pattern = maskPattern(base);
  const lanes = new Uint8Array(size * size);
  for (let i = 0; i < lanes.length; i++) lanes[i] = (modules[i] ? 0xff : 0) ^ pattern[i]!;
  const formats = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => formatBits(ec, k));
  const set = (r: number, c: number, bit: number) => {
    let v = 0;
    for (let k = 0; k < 8; k++) v |= ((formats[k]! >>> bit) & 1) << k;
    lanes[r * size + c] = v;
  };
  for (let i = 0; i <= 5; i++) set(i, 8, i);
  set(7, 8, 6);
  set(8, 8, 7);
  set(8, 7, 8);
  for (let i = 9; i < 15; i++) set(8, 14 - i, i);
  for (let i = 0; i < 8; i++) set(8, size - 1 - i, i);
  for (let i = 8; i < 15; i++) set(size - 15 + i, 8, i);
  return lanes;
}

const laneOf = (lanes: Uint8Array, mask: number): Uint8Array => lanes.map((v) => (v >> mask) & 1);

/** Encodes `text`; `mask` forces a pattern (0-7), otherwise the lowest penalty wins. */
export function encodeQr(text: string, requested: EcLevel, mask?: number): QrMatrix {
  const { version, ec, words } = codewords(text, requested);
  const base = functionPatterns(version);
  placeData(base, words);
  const lanes = maskedLanes(base, ec);
  if (mask !== undefined) return { size: base.size, modules: laneOf(lanes, mask), version, mask };
  const scores = qrPenalties(base.size, lanes);
  // The first lowest score wins, as when the masks were scored one by one.
  const best = scores.indexOf(Math.min(...scores));
  return { size: base.size, modules: laneOf(lanes, best), version, mask: best };
}

/** Bytes that fit in byte mode at a version and level (for tests and sizing). */
export function qrByteCapacity(version: number, ec: EcLevel): number {
  return Math.floor((dataCodewords(version, ec) * 8 - 4 - (version <= 9 ? 8 : 16)) / 8);
}
