/**
 * An RFC 3161 time-stamp for a signature value (PAdES B-T): the request
 * over HTTP, and the answer checked (granted, the same digest, the same
 * nonce) before its token is attached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { algorithm, type children, expectSequence, int, intOf, octets, oidOf, readDer, seq, tlv } from './der.js';
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
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f;
  const request = seq(int(1), seq(algorithm(OID.sha256), octets(digest)), int(nonce), tlv(0x01, Uint8Array.of(0xff)));
  let answer: Response;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new TimestampError(`cannot be reached within ${timeoutMs} ms`);
  }
  if (!answer.ok) throw new TimestampError(`answered HTTP ${answer.status}`);
  const body = new Uint8Array(await answer.arrayBuffer());
  return checkedToken(body, digest, nonce);
}

function checkedToken(body: Uint8Array, digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  let token: Uint8Array;
  try {
    const [status, tokenDer] = expectSequence(readDer(body));
    const granted = intOf(expectSequence(status)[0]);
    if (granted !== 0 && granted !== 1) throw new TimestampError(`refused the request (status ${granted})`);
    if (!tokenDer) throw new TimestampError('sent no token');
    token = tokenDer.raw;
    const tst = tstInfo(tokenDer.raw);
    const imprint = expectSequence(tst[2]);
    if (!Buffer.from(imprint[1]!.value).equals(Buffer.from(digest))) throw new TimestampError('time-stamped other data');
    const sent = readDer(int(nonce)).value;
    const got = tst.slice(5).find((f) => f.tag === 0x02);
    if (!got || !Buffer.from(got.value).equals(Buffer.from(sent))) throw new TimestampError('answered with another nonce');
  } catch (e) {
    if (e instanceof TimestampError) throw e;
    throw new TimestampError('answered with something that is not a time-stamp response');
  }
  return token;
}

/** The TSTInfo fields inside a TimeStampToken (SignedData whose content is TSTInfo). */
function tstInfo(token: Uint8Array): ReturnType<typeof children> {
  const [type, content] = expectSequence(readDer(token));
  if (oidOf(type) !== OID.signedData) throw new TimestampError('sent a token that is not SignedData');
  const signed = expectSequence(expectSequence(content, 0xa0, '[0]')[0]);
  const [eType, eContent] = expectSequence(signed[2]);
  if (oidOf(eType) !== OID.tstInfo) throw new TimestampError('sent a token without TSTInfo');
  const octetString = expectSequence(eContent, 0xa0, '[0]')[0]!;
  return expectSequence(readDer(octetString.value));
}
