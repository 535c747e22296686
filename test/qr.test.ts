import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import bwipjs from 'bwip-js';
import { qrMatrix, qrMatrixBySearch } from '../src/assets/barcode.js';
import { qrPenalty } from '../src/assets/qr-penalty.js';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const sealLike = fc.array(fc.constantFrom(...ALNUM), { minLength: 250, maxLength: 420 }).map((a) => 'SK1:' + a.join(''));

describe('QR mask choice', () => {
  it('gives exactly the symbol bwip-js makes with the chosen mask, and no worse a penalty than its search', () => {
    fc.assert(
      fc.property(sealLike, (text) => {
        const ours = qrMatrix(text, 'Q');
        const [forced] = bwipjs.raw({ bcid: 'qrcode', text, eclevel: 'Q', mask: ours.mask } as Parameters<typeof bwipjs.raw>[0]) as unknown as Array<{ pixs: number[] }>;
        expect(Buffer.from(ours.modules).equals(Buffer.from(forced!.pixs))).toBe(true);
        const search = qrMatrixBySearch(text, 'Q');
        expect(qrPenalty(ours.size, ours.modules)).toBeLessThanOrEqual(qrPenalty(search.size, search.modules));
      }),
      { numRuns: 12 },
    );
  });

  it('penalises long runs, blocks, finder look-alikes and imbalance', () => {
    const size = 21;
    const dark = new Uint8Array(size * size).fill(1);
    const checker = new Uint8Array(size * size).map((_, i) => ((i % size) + Math.floor(i / size)) % 2);
    expect(qrPenalty(size, dark)).toBeGreaterThan(qrPenalty(size, checker));
    expect(qrPenalty(size, checker)).toBe(0);
  });
});
