/**
 * The assets a page needs, planned from the template: the photo (prepared
 * by sharp off the main thread), the barcode (a signed seal or plain text)
 * and the logo. What layout needs early (the QR code's size, whether there
 * is a photo) is known at once; the photo's pixels and the QR modules
 * follow as `late`, so layout and drawing overlap with preparing them.
 */
import { createHash } from 'node:crypto';
import { SuketError, type Issue } from '../../errors.js';
import { renderText, type DataContext } from '../../template/placeholders.js';
import type { LoadedTemplate } from '../../template/load.js';
import type { Issuance } from '../../validate/issuance.js';
import type { Resident } from '../../validate/resident.js';
import { createSeal, sealLength } from '../../seal/seal.js';
import { LINK_PREFIX, SEAL_PREFIX, sealLink } from '../../seal/link.js';
import { DIGEST_PLACEHOLDER, includePhotoDigest, sealFieldsOf } from '../../seal/fields.js';
import type { SealOptions } from '../../seal/keys.js';
import { prepareLogo } from './image.js';
import { photoBytes, photoPixels, preparePhoto, type PreparedPhoto } from './photo.js';
import { encodeQr, qrSize, qrSizeForAlphanumeric, type EcLevel } from '../../codecs/qr.js';

export type { LateAssets, LayoutAssets, PlannedAssets } from './types.js';
import type { LayoutAssets, PlannedAssets } from './types.js';

const LOW_RESOLUTION: Issue = {
  path: 'photo',
  code: 'photo_low_resolution',
  message: 'has fewer pixels than the photo box needs at 300 dpi (354 x 472 for 30 x 40 mm) and prints blurred',
};

const photoBoxOf = (t: LoadedTemplate) => t.definition.elements.find((e) => e.type === 'photo');
const barcodeOf = (t: LoadedTemplate) => t.definition.elements.find((e) => e.type === 'barcode');

/** Whether the template prints a photo (then the resident must have one). */
export const needsPhoto = (t: LoadedTemplate): boolean => photoBoxOf(t) !== undefined;

/** The template's photo box in pixels at 300 dpi, or undefined when it prints no photo. */
export function photoBoxPixels(t: LoadedTemplate): { width: number; height: number } | undefined {
  const box = photoBoxOf(t);
  return box ? { width: photoPixels(box.w), height: photoPixels(box.h) } : undefined;
}

const quiet = <T>(p: Promise<T>): Promise<T> => {
  // Until someone awaits it, a failure must not count as unhandled.
  p.catch(() => {});
  return p;
};

/**
 * Plans and starts preparing every asset of one certificate; a photo
 * prepared already (before the register gave the number) is used as it is.
 */
export async function planAssets(
  template: LoadedTemplate,
  resident: Resident,
  issuance: Issuance,
  data: DataContext,
  seal: SealOptions | undefined,
  draft = false,
  prepared?: PreparedPhoto,
): Promise<PlannedAssets> {
  const box = photoBoxPixels(template);
  const pixels = box && resident.photo !== undefined ? box : false;
  const photo = !pixels
    ? undefined
    : prepared && prepared.width === pixels.width && prepared.height === pixels.height
      ? Promise.resolve(prepared)
      : quiet(photoBytes(resident.photo!).then((b) => preparePhoto(b, pixels.width, pixels.height)));
  const logo = await prepareLogo(issuance.office.logo);
  const barcodeEl = barcodeOf(template);
  const ec = (barcodeEl?.ecLevel ?? 'Q') as EcLevel;
  const barcode = !barcodeEl ? undefined : draft ? planDraftBarcode(ec) : planBarcode(template, barcodeEl.text, ec, resident, issuance, data, seal, photo);
  const barcodeText = quiet(barcode?.text ?? Promise.resolve(''));
  const late = quiet(
    Promise.all([photo, barcodeText]).then(([p, text]) => ({
      ...(p ? { photo: { jpeg: p.jpeg, width: p.width, height: p.height } } : {}),
      ...(barcodeEl ? { qr: encodeQr(text, ec) } : {}),
      fileId: fileIdOf(data, text, p),
    })),
  );
  return {
    layout: { photo: pixels, ...(barcode ? { barcode: barcode.layout } : {}), ...(logo ? { logo } : {}), ...(draft ? { draft } : {}) },
    late,
    barcodeText,
    warnings: quiet(photo ? photo.then((p) => (p.lowResolution ? [LOW_RESOLUTION] : [])) : Promise.resolve([])),
  };
}

/** The QR version a seal behind the verifier page's link is planned to stay within (at level Q). */
const LINKED_MAX_VERSION = 15;

/** What a draft's code says to any QR reader: that it is a draft and holds nothing to check. */
export const DRAFT_BARCODE_TEXT = 'KONSEP SURAT KETERANGAN - BELUM DISETUJUI, TIDAK BERNOMOR, TIDAK BERSEGEL, TIDAK BERLAKU';

function planDraftBarcode(ec: EcLevel): { layout: NonNullable<LayoutAssets['barcode']>; text: Promise<string> } {
  return {
    layout: { size: sizeOrFail(() => qrSize(DRAFT_BARCODE_TEXT, ec)), sealed: false, linked: false, draft: true },
    text: Promise.resolve(DRAFT_BARCODE_TEXT),
  };
}

function planBarcode(
  template: LoadedTemplate,
  textSource: string | undefined,
  ec: EcLevel,
  resident: Resident,
  issuance: Issuance,
  data: DataContext,
  seal: SealOptions | undefined,
  photo: Promise<PreparedPhoto> | undefined,
): { layout: NonNullable<LayoutAssets['barcode']>; text: Promise<string> } {
  if (!seal) {
    const text = renderText(template.texts.get(textSource ?? '{{issuance.number}}')!, data);
    return { layout: { size: sizeOrFail(() => qrSize(text, ec)), sealed: false, linked: false, draft: false }, text: Promise.resolve(text) };
  }
  // The seal's length, and so the code's size, is known before signing: a signature is always 64 bytes.
  const fields = sealFieldsOf(resident, issuance);
  // With the office's verifier page, the code is its link with the seal in the fragment (docs/seal-v1.md section 1).
  const url = issuance.verifyUrl;
  const withPlaceholder = { ...fields, photoHash: DIGEST_PLACEHOLDER };
  // The link is exactly as long as the seal, one character more for its prefix (docs/seal-v1.md section 1).
  const linkText = (n: number) => `${url}#${'A'.repeat(n + LINK_PREFIX.length - SEAL_PREFIX.length)}`;
  const lengthWithDigest = sealLength(withPlaceholder, seal);
  // The photo digest goes in while the code stays at its planned size: 13-Q for the seal alone, 15-Q with a link.
  const withDigest = url
    ? photo !== undefined && qrSize(linkText(lengthWithDigest), 'Q') <= 17 + 4 * LINKED_MAX_VERSION
    : includePhotoDigest(photo !== undefined, lengthWithDigest);
  const length = withDigest ? lengthWithDigest : sealLength(fields, seal);
  const signed = withDigest ? photo!.then((p) => createSeal({ ...fields, photoHash: p.hash }, seal)) : createSeal(fields, seal);
  const size = sizeOrFail(() => (url ? qrSize(linkText(length), ec) : qrSizeForAlphanumeric(length, ec)));
  return { layout: { size, sealed: true, linked: Boolean(url), draft: false }, text: url ? signed.then((s) => sealLink(url, s)) : signed };
}

function sizeOrFail(size: () => number): number {
  try {
    return size();
  } catch {
    throw new SuketError('RENDER_FAILED', [{ path: 'seal', code: 'seal_size', message: 'the barcode text does not fit in a QR code' }]);
  }
}

/** Two certificates share a file identifier only when they print the same. */
function fileIdOf(data: DataContext, barcodeText: string, photo: PreparedPhoto | undefined): Uint8Array {
  const h = createHash('sha256')
    .update(JSON.stringify(data))
    .update('\0')
    .update(barcodeText)
    .update('\0')
    .update(photo?.hash ?? '');
  return new Uint8Array(h.digest().subarray(0, 16));
}
