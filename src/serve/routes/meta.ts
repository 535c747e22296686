/** What operators and load balancers ask: alive, ready, figures, the API document, the templates. */
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../../version.js';
import type { ServiceContext } from '../context.js';
import { openApiDocument } from '../openapi.js';

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

export function metaRoutes(app: FastifyInstance, c: ServiceContext): void {
  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });
  app.get('/health', async () => ({ status: 'ok', version: VERSION }));
  app.get('/ready', async (_req, reply) => {
    const register = !closing && (await registerAnswers(c));
    const which = c.identity ? { registerId: c.identity.id, registerKind: c.identity.kind, registerLocation: c.identity.location } : {};
    return reply.code(register ? 200 : 503).send({ ready: register, register: register ? 'reachable' : 'unreachable', ...which });
  });
  app.get('/metrics', async (_req, reply) => {
    const d = c.pool.depth;
    return reply
      .type('text/plain; version=0.0.4')
      .send(c.metrics.text({ waiting: d.waiting, rendering: d.rendering, threads: c.pool.threads, capacity: c.pool.threads + c.pool.queue }));
  });
  app.get('/openapi.json', async () => openApiDocument());
  app.get('/v1/templates', { config: { scope: null } }, async () => {
    return { default: c.defaultTemplate, templates: c.templates.map(({ name, papers }) => ({ name, papers })) };
  });
}
