/** POST /v1/certificates: the next number of the register, rendered, sealed and recorded. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RegisteredCertificate } from '../../register/register.js';
import { asRequestPaths, idempotencyKey, readIssueRequest, renderOptions, wantsJson } from '../certificate-request.js';
import type { ServiceContext } from '../context.js';
import { json, pdfContent, ref } from '../openapi.js';
import type { Route } from '../route.js';
import { issueEnvelope } from '../shapes.js';

const location = (number: string) => `/v1/certificates/${encodeURIComponent(number)}`;

function sendIssued(req: FastifyRequest, reply: FastifyReply, cert: RegisteredCertificate) {
  reply
    .code(cert.repeated ? 200 : 201)
    .header('location', location(cert.number))
    .header('suket-number', cert.number)
    .header('suket-sha256', cert.sha256);
  if (cert.repeated) reply.header('idempotent-replayed', 'true');
  if (cert.warnings.length) reply.header('suket-warnings', cert.warnings.map((w) => `${w.path}:${w.code}`).join(', '));
  if (wantsJson(req)) {
    const { number, sha256, sealed, barcodeText, warnings, record, repeated } = cert;
    return reply
      .type('application/json')
      .send({ number, sha256, sealed, barcodeText, repeated, warnings, record, pdf: Buffer.from(cert.pdf).toString('base64') });
  }
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${cert.number.replace(/[^A-Za-z0-9.-]+/g, '-')}.pdf"`)
    .send(Buffer.from(cert.pdf.buffer, cert.pdf.byteOffset, cert.pdf.byteLength));
}

async function issue(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  const caller = req.caller!;
  const key = idempotencyKey(req, caller.name);
  const { envelope, resident } = await readIssueRequest(req, c);
  // Admitted before a number is taken: a full queue spends none.
  const leave = c.pool.admit();
  try {
    const cert = await c.register
      .issue(resident, {
        ...renderOptions(c, envelope, true),
        ...(key ? { idempotencyKey: key } : {}),
        ...(envelope.secondReason ? { secondReason: envelope.secondReason } : {}),
        operator: caller.name,
        ...(c.reset ? { reset: c.reset } : {}),
      })
      .catch((e: unknown) => {
        throw asRequestPaths(e);
      });
    req.certificate = cert.number;
    c.metrics.issued(cert.repeated ? 'repeated' : 'new');
    return sendIssued(req, reply, cert);
  } finally {
    leave();
  }
}

/** The form a client may send instead of JSON. */
const form = {
  'multipart/form-data': {
    schema: {
      type: 'object',
      properties: {
        resident: { type: 'string', description: 'the resident as JSON, without photo' },
        issuance: { type: 'string', description: 'ClientIssuance as JSON' },
        template: { type: 'string' },
        paper: { type: 'string' },
        photo: { type: 'string', format: 'binary' },
      },
      required: ['resident', 'photo'],
    },
  },
};

export const issueRoute: Route = {
  method: 'POST',
  url: '/v1/certificates',
  scope: 'issue',
  // Admitted before the body is read: a full queue spends neither the upload nor a number.
  admit: (c) => c.pool.turnAwayWhenFull,
  doc: {
    summary: 'Issue a certificate: the next number of the register, rendered and sealed',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        schema: { type: 'string', maxLength: 128 },
        description: 'a retry with the same key gives the same certificate',
      },
    ],
    body: { name: 'CertificateRequest', schema: issueEnvelope, also: form },
    responses: {
      '201': {
        description: 'issued; Suket-Number, Suket-Sha256 and Location headers (Accept: application/json gives the record)',
        content: { ...pdfContent, ...json(ref('Issued')) },
      },
      '200': { description: 'given again for a repeated Idempotency-Key (Idempotent-Replayed: true)' },
    },
    problems: [400, 409, 413, 415, 422, 503],
  },
  handler: issue,
};
