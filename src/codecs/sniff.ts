/**
 * What an image file is, from its first bytes, before any decoder sees it:
 * SVG (which can name external files), TIFF, HEIC, GIF and the rest never
 * reach sharp.
 */
export type ImageKind = 'jpeg' | 'png' | 'webp';

export function sniffImage(b: Uint8Array): ImageKind | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'png';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'webp';
  return undefined;
}
