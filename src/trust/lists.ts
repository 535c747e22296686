/**
 * The published lists a verifier takes offline: the trust list (the seal
 * keys, signed by the office's root key, kept offline) and the revocation
 * list (voided certificates, signed by a seal key the trust list holds, so
 * an office publishes revocations daily without taking the root out). Both
 * are compact JWS over JSON, and this reader runs in Node and in browsers.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { SuketError, type Issue } from '../errors.js';
import { parseJws, toBase64url, verifyJws, type JwsParts, type PublicJwk } from './jws.js';

export const TRUST_LIST_TYPE = 'suket-trust-list';
export const REVOCATIONS_TYPE = 'suket-revocations';

/** What a verifier shows of a list: who, which edition, and whether it is past its next update. */
export interface ListStatus {
  issuer: string;
  sequence: number;
  issuedAt: string;
  nextUpdate: string;
  /** Past its next-update day: still used, with a warning. */
  stale: boolean;
  /** kid of the key that signed it. */
  signedBy: string;
}

/** The signed content of a trust list. */
export interface TrustListPayload {
  type: typeof TRUST_LIST_TYPE;
  version: 1;
  issuer: string;
  issuedAt: string;
  nextUpdate: string;
  sequence: number;
  keys: PublicJwk[];
}

/** The signed content of a revocation list: all entries (`since` 0) or those after edition `since`. */
export interface RevocationsPayload {
  type: typeof REVOCATIONS_TYPE;
  version: 1;
  issuer: string;
  issuedAt: string;
  nextUpdate: string;
  /** How many entries the office has published in all (entries are never withdrawn). */
  sequence: number;
  since: number;
  entries: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ENTRY = /^[A-Za-z0-9_-]{22}$/;
const listError = (path: string, code: 'list_signature' | 'list_format' | 'list_rollback', message: string) =>
  new SuketError('INVALID_KEY', [{ path, code, message }]);

/** An edition a verifier has accepted: a list older than it is refused (`list_rollback`). */
export interface EditionMark {
  sequence: number;
  issuedAt: string;
}

/** True when `a` is an older edition than `b`: a lower sequence, or the same one signed on an earlier day. */
export const isOlderEdition = (a: EditionMark, b: EditionMark): boolean => a.sequence < b.sequence || (a.sequence === b.sequence && a.issuedAt < b.issuedAt);

/**
 * Refuses a list older than the edition already accepted: whoever answers
 * for a list's address (a captive portal, a cache, a mirror) could otherwise
 * serve an old, still-signed edition that trusts a removed key or lacks a
 * revocation.
 */
function notOlder(status: ListStatus, held: EditionMark | undefined, path: string): void {
  if (held && isOlderEdition(status, held))
    throw listError(
      path,
      'list_rollback',
      `is edition ${status.sequence} of ${status.issuedAt}, older than edition ${held.sequence} of ${held.issuedAt} already accepted: refused (an old list served again)`,
    );
}

/**
 * A revocation entry: base64url of the first 16 bytes of SHA-256 over
 * `<office code>|<number>`, so the list does not publish numbers in clear.
 * @example revocationEntry('3274', '471.13/0007/Disdukcapil/XI/2026') // 22 characters
 */
export function revocationEntry(officeCode: string, number: string): string {
  return toBase64url(sha256(new TextEncoder().encode(`${officeCode}|${number}`)).subarray(0, 16));
}

function commonProblems(p: Record<string, unknown>, type: string, path: string): Issue[] {
  const out: Issue[] = [];
  const bad = (k: string, message: string) => out.push({ path: `${path}.${k}`, code: 'list_format', message });
  if (p.type !== type) bad('type', `must be "${type}"`);
  if (p.version !== 1) bad('version', 'must be 1 (this suket reads version 1)');
  if (typeof p.issuer !== 'string' || !p.issuer || p.issuer.length > 200) bad('issuer', 'must be 1 to 200 characters');
  for (const k of ['issuedAt', 'nextUpdate']) if (typeof p[k] !== 'string' || !DAY.test(p[k] as string)) bad(k, 'must be a day written YYYY-MM-DD');
  if (!Number.isInteger(p.sequence) || (p.sequence as number) < 0) bad('sequence', 'must be a whole number from 0');
  return out;
}

/** Verifies the JWS with the first key whose kid it names; the key, or an error that says why not. */
function signedBy(parts: JwsParts, keys: readonly PublicJwk[], path: string, what: string): PublicJwk {
  const kid = parts.header.kid;
  const key = keys.find((k) => typeof kid === 'string' && k.kid === kid);
  if (!key) throw listError(path, 'list_signature', `is not signed by ${what}`);
  if (!verifyJws(parts, key))
    throw listError(path, 'list_signature', `has a signature that does not match (changed after signing, or signed by another ${what})`);
  return key;
}

function status(p: { issuer: string; sequence: number; issuedAt: string; nextUpdate: string }, kid: string, today: string, path: string): ListStatus {
  if (p.issuedAt > today) throw listError(`${path}.issuedAt`, 'list_format', 'is after the day of checking (a clock set wrong?)');
  return { issuer: p.issuer, sequence: p.sequence, issuedAt: p.issuedAt, nextUpdate: p.nextUpdate, stale: p.nextUpdate < today, signedBy: kid };
}

/**
 * The steps both lists share: a compact JWS of this `typ`, signed by one of
 * `keys`, with the common members well formed; `more` adds the list's own
 * checks, so every problem of the content is reported at once.
 */
function openSigned(
  jws: unknown,
  what: { type: string; path: string; name: string; signer: string },
  keys: readonly PublicJwk[],
  today: string,
  more: (p: Record<string, unknown>, issues: Issue[]) => void,
): { payload: Record<string, unknown>; status: ListStatus } {
  const { type, path } = what;
  const parts = parseJws(jws);
  if (!parts) throw listError(path, 'list_format', `is not a signed ${what.name} (a compact JWS)`);
  if (parts.header.typ !== type) throw listError(`${path}.typ`, 'list_format', `must be "${type}"`);
  const key = signedBy(parts, keys, path, what.signer);
  const p = (parts.payload ?? {}) as Record<string, unknown>;
  const issues = commonProblems(p, type, path);
  more(p, issues);
  if (issues.length) throw new SuketError('INVALID_KEY', issues);
  return { payload: p, status: status(p as unknown as ListStatus, String(key.kid), today, path) };
}

/**
 * Opens a signed trust list: checks the root's signature, the content and
 * the dates, and gives the seal keys as a trust list for `verifySeal`.
 * `accepted` is the newest edition this verifier took before (keep
 * `status` and pass it next time): an older one is refused.
 * @throws SuketError INVALID_KEY (`list_signature`) when no given root signed it or it was changed; (`list_format`) for content of the wrong shape, or issued after `today`; (`list_rollback`) for an edition older than `accepted`.
 * @example const { trustList, status } = openTrustList(readFileSync('trust-list.jws', 'utf8'), [rootJwk], '2026-12-01', held);
 */
export function openTrustList(
  jws: unknown,
  roots: readonly PublicJwk[],
  today: string,
  accepted?: EditionMark,
): { trustList: { keys: PublicJwk[] }; status: ListStatus } {
  const path = 'trustList';
  const { payload, status } = openSigned(jws, { type: TRUST_LIST_TYPE, path, name: 'trust list', signer: 'a trusted root key' }, roots, today, (p, issues) => {
    if (!Array.isArray(p.keys)) issues.push({ path: `${path}.keys`, code: 'list_format', message: 'must be a list of JWKs' });
  });
  notOlder(status, accepted, path);
  return { trustList: { keys: (payload as unknown as TrustListPayload).keys }, status };
}

/** What a revocation list is checked against besides its signature. */
export interface RevocationsCheck {
  /** The issuer of the office's trust list: a revocation list names the same office. */
  issuer?: string;
  /** The newest edition accepted before: an older one is refused. */
  accepted?: EditionMark;
}

/**
 * Opens a signed revocation list: the signature must be by a seal key of
 * the office's (already opened) trust list, inside that key's window
 * (`notBefore`..`notAfter`) on the list's `issuedAt`, so a retired key signs
 * no new list; with `check.issuer`, the list must name that office.
 * @throws SuketError INVALID_KEY as `openTrustList`; `list_signature` for a key outside its window or another office's list.
 * @example const { entries } = openRevocations(text, trustList.keys, today, { issuer: status.issuer }); entries.has(revocationEntry(office, number))
 */
export function openRevocations(
  jws: unknown,
  keys: readonly PublicJwk[],
  today: string,
  check: RevocationsCheck = {},
): { entries: Set<string>; since: number; status: ListStatus; payload: RevocationsPayload } {
  const path = 'revocations';
  const opened = openSigned(jws, { type: REVOCATIONS_TYPE, path, name: 'revocation list', signer: 'a key of the trust list' }, keys, today, (p, issues) => {
    if (!Number.isInteger(p.since) || (p.since as number) < 0)
      issues.push({ path: `${path}.since`, code: 'list_format', message: 'must be a whole number from 0' });
    if (!Array.isArray(p.entries) || !p.entries.every((e) => typeof e === 'string' && ENTRY.test(e)))
      issues.push({ path: `${path}.entries`, code: 'list_format', message: 'must be a list of 22-character entries' });
    else if ((p.since as number) + p.entries.length !== p.sequence)
      issues.push({ path: `${path}.sequence`, code: 'list_format', message: 'must be since plus the number of entries' });
  });
  const payload = opened.payload as unknown as RevocationsPayload;
  const key = keys.find((k) => k.kid === opened.status.signedBy) as (PublicJwk & { notBefore?: string; notAfter?: string }) | undefined;
  if ((key?.notBefore && payload.issuedAt < key.notBefore) || (key?.notAfter && payload.issuedAt > key.notAfter))
    throw listError(path, 'list_signature', "is signed by a seal key outside its signing window on the list's day (a retired key signs no new list)");
  if (check.issuer !== undefined && payload.issuer !== check.issuer)
    throw listError(`${path}.issuer`, 'list_signature', "names another office than the trust list's: a revocation list counts only for its own office");
  notOlder(opened.status, check.accepted, path);
  return { entries: new Set(payload.entries), since: payload.since, status: opened.status, payload };
}

/**
 * A held revocation list brought up to date by a newer one: a full list
 * replaces it unless it is older; a delta (`since` N) extends it when N is the edition held.
 * @throws SuketError INVALID_KEY (`revocations.since`) for a delta that does not follow the list held (fetch the full list); (`list_rollback`) for a full list older than the one held.
 */
export function mergeRevocations(held: { sequence: number; entries: readonly string[] }, update: RevocationsPayload): { sequence: number; entries: string[] } {
  // Entries are never withdrawn: a full list shorter than the one held would un-revoke certificates.
  if (update.since === 0 && update.sequence < held.sequence)
    throw listError(
      'revocations.sequence',
      'list_rollback',
      `is edition ${update.sequence}, older than edition ${held.sequence} held: refused (an old list served again)`,
    );
  if (update.since === 0) return { sequence: update.sequence, entries: [...update.entries] };
  if (update.since !== held.sequence)
    throw listError('revocations.since', 'list_format', `follows edition ${update.since}, and the list held is edition ${held.sequence}: fetch the full list`);
  return { sequence: update.sequence, entries: [...held.entries, ...update.entries] };
}
