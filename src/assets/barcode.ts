/**
 * The QR module matrix from bwip-js; drawing it is the drawing stage's job.
 *
 * bwip-js spends most of its time trying all eight masks. We ask it for one
 * mask and pick the best of the eight ourselves: masking is an XOR over the
 * data modules, and the format bits depend only on level and mask, so for
 * any symbol S made with mask 1 and reference symbols R_k of the same
 * version made with mask k, S ^ R_1 ^ R_k is exactly S made with mask k.
 * The references are made once per version. The choice follows the
 * standard's penalty rules, so scanning is as reliable as with the search.
 */
import bwipjs from 'bwip-js';
import { qrPenalty } from './qr-penalty.js';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** size*size, 1 = dark, row by row. */
  modules: Uint8Array;
  /** The mask chosen, 1-8 as bwip-js numbers them. */
  mask: number;
}

export type EcLevel = 'L' | 'M' | 'Q' | 'H';

type RawSymbol = { pixs: number[]; pixx: number; pixy: number };

function encode(text: string, ecLevel: EcLevel, extra: { mask?: number; version?: number }): Uint8Array & { size: number } {
  const opts = { bcid: 'qrcode', text, eclevel: ecLevel, ...(extra.mask ? { mask: extra.mask } : {}), ...(extra.version ? { version: String(extra.version) } : {}) };
  const [sym] = bwipjs.raw(opts as Parameters<typeof bwipjs.raw>[0]) as unknown as RawSymbol[];
  if (!sym || sym.pixx !== sym.pixy) throw new Error('bwip-js returned no square QR symbol');
  return Object.assign(Uint8Array.from(sym.pixs), { size: sym.pixx });
}

const references = new Map<string, Uint8Array[]>();

/** The same (empty) content in one version with each of the eight masks. */
function referencesFor(version: number, ecLevel: EcLevel): Uint8Array[] {
  const key = `${version}${ecLevel}`;
  let refs = references.get(key);
  if (!refs) {
    refs = Array.from({ length: 8 }, (_, k) => encode('0', ecLevel, { mask: k + 1, version }));
    references.set(key, refs);
  }
  return refs;
}

export function qrMatrix(text: string, ecLevel: EcLevel): QrMatrix {
  const s = encode(text, ecLevel, { mask: 1 });
  const size = s.size;
  const refs = referencesFor((size - 17) / 4, ecLevel);
  const base = refs[0]!;
  let best: QrMatrix | undefined;
  let bestScore = Infinity;
  for (let k = 0; k < 8; k++) {
    const ref = refs[k]!;
    const m = new Uint8Array(size * size);
    for (let i = 0; i < m.length; i++) m[i] = s[i]! ^ base[i]! ^ ref[i]!;
    const score = qrPenalty(size, m);
    if (score < bestScore) {
      bestScore = score;
      best = { size, modules: m, mask: k + 1 };
    }
  }
  return best!;
}

/** bwip-js's own search over the eight masks (for tests and the benchmark). */
export function qrMatrixBySearch(text: string, ecLevel: EcLevel): Omit<QrMatrix, 'mask'> {
  const s = encode(text, ecLevel, {});
  return { size: s.size, modules: s };
}
