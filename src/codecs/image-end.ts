/**
 * Whether an image file reaches its own end, read from its structure alone
 * (no pixel decoded): a JPEG's markers and scans up to its end marker, a
 * PNG's chunks up to IEND, a WebP's RIFF length. A file cut short, by an
 * interrupted copy or upload, is the commonest damage, and this finds it in
 * a thread that does not decode (a batch's main thread) and before a
 * register gives a number. Data after the end (some cameras append a video)
 * is left alone.
 */
import type { ImageKind } from './sniff.js';

/**
 * True when the file's structure runs to its end marker.
 * @example imageIsWhole(jpegBytes.subarray(0, 1000), 'jpeg') // false: cut short
 */
export function imageIsWhole(b: Uint8Array, kind: ImageKind): boolean {
  if (kind === 'jpeg') return jpegIsWhole(b);
  if (kind === 'png') return pngIsWhole(b);
  // RIFF: the chunk's length (little-endian) after its 8-byte header.
  return b.length >= 12 && b.length >= (8 + (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24))) >>> 0;
}

/** In a scan, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker: anything else is the next marker. */
const inScan = (next: number) => next === 0x00 || (next >= 0xd0 && next <= 0xd7);

/** Marker segments and scans from the start marker to the end marker (EOI). */
function jpegIsWhole(b: Uint8Array): boolean {
  for (let at = 2; at + 2 <= b.length; ) {
    if (b[at] !== 0xff) return false;
    const marker = b[at + 1]!;
    if (marker === 0xff)
      at += 1; // a fill byte before a marker
    else if (marker === 0xd9) return true;
    else if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) at += 2;
    else {
      if (at + 4 > b.length) return false;
      const length = (b[at + 2]! << 8) | b[at + 3]!;
      if (length < 2 || at + 2 + length > b.length) return false;
      at += 2 + length;
      if (marker === 0xda) at = scanEnd(b, at);
      if (at < 0) return false;
    }
  }
  return false;
}

/** Where a scan's entropy-coded data ends (the next marker), or -1 when the file ends inside it. */
function scanEnd(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(0xff, from); i >= 0 && i + 1 < b.length; i = b.indexOf(0xff, i + 1)) if (!inScan(b[i + 1]!)) return i;
  return -1;
}

/** Chunks (length, type, data, CRC) from the signature to IEND. */
function pngIsWhole(b: Uint8Array): boolean {
  for (let at = 8; at + 8 <= b.length; ) {
    const length = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
    const next = at + 12 + length;
    if (next > b.length) return false;
    if (type === 'IEND') return true;
    at = next;
  }
  return false;
}
