/**
 * Checking a seal offline. Never throws, whatever the input: every outcome
 * is a verdict, with the decoded fields once they could be read.
 */
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { decodeBase45 } from './base45.js';
import { COSE_ALG, parsePayload, parseSign1, SEAL_PREFIX, toBeSigned, type SealFields } from './cose.js';
import { civilDateIn, parseCivilDate, type CivilDate } from '../dates.js';
import type { SealAlg, SealPublicJwk, TrustList } from './keys.js';

export type SealFailure =
  | 'malformed'
  | 'unknown_key'
  | 'bad_signature'
  | 'key_not_valid'
  | 'revoked'
  | 'not_yet_valid'
  | 'expired';

export type SealVerdict =
  | { valid: true; fields: SealFields; kid: string; alg: SealAlg }
  | { valid: false; reason: SealFailure; message: string; fields?: SealFields; kid?: string };

export interface VerifyOptions {
  trustList: TrustList;
  /** The day of checking, 'YYYY-MM-DD'; default: today in Asia/Jakarta. */
  today?: CivilDate;
  /** Certificate numbers withdrawn one by one. */
  denyList?: Iterable<string>;
}

// A QR code holds at most 4,296 alphanumeric characters; anything longer is not ours.
const MAX_TEXT = 4296;

const keyCache = new WeakMap<SealPublicJwk, KeyObject | null>();

function keyOf(jwk: SealPublicJwk): KeyObject | null {
  if (!keyCache.has(jwk)) {
    let k: KeyObject | null = null;
    try {
      k = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      k = null;
    }
    keyCache.set(jwk, k);
  }
  return keyCache.get(jwk) ?? null;
}

const fail = (reason: SealFailure, message: string, extra: { fields?: SealFields; kid?: string } = {}): SealVerdict => ({
  valid: false,
  reason,
  message,
  ...extra,
});

export function verifySeal(text: unknown, options: VerifyOptions): SealVerdict {
  try {
    return check(text, options);
  } catch {
    // A library bug or exotic input must still read as a verdict.
    return fail('malformed', 'the seal could not be read');
  }
}

function check(text: unknown, options: VerifyOptions): SealVerdict {
  if (typeof text !== 'string' || !text.startsWith(SEAL_PREFIX)) return fail('malformed', `does not start with ${SEAL_PREFIX}`);
  if (text.length > MAX_TEXT) return fail('malformed', 'is longer than any QR code holds');
  const bytes = decodeBase45(text.slice(SEAL_PREFIX.length));
  if (!bytes) return fail('malformed', 'is not valid Base45');
  let cose;
  let fields: SealFields;
  try {
    cose = parseSign1(bytes);
    fields = parsePayload(cose.payload);
  } catch (e) {
    return fail('malformed', e instanceof Error ? `bad CBOR: ${e.message}` : 'bad CBOR');
  }
  const kid = Buffer.from(cose.kid).toString('base64url');
  const alg = (Object.keys(COSE_ALG) as SealAlg[]).find((a) => COSE_ALG[a] === cose.alg);
  if (!alg) return fail('malformed', 'unknown algorithm', { kid });
  const jwk = options.trustList?.keys?.find((k) => k && k.kid === kid && k.alg === alg);
  const key = jwk ? keyOf(jwk) : null;
  if (!jwk || !key) return fail('unknown_key', 'the key is not in the trust list', { kid });
  const data = toBeSigned(cose.protectedBytes, cose.payload);
  const ok =
    cose.signature.length === 64 &&
    (alg === 'ES256'
      ? nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, cose.signature)
      : nodeVerify(null, data, key, cose.signature));
  if (!ok) return fail('bad_signature', 'the signature does not match', { kid });
  if ((jwk.notBefore && fields.issuedAt < jwk.notBefore) || (jwk.notAfter && fields.issuedAt > jwk.notAfter))
    return fail('key_not_valid', "the issue date is outside the key's signing window", { fields, kid });
  for (const n of options.denyList ?? []) if (n === fields.number) return fail('revoked', 'the certificate number is on the deny list', { fields, kid });
  const today = (options.today && parseCivilDate(options.today)) || civilDateIn(new Date(), 'Asia/Jakarta');
  if (fields.issuedAt > today) return fail('not_yet_valid', 'the issue date is after the day of checking', { fields, kid });
  if (fields.validUntil < today) return fail('expired', 'the validity ended before the day of checking', { fields, kid });
  return { valid: true, fields, kid, alg };
}
