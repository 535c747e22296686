/**
 * Checking a seal offline. Whatever the seal text, the answer is a verdict,
 * with the decoded fields once they could be read. The caller's own
 * options (trust list, day of checking) are checked first and refused
 * loudly: a bad trust list or date must never quietly pass a seal.
 */
import { SuketError } from '../errors.js';
import { decodeBase45 } from './base45.js';
import { COSE_ALG, parsePayload, parseSign1, SEAL_PREFIX, toBeSigned } from './cose.js';
import { parseCivilDate, todayIn, type CivilDate } from '../dates.js';
import { DEFAULT_TIME_ZONE } from '../time-zones.js';
import type { SealAlg, TrustList } from './keys.js';
import { sha256, toBase64url, toHex, verifySignature } from './portable.js';
import { readTrustList, type TrustedKey } from './trust.js';
import type { SealFields } from './fields.js';
import type { PublicJwk } from '../trust/jws.js';
import { isLowS } from './low-s.js';
import { sealReadings } from './link.js';
import { openRevocations, openTrustList, revocationEntry, type EditionMark, type ListStatus } from '../trust/lists.js';

/**
 * Why a seal is not valid. `document_changed` and `document_mismatch` are
 * given by `suket verify` and the service for a PDF: changed after its
 * signature, or printing other data than its seal.
 */
export type SealFailure =
  | 'malformed'
  | 'unknown_key'
  | 'bad_signature'
  | 'key_not_valid'
  | 'photo_mismatch'
  | 'revoked'
  | 'not_yet_valid'
  | 'expired'
  | 'document_changed'
  | 'document_mismatch';

/**
 * What was found of the photo digest (seal key 11): `match` or `mismatch`
 * against the photo given to the check; `not_checked` when the seal has a
 * digest but no photo was given (a scan of paper: compare by eye);
 * `not_sealed` when the seal carries no digest.
 */
export type PhotoCheck = 'match' | 'mismatch' | 'not_checked' | 'not_sealed';

/** The signed lists the verdict rests on, and whether each is past its next update (a warning, not a failure). */
export interface ListsUsed {
  trustList?: ListStatus;
  revocations?: ListStatus;
}

export type SealVerdict =
  | { valid: true; fields: SealFields; kid: string; alg: SealAlg; photo: PhotoCheck; lists?: ListsUsed }
  | { valid: false; reason: SealFailure; message: string; fields?: SealFields; kid?: string; photo?: PhotoCheck; lists?: ListsUsed };

export interface VerifyOptions {
  /**
   * The trusted public keys: a JWK Set (`{ keys: [...] }`), or a signed
   * trust list (the compact JWS `suket trust sign` writes), checked against
   * `roots`.
   */
  trustList: TrustList | string;
  /** The root public keys (JWKs) a signed trust list must be signed by. */
  roots?: readonly PublicJwk[];
  /** A signed revocation list (JWS), signed by a key of the office's signed trust list. */
  revocations?: string;
  /**
   * The newest editions of the lists this verifier accepted before (a
   * verdict's `lists` says which it used: keep them): an older list is
   * refused (`list_rollback`), so an old edition served again cannot trust
   * a removed key or un-revoke a paper.
   */
  accepted?: { trustList?: EditionMark; revocations?: EditionMark };
  /** The day of checking, 'YYYY-MM-DD'; default: today in Asia/Jakarta. */
  today?: CivilDate;
  /** Certificate numbers withdrawn one by one. */
  denyList?: Iterable<string>;
  /** The photo as embedded in the PDF (its JPEG bytes), to compare with the sealed digest. */
  photo?: Uint8Array;
}

// A QR code holds at most 4,296 alphanumeric characters; anything longer is not ours.
const MAX_TEXT = 4296;

const fail = (reason: SealFailure, message: string, extra: { fields?: SealFields; kid?: string; photo?: PhotoCheck } = {}): SealVerdict => ({
  valid: false,
  reason,
  message,
  ...extra,
});

/** Hex of the first 16 bytes of SHA-256: the seal's photo digest of these bytes. */
export const photoDigest = (bytes: Uint8Array): string => toHex(sha256(bytes).subarray(0, 16));

/**
 * Checks a seal text offline against a trust list.
 *
 * Any seal text gives a verdict, never an exception: `valid`, or the reason
 * (`malformed`, `unknown_key`, `bad_signature`, `key_not_valid`,
 * `photo_mismatch`, `revoked`, `not_yet_valid`, `expired`), with the fields
 * once they could be read.
 * @throws SuketError INVALID_KEY for a trust list with a bad entry, a signed list not signed by a given root (or trust-list key), changed, or of the wrong shape (`list_signature`, `list_format`), or older than `accepted` (`list_rollback`); INVALID_INPUT (`today`) for a day that is not YYYY-MM-DD.
 * @example
 * const verdict = verifySeal(text, { trustList: { keys: [publicJwk] }, today: '2026-12-01' });
 * if (verdict.valid) console.log(verdict.fields.name);
 */
export function verifySeal(text: unknown, options: VerifyOptions): SealVerdict {
  let today: CivilDate;
  if (options?.today === undefined) today = todayIn(DEFAULT_TIME_ZONE);
  else {
    const t = parseCivilDate(options.today);
    if (!t) throw new SuketError('INVALID_INPUT', [{ path: 'today', code: 'date', message: 'must be a real date written YYYY-MM-DD' }]);
    today = t;
  }
  const { keys, revoked, lists } = openLists(options, today);
  const verdict = checkReadings(text, keys, today, options, revoked);
  return lists.trustList || lists.revocations ? { ...verdict, lists } : verdict;
}

/** The keys and revocations to check against, from plain or signed lists (a bad list throws: verification fails closed). */
function openLists(options: VerifyOptions, today: CivilDate): { keys: TrustedKey[]; revoked?: Set<string>; lists: ListsUsed } {
  const lists: ListsUsed = {};
  let plain: unknown = options?.trustList;
  if (typeof plain === 'string') {
    if (!options.roots?.length)
      throw new SuketError('INVALID_KEY', [{ path: 'roots', code: 'required', message: 'a signed trust list needs the root public keys it is signed by' }]);
    const opened = openTrustList(plain, options.roots, today, options.accepted?.trustList);
    plain = opened.trustList;
    lists.trustList = opened.status;
  }
  const keys = readTrustList(plain);
  if (options.revocations === undefined) return { keys, lists };
  // A plain key set names no office, and a revocation list counts only for its own office's papers.
  if (!lists.trustList)
    throw new SuketError('INVALID_KEY', [
      { path: 'revocations', code: 'list_signature', message: "is read only with the office's signed trust list, which says whose it is" },
    ]);
  const opened = openRevocations(options.revocations, (plain as { keys: PublicJwk[] }).keys, today, {
    issuer: lists.trustList.issuer,
    ...(options.accepted?.revocations ? { accepted: options.accepted.revocations } : {}),
  });
  lists.revocations = opened.status;
  if (opened.since !== 0)
    throw new SuketError('INVALID_KEY', [
      { path: 'revocations.since', code: 'list_format', message: 'is a delta: merge it into the full list first (mergeRevocations)' },
    ]);
  return { keys, revoked: opened.entries, lists };
}

/** Failures before the signature was found to hold: another reading of a link may still be the seal. */
const UNSIGNED: ReadonlySet<SealFailure> = new Set(['malformed', 'unknown_key', 'bad_signature']);

/**
 * The verdict on the first reading of the text (docs/seal-v1.md section 1)
 * whose signature holds, else on the likeliest reading: a wrong reading
 * changes the signed bytes, so it can never pass for the seal.
 */
function checkReadings(input: unknown, keys: TrustedKey[], today: CivilDate, options: VerifyOptions, revoked?: Set<string>): SealVerdict {
  const readings = sealReadings(input);
  if (readings.length === 0) return fail('malformed', `does not start with ${SEAL_PREFIX}`);
  let first: SealVerdict | undefined;
  for (const text of readings) {
    let verdict: SealVerdict;
    try {
      verdict = check(text, keys, today, options, revoked);
    } catch {
      // A library bug or exotic input must still read as a verdict.
      verdict = fail('malformed', 'the seal could not be read');
    }
    if (verdict.valid || !UNSIGNED.has(verdict.reason)) return verdict;
    first ??= verdict;
  }
  return first!;
}

function check(text: string, keys: TrustedKey[], today: CivilDate, options: VerifyOptions, revoked?: Set<string>): SealVerdict {
  if (text.length > MAX_TEXT) return fail('malformed', 'is longer than any QR code holds');
  const bytes = decodeBase45(text.slice(SEAL_PREFIX.length));
  if (!bytes) return fail('malformed', 'is not valid Base45');
  let cose: ReturnType<typeof parseSign1>;
  let fields: SealFields;
  try {
    cose = parseSign1(bytes);
    fields = parsePayload(cose.payload);
  } catch (e) {
    return fail('malformed', e instanceof Error ? `bad CBOR: ${e.message}` : 'bad CBOR');
  }
  const kid = toBase64url(cose.kid);
  const alg = (Object.keys(COSE_ALG) as SealAlg[]).find((a) => COSE_ALG[a] === cose.alg);
  if (!alg) return fail('malformed', 'unknown algorithm', { kid });
  if (alg === 'ES256' && cose.signature.length === 64 && !isLowS(cose.signature))
    return fail('malformed', 'the ES256 signature is not in its low-S form (v1 admits only that one)', { kid });
  const trusted = keys.find((k) => k.kid === kid && k.alg === alg);
  if (!trusted) return fail('unknown_key', 'the key is not in the trust list', { kid });
  const ok = verifySignature(alg, trusted.publicKey, toBeSigned(cose.protectedBytes, cose.payload), cose.signature);
  if (!ok) return fail('bad_signature', 'the signature does not match', { kid });
  const photo: PhotoCheck = !fields.photoHash
    ? 'not_sealed'
    : !options.photo
      ? 'not_checked'
      : photoDigest(options.photo) === fields.photoHash
        ? 'match'
        : 'mismatch';
  const seen = { fields, kid, photo };
  if ((trusted.notBefore && fields.issuedAt < trusted.notBefore) || (trusted.notAfter && fields.issuedAt > trusted.notAfter))
    return fail('key_not_valid', "the issue date is outside the key's signing window", seen);
  if (photo === 'mismatch') return fail('photo_mismatch', 'the photo in the document is not the one sealed', seen);
  for (const n of options.denyList ?? []) if (n === fields.number) return fail('revoked', 'the certificate number is on the deny list', seen);
  if (revoked?.has(revocationEntry(fields.officeCode, fields.number))) return fail('revoked', "the certificate is on the office's revocation list", seen);
  if (fields.issuedAt > today) return fail('not_yet_valid', 'the issue date is after the day of checking', seen);
  if (fields.validUntil < today) return fail('expired', 'the validity ended before the day of checking', seen);
  return { valid: true, fields, kid, alg, photo };
}
