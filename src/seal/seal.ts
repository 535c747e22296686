/** Making a seal: payload, COSE_Sign1, Base45, 'SK1:'. */
import { base45Length, encodeBase45 } from './base45.js';
import { payloadBytes, protectedHeader, SEAL_PREFIX, sign1, toBeSigned } from './cose.js';
import { checkSealInput, type SealInput } from './fields.js';
import { SuketError } from '../errors.js';
import { prepareSealSigner, signingWindowIssue, type SealOptions } from './keys.js';

/**
 * Signs the fields and returns the barcode text ('SK1:...'). The same
 * fields and key give the same text (RFC 6979 for ES256).
 * @throws SuketError INVALID_INPUT (`fields.sex`, `fields.photoHash`, ...) for fields the seal cannot carry as given; INVALID_KEY for an unreadable key, or `key_not_valid` when the options' window (notBefore/notAfter) does not cover the issue date.
 * @example
 * const { privateKeyPem } = generateSealKeys();
 * const text = await createSeal({ number: '471.13/0001/XI/2026', nik: '3274045708900042', name: 'SEKAR AYU LARASATI',
 *   birthPlace: 'CIREBON', birthDate: '1990-08-17', sex: 'PEREMPUAN', officeCode: '3274',
 *   issuedAt: '2026-11-30', validUntil: '2027-05-30' }, { privateKey: privateKeyPem });
 */
export async function createSeal(fields: SealInput, options: SealOptions): Promise<string> {
  const checked = checkSealInput(fields);
  const outside = options && typeof options === 'object' ? signingWindowIssue(options, checked.issuedAt) : undefined;
  if (outside) throw new SuketError('INVALID_KEY', [outside]);
  const signer = prepareSealSigner(options);
  const payload = payloadBytes(checked);
  const prot = protectedHeader(signer.alg, signer.kid);
  const signature = await signer.sign(toBeSigned(prot, payload));
  return SEAL_PREFIX + encodeBase45(sign1(prot, payload, signature));
}

/** Length of the seal text for these (checked) fields, exactly, without signing (signatures are always 64 bytes). */
export function sealLength(fields: SealInput, options: SealOptions): number {
  const signer = prepareSealSigner(options);
  const bytes = sign1(protectedHeader(signer.alg, signer.kid), payloadBytes(fields), new Uint8Array(64));
  return SEAL_PREFIX.length + base45Length(bytes.length);
}
