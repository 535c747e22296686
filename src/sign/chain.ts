/**
 * The signing certificate and its chain: put in order (signer first, each
 * followed by its issuer), checked for dates at the signing time, and, when
 * roots are given, led to one of them.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';

/** What is wrong with a chain, for the caller's error. */
export type ChainProblem = { code: 'certificate_expired' | 'certificate_not_yet_valid'; message: string } | { code: 'certificate_chain'; message: string };

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
  const out: ChainProblem[] = [];
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
