/**
 * Reading a PKCS#12 (.p12, .pfx) file: its integrity MAC checked with the
 * passphrase, then the private key and the certificates. Encryption:
 * PBES2 (PBKDF2 with AES or 3DES, what OpenSSL 3 and current Windows
 * write) and PKCS#12's own SHA-1 and 3DES scheme; RC2 (OpenSSL 1.x's
 * default for certificates) is named in the error, with how to re-export.
 */
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, type KeyObject, X509Certificate } from 'node:crypto';
import { type Der, DerError, expectSequence, intOf, oidOf, readDer } from './der.js';
import { HASH_BY_OID, OID } from './oids.js';

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** Every certificate in the file, in file order. */
  certificates: X509Certificate[];
}

/** Why a PKCS#12 file could not be read, for the caller's error. */
export class Pkcs12Error extends Error {
  constructor(
    readonly reason: 'format' | 'passphrase' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

const REEXPORT = 're-export it with: openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256';

/**
 * Opens a PKCS#12 file.
 * @throws Pkcs12Error 'passphrase' when the MAC does not match, 'format' when it is not PKCS#12, 'unsupported' for RC2 and other old schemes.
 * @example const { privateKey, certificates } = readPkcs12(readFileSync('ttd.p12'), process.env.P12_PASS ?? '');
 */
export function readPkcs12(file: Uint8Array, passphrase: string): Pkcs12Contents {
  let pfx: Der[];
  try {
    pfx = expectSequence(readDer(file));
  } catch {
    throw new Pkcs12Error('format', 'is not a PKCS#12 file');
  }
  try {
    const [version, authSafe, macData] = pfx;
    if (intOf(version) !== 3) throw new Pkcs12Error('format', 'is not a PKCS#12 version 3 file');
    const content = dataContent(authSafe);
    if (!macData) throw new Pkcs12Error('unsupported', `has no integrity MAC (public-key integrity is not supported); ${REEXPORT}`);
    checkMac(macData, content, passphrase);
    const bags = expectSequence(readDer(content)).flatMap((info) => safeBags(info, passphrase));
    return collect(bags, passphrase);
  } catch (e) {
    if (e instanceof Pkcs12Error) throw e;
    throw new Pkcs12Error('format', e instanceof DerError ? `is not a readable PKCS#12 file (${e.message})` : 'is not a readable PKCS#12 file');
  }
}

/** The octets of a ContentInfo of type data. */
function dataContent(info: Der | undefined): Uint8Array {
  const [type, content] = expectSequence(info);
  if (oidOf(type) !== OID.data) throw new Pkcs12Error('unsupported', `uses public-key integrity; ${REEXPORT}`);
  const octets = expectSequence(content, 0xa0, '[0]')[0];
  if (octets?.tag !== 0x04) throw new DerError('expected an OCTET STRING');
  return octets.value;
}

function checkMac(macData: Der, content: Uint8Array, passphrase: string): void {
  const [digestInfo, salt, iterations] = expectSequence(macData);
  const [alg, digest] = expectSequence(digestInfo);
  const hash = HASH_BY_OID[oidOf(expectSequence(alg)[0])];
  if (!hash) throw new Pkcs12Error('unsupported', `uses a MAC this reader does not know; ${REEXPORT}`);
  const rounds = iterations ? intOf(iterations) : 1;
  const matches = (empty: boolean) => {
    const key = pkcs12Kdf(hash, passphrase, salt!.value, 3, rounds, createHash(hash).digest().length, empty);
    const mac = createHmac(hash, key).update(content).digest();
    return mac.length === digest!.value.length && timingSafeEqual(mac, digest!.value);
  };
  // An empty passphrase is written either as no bytes or as a BMPString's terminator: tools differ, so both are tried.
  if (!matches(false) && !(passphrase === '' && matches(true))) throw new Pkcs12Error('passphrase', 'the passphrase is wrong (or the file is damaged)');
}

/** The SafeBags of one AuthenticatedSafe entry, decrypting it where it is encrypted. */
function safeBags(info: Der, passphrase: string): Der[] {
  const [type, content] = expectSequence(info);
  const kind = oidOf(type);
  if (kind === OID.data) return expectSequence(readDer(dataContent(info)));
  if (kind !== OID.encryptedData) throw new Pkcs12Error('unsupported', `holds content this reader does not know; ${REEXPORT}`);
  const [, encryptedContentInfo] = expectSequence(expectSequence(content, 0xa0, '[0]')[0]);
  const [, alg, encrypted] = expectSequence(encryptedContentInfo);
  if (encrypted?.tag !== 0x80) throw new DerError('expected encrypted content');
  return expectSequence(readDer(decrypt(alg!, encrypted.value, passphrase)));
}

function collect(bags: Der[], passphrase: string): Pkcs12Contents {
  let privateKey: KeyObject | undefined;
  const certificates: X509Certificate[] = [];
  for (const bag of bags) {
    const [id, value] = expectSequence(bag);
    const inner = expectSequence(value, 0xa0, '[0]')[0]!;
    const kind = oidOf(id);
    if (kind === OID.keyBag) privateKey = createPrivateKey({ key: Buffer.from(inner.raw), format: 'der', type: 'pkcs8' });
    else if (kind === OID.shroudedKeyBag) privateKey = decryptKey(inner, passphrase);
    else if (kind === OID.certBag) {
      const [certType, certValue] = expectSequence(inner);
      if (oidOf(certType) !== OID.x509Certificate) continue;
      certificates.push(new X509Certificate(Buffer.from(expectSequence(certValue, 0xa0, '[0]')[0]!.value)));
    }
  }
  if (!privateKey) throw new Pkcs12Error('format', 'holds no private key');
  if (!certificates.length) throw new Pkcs12Error('format', 'holds no certificate');
  return { privateKey, certificates };
}

/** An EncryptedPrivateKeyInfo: PBES2 by OpenSSL itself; PKCS#12's own scheme by hand (OpenSSL wants the passphrase as BMPString there). */
function decryptKey(info: Der, passphrase: string): KeyObject {
  const [alg, data] = expectSequence(info);
  const plain = decrypt(alg!, data!.value, passphrase);
  return createPrivateKey({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' });
}

function decrypt(alg: Der, data: Uint8Array, passphrase: string): Uint8Array {
  const [id, params] = expectSequence(alg);
  const scheme = oidOf(id);
  try {
    if (scheme === OID.pbes2) return decryptPbes2(params!, data, passphrase);
    if (scheme === OID.pbeSha3DesCbc) {
      const [salt, iterations] = expectSequence(params);
      const n = intOf(iterations);
      const key = pkcs12Kdf('sha1', passphrase, salt!.value, 1, n, 24);
      const iv = pkcs12Kdf('sha1', passphrase, salt!.value, 2, n, 8);
      return decipher('des-ede3-cbc', key, iv, data);
    }
  } catch (e) {
    if (e instanceof Pkcs12Error || e instanceof DerError) throw e;
    throw new Pkcs12Error('passphrase', 'cannot be decrypted with this passphrase');
  }
  if (scheme === OID.pbeSha40Rc2Cbc) throw new Pkcs12Error('unsupported', `encrypts with RC2, which this system's OpenSSL no longer offers; ${REEXPORT}`);
  throw new Pkcs12Error('unsupported', `uses an encryption this reader does not know; ${REEXPORT}`);
}

const CIPHERS: Readonly<Record<string, [name: string, keyLength: number]>> = {
  [OID.aes128cbc]: ['aes-128-cbc', 16],
  [OID.aes192cbc]: ['aes-192-cbc', 24],
  [OID.aes256cbc]: ['aes-256-cbc', 32],
  [OID.desEde3cbc]: ['des-ede3-cbc', 24],
};

function decryptPbes2(params: Der, data: Uint8Array, passphrase: string): Uint8Array {
  const [kdf, enc] = expectSequence(params);
  const [kdfId, kdfParams] = expectSequence(kdf);
  if (oidOf(kdfId) !== OID.pbkdf2) throw new Pkcs12Error('unsupported', `derives its key with something other than PBKDF2; ${REEXPORT}`);
  const fields = expectSequence(kdfParams);
  const salt = fields[0]!.value;
  const iterations = intOf(fields[1]);
  const prfField = fields.slice(2).find((f) => f.tag === 0x30);
  const hash = prfField ? HASH_BY_OID[oidOf(expectSequence(prfField)[0])] : 'sha1';
  const [encId, iv] = expectSequence(enc);
  const cipher = CIPHERS[oidOf(encId)];
  if (!hash || !cipher) throw new Pkcs12Error('unsupported', `uses a cipher this reader does not know; ${REEXPORT}`);
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, cipher[1], hash);
  return decipher(cipher[0], key, iv!.value, data);
}

function decipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const d = createDecipheriv(name, key, iv);
  return Buffer.concat([d.update(data), d.final()]);
}

/** RFC 7292 appendix B.2: PKCS#12's key derivation (id 1 key, 2 IV, 3 MAC key), the passphrase as BMPString. */
export function pkcs12Kdf(
  hash: string,
  passphrase: string,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
  noBytesForEmpty = false,
): Buffer {
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const u = createHash(hash).digest().length;
  const pass = passphrase === '' && noBytesForEmpty ? Buffer.alloc(0) : Buffer.concat([Buffer.from(passphrase, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (b: Uint8Array) => {
    const out = Buffer.alloc(b.length ? v * Math.ceil(b.length / v) : 0);
    for (let i = 0; i < out.length; i++) out[i] = b[i % b.length]!;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(pass)]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    out.push(A);
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}
