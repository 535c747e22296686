/**
 * Seal keys: loading a private key or signer, making key pairs, and the
 * public JWK with its kid. Keys never appear in an error message or a log.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign as nodeSign, type JsonWebKey } from 'node:crypto';
import { SuketError, type Issue } from '../errors.js';
import { keyWindowProblems } from './window.js';
import { p256 } from '@noble/curves/nist.js';

export { keyWindowProblems };

export type { SealAlg } from './portable.js';
import type { SealAlg } from './portable.js';
/** PEM text, a node KeyObject, or a JWK. */
export type KeyInput = string | KeyObject | JsonWebKey;

/** Sign with a key held in this process (deterministic for both algorithms). */
export interface SealKeyOptions extends KeyWindow {
  privateKey: KeyInput;
  alg?: SealAlg;
}

/**
 * Sign elsewhere (HSM, cloud KMS): `signer` gets the bytes to sign and returns
 * the 64-byte signature (ES256: raw r||s; EdDSA: Ed25519). A randomised signer
 * makes the seal, and so the PDF, differ between runs of the same input.
 */
export interface SealSignerOptions extends KeyWindow {
  signer: (data: Uint8Array) => Promise<Uint8Array>;
  publicKey: KeyInput;
  alg?: SealAlg;
}

export type SealOptions = SealKeyOptions | SealSignerOptions;

/** A public key as a trust list holds it. */
export interface SealPublicJwk extends JsonWebKey {
  kid: string;
  alg: SealAlg;
  /** First day the key may sign ('YYYY-MM-DD'), inclusive. */
  notBefore?: string;
  /** Last day the key may sign ('YYYY-MM-DD'), inclusive. */
  notAfter?: string;
}

export interface TrustList {
  keys: SealPublicJwk[];
}

export interface PreparedSigner {
  alg: SealAlg;
  kid: Uint8Array;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const keyError = (path: string, message: string) => new SuketError('INVALID_KEY', [{ path, code: 'seal_key', message }]);

function toKeyObject(input: KeyInput, kind: 'private' | 'public', path: string): KeyObject {
  try {
    if (input instanceof KeyObject) {
      if (kind === 'public' && input.type === 'private') return createPublicKey(input);
      if (input.type !== kind) throw new Error();
      return input;
    }
    if (typeof input === 'string') return kind === 'private' ? createPrivateKey(input) : createPublicKey(input);
    if (input && typeof input === 'object')
      return kind === 'private' ? createPrivateKey({ key: input, format: 'jwk' }) : createPublicKey({ key: input, format: 'jwk' });
  } catch {
    // fall through: the key text must not reach the message
  }
  throw keyError(path, `is not a readable ${kind} key (PEM, KeyObject or JWK)`);
}

function algOf(key: KeyObject, path: string, wanted?: SealAlg): SealAlg {
  const type = key.asymmetricKeyType;
  const alg: SealAlg | undefined = type === 'ed25519' ? 'EdDSA' : type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
  if (!alg) throw keyError(path, 'must be a P-256 (ES256) or Ed25519 (EdDSA) key');
  if (wanted && wanted !== alg) throw keyError(path, `is not a key for ${wanted}`);
  return alg;
}

/** docs/seal-v1.md: the first 8 bytes of SHA-256 over the public key in SPKI DER. */
export function kidOf(publicKey: KeyObject): Uint8Array {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return new Uint8Array(createHash('sha256').update(der).digest().subarray(0, 8));
}

import { HALF_N, P256_N, bigFrom, isLowS } from './low-s.js';

export { isLowS };

/** The low-S form of an ES256 signature, so that a certificate has one seal text. */
function toLowS(signature: Uint8Array): Uint8Array {
  const s = bigFrom(signature.subarray(32));
  if (s <= HALF_N) return signature;
  const out = new Uint8Array(signature);
  out.set(Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return out;
}

/**
 * Prepared signers, cached by the key itself (its PEM or JWK text, or the
 * KeyObject), never by the options object: a host that swaps the key on
 * the same options signs with the new one.
 */
const byText = new Map<string, PreparedSigner>();
const byObject = new WeakMap<object, Map<string, PreparedSigner>>();
const TEXT_CACHE_MAX = 32;

function cached(options: SealOptions, make: () => PreparedSigner): PreparedSigner {
  const alg = options.alg ?? '';
  const key = 'signer' in options ? options.signer : options.privateKey;
  if (typeof key === 'string' || (key && typeof key === 'object' && !(key instanceof KeyObject))) {
    const id = `${alg}|${typeof key === 'string' ? key : JSON.stringify(key)}`;
    let hit = byText.get(id);
    if (!hit) {
      hit = make();
      if (byText.size >= TEXT_CACHE_MAX) byText.delete(byText.keys().next().value!);
      byText.set(id, hit);
    }
    return hit;
  }
  if ((typeof key !== 'object' && typeof key !== 'function') || key === null) return make();
  // A signer function pairs with its public key, which may change too.
  const pub = 'signer' in options ? options.publicKey : undefined;
  const sub =
    pub === undefined
      ? ''
      : pub instanceof KeyObject
        ? pub.export({ type: 'spki', format: 'der' }).toString('base64')
        : typeof pub === 'string'
          ? pub
          : JSON.stringify(pub);
  let m = byObject.get(key);
  if (!m) {
    m = new Map();
    byObject.set(key, m);
  }
  const id = `${alg}|${sub}`;
  let hit = m.get(id);
  if (!hit) {
    hit = make();
    m.set(id, hit);
  }
  return hit;
}

/**
 * Turns seal options into a signer once per key.
 * @throws SuketError INVALID_KEY (`seal`, `seal.privateKey`, `seal.publicKey`) when the key cannot be read or is for another algorithm.
 */
export function prepareSealSigner(options: SealOptions): PreparedSigner {
  if (!options || typeof options !== 'object') throw keyError('seal', 'must have privateKey, or signer and publicKey');
  return cached(options, () => makeSigner(options));
}

function makeSigner(options: SealOptions): PreparedSigner {
  if ('signer' in options && typeof options.signer === 'function') {
    const pub = toKeyObject(options.publicKey, 'public', 'seal.publicKey');
    const alg = algOf(pub, 'seal.publicKey', options.alg);
    const signer = options.signer;
    return {
      alg,
      kid: kidOf(pub),
      async sign(data) {
        const sig = await signer(data);
        if (!(sig instanceof Uint8Array) || sig.length !== 64) throw keyError('seal.signer', 'must return a 64-byte signature');
        return alg === 'ES256' ? toLowS(sig) : sig;
      },
    };
  }
  if ('privateKey' in options) {
    const key = toKeyObject(options.privateKey, 'private', 'seal.privateKey');
    const alg = algOf(key, 'seal.privateKey', options.alg);
    const kid = kidOf(createPublicKey(key));
    if (alg === 'ES256') {
      // node:crypto's ECDSA nonce is random; @noble/curves (audited) signs with RFC 6979 nonces, so the seal is repeatable,
      // in constant time, low-S as v1 requires.
      const d = Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
      return { alg, kid, sign: async (data) => p256.sign(data, d, { prehash: true, lowS: true }) };
    }
    return { alg, kid, sign: async (data) => new Uint8Array(nodeSign(null, data, key)) };
  }
  throw keyError('seal', 'must have privateKey, or signer and publicKey');
}

/** The days a seal key may sign on, as its public JWK in the trust list says. */
export interface KeyWindow {
  /** First day the key may sign ('YYYY-MM-DD'), inclusive. */
  notBefore?: string;
  /** Last day the key may sign ('YYYY-MM-DD'), inclusive. */
  notAfter?: string;
}

/**
 * Why this key must not sign a certificate of this issue day (undefined
 * when it may): a verifier would refuse the seal, so the paper is never
 * printed "sealed" with it.
 * @example signingWindowIssue({ privateKey, notAfter: '2026-12-31' }, '2027-01-02') // { code: 'key_not_valid', ... }
 */
export function signingWindowIssue(options: KeyWindow & { privateKey?: KeyInput }, issuedAt: string): Issue | undefined {
  const bad = keyWindowProblems(options, 'seal')[0];
  if (bad) return { path: bad.path, code: 'date', message: bad.message };
  const written = typeof options.privateKey === 'string' ? keyFileWindow(options.privateKey) : undefined;
  const { notBefore, notAfter } = narrowestWindow(options, written);
  if ((notBefore && issuedAt < notBefore) || (notAfter && issuedAt > notAfter))
    return {
      path: 'seal',
      code: 'key_not_valid',
      message: `the key may sign from ${notBefore ?? 'any day'} to ${notAfter ?? 'any day'}, and the issue date ${issuedAt} is outside: use the key for that day`,
    };
  return undefined;
}

/**
 * The days every given window allows: the latest start and the earliest end.
 * @example narrowestWindow({ notBefore: '2027-01-01' }, { notAfter: '2027-06-30' }) // { notBefore: '2027-01-01', notAfter: '2027-06-30' }
 */
export function narrowestWindow(...windows: Array<KeyWindow | undefined>): KeyWindow {
  const out: KeyWindow = {};
  for (const w of windows) {
    if (w?.notBefore && !(out.notBefore && out.notBefore > w.notBefore)) out.notBefore = w.notBefore;
    if (w?.notAfter && !(out.notAfter && out.notAfter < w.notAfter)) out.notAfter = w.notAfter;
  }
  return out;
}

/** The line before a key file's PEM block that names the key and the days it may sign (RFC 7468 allows text outside the block). */
const KEY_FILE_LINE = /^suket-seal-key: (.*)$/m;

/**
 * The PEM text of a seal key with its kid, algorithm and signing window
 * written above the block, so a key copied without its `.jwk.json` still
 * refuses to seal outside its window. OpenSSL and Node read past the line.
 * @example keyFileText(pem, publicJwk(pem, { notAfter: '2027-12-31' })) // 'suket-seal-key: kid=...; alg=ES256; notAfter=2027-12-31\n-----BEGIN PRIVATE KEY-----...'
 */
export function keyFileText(pem: string, jwk: SealPublicJwk): string {
  const fields = [
    `kid=${jwk.kid}`,
    `alg=${jwk.alg}`,
    ...(jwk.notBefore ? [`notBefore=${jwk.notBefore}`] : []),
    ...(jwk.notAfter ? [`notAfter=${jwk.notAfter}`] : []),
  ];
  return `suket-seal-key: ${fields.join('; ')}\n${pem.replace(KEY_FILE_LINE, '').trimStart()}`;
}

/**
 * The signing window written in a key file by `keyFileText` (an empty window
 * when the key may sign any day), or undefined when the file says none (a
 * bare PEM). The written kid must be this key's, so a line pasted from
 * another key file is refused rather than believed.
 * @throws SuketError INVALID_KEY when the line is malformed or names another key.
 */
export function keyFileWindow(pem: string): KeyWindow | undefined {
  const line = KEY_FILE_LINE.exec(pem)?.[1];
  if (line === undefined) return undefined;
  const fields = new Map(line.split(';').map((f) => f.trim().split('=', 2) as [string, string]));
  const window: KeyWindow = {
    ...(fields.get('notBefore') ? { notBefore: fields.get('notBefore') } : {}),
    ...(fields.get('notAfter') ? { notAfter: fields.get('notAfter') } : {}),
  };
  if (keyWindowProblems(window).length) throw keyError('key', 'has a signing window above its PEM block that is not YYYY-MM-DD');
  if (fields.get('kid') !== publicJwk(pem).kid) throw keyError('key', 'has a signing window above its PEM block that names another key');
  return window;
}

function checkWindow(window: KeyWindow): void {
  const problems = keyWindowProblems(window);
  if (problems.length)
    throw new SuketError(
      'INVALID_KEY',
      problems.map((p) => ({ path: p.path, code: 'date' as const, message: p.message })),
    );
}

/**
 * The public JWK of a key (private or public), with its kid, alg, `use: sig`
 * and the optional signing window, ready for a trust list.
 * @throws SuketError INVALID_KEY for an unreadable key or a window that is not YYYY-MM-DD.
 * @example const jwk = publicJwk(readFileSync('kantor.key.pem', 'utf8'), { notBefore: '2027-01-01', notAfter: '2027-12-31' });
 */
export function publicJwk(key: KeyInput, window: KeyWindow = {}): SealPublicJwk {
  checkWindow(window);
  const pub = toKeyObject(key, 'public', 'key');
  const alg = algOf(pub, 'key');
  const jwk = pub.export({ format: 'jwk' });
  return {
    ...jwk,
    kid: Buffer.from(kidOf(pub)).toString('base64url'),
    alg,
    use: 'sig',
    ...(window.notBefore ? { notBefore: window.notBefore } : {}),
    ...(window.notAfter ? { notAfter: window.notAfter } : {}),
  } as SealPublicJwk;
}

export interface SealKeyPair {
  /** PKCS#8 PEM, with its kid and signing window on a line above the block (`keyFileText`): keep it secret. */
  privateKeyPem: string;
  publicJwk: SealPublicJwk;
}

/**
 * A new key pair for the seal: a PKCS#8 PEM private key (keep it secret)
 * and its public JWK.
 * @throws SuketError INVALID_KEY for a window that is not YYYY-MM-DD or ends before it starts.
 * @example
 * const { privateKeyPem, publicJwk } = generateSealKeys({ notBefore: '2027-01-01', notAfter: '2027-12-31' });
 */
export function generateSealKeys(options: { alg?: SealAlg } & KeyWindow = {}): SealKeyPair {
  const alg = options.alg ?? 'ES256';
  checkWindow(options);
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const jwk = publicJwk(privateKey, options);
  return { privateKeyPem: keyFileText(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), jwk), publicJwk: jwk };
}
