/**
 * Images that are not the photo: template pictures and the office logo,
 * normalised once to a small PNG and cached by their content.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { SuketError } from '../../errors.js';
import { readLimitedFile } from '../../io/files.js';
import { sniffImage } from '../../codecs/sniff.js';

export const IMAGE_LIMITS = Object.freeze({ maxBytes: 4 * 1024 * 1024, maxPixels: 25_000_000, maxSide: 800 });

/** Normalises a PNG or JPEG to an opaque PNG of at most 800 px a side; null if it is not one (by its bytes). */
export async function normaliseImage(bytes: Uint8Array): Promise<Uint8Array | null> {
  const kind = sniffImage(bytes);
  if (kind !== 'png' && kind !== 'jpeg') return null;
  try {
    const img = sharp(bytes, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'error' });
    const meta = await img.metadata();
    if (meta.format !== kind) return null;
    const out = await img
      .autoOrient()
      .resize(IMAGE_LIMITS.maxSide, IMAGE_LIMITS.maxSide, { fit: 'inside', withoutEnlargement: true })
      // Flattened on white, as it prints: pdfkit splits a PNG's alpha channel with an
      // asynchronous inflate, which placed the logo's objects in the file by timing.
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 9 })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    return null;
  }
}

export { pngSize } from '../../codecs/png.js';

const LOGO_CACHE_MAX = 32;
const logos = new Map<string, Uint8Array>();

/**
 * The office logo (bytes or a path) as a normalised PNG, cached by content.
 * @throws SuketError IO_FAILED or INVALID_PHOTO, path `issuance.office.logo`.
 */
export async function prepareLogo(source: Uint8Array | string | undefined): Promise<Uint8Array | undefined> {
  if (source === undefined) return undefined;
  const path = 'issuance.office.logo';
  const bytes = typeof source === 'string' ? await readLimitedFile(source, { maxBytes: IMAGE_LIMITS.maxBytes, path }) : source;
  if (bytes.length > IMAGE_LIMITS.maxBytes)
    throw new SuketError('INVALID_PHOTO', [{ path, code: 'photo_too_large', message: `is larger than ${IMAGE_LIMITS.maxBytes / 1024 / 1024} MB` }]);
  const key = createHash('sha256').update(bytes).digest('hex');
  const hit = logos.get(key);
  if (hit) return hit;
  const png = await normaliseImage(bytes);
  if (!png) throw new SuketError('INVALID_PHOTO', [{ path, code: 'photo_format', message: 'must be a PNG or JPEG image of at most 25 megapixels' }]);
  if (logos.size >= LOGO_CACHE_MAX) logos.delete(logos.keys().next().value!);
  logos.set(key, png);
  return png;
}
