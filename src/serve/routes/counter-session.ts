/**
 * GET /loket/api/me and POST /loket/api/logout: who is logged in at this
 * counter (with the page's CSRF token), and ending the session.
 */
import { COUNTER_ROLES } from '../../register/accounts.js';
import { clearSession } from '../counter-auth.js';
import type { Route } from '../route.js';

export const counterSessionRoutes: Route[] = [
  {
    method: 'GET',
    url: '/loket/api/me',
    roles: COUNTER_ROLES,
    served: (c) => c.counter !== undefined,
    doc: {
      summary: "Who is logged in at the counter: name, role, displayName and the page's CSRF token",
      responses: { '200': { description: 'the account' } },
    },
    handler: async (_c, req) => {
      const { account, csrf } = req.staff!;
      return { name: account.name, role: account.role, displayName: account.displayName, csrf };
    },
  },
  {
    method: 'POST',
    url: '/loket/api/logout',
    roles: COUNTER_ROLES,
    served: (c) => c.counter !== undefined,
    doc: { summary: 'Log out: the session ends on the server and its cookie is cleared', responses: { '204': { description: 'logged out' } } },
    handler: async (c, req, reply) => {
      await c.register.accounts.closeSession(req.staff!.token);
      clearSession(reply);
      return reply.code(204).send();
    },
  },
];
