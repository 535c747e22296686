/**
 * An RFC 3161 time-stamp for a signature value (PAdES B-T): the request
 * over HTTP, and the answer checked (granted, the same digest, the same
 * nonce) before its token is attached. Encoded and read by pkijs and
 * asn1js (BSD-3): suket parses no DER itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import type * as Asn1 from 'asn1js';
import type * as Pkijs from 'pkijs';
import { asn1js, pkijs } from './pki-library.js';
import { OID } from './oids.js';

export class TimestampError extends Error {}

/**
 * Asks the authority at `url` to time-stamp `signatureValue`; returns the
 * TimeStampToken (a CMS ContentInfo).
 * @throws TimestampError when it cannot be reached in time, refuses, or answers for other data.
 * @example const token = await requestTimestamp('http://tsa.example/tsr', signature, 10_000);
 */
export async function requestTimestamp(url: string, signatureValue: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  const digest = createHash('sha256').update(signatureValue).digest();
  const request = timestampRequest(digest, randomBytes(8));
  let answer: Response;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request.toSchema().toBER()),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new TimestampError(`cannot be reached within ${timeoutMs} ms`);
  }
  if (!answer.ok) throw new TimestampError(`answered HTTP ${answer.status}`);
  return checkedToken(await answer.arrayBuffer(), digest, request.nonce!);
}

/**
 * The request for a SHA-256 digest, its nonce made from eight random bytes.
 * The nonce is a positive INTEGER in minimal DER: its first byte 0x01-0x7f.
 * A leading 0x00 before a byte under 0x80 is padding that OpenSSL-based
 * authorities refuse as illegal (about one request in 256 was refused so).
 * @example timestampRequest(digest, randomBytes(8)).toSchema().toBER()
 */
export function timestampRequest(digest: Uint8Array, random: Uint8Array): Pkijs.TimeStampReq {
  const nonce = new Uint8Array(random);
  nonce[0] = 1 + (nonce[0]! % 0x7f);
  return new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
}

function checkedToken(body: ArrayBuffer, digest: Uint8Array, nonce: Asn1.Integer): Uint8Array {
  let token: Uint8Array;
  let tst: Pkijs.TSTInfo;
  try {
    const parsed = asn1js.fromBER(body);
    if (parsed.offset === -1) throw new TimestampError('answered with something that is not a time-stamp response');
    const response = new pkijs.TimeStampResp({ schema: parsed.result });
    const granted = response.status.status;
    if (granted !== 0 && granted !== 1) throw new TimestampError(`refused the request (status ${granted})`);
    if (!response.timeStampToken) throw new TimestampError('sent no token');
    tst = tstInfo(response.timeStampToken);
    // The token as the authority encoded it (its signature covers those bytes), not as re-encoded here.
    token = new Uint8Array((parsed.result as Asn1.Sequence).valueBlock.value[1]!.valueBeforeDecodeView);
  } catch (e) {
    if (e instanceof TimestampError) throw e;
    throw new TimestampError('answered with something that is not a time-stamp response');
  }
  if (!Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(Buffer.from(digest))) throw new TimestampError('time-stamped other data');
  if (!tst.nonce?.isEqual(nonce)) throw new TimestampError('answered with another nonce');
  return token;
}

/** The TSTInfo inside a TimeStampToken (SignedData whose content is TSTInfo). */
function tstInfo(token: Pkijs.ContentInfo): Pkijs.TSTInfo {
  if (token.contentType !== OID.signedData) throw new TimestampError('sent a token that is not SignedData');
  const signed = new pkijs.SignedData({ schema: token.content });
  const content = signed.encapContentInfo;
  if (content.eContentType !== OID.tstInfo || !content.eContent) throw new TimestampError('sent a token without TSTInfo');
  return pkijs.TSTInfo.fromBER(content.eContent.getValue());
}
