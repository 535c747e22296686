/** GET /v1/certificates/:number: a certificate's record, or its stored PDF byte for byte. */
import type { FastifyReply } from 'fastify';
import { owns } from '../auth.js';
import { notFound, wantsJson } from '../certificate-request.js';
import type { ServiceContext } from '../context.js';
import { json, ref } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { NUMBER_PARAMETER, type Route, type RouteRequest } from '../route.js';

async function read(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const number = req.params.number!;
  const record = await c.register.get(number);
  // Another client's certificate is not found, not forbidden: its existence is not told either.
  if (!record || !owns(req.caller!, 'read', record.operator)) throw notFound(number);
  req.certificate = number;
  if (!wantsJson(req) && /application\/pdf/i.test(req.headers.accept ?? '')) {
    const pdf = await c.register.reprint(number).catch(() => {
      throw new HttpProblem(404, { error: 'NOT_FOUND', message: `${number} has no stored PDF (${record.status})` });
    });
    return reply
      .type('application/pdf')
      .header('suket-sha256', record.sha256 ?? '')
      .send(Buffer.from(pdf));
  }
  return reply.send(record);
}

export const readRoute: Route = {
  method: 'GET',
  url: '/v1/certificates/:number',
  scope: 'read',
  doc: {
    summary: 'A certificate: its record, or on Accept: application/pdf the stored PDF byte for byte',
    parameters: [NUMBER_PARAMETER],
    responses: { '200': { description: 'the record or the PDF', content: { ...json(ref('Record')), 'application/pdf': {} } } },
    problems: [404],
  },
  handler: read,
};
