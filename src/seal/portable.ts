/**
 * The few primitives verification needs, written once for Node and
 * browsers alike (no `node:` module, no Buffer): hex, base64url, SHA-256,
 * the kid rule, and signature checks with @noble/curves.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, toBase64url } from '../trust/jws.js';

/** The seal's signature algorithms: ECDSA P-256 (the default) and Ed25519. */
export type SealAlg = 'ES256' | 'EdDSA';

export { fromBase64url, sha256, toBase64url };

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// The DER prefix of a SubjectPublicKeyInfo for each key type (RFC 5480, RFC 8410).
const SPKI_PREFIX: Record<SealAlg, Uint8Array> = {
  ES256: fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200'),
  EdDSA: fromHex('302a300506032b6570032100'),
};

/** docs/seal-v1.md section 2: the first 8 bytes of SHA-256 over the key's SPKI DER. */
export function kidOfRaw(alg: SealAlg, publicKey: Uint8Array): Uint8Array {
  const prefix = SPKI_PREFIX[alg];
  const der = new Uint8Array(prefix.length + publicKey.length);
  der.set(prefix);
  der.set(publicKey, prefix.length);
  return sha256(der).subarray(0, 8);
}

/**
 * A JWK's public key as raw bytes (P-256: the uncompressed point; Ed25519:
 * 32 bytes), with its algorithm; undefined when it is not a valid P-256 or
 * Ed25519 public key (a point off the curve included).
 */
export function rawPublicKey(jwk: { kty?: unknown; crv?: unknown; x?: unknown; y?: unknown }): { alg: SealAlg; key: Uint8Array } | undefined {
  try {
    if (jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string') {
      const x = fromBase64url(jwk.x);
      const y = fromBase64url(jwk.y);
      if (!x || !y || x.length !== 32 || y.length !== 32) return undefined;
      const key = new Uint8Array(65);
      key[0] = 4;
      key.set(x, 1);
      key.set(y, 33);
      p256.Point.fromBytes(key).assertValidity();
      return { alg: 'ES256', key };
    }
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
      const key = fromBase64url(jwk.x);
      if (!key || key.length !== 32) return undefined;
      ed25519.Point.fromBytes(key);
      return { alg: 'EdDSA', key };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** True when `signature` (64 bytes) is by `key` over `data`; ES256 only in its low-S form (the one v1 admits). */
export function verifySignature(alg: SealAlg, key: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return alg === 'ES256' ? p256.verify(signature, data, key, { prehash: true, lowS: true }) : ed25519.verify(signature, data, key);
  } catch {
    return false;
  }
}
