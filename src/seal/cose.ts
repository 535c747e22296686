/**
 * The seal's bytes (docs/seal-v1.md): a CBOR payload map inside a
 * COSE_Sign1 (RFC 9052, tag 18), all CBOR deterministic (RFC 8949 4.2.1).
 */
import { decode, encode, rfc8949EncodeOptions, Tagged } from 'cborg';
import { daysSinceEpoch, fromDaysSinceEpoch, parseCivilDate } from '../dates.js';
import type { SealFields, SealInput } from './fields.js';
import type { SealAlg } from './keys.js';
import { fromHex, toHex } from './portable.js';

export { SEAL_PREFIX } from './link.js';
const SEAL_VERSION = 1;
export const COSE_ALG: Record<SealAlg, number> = { ES256: -7, EdDSA: -8 };

function encodeCbor(value: unknown): Uint8Array {
  return encode(value, rfc8949EncodeOptions);
}

export function payloadBytes(f: SealInput): Uint8Array {
  const m = new Map<number, unknown>([
    [1, SEAL_VERSION],
    [2, f.number],
    [3, f.nik],
    [4, f.name],
    [5, f.birthPlace],
    [6, daysSinceEpoch(f.birthDate)],
    [7, f.sex === 'LAKI-LAKI' ? 1 : 2],
    [8, f.officeCode],
    [9, daysSinceEpoch(f.issuedAt)],
    [10, daysSinceEpoch(f.validUntil)],
  ]);
  if (f.photoHash) m.set(11, fromHex(f.photoHash));
  return encodeCbor(m);
}

export function protectedHeader(alg: SealAlg, kid: Uint8Array): Uint8Array {
  return encodeCbor(
    new Map<number, unknown>([
      [1, COSE_ALG[alg]],
      [4, kid],
    ]),
  );
}

/** What is signed: the COSE Sig_structure. */
export function toBeSigned(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

export function sign1(protectedBytes: Uint8Array, payload: Uint8Array, signature: Uint8Array): Uint8Array {
  return encodeCbor(new Tagged(18, [protectedBytes, new Map(), payload, signature]));
}

export interface ParsedSign1 {
  protectedBytes: Uint8Array;
  alg: number;
  kid: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

// Strict decoding: no indefinite lengths, no non-minimal integers, no
// duplicate keys, no tags but the one COSE_Sign1 needs.
const STRICT = { strict: true, allowIndefinite: false, allowUndefined: false, rejectDuplicateMapKeys: true, useMaps: true } as const;

/** Parses COSE_Sign1 bytes; throws a plain Error naming what is wrong. */
export function parseSign1(bytes: Uint8Array): ParsedSign1 {
  const outer: unknown = decode(bytes, { ...STRICT, tags: { 18: Tagged.decoder(18) } });
  if (!(outer instanceof Tagged) || outer.tag !== 18) throw new Error('not a COSE_Sign1 (tag 18)');
  const arr = outer.value;
  if (!Array.isArray(arr) || arr.length !== 4) throw new Error('COSE_Sign1 must be an array of 4');
  const [protectedBytes, unprotected, payload, signature] = arr as unknown[];
  if (!(protectedBytes instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array))
    throw new Error('COSE_Sign1 members have the wrong types');
  // One certificate, one seal text: nothing unsigned may vary.
  if (!(unprotected instanceof Map) || unprotected.size !== 0) throw new Error('unprotected header must be the empty map');
  const header: unknown = decode(protectedBytes, STRICT);
  if (!(header instanceof Map)) throw new Error('protected header must be a map');
  // v1 defines no critical header, so any crit names one this verifier does not know.
  if (header.has(2)) throw new Error('protected header marks a header critical that v1 does not know');
  const alg = header.get(1);
  const kid = header.get(4);
  if (typeof alg !== 'number' || !(kid instanceof Uint8Array)) throw new Error('protected header lacks alg or kid');
  return { protectedBytes, alg, kid, payload, signature };
}

/** Decodes the payload map; throws a plain Error naming the first bad field. */
export function parsePayload(bytes: Uint8Array): SealFields {
  const m: unknown = decode(bytes, STRICT);
  if (!(m instanceof Map)) throw new Error('payload must be a map');
  const int = (k: number) => {
    const v = m.get(k);
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`payload key ${k} must be an integer`);
    return v;
  };
  const str = (k: number) => {
    const v = m.get(k);
    if (typeof v !== 'string') throw new Error(`payload key ${k} must be text`);
    return v;
  };
  const version = int(1);
  if (version !== SEAL_VERSION) throw new Error(`unsupported seal version ${version}`);
  const nik = str(3);
  if (!/^\d{16}$/.test(nik)) throw new Error('payload key 3 must be 16 digits');
  const sex = int(7);
  if (sex !== 1 && sex !== 2) throw new Error('payload key 7 must be 1 or 2');
  // The same years the validator admits: a seal carries no date suket would refuse.
  const day = (k: number) => {
    const v = int(k);
    const date = Math.abs(v) <= 1_000_000 ? parseCivilDate(fromDaysSinceEpoch(v)) : null;
    if (!date) throw new Error(`payload key ${k} is not a date in the years suket accepts`);
    return date;
  };
  const fields: SealFields = {
    version,
    number: str(2),
    nik,
    name: str(4),
    birthPlace: str(5),
    birthDate: day(6),
    sex: sex === 1 ? 'LAKI-LAKI' : 'PEREMPUAN',
    officeCode: str(8),
    issuedAt: day(9),
    validUntil: day(10),
  };
  const photo = m.get(11);
  if (photo !== undefined) {
    if (!(photo instanceof Uint8Array)) throw new Error('payload key 11 must be bytes');
    fields.photoHash = toHex(photo);
  }
  return fields;
}
