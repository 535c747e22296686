/**
 * Just enough DER for PKCS#12, CMS and RFC 3161: read a tag-length-value
 * tree (definite lengths only, as DER has) and write one. Node's crypto
 * does the cryptography; this module only moves bytes.
 */

/** One element read from DER: its tag, where its value lies, and the whole element's bytes. */
export interface Der {
  tag: number;
  /** The value's bytes (the children's encoding for a constructed element). */
  value: Uint8Array;
  /** The element as encoded: tag, length and value. */
  raw: Uint8Array;
}

export class DerError extends Error {}

/** Reads one element at `offset`; throws DerError on anything but definite-length DER. */
export function readDer(bytes: Uint8Array, offset = 0): Der {
  if (offset + 2 > bytes.length) throw new DerError('truncated');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used here');
  let len = bytes[offset + 1]!;
  let at = offset + 2;
  if (len === 0x80) throw new DerError('indefinite length (BER) is not DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || at + n > bytes.length) throw new DerError('length too long');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[at + i]!;
    at += n;
  }
  if (at + len > bytes.length) throw new DerError('truncated');
  return { tag, value: bytes.subarray(at, at + len), raw: bytes.subarray(offset, at + len) };
}

/** The children of a constructed element. */
export function children(el: Der): Der[] {
  const out: Der[] = [];
  for (let at = 0; at < el.value.length; ) {
    const child = readDer(el.value, at);
    out.push(child);
    at += child.raw.length;
  }
  return out;
}

/** Reads a constructed element and checks its tag; returns its children. */
export function expectSequence(el: Der | undefined, tag = 0x30, what = 'a SEQUENCE'): Der[] {
  if (!el || el.tag !== tag) throw new DerError(`expected ${what}`);
  return children(el);
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oidOf(el: Der | undefined): string {
  if (el?.tag !== 0x06) throw new DerError('expected an OBJECT IDENTIFIER');
  const v = el.value;
  const parts: number[] = [];
  let n = 0;
  for (const b of v) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (!parts.length) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

/** A small non-negative INTEGER's value. */
export function intOf(el: Der | undefined): number {
  if (el?.tag !== 0x02 || el.value.length > 6) throw new DerError('expected a small INTEGER');
  return el.value.reduce((n, b) => n * 256 + b, 0);
}

// Writing.

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

/** An element of `tag` holding `parts` (already encoded) one after another. */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return Buffer.concat([Uint8Array.of(tag), lengthBytes(body.length), body]);
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const octets = (b: Uint8Array) => tlv(0x04, b);
export const nullDer = () => Uint8Array.of(0x05, 0x00);
/** [n] EXPLICIT or a constructed [n] IMPLICIT. */
export const ctx = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 | n, ...parts);

/** SET OF in DER order (its elements sorted by their encoding). */
export function setOf(...parts: Uint8Array[]): Uint8Array {
  return tlv(0x31, ...[...parts].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

export function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [a! * 40 + b!];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

/** A non-negative INTEGER from a number or big-endian bytes. */
export function int(v: number | bigint | Uint8Array): Uint8Array {
  let bytes: number[];
  if (v instanceof Uint8Array) bytes = [...v];
  else {
    bytes = [];
    for (let n = BigInt(v); n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
  }
  while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) bytes.shift();
  if (!bytes.length || bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

/** AlgorithmIdentifier with absent (default) or NULL parameters. */
export const algorithm = (dotted: string, withNull = false) => seq(oid(dotted), ...(withNull ? [nullDer()] : []));
