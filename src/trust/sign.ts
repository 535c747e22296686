/**
 * Signing the published lists (Node only: the office's side). The trust
 * list is signed by the root key, the revocation list by a seal key of the
 * trust list; both with the seal's own signer (deterministic for ES256 and
 * Ed25519), so the same content gives the same bytes.
 */
import { SuketError } from '../errors.js';
import { parseCivilDate } from '../dates.js';
import { prepareSealSigner, type SealKeyOptions, type SealPublicJwk } from '../seal/keys.js';
import { readTrustList } from '../seal/trust.js';
import type { Revocation } from '../register/types.js';
import { compactJws, toBase64url } from './jws.js';
import { REVOCATIONS_TYPE, revocationEntry, TRUST_LIST_TYPE, type RevocationsPayload, type TrustListPayload } from './lists.js';

export interface ListEdition {
  /** Who publishes it, as a verifier shows it ('DISDUKCAPIL KOTA CIREBON'). */
  issuer: string;
  /** 'YYYY-MM-DD' */
  issuedAt: string;
  /** The day by which a newer edition will be out; a verifier warns after it. */
  nextUpdate: string;
}

function checkEdition(e: ListEdition): void {
  const issues = [];
  if (typeof e.issuer !== 'string' || !e.issuer.trim() || e.issuer.length > 200)
    issues.push({ path: 'issuer', code: 'format' as const, message: 'must be 1 to 200 characters' });
  for (const k of ['issuedAt', 'nextUpdate'] as const)
    if (!parseCivilDate(e[k])) issues.push({ path: k, code: 'date' as const, message: 'must be a real date written YYYY-MM-DD' });
  if (!issues.length && e.nextUpdate <= e.issuedAt) issues.push({ path: 'nextUpdate', code: 'date' as const, message: 'must be after issuedAt' });
  if (issues.length) throw new SuketError('INVALID_INPUT', issues);
}

async function sign(type: string, payload: object, key: SealKeyOptions): Promise<string> {
  const signer = prepareSealSigner(key);
  return compactJws({ alg: signer.alg, typ: type, kid: toBase64url(signer.kid) }, payload, (input) => signer.sign(input));
}

/**
 * Signs a trust list of seal keys with the root key. Every key is checked
 * as `readTrustList` checks it (no private material, kid derived, windows).
 * @throws SuketError INVALID_INPUT for the edition; INVALID_KEY for a bad seal key or root key.
 * @example const jws = await signTrustList({ issuer, issuedAt: '2026-12-01', nextUpdate: '2027-03-01', sequence: 4, keys }, { privateKey: rootPem });
 */
export async function signTrustList(content: ListEdition & { sequence: number; keys: SealPublicJwk[] }, root: SealKeyOptions): Promise<string> {
  checkEdition(content);
  if (!Number.isInteger(content.sequence) || content.sequence < 1)
    throw new SuketError('INVALID_INPUT', [{ path: 'sequence', code: 'too_small', message: 'must be a whole number from 1' }]);
  readTrustList({ keys: content.keys });
  const payload: TrustListPayload = {
    type: TRUST_LIST_TYPE,
    version: 1,
    issuer: content.issuer,
    issuedAt: content.issuedAt,
    nextUpdate: content.nextUpdate,
    sequence: content.sequence,
    keys: content.keys,
  };
  return sign(TRUST_LIST_TYPE, payload, root);
}

/**
 * Signs the revocation list of the register's voided certificates
 * (`register.revocations()`, oldest first), whole or only the entries
 * after edition `since`, with a seal key.
 * @throws SuketError INVALID_INPUT for the edition or a `since` beyond the list; INVALID_KEY for the key.
 * @example const jws = await signRevocations({ issuer, issuedAt, nextUpdate, revocations: await register.revocations() }, { privateKey: sealPem });
 */
export async function signRevocations(content: ListEdition & { revocations: readonly Revocation[]; since?: number }, key: SealKeyOptions): Promise<string> {
  checkEdition(content);
  const since = content.since ?? 0;
  if (!Number.isInteger(since) || since < 0 || since > content.revocations.length)
    throw new SuketError('INVALID_INPUT', [{ path: 'since', code: 'too_big', message: `must be a whole number from 0 to ${content.revocations.length}` }]);
  const payload: RevocationsPayload = {
    type: REVOCATIONS_TYPE,
    version: 1,
    issuer: content.issuer,
    issuedAt: content.issuedAt,
    nextUpdate: content.nextUpdate,
    sequence: content.revocations.length,
    since,
    entries: content.revocations.slice(since).map((r) => revocationEntry(r.office ?? '', r.number)),
  };
  return sign(REVOCATIONS_TYPE, payload, key);
}
