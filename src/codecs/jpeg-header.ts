/**
 * What a JPEG's markers say before any pixel is decoded: whether it can go
 * into the PDF as it is (the usual recording-station photo, already the
 * box's size). Only the header is read; the pixels are still decoded once
 * to prove the file whole.
 */

export interface PlainJpeg {
  width: number;
  height: number;
}

/** A baseline JPEG needs no transform beyond JFIF: no EXIF, ICC, XMP, Adobe or comment segments. */
const ALLOWED = new Set([0xe0 /* APP0 JFIF */, 0xdb /* DQT */, 0xc4 /* DHT */, 0xdd /* DRI */, 0xc0 /* SOF0 baseline */]);

/**
 * The size of a plain baseline 3-component JPEG with no metadata, or
 * undefined for any other file.
 * @example plainJpeg(bytes) // { width: 354, height: 472 }
 */
export function plainJpeg(b: Uint8Array): PlainJpeg | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return undefined;
  let size: PlainJpeg | undefined;
  for (let at = 2; at + 4 <= b.length; ) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    // Start of scan: the header is over; nothing may follow the image's end (0xFF is stuffed in the scan, so the first end marker is the end).
    if (marker === 0xda) return size && firstEnd(b, at) === b.length - 2 ? size : undefined;
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (!ALLOWED.has(marker) || length < 2 || at + 2 + length > b.length) return undefined;
    if (marker === 0xe0 && String.fromCharCode(...b.subarray(at + 4, at + 9)) !== 'JFIF\0') return undefined;
    if (marker === 0xc0) {
      const s = at + 4;
      if (b[s] !== 8 || b[s + 5] !== 3) return undefined; // 8 bits, Y Cb Cr
      size = { height: (b[s + 1]! << 8) | b[s + 2]!, width: (b[s + 3]! << 8) | b[s + 4]! };
    }
    at += 2 + length;
  }
  return undefined;
}

function firstEnd(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(0xff, from + 2); i >= 0 && i + 1 < b.length; i = b.indexOf(0xff, i + 1)) if (b[i + 1] === 0xd9) return i;
  return -1;
}
