/** Making a seal: payload, COSE_Sign1, Base45, 'SK1:'. */
import { encodeBase45 } from './base45.js';
import { payloadBytes, protectedHeader, SEAL_PREFIX, sign1, toBeSigned, type SealFields } from './cose.js';
import { prepareSigner, type SealOptions } from './keys.js';

/** Signs the fields and returns the barcode text. */
export async function createSeal(fields: Omit<SealFields, 'version'>, options: SealOptions): Promise<string> {
  const signer = prepareSigner(options);
  const payload = payloadBytes(fields);
  const prot = protectedHeader(signer.alg, signer.kid);
  const signature = await signer.sign(toBeSigned(prot, payload));
  return SEAL_PREFIX + encodeBase45(sign1(prot, payload, signature));
}

/** Alphanumeric characters QR version 13 holds at level Q (69 x 69 modules, seal.md). */
export const SEAL_V13Q_CHARS = 352;

/**
 * The seal for a certificate: with the photo hash (key 11, optional in v1)
 * when the result still fits QR version 13-Q, without it otherwise, so long
 * names keep the code at the size seal.md plans for.
 */
export async function createCertificateSeal(fields: Omit<SealFields, 'version'>, options: SealOptions): Promise<string> {
  const text = await createSeal(fields, options);
  if (text.length <= SEAL_V13Q_CHARS || !fields.photoHash) return text;
  const { photoHash: _dropped, ...rest } = fields;
  return createSeal(rest, options);
}
