/**
 * A photo cut short is found from its structure alone, before any number:
 * every proper prefix of a JPEG (baseline and progressive, with EXIF), a
 * PNG and a WebP is refused, the whole file and one with data appended after
 * its end (as some cameras add a video) are not.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageIsWhole } from '../src/codecs/image-end.js';
import { sniffImage } from '../src/codecs/sniff.js';
import { samplePortrait } from '../src/sample.js';

const files: Record<string, Uint8Array> = {};

beforeAll(async () => {
  const portrait = sharp(await samplePortrait()).resize(300, 400);
  const noisy = sharp({ create: { width: 200, height: 260, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 50 } } });
  files.baseline = new Uint8Array(await portrait.clone().jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer());
  files.progressive = new Uint8Array(await noisy.clone().jpeg({ progressive: true }).toBuffer());
  files.noisy = new Uint8Array(await noisy.clone().jpeg({ quality: 95 }).toBuffer());
  files.png = new Uint8Array(await portrait.clone().png().toBuffer());
  files.webp = new Uint8Array(await portrait.clone().webp().toBuffer());
});

describe('imageIsWhole', () => {
  it('the whole file, and one with data after its end, are whole', () => {
    for (const [name, b] of Object.entries(files)) {
      const kind = sniffImage(b)!;
      expect(imageIsWhole(b, kind), name).toBe(true);
      const trailing = new Uint8Array([...b, ...new Uint8Array(5000).map((_, i) => (i * 37) & 0xff)]);
      if (kind !== 'webp') expect(imageIsWhole(trailing, kind), `${name} with trailing data`).toBe(true);
    }
  });

  it('every file cut short anywhere is not', () => {
    for (const [name, b] of Object.entries(files)) {
      const kind = sniffImage(b)!;
      fc.assert(
        fc.property(fc.integer({ min: 12, max: b.length - 1 }), (cut) => !imageIsWhole(b.subarray(0, cut), kind)),
        { numRuns: 300, seed: 7 },
      );
      expect(imageIsWhole(b.subarray(0, b.length - 1), kind), name).toBe(false);
    }
  });
});
