/** Checking a seal: its text, or a PDF or picture of the paper. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Held } from '../../read/read-protocol.js';
import { holdsSeal } from '../../seal/link.js';
import { verifySeal } from '../../seal/verify.js';
import type { ServiceContext } from '../context.js';
import { json, ref } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import type { Route } from '../route.js';
import { decodeBase64, parseBody, verifyBody } from '../shapes.js';

/** The QR texts and page photos of what the caller sent. */
async function held(req: FastifyRequest, c: ServiceContext): Promise<Held> {
  let bytes: Uint8Array | undefined;
  if (Buffer.isBuffer(req.body)) bytes = new Uint8Array(req.body);
  else {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      throw new HttpProblem(415, {
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'send JSON ({"seal": ...} or {"image": base64}), or a PDF, PNG, JPEG or WebP as the body',
      });
    const body = parseBody(verifyBody, req.body);
    if (body.seal !== undefined) return { texts: [body.seal] };
    if (body.image === undefined)
      throw new HttpProblem(422, {
        error: 'INVALID_INPUT',
        message: 'give seal or image',
        issues: [{ path: 'seal', code: 'required', message: 'give seal or image' }],
      });
    bytes = decodeBase64(body.image);
    if (!bytes)
      throw new HttpProblem(422, {
        error: 'INVALID_INPUT',
        message: 'image is not base64',
        issues: [{ path: 'image', code: 'format', message: 'must be base64' }],
      });
  }
  // Reading pixels is heavy work: it waits for a reading thread, or the service says it is busy.
  return c.readers.read(req, bytes);
}

async function verify(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  if (!c.trust) throw new HttpProblem(503, { error: 'NOT_CONFIGURED', message: 'the service has no seal key or trust list to verify with (--trust)' });
  const found = await held(req, c);
  const seal = found.texts.find(holdsSeal);
  if (!seal) {
    const message = found.texts.length ? 'the QR code found is not a suket seal (is it the lower-right link QR?)' : 'no QR code found';
    return reply.send({ valid: false, reason: 'malformed', message });
  }
  const { photoToCompare, withDocument } = await import('../../read/held.js');
  const photo = found.jpegs ? photoToCompare(found.jpegs).bytes : undefined;
  const verdict = withDocument(verifySeal(seal, { ...c.trust, denyList: await c.revoked.get(), ...(photo ? { photo } : {}) }), found.document);
  if (verdict.fields) req.certificate = verdict.fields.number;
  return reply.send(verdict);
}

export const verifyRoute: Route = {
  method: 'POST',
  url: '/v1/verify',
  scope: 'verify',
  // A reading thread's place is taken before the body is read: a busy service reads no upload.
  admit: (c) => c.readers.takePlace,
  doc: {
    summary: "Check a seal: its text, or a PDF or picture of the paper (JSON with base64, or the file's bytes as the body)",
    body: { name: 'VerifyRequest', schema: verifyBody, also: { 'application/pdf': {}, 'image/png': {}, 'image/jpeg': {}, 'image/webp': {} } },
    responses: { '200': { description: 'the verdict (valid or not)', content: json(ref('Verdict')) } },
    problems: [400, 413, 415, 422],
  },
  handler: verify,
};
