/**
 * Reading a PKCS#12 (.p12, .pfx) file: its integrity MAC checked with the
 * passphrase, then the private key and the certificates. Encryption:
 * PBES2 (PBKDF2 with AES or 3DES, what OpenSSL 3 and current Windows
 * write) and PKCS#12's own SHA-1 and 3DES scheme (Windows' "TripleDES-SHA1"
 * export); RC2 (OpenSSL 1.x's default for certificates) is named in the
 * error, with how to re-export.
 *
 * The file's structure is read by pkijs and asn1js (BSD-3) and every cipher
 * and hash is Node's (OpenSSL). One piece is ours: RFC 7292's key
 * derivation (below), a loop of SHA hashes that makes the MAC key and the
 * old 3DES scheme's key and IV. pkijs has it only for the MAC and only
 * inside its asynchronous WebCrypto engine (and WebCrypto has no 3DES),
 * while a signer is prepared synchronously before any number is taken. The
 * tests check it against OpenSSL's own files (AES, 3DES, SHA-1 and SHA-256
 * MACs, an empty passphrase).
 */
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, type KeyObject, X509Certificate } from 'node:crypto';
import type * as Asn1 from 'asn1js';
import type * as Pkijs from 'pkijs';
import { asn1js, pkijs } from './pki-library.js';
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

/** The contents of a DER value, parsed by asn1js, or a format error. */
function parse(bytes: ArrayBuffer | Uint8Array): Asn1.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new Pkcs12Error('format', 'is not a readable PKCS#12 file');
  return parsed.result;
}

/**
 * Opens a PKCS#12 file.
 * @throws Pkcs12Error 'passphrase' when the MAC does not match, 'format' when it is not PKCS#12, 'unsupported' for RC2 and other old schemes.
 * @example const { privateKey, certificates } = readPkcs12(readFileSync('ttd.p12'), process.env.P12_PASS ?? '');
 */
export function readPkcs12(file: Uint8Array, passphrase: string): Pkcs12Contents {
  let pfx: Pkijs.PFX;
  try {
    pfx = new pkijs.PFX({ schema: parse(file) });
  } catch {
    throw new Pkcs12Error('format', 'is not a PKCS#12 file');
  }
  try {
    if (pfx.version !== 3) throw new Pkcs12Error('format', 'is not a PKCS#12 version 3 file');
    const content = dataContent(pfx.authSafe);
    if (!pfx.macData) throw new Pkcs12Error('unsupported', `has no integrity MAC (public-key integrity is not supported); ${REEXPORT}`);
    checkMac(pfx.macData, content, passphrase);
    const safe = new pkijs.AuthenticatedSafe({ schema: parse(content) });
    const bags = safe.safeContents.flatMap((info) => safeBags(info, passphrase));
    return collect(bags, passphrase);
  } catch (e) {
    if (e instanceof Pkcs12Error) throw e;
    throw new Pkcs12Error('format', 'is not a readable PKCS#12 file');
  }
}

/** The octets of a ContentInfo of type data. */
function dataContent(info: Pkijs.ContentInfo): Uint8Array {
  if (info.contentType !== OID.data) throw new Pkcs12Error('unsupported', `uses public-key integrity; ${REEXPORT}`);
  if (!(info.content instanceof asn1js.OctetString)) throw new Pkcs12Error('format', 'is not a readable PKCS#12 file');
  return octetsOf(info.content);
}

/** An OCTET STRING's bytes, whether written whole or in pieces (BER, as some Windows versions write). */
function octetsOf(value: Asn1.OctetString): Uint8Array {
  if (!value.idBlock.isConstructed) return new Uint8Array(value.valueBlock.valueHexView);
  return Buffer.concat((value.valueBlock.value as Asn1.OctetString[]).map(octetsOf));
}

function checkMac(macData: Pkijs.MacData, content: Uint8Array, passphrase: string): void {
  const hash = HASH_BY_OID[macData.mac.digestAlgorithm.algorithmId];
  if (!hash) throw new Pkcs12Error('unsupported', `uses a MAC this reader does not know; ${REEXPORT}`);
  const salt = octetsOf(macData.macSalt);
  const expected = octetsOf(macData.mac.digest);
  const rounds = macData.iterations ?? 1;
  const matches = (empty: boolean) => {
    const key = pkcs12Kdf(hash, passphrase, salt, 3, rounds, createHash(hash).digest().length, empty);
    const mac = createHmac(hash, key).update(content).digest();
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  };
  // An empty passphrase is written either as no bytes or as a BMPString's terminator: tools differ, so both are tried.
  if (!matches(false) && !(passphrase === '' && matches(true))) throw new Pkcs12Error('passphrase', 'the passphrase is wrong (or the file is damaged)');
}

/** The SafeBags of one AuthenticatedSafe entry, decrypting it where it is encrypted. */
function safeBags(info: Pkijs.ContentInfo, passphrase: string): Pkijs.SafeBag[] {
  if (info.contentType === OID.data) return new pkijs.SafeContents({ schema: parse(dataContent(info)) }).safeBags;
  if (info.contentType !== OID.encryptedData) throw new Pkcs12Error('unsupported', `holds content this reader does not know; ${REEXPORT}`);
  const encrypted = new pkijs.EncryptedData({ schema: info.content }).encryptedContentInfo;
  if (!encrypted.encryptedContent) throw new Pkcs12Error('format', 'is not a readable PKCS#12 file');
  const plain = decrypt(encrypted.contentEncryptionAlgorithm, octetsOf(encrypted.encryptedContent), passphrase);
  return new pkijs.SafeContents({ schema: parse(plain) }).safeBags;
}

function collect(bags: Pkijs.SafeBag[], passphrase: string): Pkcs12Contents {
  let privateKey: KeyObject | undefined;
  const certificates: X509Certificate[] = [];
  for (const bag of bags) {
    const value = bag.bagValue;
    if (bag.bagId === OID.keyBag) privateKey = pkcs8(new Uint8Array((value as Pkijs.PrivateKeyInfo).toSchema().toBER()));
    else if (bag.bagId === OID.shroudedKeyBag) {
      const shrouded = value as Pkijs.PKCS8ShroudedKeyBag;
      privateKey = pkcs8(decrypt(shrouded.encryptionAlgorithm, octetsOf(shrouded.encryptedData), passphrase));
    } else if (bag.bagId === OID.certBag) {
      const cert = value as Pkijs.CertBag;
      if (cert.certId === OID.x509Certificate) certificates.push(new X509Certificate(Buffer.from(octetsOf(cert.certValue as Asn1.OctetString))));
    }
  }
  if (!privateKey) throw new Pkcs12Error('format', 'holds no private key');
  if (!certificates.length) throw new Pkcs12Error('format', 'holds no certificate');
  return { privateKey, certificates };
}

const pkcs8 = (der: Uint8Array) => createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });

function decrypt(alg: Pkijs.AlgorithmIdentifier, data: Uint8Array, passphrase: string): Uint8Array {
  const scheme = alg.algorithmId;
  try {
    if (scheme === OID.pbes2) return decryptPbes2(new pkijs.PBES2Params({ schema: alg.algorithmParams }), data, passphrase);
    if (scheme === OID.pbeSha3DesCbc) {
      // PKCS12PBEParams: SEQUENCE { salt OCTET STRING, iterations INTEGER }
      const [salt, iterations] = (alg.algorithmParams as Asn1.Sequence).valueBlock.value as [Asn1.OctetString, Asn1.Integer];
      const n = iterations.valueBlock.valueDec;
      const key = pkcs12Kdf('sha1', passphrase, octetsOf(salt), 1, n, 24);
      const iv = pkcs12Kdf('sha1', passphrase, octetsOf(salt), 2, n, 8);
      return decipher('des-ede3-cbc', key, iv, data);
    }
  } catch (e) {
    if (e instanceof Pkcs12Error) throw e;
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

function decryptPbes2(params: Pkijs.PBES2Params, data: Uint8Array, passphrase: string): Uint8Array {
  if (params.keyDerivationFunc.algorithmId !== OID.pbkdf2)
    throw new Pkcs12Error('unsupported', `derives its key with something other than PBKDF2; ${REEXPORT}`);
  const kdf = new pkijs.PBKDF2Params({ schema: params.keyDerivationFunc.algorithmParams });
  const hash = kdf.prf ? HASH_BY_OID[kdf.prf.algorithmId] : 'sha1';
  const cipher = CIPHERS[params.encryptionScheme.algorithmId];
  if (!hash || !cipher || !(kdf.salt instanceof asn1js.OctetString))
    throw new Pkcs12Error('unsupported', `uses a cipher this reader does not know; ${REEXPORT}`);
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), octetsOf(kdf.salt), kdf.iterationCount, cipher[1], hash);
  return decipher(cipher[0], key, octetsOf(params.encryptionScheme.algorithmParams as Asn1.OctetString), data);
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
