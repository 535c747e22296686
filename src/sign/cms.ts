/**
 * The CMS SignedData a PAdES signature holds (ETSI EN 319 142-1, baseline
 * B-B): detached, SHA-256, signed attributes content-type, message-digest
 * and signing-certificate-v2 (no signing-time: PAdES puts the time in the
 * signature dictionary), the certificate chain, and optionally a
 * signature time-stamp token (B-T) as an unsigned attribute. Built with
 * pkijs and asn1js (BSD-3): suket encodes no DER itself.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import type * as Asn1 from 'asn1js';
import type * as Pkijs from 'pkijs';
import { asn1js, parsedCertificate, pkijs } from './pki-library.js';
import { OID } from './oids.js';

/** What signs: the signed attributes' DER in, the signature value out. */
export interface AttributeSigner {
  /** sha256WithRSAEncryption or ecdsa-with-SHA256, from the signing certificate's key. */
  algorithm: string;
  sign(signedAttributes: Uint8Array): Promise<Uint8Array>;
}

const bytes = (b: ArrayBuffer | Uint8Array) => new Uint8Array(b);
const algorithm = (id: string, nullParams = false) =>
  new pkijs.AlgorithmIdentifier({ algorithmId: id, ...(nullParams ? { algorithmParams: new asn1js.Null() } : {}) });
const attribute = (type: string, value: Asn1.AsnType) => new pkijs.Attribute({ type, values: [value] });

/**
 * The ESSCertIDv2 of the signer (RFC 5035), SHA-256 (the default, so its
 * algorithm is left out), with the issuer as a GeneralName directoryName.
 */
function signingCertificateV2(signer: X509Certificate, parsed: Pkijs.Certificate): Asn1.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: parsed.issuer })] }).toSchema(), parsed.serialNumber],
  });
  const certId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: createHash('sha256').update(signer.raw).digest() }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] });
}

/** The signed attributes (what is signed is their DER as a SET; the SignerInfo carries them as [0]). */
function signedAttributes(documentDigest: Uint8Array, signer: X509Certificate, parsed: Pkijs.Certificate): Pkijs.SignedAndUnsignedAttributes {
  return new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: documentDigest })),
      attribute(OID.signingCertificateV2, signingCertificateV2(signer, parsed)),
    ],
  });
}

/**
 * Builds the SignedData for a document digest; `timestamp` (given the
 * signature value) returns a time-stamp token to attach, for B-T.
 * @throws what `signer.sign` and `timestamp` throw.
 * @example const cms = await signedData(sha256(byteRanges), [leaf, ca], signer);
 */
export async function signedData(
  documentDigest: Uint8Array,
  chain: readonly X509Certificate[],
  signer: AttributeSigner,
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const leaf = chain[0]!;
  const parsed = parsedCertificate(leaf);
  const attrs = signedAttributes(documentDigest, leaf, parsed);
  // Signed as a SET (tag 0x31), carried as [0] IMPLICIT: the same bytes but the first.
  const toSign = bytes(attrs.toSchema().toBER());
  toSign[0] = 0x31;
  const signature = await signer.sign(toSign);
  const token = timestamp ? await timestamp(signature) : undefined;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: parsed.issuer, serialNumber: parsed.serialNumber }),
    digestAlgorithm: algorithm(OID.sha256),
    signedAttrs: attrs,
    signatureAlgorithm: algorithm(signer.algorithm, signer.algorithm === OID.sha256WithRSA),
    signature: new asn1js.OctetString({ valueHex: signature }),
    ...(token
      ? {
          unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attribute(OID.signatureTimeStampToken, asn1js.fromBER(token).result)] }),
        }
      : {}),
  });
  const content = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [algorithm(OID.sha256)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: chain.map(parsedCertificate),
    signerInfos: [signerInfo],
  });
  return bytes(new pkijs.ContentInfo({ contentType: OID.signedData, content: content.toSchema(true) }).toSchema().toBER());
}
