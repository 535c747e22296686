/** The QR module matrix from bwip-js; drawing it is the drawing stage's job. */
import bwipjs from 'bwip-js';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** size*size, 1 = dark, row by row. */
  modules: Uint8Array;
}

export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export function qrMatrix(text: string, ecLevel: EcLevel): QrMatrix {
  const [sym] = bwipjs.raw({ bcid: 'qrcode', text, eclevel: ecLevel } as Parameters<typeof bwipjs.raw>[0]) as unknown as Array<{
    pixs: number[];
    pixx: number;
    pixy: number;
  }>;
  if (!sym || sym.pixx !== sym.pixy) throw new Error('bwip-js returned no square QR symbol');
  return { size: sym.pixx, modules: Uint8Array.from(sym.pixs) };
}
