/**
 * Deterministic ES256 (ECDSA P-256 with SHA-256, RFC 6979 nonces, low S),
 * with OpenSSL doing the one costly step. node:crypto's own ECDSA takes a
 * random nonce, which would make the seal, and so the PDF, differ between
 * runs; @noble/curves gives RFC 6979 but its constant-time scalar
 * multiplication in BigInt took about 3 ms a seal on a server core. Here
 * the nonce comes from HMAC-SHA-256 (RFC 6979 section 3.2) and k x G from an
 * ECDH key made from k (OpenSSL's constant-time P-256), so a seal costs
 * about a tenth of that. The output equals noble's byte for byte (tested).
 * Server-side only: the portable verifier never signs.
 */
import { createECDH, createHash, createHmac } from 'node:crypto';
import { HALF_N, P256_N, bigFrom } from './low-s.js';

const bytes32 = (v: bigint): Buffer => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');

const mod = (a: bigint): bigint => {
  const r = a % P256_N;
  return r < 0n ? r + P256_N : r;
};

/** a^-1 mod n by the extended Euclidean algorithm (n is prime, 0 < a < n). */
function invert(a: bigint): bigint {
  let [r0, r1] = [P256_N, a];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return mod(t0);
}

/** The x coordinate of k x G, from OpenSSL (an ECDH key's public point is its private scalar times G). */
function baseMultiplyX(k: Buffer): bigint {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(k);
  return bigFrom(ecdh.getPublicKey().subarray(1, 33));
}

/**
 * Signs `data` (hashed here with SHA-256) with the P-256 private scalar `d`
 * (32 bytes): the raw 64-byte r || s with s in the lower half.
 * @throws Error when `d` is not 32 bytes in [1, n - 1].
 * @example const sig = signEs256(new TextEncoder().encode('seal'), d); // 64 bytes, the same every time
 */
export function signEs256(data: Uint8Array, d: Uint8Array): Uint8Array {
  const x = bigFrom(d);
  if (d.length !== 32 || x <= 0n || x >= P256_N) throw new Error('not a P-256 private scalar');
  const h1 = createHash('sha256').update(data).digest();
  const z = mod(bigFrom(h1));
  const key = Buffer.from(d);
  const hmac = (k: Buffer, ...parts: Uint8Array[]) => {
    const h = createHmac('sha256', k);
    for (const p of parts) h.update(p);
    return h.digest();
  };
  // RFC 6979 3.2 (qlen = hlen = 256, so bits2int is the plain integer).
  let v = Buffer.alloc(32, 1);
  let k = Buffer.alloc(32, 0);
  const h1o = bytes32(z);
  k = hmac(k, v, Buffer.of(0), key, h1o);
  v = hmac(k, v);
  k = hmac(k, v, Buffer.of(1), key, h1o);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const nonce = bigFrom(v);
    if (nonce >= 1n && nonce < P256_N) {
      const r = mod(baseMultiplyX(v));
      if (r !== 0n) {
        let s = mod(invert(nonce) * (z + r * x));
        if (s !== 0n) {
          if (s > HALF_N) s = P256_N - s;
          return new Uint8Array(Buffer.concat([bytes32(r), bytes32(s)]));
        }
      }
    }
    k = hmac(k, v, Buffer.of(0));
    v = hmac(k, v);
  }
}
