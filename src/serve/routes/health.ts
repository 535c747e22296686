/** GET /health: the process is alive (a load balancer's liveness probe). */
import { VERSION } from '../../version.js';
import type { Route } from '../route.js';

export const healthRoute: Route = {
  method: 'GET',
  url: '/health',
  doc: { summary: 'Alive', responses: { '200': { description: 'alive' } } },
  handler: async () => ({ status: 'ok', version: VERSION }),
};
