/** POST /v1/certificates/:number/void: void an issued certificate; it then feeds the revocation list. */
import type { FastifyReply } from 'fastify';
import { owns } from '../auth.js';
import { notFound } from '../certificate-request.js';
import type { ServiceContext } from '../context.js';
import { json, ref } from '../openapi.js';
import { NUMBER_PARAMETER, SMALL_BODY, type Route, type RouteRequest } from '../route.js';
import { voidBody } from '../shapes.js';

async function voidOne(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const caller = req.caller!;
  const number = req.params.number!;
  const { reason } = req.body as { reason: string };
  const record = await c.register.get(number);
  if (!record || !owns(caller, 'void', record.operator)) throw notFound(number);
  req.certificate = number;
  const voided = await c.register.void(number, reason, { operator: caller.name });
  c.revoked.forget();
  // The number, its status and when: never the resident's data (a void client need not read them).
  return reply.send({ number: voided.number, status: voided.status, voidedAt: voided.voidedAt });
}

export const voidRoute: Route = {
  method: 'POST',
  url: '/v1/certificates/:number/void',
  scope: 'void',
  bodyLimit: SMALL_BODY,
  doc: {
    summary: 'Void an issued certificate; it then feeds the revocation list',
    parameters: [NUMBER_PARAMETER],
    body: { name: 'VoidRequest', schema: voidBody, checked: true },
    responses: { '200': { description: 'the voided record', content: json(ref('Record')) } },
    problems: [404, 409, 422, 503],
  },
  handler: voidOne,
};
