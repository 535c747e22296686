/**
 * The pass photo: checked deeply, then cropped to the box, sized for 300 dpi,
 * sRGB, flattened on white, stripped of metadata and embedded as JPEG.
 */
import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { SuketError, type IssueCode } from '../../errors.js';
import { plainJpeg, type PlainJpeg } from '../../codecs/jpeg-header.js';
import { sniffImage, type ImageKind } from '../../codecs/sniff.js';
import { readLimitedFile } from '../../io/files.js';
import { PHOTO_LIMITS, photoBytesProblem } from './photo-file.js';

export { PHOTO_LIMITS };

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

export interface PreparedPhoto {
  jpeg: Uint8Array;
  width: number;
  height: number;
  /** Hex of the first 16 bytes of SHA-256 of the JPEG as embedded (seal key 11). */
  hash: string;
  /** The source had to be enlarged by more than a third to fill the box: it prints blurred. */
  lowResolution: boolean;
}

/** Enlarging by more than this blurs the print visibly (below about 225 dpi). */
const MAX_UPSCALE = 4 / 3;

const photoError = (path: string, code: IssueCode, message: string) => new SuketError('INVALID_PHOTO', [{ path, code, message }]);

/** The photo's bytes: given, or read from a path (a regular file within the size limit). */
export function photoBytes(source: Uint8Array | string, path = 'photo'): Promise<Uint8Array> {
  if (typeof source !== 'string') return Promise.resolve(source);
  return readLimitedFile(source, { maxBytes: PHOTO_LIMITS.maxBytes, path, tooLarge: { error: 'INVALID_PHOTO', code: 'photo_too_large' } });
}

/** Pixels of the photo box at 300 dpi for a box in mm. */
export const photoPixels = (mm: number): number => Math.round((mm / 25.4) * 300);

/** Decoded whole without so much as a warning (a truncated scan is only a warning to libjpeg). */
async function decodesCleanly(bytes: Uint8Array): Promise<boolean> {
  try {
    await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'warning' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

/**
 * The usual recording-station photo, already a plain baseline JPEG of the
 * box's size with no metadata that decodes cleanly, goes into the PDF as it
 * is: no second lossy encoding, and the seal's digest is of the office's
 * own file. Any other photo takes the full path below.
 */
function passedThrough(bytes: Uint8Array, size: PlainJpeg): PreparedPhoto {
  const hash = createHash('sha256').update(bytes).digest().subarray(0, 16).toString('hex');
  return { jpeg: bytes, width: size.width, height: size.height, hash, lowResolution: false };
}

/** What the photo's first bytes say it is; throws when it is no photo at all (empty, too large, another format). */
function photoKind(bytes: Uint8Array, path: string): ImageKind {
  if (bytes.length === 0) throw photoError(path, 'photo_corrupt', 'is empty');
  if (bytes.length > PHOTO_LIMITS.maxBytes) throw photoError(path, 'photo_too_large', `is larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`);
  const kind = sniffImage(bytes);
  if (!kind) throw photoError(path, 'photo_format', 'is not a JPEG, PNG or WebP image');
  return kind;
}

/** Reads the header only (no pixels are decoded, so the size check sees bombs first) and checks format, frames and size. */
async function photoHeader(bytes: Uint8Array, kind: ImageKind, path: string): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw photoError(path, 'photo_format', 'is not a JPEG, PNG or WebP image');
  }
  if (!meta.format || !ACCEPTED.has(meta.format) || meta.format !== kind) throw photoError(path, 'photo_format', 'must be a JPEG, PNG or WebP image');
  if ((meta.pages ?? 1) > 1) throw photoError(path, 'photo_format', 'must be a still image, not an animation');
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > PHOTO_LIMITS.maxPixels) throw photoError(path, 'photo_too_large', `has more than ${PHOTO_LIMITS.maxPixels / 1e6} megapixels`);
  if (Math.min(w, h) < PHOTO_LIMITS.minSide) throw photoError(path, 'photo_too_small', `must be at least ${PHOTO_LIMITS.minSide} pixels on each side`);
  return meta;
}

/**
 * What `preparePhoto` refuses from the file's bytes and header: empty, too
 * large, not JPEG, PNG or WebP, cut short before its end marker, animated,
 * too many or too few pixels. No pixel is decoded (about a quarter of a
 * millisecond), so a register can check it before it gives a number
 * wherever the photo is printed; damage inside a whole file is found when
 * the photo is prepared.
 * @throws SuketError INVALID_PHOTO as `preparePhoto`.
 */
export async function checkPhotoHeader(bytes: Uint8Array, path = 'photo'): Promise<void> {
  const kind = photoKind(bytes, path);
  const cut = photoBytesProblem(bytes, path);
  if (cut) throw new SuketError('INVALID_PHOTO', [cut]);
  await photoHeader(bytes, kind, path);
}

/** `width` x `height` in pixels, the box at 300 dpi. */
export async function preparePhoto(bytes: Uint8Array, width: number, height: number, path = 'photo'): Promise<PreparedPhoto> {
  const kind = photoKind(bytes, path);
  const plain = plainJpeg(bytes);
  if (plain && plain.width === width && plain.height === height && (await decodesCleanly(bytes))) return passedThrough(bytes, plain);
  // Header and pixels are read at once, both on sharp's threads: awaiting the
  // header first would start the pixels only when the main thread, busy
  // laying out the page, next looks at its callbacks (measured: photo and
  // layout then ran one after the other). The pixels' result is used only
  // once the header has passed every check; the pipeline has its own pixel
  // limit, so a bomb is refused there too.
  const pixels = sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' })
    .autoOrient()
    // A pass photo has the face in the upper half: crop from the top.
    .resize(width, height, { fit: 'cover', position: 'north', fastShrinkOnLoad: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 85, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true });
  pixels.catch(() => {});
  const meta = await photoHeader(bytes, kind, path);
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  try {
    const { data, info } = await pixels;
    const jpeg = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const hash = createHash('sha256').update(jpeg).digest().subarray(0, 16).toString('hex');
    const oriented = (meta.orientation ?? 1) >= 5 ? { w: h, h: w } : { w, h };
    const upscale = Math.max(width / oriented.w, height / oriented.h);
    return { jpeg, width: info.width, height: info.height, hash, lowResolution: upscale > MAX_UPSCALE };
  } catch {
    throw photoError(path, 'photo_corrupt', 'could not be decoded (truncated or damaged)');
  }
}
