import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import LazyUnicodeTrie, { unpackTrie } from '../src/bundle/unicode-trie-lazy.js';

type Trie = { get(codePoint: number): number };
const require = createRequire(import.meta.url);
const RealTrie = require('unicode-trie') as new (packed: Uint8Array) => Trie;

/** The packed tables, as the installed packages ship them (base64 string literals of 500+ characters). */
function packedTables(pkg: string): Uint8Array[] {
  // Each package's ES module build, beside the CommonJS one its main entry names.
  const src = readFileSync(join(dirname(require.resolve(pkg)), 'module.mjs'), 'utf8');
  return [...src.matchAll(/\("([A-Za-z0-9+/=]{500,})"\)/g)].map((m) => new Uint8Array(Buffer.from(m[1]!, 'base64')));
}

const SOURCES: [string, number][] = [
  ['unicode-properties', 1],
  ['fontkit', 3],
  ['linebreak', 1],
];

describe('the stand-in for unicode-trie in the bundle', () => {
  for (const [pkg, count] of SOURCES)
    it(`${pkg}: every code point (and the out-of-range ones) reads as unicode-trie reads it`, () => {
      const tables = packedTables(pkg);
      expect(tables).toHaveLength(count);
      for (const packed of tables) {
        const real = new RealTrie(packed);
        const lazy = new LazyUnicodeTrie(packed);
        const differ: number[] = [];
        for (let cp = -1; cp <= 0x110000; cp++) if (lazy.get(cp) !== real.get(cp)) differ.push(cp);
        expect(differ).toEqual([]);
      }
    });

  it('refuses a table whose length does not match its header, not a silent wrong answer', () => {
    const packed = packedTables('unicode-properties')[0]!.slice();
    new DataView(packed.buffer).setUint32(8, 1234, true);
    expect(() => unpackTrie(packed)).toThrow(/wrong length/);
  });
});
