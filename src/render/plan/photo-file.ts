/**
 * A photo file checked without decoding it, for a thread that must not load
 * sharp (a batch's main thread, which takes the numbers): there, readable,
 * within the size limit, a JPEG, PNG or WebP by its first bytes, and whole
 * to its end marker.
 */
import { isSuketError, type Issue } from '../../errors.js';
import { readLimitedFile } from '../../io/files.js';
import { imageIsWhole } from '../../codecs/image-end.js';
import { sniffImage } from '../../codecs/sniff.js';

export const PHOTO_LIMITS = {
  /** A recording-station JPEG is well under this. */
  maxBytes: 15 * 1024 * 1024,
  /** Decompression bombs stop here (sharp checks before decoding pixels). */
  maxPixels: 40_000_000,
  minSide: 100,
} as const;

/**
 * Why a photo file cannot be printed, as far as its bytes tell without
 * decoding (undefined when they tell nothing against it).
 * @example await photoFileProblem('foto/3274045708900042.jpg') // undefined, or { path: 'photo', code: 'photo_format', ... }
 */
export async function photoFileProblem(file: string, path = 'photo'): Promise<Issue | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readLimitedFile(file, { maxBytes: PHOTO_LIMITS.maxBytes, path, tooLarge: { error: 'INVALID_PHOTO', code: 'photo_too_large' } });
  } catch (e) {
    if (isSuketError(e)) return e.issues[0];
    throw e;
  }
  return photoBytesProblem(bytes, path);
}

/** The same, for bytes in hand: empty, not JPEG, PNG or WebP by its first bytes, or cut short before its end. */
export function photoBytesProblem(bytes: Uint8Array, path = 'photo'): Issue | undefined {
  if (bytes.length === 0) return { path, code: 'photo_corrupt', message: 'is empty' };
  const kind = sniffImage(bytes);
  if (!kind) return { path, code: 'photo_format', message: 'is not a JPEG, PNG or WebP image' };
  if (!imageIsWhole(bytes, kind)) return { path, code: 'photo_corrupt', message: 'is cut short (an interrupted copy or upload): send the whole file' };
  return undefined;
}
