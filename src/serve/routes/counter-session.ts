/**
 * GET /loket/api/me and POST /loket/api/logout: who is logged in at this
 * counter (with the page's CSRF token), and ending the session.
 */
import { COUNTER_ROLES } from '../../register/accounts.js';
import { clearSession, staffView } from '../counter-auth.js';
import type { Route } from '../route.js';
import { counterHosted } from './counter-site.js';

export const counterSessionRoutes: Route[] = [
  {
    method: 'GET',
    url: '/loket/api/me',
    roles: COUNTER_ROLES,
    served: counterHosted,
    doc: {
      summary: "Who is logged in at the counter: name, role, displayName, the page's CSRF token and the office's today",
      responses: { '200': { description: 'the account' } },
    },
    handler: async (c, req) => staffView(req.staff!.account, req.staff!.csrf, c.generate.issuance?.timeZone),
  },
  {
    method: 'POST',
    url: '/loket/api/logout',
    roles: COUNTER_ROLES,
    served: counterHosted,
    doc: { summary: 'Log out: the session ends on the server and its cookie is cleared', responses: { '204': { description: 'logged out' } } },
    handler: async (c, req, reply) => {
      await c.register.accounts.closeSession(req.staff!.token);
      clearSession(reply);
      return reply.code(204).send();
    },
  },
];
