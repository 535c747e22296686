/**
 * Stands in for `unicode-trie` in the bundled build (see tsup.config.ts).
 * fontkit, unicode-properties and linebreak build their Unicode tables as
 * they load: five tables, each stored deflated twice and inflated by a
 * JavaScript inflater that runs cold at start-up (about 40 ms of CPU in a
 * fresh process). Here a table is unpacked on its first lookup, with
 * Node's zlib, into unicode-trie's own class; the tables for Arabic, Indic
 * and the other complex scripts, and pdfkit's line breaking (suket breaks
 * its own lines), are never unpacked for a Latin certificate.
 */
import { endianness } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import { requireFromFontkit } from './fontkit-require.js';

interface Trie {
  get(codePoint: number): number;
}
type TrieClass = new (packed: Uint8Array | { data: Uint32Array; highStart: number; errorValue: number }) => Trie;

let RealTrie: TrieClass | undefined;

/** unicode-trie itself, from fontkit's install. */
function realTrie(): TrieClass {
  RealTrie ??= requireFromFontkit('unicode-trie') as TrieClass;
  return RealTrie;
}

/**
 * The packed form: highStart, errorValue and the unpacked length (three
 * little-endian uint32), then the table as raw deflate, deflated twice.
 */
export function unpackTrie(packed: Uint8Array): Trie {
  const Real = realTrie();
  if (endianness() !== 'LE') return new Real(packed);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const inner = inflateRawSync(packed.subarray(12));
  const bytes = inflateRawSync(inner);
  if (bytes.byteLength !== view.getUint32(8, true) || bytes.byteLength % 4) throw new Error('unicode-trie: a packed table has the wrong length');
  // A fresh, aligned copy: the table lives as long as the process.
  const data = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(data.buffer).set(bytes);
  return new Real({ data, highStart: view.getUint32(0, true), errorValue: view.getUint32(4, true) });
}

/** A table unpacked on its first lookup. */
export default class LazyUnicodeTrie implements Trie {
  #packed: Uint8Array | undefined;
  #trie: Trie | undefined;

  constructor(packed: Uint8Array) {
    this.#packed = packed;
  }

  get(codePoint: number): number {
    if (!this.#trie) {
      this.#trie = unpackTrie(this.#packed!);
      this.#packed = undefined;
    }
    return this.#trie.get(codePoint);
  }
}
