/** POST /v1/drafts: a draft for approval, KONSEP across the page, no number, nothing recorded. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asRequestPaths, readIssueRequest, renderOptions } from '../certificate-request.js';
import type { ServiceContext } from '../context.js';
import { pdfContent } from '../openapi.js';
import type { Route } from '../route.js';
import { issueEnvelope } from '../shapes.js';

/** A draft: the same request, rendered by the pool with KONSEP and no number; the register is not asked. */
async function draft(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  const { envelope, resident } = await readIssueRequest(req, c);
  const leave = c.pool.admit();
  try {
    const issued = await c.pool.render(resident, { ...renderOptions(c, envelope), draft: true }).catch((e: unknown) => {
      throw asRequestPaths(e);
    });
    return reply
      .code(200)
      .header('suket-draft', 'true')
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="konsep.pdf"')
      .send(Buffer.from(issued.pdf.buffer, issued.pdf.byteOffset, issued.pdf.byteLength));
  } finally {
    leave();
  }
}

export const draftRoute: Route = {
  method: 'POST',
  url: '/v1/drafts',
  scope: 'issue',
  admit: (c) => c.pool.turnAwayWhenFull,
  doc: {
    summary: 'A draft for approval: KONSEP across the page, no number, no seal, nothing recorded (issue it once approved)',
    body: { name: 'CertificateRequest', schema: issueEnvelope },
    responses: { '200': { description: 'the draft PDF (Suket-Draft: true)', content: pdfContent } },
    problems: [400, 413, 415, 422, 503],
  },
  handler: draft,
};
