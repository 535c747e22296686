/** GET /ready: the register answers and the service is not stopping (a readiness probe). */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import type { Route, RouteRequest } from '../route.js';

/** A readiness probe must answer in time even when the database does not. */
const READY_TIMEOUT_MS = 2_000;

async function registerAnswers(c: ServiceContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([c.register.reachable(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function ready(c: ServiceContext, _req: RouteRequest, reply: FastifyReply) {
  const register = !c.lifecycle.stopping && (await registerAnswers(c));
  const which = c.identity ? { registerId: c.identity.id, registerKind: c.identity.kind, registerLocation: c.identity.location } : {};
  return reply.code(register ? 200 : 503).send({ ready: register, register: register ? 'reachable' : 'unreachable', ...which });
}

export const readyRoute: Route = {
  method: 'GET',
  url: '/ready',
  doc: {
    summary: 'Ready: the register answers and the service is not stopping',
    responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
  },
  handler: ready,
};
