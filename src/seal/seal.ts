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

/** Length of the seal text for these fields, exactly, without signing (signatures are always 64 bytes). */
export function sealLength(fields: Omit<SealFields, 'version'>, options: SealOptions): number {
  const signer = prepareSigner(options);
  const bytes = sign1(protectedHeader(signer.alg, signer.kid), payloadBytes(fields), new Uint8Array(64));
  return SEAL_PREFIX.length + Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2;
}
