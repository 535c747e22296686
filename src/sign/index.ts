/**
 * A certified electronic signature (TTE) on the PDF, beside the seal:
 * PAdES baseline B-B (ETSI.CAdES.detached with signing-certificate-v2),
 * and B-T when a time-stamp authority is given. The signature covers the
 * whole file as drawn; the page and its seal are not touched.
 */
import { createHash, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto';
import { SuketError, type Issue } from '../errors.js';
import { type AttributeSigner, signedData } from './cms.js';
import { chainProblems, orderChain } from './chain.js';
import { OID } from './oids.js';
import { embedSignature, NoRoom, prepareSignature } from './pdf-update.js';
import { Pkcs12Error, readPkcs12 } from './pkcs12.js';
import { requestTimestamp, TimestampError } from './timestamp.js';

/** A signer outside this process: an HSM, or a certified authority's remote signing service. */
export interface ExternalPdfSigner {
  /** The signing certificate first, then its issuers: DER bytes or PEM text. */
  certificateChain: ReadonlyArray<Uint8Array | string>;
  /** Signs a SHA-256 digest with the certificate's key: RSA PKCS#1 v1.5, or ECDSA P-256 as DER. */
  sign(digest: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

export interface PdfSignOptions {
  /** A PKCS#12 file (.p12, .pfx) holding the key and its certificates; with `passphrase`. */
  p12?: Uint8Array;
  passphrase?: string;
  /** Or a signer outside this process. */
  signer?: ExternalPdfSigner;
  /** Roots the chain must lead to (DER or PEM); without them only the chain's own links are checked. */
  roots?: ReadonlyArray<Uint8Array | string>;
  /** An RFC 3161 time-stamp authority: the signature becomes PAdES B-T. */
  timestampUrl?: string;
  /** Default 10,000. */
  timestampTimeoutMs?: number;
  reason?: string;
  location?: string;
  /** The signing time written in the signature; default: now. */
  time?: Date;
}

/** A signer ready to sign: its chain, in order, and how it signs. */
export interface ReadySigner {
  chain: X509Certificate[];
  signer: AttributeSigner;
  /** The largest signature made so far, without and with a time-stamp, so that later files reserve only what it takes. */
  largest?: { plain?: number; stamped?: number };
}

const issue = (path: string, code: Issue['code'], message: string): Issue => ({ path, code, message });
const invalid = (issues: Issue[]) => new SuketError('INVALID_KEY', issues);
/** Signers read so far: by options object, and a PKCS#12 file also by its bytes and passphrase (a worker thread gets copies). */
const ready = new WeakMap<PdfSignOptions, ReadySigner>();
const readP12 = new Map<string, ReadySigner>();
const P12_CACHE = 16;
const p12Key = (o: PdfSignOptions) =>
  createHash('sha256')
    .update(o.p12!)
    .update('\0')
    .update(o.passphrase ?? '')
    .digest('hex');

function certificate(input: Uint8Array | string): X509Certificate {
  return new X509Certificate(typeof input === 'string' ? input : Buffer.from(input));
}

/** The CMS signature algorithm for a key, or undefined for one PAdES readers do not all take. */
function algorithmFor(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType === 'rsa') return OID.sha256WithRSA;
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return OID.ecdsaWithSHA256;
  return undefined;
}

function fromP12(o: PdfSignOptions, issues: Issue[]): ReadySigner | undefined {
  try {
    const p12 = readPkcs12(o.p12!, o.passphrase ?? '');
    const chain = orderChain(p12.certificates, p12.privateKey);
    const algorithm = algorithmFor(p12.privateKey);
    if (!algorithm) return void issues.push(issue('sign.p12', 'sign_file', 'holds a key that is neither RSA nor ECDSA P-256'));
    if (!chain[0]!.checkPrivateKey(p12.privateKey)) return void issues.push(issue('sign.p12', 'sign_file', 'holds no certificate for its key'));
    return { chain, signer: { algorithm, sign: async (attrs) => nodeSign('sha256', attrs, p12.privateKey) } };
  } catch (e) {
    if (!(e instanceof Pkcs12Error)) throw e;
    if (e.reason === 'passphrase') issues.push(issue('sign.passphrase', 'passphrase', e.message));
    else issues.push(issue('sign.p12', 'sign_file', e.message));
    return undefined;
  }
}

function cachedP12(o: PdfSignOptions, issues: Issue[]): ReadySigner | undefined {
  const key = p12Key(o);
  const known = readP12.get(key);
  if (known) return known;
  const got = fromP12(o, issues);
  if (got) {
    if (readP12.size >= P12_CACHE) readP12.clear();
    readP12.set(key, got);
  }
  return got;
}

function fromExternal(s: ExternalPdfSigner, issues: Issue[]): ReadySigner | undefined {
  const certs: X509Certificate[] = [];
  (s.certificateChain ?? []).forEach((c, i) => {
    try {
      certs.push(certificate(c));
    } catch {
      issues.push(issue(`sign.signer.certificateChain[${i}]`, 'format', 'is not an X.509 certificate (DER or PEM)'));
    }
  });
  if (!certs.length) return void issues.push(issue('sign.signer.certificateChain', 'required', 'must hold the signing certificate'));
  const algorithm = algorithmFor(certs[0]!.publicKey);
  if (!algorithm) return void issues.push(issue('sign.signer.certificateChain[0]', 'sign_file', 'has a key that is neither RSA nor ECDSA P-256'));
  const external = s.sign.bind(s);
  return { chain: orderChain(certs), signer: { algorithm, sign: async (attrs) => external(createHash('sha256').update(attrs).digest()) } };
}

/**
 * Reads and checks what signs, before any work: the PKCS#12 file and its
 * passphrase (or the external signer's chain), the key type, the chain's
 * dates at `at` and its links to `roots`, the time-stamp URL. A PKCS#12
 * file is read once per options object.
 * @throws SuketError INVALID_KEY listing every problem (`sign.passphrase` passphrase, `sign.certificate`
 *   certificate_expired / certificate_not_yet_valid / certificate_chain, `sign.p12` sign_file, ...).
 * @example const signer = prepareSigner({ p12: readFileSync('ttd.p12'), passphrase }, new Date());
 */
export function prepareSigner(o: PdfSignOptions, at: Date): ReadySigner {
  const issues: Issue[] = [];
  if (Boolean(o.p12) === Boolean(o.signer)) throw invalid([issue('sign', o.p12 ? 'conflict' : 'required', 'needs either p12 (with passphrase) or signer')]);
  if (o.timestampUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(o.timestampUrl))
    issues.push(issue('sign.timestampUrl', 'format', 'must be an http or https URL'));
  const roots: X509Certificate[] = [];
  (o.roots ?? []).forEach((r, i) => {
    try {
      roots.push(certificate(r));
    } catch {
      issues.push(issue(`sign.roots[${i}]`, 'format', 'is not an X.509 certificate (DER or PEM)'));
    }
  });
  const got = ready.get(o) ?? (o.p12 ? cachedP12(o, issues) : fromExternal(o.signer!, issues));
  if (got) {
    ready.set(o, got);
    for (const p of chainProblems(got.chain, at, o.roots ? roots : undefined)) issues.push(issue('sign.certificate', p.code, p.message));
  }
  if (issues.length || !got) throw invalid(issues);
  return got;
}

/** Bytes reserved for the CMS at first: the chain, the signature and attributes, and a time-stamp token with its own chain. */
const firstReserve = (s: ReadySigner, timestamped: boolean) => s.chain.reduce((n, c) => n + c.raw.length, 0) + 4096 + (timestamped ? 16384 : 0);

/**
 * Signs a PDF suket drew: an incremental update holding a PAdES signature
 * over the whole file.
 * @throws SuketError INVALID_KEY as `prepareSigner`; SIGN_FAILED (`sign.timestampUrl` timestamp) when the
 *   time-stamp authority cannot be reached or answers wrongly.
 * @example const signed = await signPdf(pdf, { p12, passphrase, timestampUrl: 'http://tsa.example/tsr' });
 */
export async function signPdf(
  pdf: Uint8Array,
  o: PdfSignOptions,
  prepared?: ReadySigner,
  /** The visible field's rectangle (PDF points from the lower-left); absent: an invisible signature. */
  rect?: readonly [number, number, number, number],
): Promise<Uint8Array> {
  const time = o.time ?? new Date();
  const s = prepared ?? prepareSigner(o, time);
  const first = firstReserve(s, Boolean(o.timestampUrl));
  const largest = s.largest?.[o.timestampUrl ? 'stamped' : 'plain'];
  try {
    try {
      // ECDSA values and time-stamp tokens vary by a few bytes; a larger one is retried below.
      return await signInto(pdf, o, s, time, largest ? largest + (o.timestampUrl ? 256 : 32) : first, rect);
    } catch (e) {
      // A time-stamp token larger than the last one: once more with the generous reserve.
      if (e instanceof NoRoom) return await signInto(pdf, o, s, time, 2 * first, rect);
      throw e;
    }
  } catch (e) {
    if (e instanceof TimestampError)
      throw new SuketError('SIGN_FAILED', [issue('sign.timestampUrl', 'timestamp', `the time-stamp authority ${e.message}`)], { cause: e });
    throw e;
  }
}

async function signInto(
  pdf: Uint8Array,
  o: PdfSignOptions,
  s: ReadySigner,
  time: Date,
  reserve: number,
  rect: readonly [number, number, number, number] | undefined,
): Promise<Uint8Array> {
  const name = s.chain[0]!.subject.match(/(?:^|\n)CN=([^\n]+)/)?.[1];
  const hole = prepareSignature(pdf, { time, reason: o.reason, location: o.location, name, reserve, rect });
  const [a, b, c, d] = hole.byteRange;
  const digest = createHash('sha256')
    .update(hole.bytes.subarray(a, a + b))
    .update(hole.bytes.subarray(c, c + d))
    .digest();
  const url = o.timestampUrl;
  const timestamp = url ? (value: Uint8Array) => requestTimestamp(url, value, o.timestampTimeoutMs ?? 10_000) : undefined;
  const cms = await signedData(digest, s.chain, s.signer, timestamp);
  const signed = embedSignature(hole, cms);
  const kind = url ? 'stamped' : 'plain';
  s.largest = { ...s.largest, [kind]: Math.max(s.largest?.[kind] ?? 0, cms.length) };
  return signed;
}
