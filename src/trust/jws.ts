/**
 * Compact JWS (RFC 7515) for the published lists: ES256 (raw r||s) or
 * EdDSA (Ed25519), verified with @noble/curves only, so the same code runs
 * in Node and in a browser (no `node:` import on this path).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';

export const toBase64url = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A public key as a JWK, the members a verifier reads. */
export interface PublicJwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
  alg?: string;
}

export interface JwsParts {
  header: Record<string, unknown>;
  payload: unknown;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Splits and decodes a compact JWS; undefined when it is not one (nothing is verified here). */
export function parseJws(text: unknown): JwsParts | undefined {
  if (typeof text !== 'string' || text.length > 4_000_000) return undefined;
  const parts = text.trim().split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts.map(fromBase64url);
  if (!h || !p || !s) return undefined;
  try {
    const header = JSON.parse(fromUtf8.decode(h)) as unknown;
    const payload = JSON.parse(fromUtf8.decode(p)) as unknown;
    if (!header || typeof header !== 'object' || Array.isArray(header)) return undefined;
    const input = text.trim();
    return { header: header as Record<string, unknown>, payload, signingInput: utf8.encode(input.slice(0, input.lastIndexOf('.'))), signature: s };
  } catch {
    return undefined;
  }
}

/** True when the signature is by this key under this algorithm. */
export function verifyJws(parts: JwsParts, key: PublicJwk): boolean {
  const alg = parts.header.alg;
  try {
    if (alg === 'ES256' && key.kty === 'EC' && key.crv === 'P-256' && key.x && key.y) {
      const x = fromBase64url(key.x);
      const y = fromBase64url(key.y);
      if (!x || !y || x.length !== 32 || y.length !== 32 || parts.signature.length !== 64) return false;
      const point = new Uint8Array(65);
      point[0] = 4;
      point.set(x, 1);
      point.set(y, 33);
      return p256.verify(parts.signature, parts.signingInput, point, { prehash: true, lowS: false });
    }
    if (alg === 'EdDSA' && key.kty === 'OKP' && key.crv === 'Ed25519' && key.x) {
      const x = fromBase64url(key.x);
      return Boolean(x && x.length === 32 && parts.signature.length === 64 && ed25519.verify(parts.signature, parts.signingInput, x));
    }
  } catch {
    return false;
  }
  return false;
}

/** The text of a compact JWS over this header and payload, given the signature of its signing input. */
export async function compactJws(header: object, payload: unknown, sign: (input: Uint8Array) => Promise<Uint8Array>): Promise<string> {
  const input = `${toBase64url(utf8.encode(JSON.stringify(header)))}.${toBase64url(utf8.encode(JSON.stringify(payload)))}`;
  return `${input}.${toBase64url(await sign(utf8.encode(input)))}`;
}
