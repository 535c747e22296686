/**
 * The CMS SignedData a PAdES signature holds (ETSI EN 319 142-1, baseline
 * B-B): detached, SHA-256, signed attributes content-type, message-digest
 * and signing-certificate-v2 (no signing-time: PAdES puts the time in the
 * signature dictionary), the certificate chain, and optionally a
 * signature time-stamp token (B-T) as an unsigned attribute.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { algorithm, ctx, expectSequence, int, octets, oid, readDer, seq, setOf, tlv } from './der.js';
import { OID } from './oids.js';

/** What signs: the signed attributes' DER in, the signature value out. */
export interface AttributeSigner {
  /** sha256WithRSAEncryption or ecdsa-with-SHA256, from the signing certificate's key. */
  algorithm: string;
  sign(signedAttributes: Uint8Array): Promise<Uint8Array>;
}

/** The issuer Name and serialNumber of a certificate, as encoded in it. */
function issuerAndSerial(cert: X509Certificate): { issuer: Uint8Array; serial: Uint8Array } {
  const tbs = expectSequence(expectSequence(readDer(cert.raw))[0]);
  const offset = tbs[0]!.tag === 0xa0 ? 1 : 0; // [0] version is optional
  return { serial: tbs[offset]!.raw, issuer: tbs[offset + 2]!.raw };
}

const attribute = (type: string, value: Uint8Array) => seq(oid(type), setOf(value));

/** The signed attributes as a SET (what is signed); the SignerInfo carries them as [0]. */
function signedAttributes(documentDigest: Uint8Array, signer: X509Certificate): Uint8Array {
  const { issuer, serial } = issuerAndSerial(signer);
  // ESSCertIDv2 with the default hash (SHA-256) omitted, and the issuer as GeneralNames [4] directoryName.
  const certId = seq(octets(createHash('sha256').update(signer.raw).digest()), seq(seq(ctx(4, issuer)), serial));
  return setOf(
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(documentDigest)),
    attribute(OID.signingCertificateV2, seq(seq(certId))),
  );
}

/**
 * Builds the SignedData for a document digest; `timestamp` (given the
 * signature value) returns a time-stamp token to attach, for B-T.
 */
export async function signedData(
  documentDigest: Uint8Array,
  chain: readonly X509Certificate[],
  signer: AttributeSigner,
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const leaf = chain[0]!;
  const attrs = signedAttributes(documentDigest, leaf);
  const signature = await signer.sign(attrs);
  const { issuer, serial } = issuerAndSerial(leaf);
  const token = timestamp ? await timestamp(signature) : undefined;
  const signerInfo = seq(
    int(1),
    seq(issuer, serial),
    algorithm(OID.sha256),
    // The same attributes, tagged [0] IMPLICIT instead of SET.
    tlv(0xa0, readDer(attrs).value),
    algorithm(signer.algorithm, signer.algorithm === OID.sha256WithRSA),
    octets(signature),
    ...(token ? [tlv(0xa1, attribute(OID.signatureTimeStampToken, token))] : []),
  );
  const content = seq(int(1), setOf(algorithm(OID.sha256)), seq(oid(OID.data)), tlv(0xa0, ...chain.map((c) => c.raw)), setOf(signerInfo));
  return seq(oid(OID.signedData), ctx(0, content));
}
