/** POST /v1/certificates/search: find records (in the body, so a NIK or name never sits in a URL). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { json, ref } from '../openapi.js';
import { SMALL_BODY, type Route } from '../route.js';
import { searchBody, toQuery } from '../shapes.js';

async function search(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  const asked = toQuery(req.body as z.infer<typeof searchBody>);
  const query = req.caller!.scopes.includes('read:any') ? asked : { ...asked, operator: req.caller!.name };
  return reply.send({ records: await c.register.find(query) });
}

export const searchRoute: Route = {
  method: 'POST',
  url: '/v1/certificates/search',
  scope: 'read',
  bodyLimit: SMALL_BODY,
  doc: {
    summary: 'Find records',
    body: { name: 'SearchRequest', schema: searchBody, checked: true },
    responses: {
      '200': { description: 'records, oldest first', content: json({ type: 'object', properties: { records: { type: 'array', items: ref('Record') } } }) },
    },
    problems: [422],
  },
  handler: search,
};
