/** The low-S rule of docs/seal-v1.md: one ES256 signature per seal (portable: verifiers run in browsers too). */
import { toHex } from './portable.js';

// P-256's group order: an ECDSA signature (r, s) is also valid as (r, n - s).
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
export const HALF_N = P256_N >> 1n;

export const bigFrom = (b: Uint8Array): bigint => BigInt(`0x${toHex(b) || '0'}`);

/** True when the ES256 signature's s is in the lower half (the one form v1 admits). */
export function isLowS(signature: Uint8Array): boolean {
  return signature.length === 64 && bigFrom(signature.subarray(32)) <= HALF_N;
}
