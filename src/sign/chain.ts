/**
 * The signing certificate and its chain: put in order (signer first, each
 * followed by its issuer), checked for dates at the signing time, and, when
 * roots are given, led to one of them.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type * as Asn1 from 'asn1js';
import { parsedCertificate } from './pki-library.js';

/** What is wrong with a chain, for the caller's error. */
export type ChainProblem =
  | { code: 'certificate_expired' | 'certificate_not_yet_valid' | 'certificate_usage'; message: string }
  | { code: 'certificate_chain'; message: string };

const issues = (cert: X509Certificate, issuer: X509Certificate) => cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
const selfSigned = (cert: X509Certificate) => issues(cert, cert);

/**
 * Orders certificates into a chain from the one whose key is `privateKey`
 * (or the first) up to the last issuer present.
 * @example const chain = orderChain(p12.certificates, p12.privateKey);
 */
export function orderChain(certs: readonly X509Certificate[], privateKey?: KeyObject): X509Certificate[] {
  const leaf = (privateKey && certs.find((c) => c.checkPrivateKey(privateKey))) ?? certs[0];
  if (!leaf) return [];
  const chain = [leaf];
  const rest = certs.filter((c) => c !== leaf);
  for (let cur = leaf; !selfSigned(cur); ) {
    const next = rest.find((c) => issues(cur, c) && !chain.includes(c));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

/**
 * The problems of a chain at `at`: every certificate within its validity, each issued by the next, and the last
 * issued by (or one of) `roots` when roots are given.
 * @example const problems = chainProblems(chain, new Date(), [root]);
 */
export function chainProblems(chain: readonly X509Certificate[], at: Date, roots?: readonly X509Certificate[]): ChainProblem[] {
  const out: ChainProblem[] = chain[0] ? signerUsageProblems(chain[0]) : [];
  chain.forEach((cert, i) => {
    const who = i === 0 ? 'the signing certificate' : `certificate ${i + 1} of the chain`;
    if (new Date(cert.validTo) < at)
      out.push({ code: 'certificate_expired', message: `${who} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}` });
    if (new Date(cert.validFrom) > at)
      out.push({ code: 'certificate_not_yet_valid', message: `${who} is valid only from ${new Date(cert.validFrom).toISOString().slice(0, 10)}` });
    const issuer = chain[i + 1];
    if (issuer && !issues(cert, issuer)) out.push({ code: 'certificate_chain', message: `${who} was not issued by the next certificate given` });
  });
  const top = chain[chain.length - 1];
  if (roots && top) {
    const isRoot = roots.some((r) => r.fingerprint256 === top.fingerprint256);
    if (!isRoot && !roots.some((r) => issues(top, r))) out.push({ code: 'certificate_chain', message: 'the chain does not lead to any of the given roots' });
  }
  return out;
}

/** Extended key usages under which a certificate may sign documents (pdfsig and Acrobat accept these). */
const DOCUMENT_SIGNING_EKU = new Set([
  '1.3.6.1.5.5.7.3.36', // id-kp-documentSigning (RFC 9336)
  '1.3.6.1.5.5.7.3.4', // id-kp-emailProtection
  '1.2.840.113583.1.1.5', // Adobe Authentic Documents Trust
  '1.3.6.1.4.1.311.10.3.12', // Microsoft Document Signing
  '2.5.29.37.0', // anyExtendedKeyUsage
]);

/** The key usage bits a document signer needs one of (RFC 5280 KeyUsage): digitalSignature, nonRepudiation. */
const SIGNING_KEY_USAGE = 0b1100_0000;

/**
 * The certificate's key usage bits (the first byte: digitalSignature is its
 * high bit), read by pkijs (Node does not expose them); undefined when it
 * states none (any use).
 */
function keyUsageBits(cert: X509Certificate): number | undefined {
  const ext = parsedCertificate(cert).extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ext) return undefined;
  const bits = (ext.parsedValue as Asn1.BitString | undefined)?.valueBlock.valueHexView;
  return bits?.[0] ?? 0;
}

/**
 * A signing certificate must be an end entity whose key usage and extended
 * key usage, where it states them, allow signing documents: a CA's
 * certificate or a TLS server's (keyEncipherment, serverAuth) signs a PDF
 * that pdfsig and Acrobat refuse.
 */
function signerUsageProblems(cert: X509Certificate): ChainProblem[] {
  const out: ChainProblem[] = [];
  if (cert.ca) out.push({ code: 'certificate_usage', message: "the signing certificate is a CA's (CA:TRUE), not a signer's" });
  const why: string[] = [];
  const eku = cert.keyUsage;
  if (eku?.length && !eku.some((oid) => DOCUMENT_SIGNING_EKU.has(oid)))
    why.push('its extended key usage allows neither document signing nor e-mail protection');
  const bits = keyUsageBits(cert);
  if (bits !== undefined && !(bits & SIGNING_KEY_USAGE)) why.push('its key usage allows neither digital signature nor non-repudiation');
  if (why.length) out.push({ code: 'certificate_usage', message: `the signing certificate is not for signing documents (${why.join('; ')})` });
  return out;
}
