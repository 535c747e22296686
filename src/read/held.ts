/**
 * What a person holds, as bytes: a PDF (its first page's QR codes and the
 * JPEG images on it) or a picture of the paper. Shared by `suket verify`
 * and the service's verify route.
 */
import { SuketError } from '../errors.js';
import { sniffImage } from '../assets/sniff.js';
import { readPdf, scanImage } from './scan.js';

export interface Held {
  /** The texts of every QR code found. */
  texts: string[];
  /** The JPEG images on a PDF's page (a certificate's photo is one); absent for a picture. */
  jpegs?: Uint8Array[];
}

/**
 * Reads the QR codes of a PDF or a picture of the paper.
 * @throws SuketError INVALID_INPUT (`input`) for bytes that are neither a PDF nor a PNG, JPEG or WebP picture, or a PDF that cannot be rendered within the limits.
 * @example const { texts } = await readHeld(await readFile('foto-surat.jpg'), 10_000);
 */
export async function readHeld(bytes: Uint8Array, timeoutMs: number): Promise<Held> {
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') {
    const pdf = await readPdf(bytes, 200, timeoutMs);
    return { texts: await scanImage(pdf.png), jpegs: pdf.jpegs };
  }
  if (sniffImage(bytes)) return { texts: await scanImage(bytes) };
  throw new SuketError('INVALID_INPUT', [
    { path: 'input', code: 'format', message: 'is not seal text (SK1:...), a PDF, or a PNG, JPEG or WebP picture of the paper' },
  ]);
}

/**
 * The photo to compare with the sealed digest: a certificate's page holds
 * one JPEG, its photo. None, or more than one, cannot be the sealed photo
 * alone, so the comparison fails (with the reason).
 */
export function photoToCompare(jpegs: Uint8Array[]): { bytes: Uint8Array; note?: string } {
  if (jpegs.length === 1) return { bytes: jpegs[0]! };
  return { bytes: new Uint8Array(0), note: jpegs.length ? `the page holds ${jpegs.length} photos, a certificate one` : 'the page holds no photo' };
}
