/** GET /metrics: the service's figures for Prometheus (requests, issued, the render queue). */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import type { Route, RouteRequest } from '../route.js';

async function metrics(c: ServiceContext, _req: RouteRequest, reply: FastifyReply) {
  const d = c.pool.depth;
  return reply
    .type('text/plain; version=0.0.4')
    .send(c.metrics.text({ waiting: d.waiting, rendering: d.rendering, threads: c.pool.threads, capacity: c.pool.threads + c.pool.queue }));
}

export const metricsRoute: Route = {
  method: 'GET',
  url: '/metrics',
  doc: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain; version=0.0.4' } } },
  handler: metrics,
};
