/**
 * Who is at the counter: a session cookie (HttpOnly, Secure,
 * SameSite=Strict, the counter's path only) against the register's
 * sessions, checked before a body is read. A request that changes anything
 * must also come from the service's own page: its Origin is the service's
 * and it carries the session's CSRF token in a header, which another site
 * cannot read or send. Wrong passwords are counted per address too, in this
 * process, so one machine cannot try name after name.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { todayIn, type CivilDate } from '../dates.js';
import type { CounterAccount, CounterAccounts, CounterRole } from '../register/accounts.js';
import { DEFAULT_TIME_ZONE, type TimeZone } from '../time-zones.js';
import { HttpProblem } from './problems.js';

/** The counter's address on the service. */
export const COUNTER_PATH = '/loket';
export const SESSION_COOKIE = 'suket_loket';

export interface Staff {
  account: CounterAccount;
  csrf: string;
  token: string;
}

/** Who is at the counter as the page sees it: the account, the session's CSRF token, and the office's today (the day a paper approved now bears). */
export function staffView(
  account: CounterAccount,
  csrf: string,
  zone: string | undefined,
): { name: string; role: CounterRole; displayName: string; csrf: string; today: CivilDate } {
  return { name: account.name, role: account.role, displayName: account.displayName, csrf, today: todayIn((zone ?? DEFAULT_TIME_ZONE) as TimeZone) };
}

const problem = (status: number, error: string, message: string) => new HttpProblem(status, { error, message, issues: [] });

/** The origin the service is reached at, as a browser names it. */
const ownOrigin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * A browser keeps a Secure cookie only from HTTPS or this computer: on the
 * office LAN the counter needs the service's TLS (`--tls-cert`).
 * @throws HttpProblem 403 HTTPS_REQUIRED.
 */
export function requireSecureOrigin(req: FastifyRequest): void {
  if (req.protocol !== 'https' && !LOOPBACK.test(req.host))
    throw problem(403, 'HTTPS_REQUIRED', 'the counter needs HTTPS on the office network: start suket serve with --tls-cert and --tls-key');
}

/**
 * A request that changes something comes from the counter's own page.
 * @throws HttpProblem 403 CSRF for another origin, no origin, or a missing or wrong token.
 */
export function requireSameOrigin(req: FastifyRequest, csrf?: string): void {
  const origin = req.headers.origin;
  if (origin !== ownOrigin(req)) throw problem(403, 'CSRF', 'the request did not come from the counter page of this service');
  if (csrf !== undefined && req.headers['x-csrf-token'] !== csrf) throw problem(403, 'CSRF', 'the request lacks the session token of the counter page');
}

/**
 * The staff member a request's cookie names, in one of `roles`; for a
 * request that changes something, from the counter page.
 * @throws HttpProblem 401 without a live session, 403 for another role or origin.
 */
export async function requireStaff(req: FastifyRequest, accounts: CounterAccounts, roles: readonly CounterRole[]): Promise<Staff> {
  // This runs before the cookie plugin's own hook (both are onRequest): the header is parsed here.
  const token = (req.cookies ?? req.server.parseCookie(req.headers.cookie ?? ''))[SESSION_COOKIE];
  const found = token ? await accounts.session(token) : undefined;
  if (!found || !token) throw problem(401, 'NOT_LOGGED_IN', 'log in at the counter first (the session ended, or was never opened)');
  if (req.method !== 'GET' && req.method !== 'HEAD') requireSameOrigin(req, found.csrf);
  if (!roles.includes(found.account.role)) throw problem(403, 'FORBIDDEN', `a ${found.account.role} may not do this; it needs: ${roles.join(' or ')}`);
  return { ...found, token };
}

/** Sets the session cookie (no Max-Age: it ends with the browser; the server ends it sooner when idle). */
export function setSession(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: COUNTER_PATH, httpOnly: true, secure: true, sameSite: 'strict' });
}

export function clearSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: COUNTER_PATH, httpOnly: true, secure: true, sameSite: 'strict' });
}

/** Wrong logins an address may make in a window, in this process. */
const ADDRESS_LIMIT = { failures: 30, windowMs: 15 * 60_000, tracked: 10_000 };

/** Wrong logins by address: beyond the limit an address waits for its window to end. */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; until: number }>();

  /** @throws HttpProblem 429 with Retry-After while the address is over its limit. */
  check(address: string, now = Date.now()): void {
    const seen = this.#failures.get(address);
    if (seen && seen.until > now && seen.count >= ADDRESS_LIMIT.failures)
      throw new HttpProblem(
        429,
        { error: 'TOO_MANY_ATTEMPTS', message: 'too many wrong logins from this computer: wait and try again', issues: [] },
        { 'retry-after': String(Math.ceil((seen.until - now) / 1000)) },
      );
  }

  failed(address: string, now = Date.now()): void {
    const seen = this.#failures.get(address);
    if (seen && seen.until > now) seen.count++;
    else {
      // Bounded: past windows are dropped first, and a flood of addresses cannot grow it without end.
      if (this.#failures.size >= ADDRESS_LIMIT.tracked) for (const [a, v] of this.#failures) if (v.until <= now) this.#failures.delete(a);
      if (this.#failures.size >= ADDRESS_LIMIT.tracked) this.#failures.clear();
      this.#failures.set(address, { count: 1, until: now + ADDRESS_LIMIT.windowMs });
    }
  }
}
