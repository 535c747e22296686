/**
 * The build's stand-ins for modules it swaps (tsup.config.ts; that each swap
 * applied is checked after every build, test/build-swaps.test.ts): what
 * each does when it is reached. The Unicode tries have their own test.
 */
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import lazyDecompress from '../src/bundle/brotli-lazy.js';
import { cbc, ecb } from '../src/bundle/no-pdf-encryption.js';

describe('the stand-ins', () => {
  it("brotli, loaded on first use from fontkit's own copy, decodes what Node's brotli encodes", () => {
    const text = Buffer.from('Surat keterangan pengganti KTP-el. '.repeat(200));
    const packed = brotliCompressSync(text);
    expect(packed.length).toBeLessThan(text.length / 10);
    expect(Buffer.from(lazyDecompress(packed)).equals(text)).toBe(true);
    expect(Buffer.from(lazyDecompress(packed, text.length)).equals(text)).toBe(true);
  });

  it("pdfkit's AES refuses, saying why: suket never encrypts a certificate", () => {
    for (const mode of [cbc, ecb]) expect(() => mode()).toThrow('PDF encryption is not part of suket (a certificate is public; PDF/A forbids encryption)');
  });
});
