/** POST /loket/api/login: a clerk, head or administrator opens a counter session (a cookie) with name and password. */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import { requireSameOrigin, requireSecureOrigin, setSession, staffView } from '../counter-auth.js';
import { HttpProblem } from '../problems.js';
import { SMALL_BODY, type Route, type RouteRequest } from '../route.js';
import { counterHosted } from './counter-site.js';
import { loginBody } from '../shapes.js';

async function login(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const { name, password } = req.body as { name: string; password: string };
  const result = await c.register.accounts.login(name, password);
  if (!result.ok) {
    c.logins.failed(req.ip);
    if (result.reason === 'locked')
      throw new HttpProblem(403, {
        error: 'ACCOUNT_LOCKED',
        message: `too many wrong passwords: the account is locked until ${result.until}`,
        issues: [{ path: 'name', code: 'not_allowed', message: `is locked until ${result.until}` }],
      });
    // The same answer for an unknown name as for a wrong password.
    throw new HttpProblem(401, { error: 'LOGIN_FAILED', message: 'wrong name or password', issues: [] });
  }
  const { token, csrf } = await c.register.accounts.openSession(result.account.name);
  setSession(reply, token);
  return reply.send(staffView(result.account, csrf, c.generate.issuance?.timeZone));
}

export const counterLoginRoute: Route = {
  method: 'POST',
  url: '/loket/api/login',
  bodyLimit: SMALL_BODY,
  served: counterHosted,
  // Before the body: only the counter page of this service, over HTTPS or on this computer, not from an address over its limit.
  admit: (c) => async (req) => {
    requireSecureOrigin(req);
    requireSameOrigin(req);
    c.logins.check(req.ip);
  },
  doc: {
    summary: "Log in at the counter: a session cookie (HttpOnly, Secure, SameSite=Strict) and the page's CSRF token",
    body: { name: 'CounterLogin', schema: loginBody, checked: true },
    responses: {
      '200': { description: "the account (name, role, displayName), csrf (the token to send as X-CSRF-Token) and today, the office's day (YYYY-MM-DD)" },
    },
    problems: [401, 403, 422, 429],
  },
  handler: login,
};
