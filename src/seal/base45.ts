/**
 * Base45 (RFC 9285): bytes as QR alphanumeric characters, and its URL-safe
 * sibling Base42 for the verifier link's fragment (docs/seal-v1.md section
 * 1): the same scheme (3 characters per 2 bytes, 2 for a last byte) over the
 * 42 QR alphanumeric characters a URL fragment holds as they are (no space,
 * `%` or `+`), so a link is exactly as long as the seal and a valid URL. Our
 * own ~50 lines: the npm packages for Base45 are small and lightly kept, and
 * a strict decoder (rejecting out-of-range triplets and stray characters)
 * matters for a verifier. Tests check it against an independent implementation.
 */
interface Radix {
  alphabet: string;
  value: Map<string, number>;
}

const radix = (alphabet: string): Radix => ({ alphabet, value: new Map([...alphabet].map((c, i) => [c, i])) });
const BASE45 = radix('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:');
const BASE42 = radix('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$*-./:');

function encode(bytes: Uint8Array, { alphabet: a }: Radix): string {
  const r = a.length;
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    out += a[n % r]! + a[Math.floor(n / r) % r]! + a[Math.floor(n / (r * r))]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += a[n % r]! + a[Math.floor(n / r)]!;
  }
  return out;
}

/** Strict decode; null on anything that is not the canonical text of some bytes. */
function decode(text: string, { alphabet, value }: Radix): Uint8Array | null {
  const r = alphabet.length;
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = value.get(text[i]!);
    const d = value.get(text[i + 1]!);
    if (c === undefined || d === undefined) return null;
    if (i + 2 < text.length) {
      const e = value.get(text[i + 2]!);
      if (e === undefined) return null;
      const n = c + d * r + e * r * r;
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = c + d * r;
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}

export const encodeBase45 = (bytes: Uint8Array): string => encode(bytes, BASE45);

/** Strict decode; null on anything that is not canonical Base45. */
export const decodeBase45 = (text: string): Uint8Array | null => decode(text, BASE45);

/** The link fragment's encoding: Base45's scheme over `0-9 A-Z $ * - . / :`. */
export const encodeBase42 = (bytes: Uint8Array): string => encode(bytes, BASE42);

/** Strict decode; null on anything that is not canonical Base42. */
export const decodeBase42 = (text: string): Uint8Array | null => decode(text, BASE42);

/** Characters of the Base45 (or Base42) text for `byteCount` bytes: 3 per pair, 2 for a last single byte. */
export const base45Length = (byteCount: number): number => Math.floor(byteCount / 2) * 3 + (byteCount % 2) * 2;
