/**
 * What a person holds, judged beside its seal: the photo to compare, and
 * whether the PDF is the one signed and prints what is sealed. Shared by
 * `suket verify` and the service's verify route; the reading itself is the
 * reading threads' (read-pool.ts).
 */
import type { SealVerdict } from '../seal/verify.js';
import type { Held } from './read-protocol.js';

export type { Held } from './read-protocol.js';

/**
 * The photo to compare with the sealed digest: a certificate's page holds
 * one JPEG, its photo. None, or more than one, cannot be the sealed photo
 * alone, so the comparison fails (with the reason).
 */
export function photoToCompare(jpegs: Uint8Array[]): { bytes: Uint8Array; note?: string } {
  if (jpegs.length === 1) return { bytes: jpegs[0]! };
  return { bytes: new Uint8Array(0), note: jpegs.length ? `the page holds ${jpegs.length} photos, a certificate one` : 'the page holds no photo' };
}

/**
 * The whole file checked, not only its seal (the photo is compared apart):
 * a PAdES signature must cover the file to its end, and an unsigned file
 * must have the one revision suket writes, since an incremental update can
 * paint another name over the printed one; and the page must print the
 * sealed number, NIK and name, and no other NIK. The verdict for a changed file is INVALID, with the seal's
 * fields still shown.
 * @example const changed = documentProblem(held.document, verdict.fields); // { reason: 'document_changed', message }
 */
export function documentProblem(
  document: Held['document'],
  fields: { number: string; nik: string; name: string } | undefined,
): { reason: 'document_changed' | 'document_mismatch'; message: string } | undefined {
  if (!document) return undefined;
  for (const range of document.signedRanges) {
    const end = range.length === 4 ? range[2]! + range[3]! : 0;
    if (end !== document.length)
      return {
        reason: 'document_changed',
        message: `the file was changed after it was signed: ${Math.max(0, document.length - end)} bytes follow the signed revision (its signature does not cover the whole file)`,
      };
  }
  // Unsigned, suket writes one revision: a later one (an incremental update) may draw anything over the page.
  if (document.signedRanges.length === 0 && document.revisions > 1)
    return { reason: 'document_changed', message: `the file was changed after it was made: it has ${document.revisions} revisions, and suket writes one` };
  if (!fields) return undefined;
  const page = document.text.normalize('NFC').toUpperCase().replace(/\s+/g, ' ');
  const missing = (['number', 'nik', 'name'] as const).filter((k) => !page.includes(fields[k].toUpperCase().replace(/\s+/g, ' ')));
  if (missing.length) return { reason: 'document_mismatch', message: `the page does not print the sealed ${missing.join(', ')}` };
  const others = (page.match(/(?<!\d)\d{16}(?!\d)/g) ?? []).filter((n) => n !== fields.nik);
  if (others.length) return { reason: 'document_mismatch', message: 'the page prints a NIK other than the sealed one' };
  return undefined;
}

/**
 * The seal's verdict, made INVALID when the PDF it came from was changed or
 * prints other data (`documentProblem`); the fields stay, so the person sees
 * what the seal says.
 */
export function withDocument(verdict: SealVerdict, document: Held['document']): SealVerdict {
  const problem = documentProblem(document, verdict.fields);
  if (!problem || (!verdict.valid && verdict.reason !== 'photo_mismatch')) return verdict;
  const { fields, kid, photo, lists } = verdict;
  return {
    valid: false,
    ...problem,
    ...(fields ? { fields } : {}),
    ...(kid ? { kid } : {}),
    ...(photo ? { photo } : {}),
    ...(lists ? { lists } : {}),
  };
}
