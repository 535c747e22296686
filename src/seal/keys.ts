/**
 * Seal keys: loading a private key or signer, making key pairs, and the
 * public JWK with its kid. Keys never appear in an error message or a log.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign as nodeSign, type JsonWebKey } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { SuketError } from '../errors.js';

export type SealAlg = 'ES256' | 'EdDSA';
/** PEM text, a node KeyObject, or a JWK. */
export type KeyInput = string | KeyObject | JsonWebKey;

/** Sign with a key held in this process (deterministic for both algorithms). */
export interface SealKeyOptions {
  privateKey: KeyInput;
  alg?: SealAlg;
}

/**
 * Sign elsewhere (HSM, cloud KMS): `signer` gets the bytes to sign and returns
 * the 64-byte signature (ES256: raw r||s; EdDSA: Ed25519). A randomised signer
 * makes the seal, and so the PDF, differ between runs of the same input.
 */
export interface SealSignerOptions {
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
  const alg: SealAlg | undefined =
    type === 'ed25519' ? 'EdDSA' : type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
  if (!alg) throw keyError(path, 'must be a P-256 (ES256) or Ed25519 (EdDSA) key');
  if (wanted && wanted !== alg) throw keyError(path, `is not a key for ${wanted}`);
  return alg;
}

/** seal.md: the first 8 bytes of SHA-256 over the public key in SPKI DER. */
export function kidOf(publicKey: KeyObject): Uint8Array {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return new Uint8Array(createHash('sha256').update(der).digest().subarray(0, 8));
}

const signers = new WeakMap<object, PreparedSigner>();

/** Turns seal options into a signer once; the result is cached per options object. */
export function prepareSigner(options: SealOptions): PreparedSigner {
  const cached = signers.get(options);
  if (cached) return cached;
  let prepared: PreparedSigner;
  if ('signer' in options && typeof options.signer === 'function') {
    const pub = toKeyObject(options.publicKey, 'public', 'seal.publicKey');
    const alg = algOf(pub, 'seal.publicKey', options.alg);
    const signer = options.signer;
    prepared = {
      alg,
      kid: kidOf(pub),
      async sign(data) {
        const sig = await signer(data);
        if (!(sig instanceof Uint8Array) || sig.length !== 64) throw keyError('seal.signer', 'must return a 64-byte signature');
        return sig;
      },
    };
  } else if ('privateKey' in options) {
    const key = toKeyObject(options.privateKey, 'private', 'seal.privateKey');
    const alg = algOf(key, 'seal.privateKey', options.alg);
    const kid = kidOf(createPublicKey(key));
    if (alg === 'ES256') {
      // node:crypto's ECDSA nonce is random; RFC 6979 makes the seal repeatable.
      const d = Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
      prepared = { alg, kid, sign: async (data) => p256.sign(data, d, { prehash: true, lowS: true }) };
    } else {
      prepared = { alg, kid, sign: async (data) => new Uint8Array(nodeSign(null, data, key)) };
    }
  } else {
    throw keyError('seal', 'must have privateKey, or signer and publicKey');
  }
  signers.set(options, prepared);
  return prepared;
}

export interface KeyWindow {
  notBefore?: string;
  notAfter?: string;
}

/** The public JWK of a key (private or public), with kid, alg and signing window. */
export function publicJwk(key: KeyInput, window: KeyWindow = {}): SealPublicJwk {
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
  /** PKCS#8 PEM: keep it secret. */
  privateKeyPem: string;
  publicJwk: SealPublicJwk;
}

/** A new key pair for the seal. */
export function generateSealKeys(options: { alg?: SealAlg } & KeyWindow = {}): SealKeyPair {
  const alg = options.alg ?? 'ES256';
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: publicJwk(privateKey, options),
  };
}
