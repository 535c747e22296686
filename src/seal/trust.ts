/**
 * Reading a trust list: the public keys a verifier trusts. Everything in it
 * is checked, loudly, before it is used: a key's kid is derived from the key
 * and must match the one written; private key material is refused (a
 * leaked key); signing windows are 'YYYY-MM-DD' or absent. A list that
 * fails any check is refused whole, so verification fails closed.
 */
import { SuketError, type Issue } from '../errors.js';
import type { SealAlg, SealPublicJwk, TrustList } from './keys.js';
import { keyWindowProblems } from './window.js';
import { kidOfRaw, rawPublicKey, toBase64url } from './portable.js';

/** A trusted key, ready to verify with. */
export interface TrustedKey {
  kid: string;
  alg: SealAlg;
  /** Raw public key: the uncompressed P-256 point, or the 32 Ed25519 bytes. */
  publicKey: Uint8Array;
  notBefore?: string;
  notAfter?: string;
}

// JWK members that only a private key has (RFC 7518 6.2.2, 6.3.2, 6.4).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const checked = new WeakMap<object, TrustedKey[]>();

/**
 * Checks a trust list (a JWK Set `{ keys: [...] }`, or one JWK) and returns
 * its keys ready to verify with; cached per list object.
 * @throws SuketError INVALID_KEY listing every bad entry (`trustList.keys[1].kid`, ...).
 * @example const keys = readTrustList(JSON.parse(readFileSync('kantor.jwk.json', 'utf8')));
 */
export function readTrustList(list: unknown): TrustedKey[] {
  if (list && typeof list === 'object' && checked.has(list)) return checked.get(list)!;
  const entries = trustEntries(list);
  const issues: Issue[] = [];
  if (!entries) throw new SuketError('INVALID_KEY', [{ path: 'trustList', code: 'seal_key', message: 'must be a JWK Set ({ "keys": [...] }) or one JWK' }]);
  const keys: TrustedKey[] = [];
  entries.forEach((entry, i) => {
    const path = Array.isArray((list as TrustList)?.keys) ? `trustList.keys[${i}]` : 'trustList';
    const key = readEntry(entry, path, issues);
    if (key) keys.push(key);
  });
  if (issues.length) throw new SuketError('INVALID_KEY', issues);
  if (list && typeof list === 'object') checked.set(list, keys);
  return keys;
}

function trustEntries(list: unknown): unknown[] | undefined {
  if (!list || typeof list !== 'object') return undefined;
  const keys = (list as { keys?: unknown }).keys;
  if (Array.isArray(keys)) return keys;
  return 'kty' in list ? [list] : undefined;
}

function readEntry(entry: unknown, path: string, issues: Issue[]): TrustedKey | undefined {
  const bad = (where: string, message: string) => issues.push({ path: where ? `${path}.${where}` : path, code: 'seal_key', message });
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return void bad('', 'must be a JWK object');
  const jwk = entry as Partial<SealPublicJwk> & Record<string, unknown>;
  const before = issues.length;
  const secret = PRIVATE_MEMBERS.find((m) => jwk[m] !== undefined);
  if (secret) bad(secret, 'is private key material: a trust list holds public keys only (is the private key leaked?)');
  for (const p of keyWindowProblems(jwk, path)) issues.push({ path: p.path, code: 'date', message: p.message });
  if (jwk.use !== undefined && jwk.use !== 'sig') bad('use', 'must be "sig" or left out');
  const raw = secret ? undefined : rawPublicKey(jwk);
  if (!secret && !raw) bad('', 'is not a readable public key (EC P-256 or OKP Ed25519)');
  if (!raw) return undefined;
  const alg: SealAlg = raw.alg;
  if (jwk.alg !== alg) bad('alg', `must be "${alg}" for this key`);
  const kid = toBase64url(kidOfRaw(alg, raw.key));
  if (jwk.kid !== kid) bad('kid', 'is not the kid of this key (the first 8 bytes of SHA-256 of its SPKI, base64url)');
  if (issues.length > before) return undefined;
  return { kid, alg, publicKey: raw.key, ...(jwk.notBefore ? { notBefore: jwk.notBefore } : {}), ...(jwk.notAfter ? { notAfter: jwk.notAfter } : {}) };
}
