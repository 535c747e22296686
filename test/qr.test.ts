/**
 * Our QR encoder against two independent references: bwip-js (the same
 * symbol, bit for bit, when told the same mask) and zxing (reads it back).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { encodeQr, qrByteCapacity, type EcLevel } from '../src/codecs/qr.js';
import { qrPenalties, qrPenalty } from '../src/codecs/qr-penalty.js';
import { decodeQrImage } from './helpers.js';

const LEVELS: EcLevel[] = ['L', 'M', 'Q', 'H'];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function bwip(text: string, ec: EcLevel, mask: number): { size: number; modules: Uint8Array } {
  const [s] = bwipjs.raw({ bcid: 'qrcode', text, eclevel: ec, mask: mask + 1 } as Parameters<typeof bwipjs.raw>[0]) as unknown as Array<{
    pixs: number[];
    pixx: number;
  }>;
  return { size: s!.pixx, modules: Uint8Array.from(s!.pixs) };
}

/** The symbol as a scanner sees it: 4 px a module, 4-module quiet zone. */
async function png(size: number, modules: Uint8Array): Promise<Uint8Array> {
  const px = 4;
  const side = (size + 8) * px;
  const raw = Buffer.alloc(side * side, 255);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (modules[r * size + c]) for (let y = 0; y < px; y++) raw.fill(0, ((r + 4) * px + y) * side + (c + 4) * px, ((r + 4) * px + y) * side + (c + 5) * px);
  return new Uint8Array(
    await sharp(raw, { raw: { width: side, height: side, channels: 1 } })
      .png()
      .toBuffer(),
  );
}

/** The penalty as first written, module by module over a transposed copy: the reference for the fast one. */
function referencePenalty(size: number, m: Uint8Array): number {
  let score = 0;
  let dark = 0;
  // Rows read m directly; columns read its transpose the same way.
  const t = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) t[c * size + r] = m[r * size + c]!;
  for (const g of [m, t]) {
    for (let r = 0; r < size; r++) {
      const o = r * size;
      let run = 1;
      for (let c = 1; c < size; c++) {
        if (g[o + c] === g[o + c - 1]) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      if (run >= 5) score += run - 2;
      // 1:1:3:1:1 finder look-alikes with four light modules on one side.
      for (let c = 0; c + 7 <= size; c++) {
        const i = o + c;
        if (g[i] && !g[i + 1] && g[i + 2] && g[i + 3] && g[i + 4] && !g[i + 5] && g[i + 6]) {
          const lightBefore = c < 4 || !(g[i - 1]! | g[i - 2]! | g[i - 3]! | g[i - 4]!);
          const lightAfter = c + 11 > size || !(g[i + 7]! | g[i + 8]! | g[i + 9]! | g[i + 10]!);
          if (lightBefore || lightAfter) score += 40;
        }
      }
    }
  }
  for (let r = 0; r < size; r++) {
    const o = r * size;
    for (let c = 0; c < size; c++) {
      const v = m[o + c]!;
      dark += v;
      if (r + 1 < size && c + 1 < size && v === m[o + c + 1] && v === m[o + size + c] && v === m[o + size + c + 1]) score += 3;
    }
  }
  return score + 10 * Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5);
}

describe('QR encoder', () => {
  it("the mask penalty is the reference's, on seal symbols and on random matrices full of finder look-alikes", () => {
    const text = `SK1:${'A1B2C3D4E5'.repeat(40)}`;
    for (let k = 0; k < 8; k++) {
      const q = encodeQr(text, 'Q', k);
      expect(qrPenalty(q.size, q.modules)).toBe(referencePenalty(q.size, q.modules));
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 39 }), fc.integer(), (v, seed) => {
        const size = 21 + 4 * v;
        let x = seed | 1;
        const m = new Uint8Array(size * size).map(() => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return x & 1;
        });
        expect(qrPenalty(size, m)).toBe(referencePenalty(size, m));
      }),
      { numRuns: 200 },
    );
  });

  it('eight masks scored at once (a bit a mask) give each mask its reference score', () => {
    const text = `SK1:${'Z9Y8X7W6V5'.repeat(40)}`;
    const masks = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => encodeQr(text, 'Q', k));
    const size = masks[0]!.size;
    const lanes = new Uint8Array(size * size);
    masks.forEach((q, k) => {
      for (let i = 0; i < lanes.length; i++) lanes[i]! |= q.modules[i]! << k;
    });
    expect(qrPenalties(size, lanes)).toEqual(masks.map((q) => referencePenalty(size, q.modules)));
    // The encoder's choice is the first lowest of the reference scores.
    const scores = masks.map((q) => referencePenalty(size, q.modules));
    expect(encodeQr(text, 'Q').mask).toBe(scores.indexOf(Math.min(...scores)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 39 }), fc.integer(), (v, seed) => {
        const n = 21 + 4 * v;
        let x = seed | 1;
        const next = () => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return x >>> 0;
        };
        // Lanes with long runs and finder look-alikes: each lane is a random matrix with runs of 1-12 modules.
        const ms = Array.from({ length: 8 }, () => {
          const m = new Uint8Array(n * n);
          let i = 0;
          while (i < m.length) {
            const len = 1 + (next() % 12);
            const val = next() & 1;
            for (let j = 0; j < len && i < m.length; j++) m[i++] = val;
          }
          return m;
        });
        const l = new Uint8Array(n * n);
        ms.forEach((m, k) => {
          for (let i = 0; i < l.length; i++) l[i]! |= m[i]! << k;
        });
        expect(qrPenalties(n, l)).toEqual(ms.map((m) => referencePenalty(n, m)));
      }),
      { numRuns: 60 },
    );
  });

  it('every version 1-40 at every level is bit for bit what bwip-js makes', () => {
    let checked = 0;
    for (const ec of LEVELS)
      for (let v = 1; v <= 40; v++) {
        // Byte mode filled to capacity: one possible segmentation, no level boost.
        const text = Array.from({ length: qrByteCapacity(v, ec) }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7 + v) % 26]).join('');
        const ours = encodeQr(text, ec, v % 8);
        expect(ours.version, `${ec}${v}`).toBe(v);
        expect(Buffer.from(ours.modules).equals(Buffer.from(bwip(text, ec, v % 8).modules)), `${ec}${v}`).toBe(true);
        checked++;
      }
    expect(checked).toBe(160);
  });

  it('seal-like alphanumeric text: the same symbol as bwip-js, and no worse a penalty than any mask', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALNUM.slice(10)), { minLength: 200, maxLength: 420 }), (chars) => {
        const text = 'SK1:' + chars.join('');
        const ours = encodeQr(text, 'Q');
        expect(Buffer.from(ours.modules).equals(Buffer.from(bwip(text, 'Q', ours.mask).modules))).toBe(true);
        for (let k = 0; k < 8; k++) expect(qrPenalty(ours.size, ours.modules)).toBeLessThanOrEqual(qrPenalty(ours.size, encodeQr(text, 'Q', k).modules));
      }),
      { numRuns: 15 },
    );
  });

  it('zxing reads back numeric, alphanumeric and UTF-8 byte text', async () => {
    const texts = ['3274045708900042', 'SK1:ABC $%*+-./:0123', '471.13/0001/Disdukcapil/XI/2026', 'Zoë Ñuñez — Łukasz 花子', 'x'.repeat(1200)];
    for (const text of texts)
      for (const ec of LEVELS) {
        const q = encodeQr(text, ec);
        expect(await decodeQrImage(await png(q.size, q.modules)), `${ec} ${text.slice(0, 20)}`).toEqual([text]);
      }
  });

  it('a link then a seal: the link in byte mode, the seal alphanumeric, read back whole, smaller than all in bytes', async () => {
    const seal = `SK1:${Array.from({ length: 340 }, (_, i) => ALNUM[(i * 7) % ALNUM.length]).join('')}`;
    const text = `https://dukcapil.cirebonkota.go.id/periksa/#${seal}`;
    const q = encodeQr(text, 'Q');
    expect(await decodeQrImage(await png(q.size, q.modules))).toEqual([text]);
    // One segment of bytes: 8 bits a character; mixed: 11 bits per 2 seal characters.
    const bytesOnly = encodeQr(`${text}\u00e9`, 'Q');
    expect(q.version).toBeLessThan(bytesOnly.version);
    expect(q.version).toBeLessThanOrEqual(15);
  });

  it('refuses text longer than version 40 holds', () => {
    expect(() => encodeQr('a'.repeat(3000), 'Q')).toThrow(RangeError);
  });

  it('penalises long runs, blocks, finder look-alikes and imbalance', () => {
    const size = 21;
    const dark = new Uint8Array(size * size).fill(1);
    const checker = new Uint8Array(size * size).map((_, i) => ((i % size) + Math.floor(i / size)) % 2);
    expect(qrPenalty(size, dark)).toBeGreaterThan(qrPenalty(size, checker));
    expect(qrPenalty(size, checker)).toBe(0);
  });
});
