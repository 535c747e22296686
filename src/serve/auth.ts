/**
 * Who is calling: `Authorization: Bearer <key>` against the register's
 * client table. A verified key is remembered for a few seconds, so a busy
 * service does not read the database on every request; a revoked key
 * stops working everywhere within that time.
 */
import { createHash } from 'node:crypto';
import type { ApiClients, Scope } from '../register/clients.js';
import { HttpProblem } from './problems.js';

export interface Caller {
  name: string;
  scopes: readonly Scope[];
}

/** How long a verified key is trusted without asking the database again. */
export const KEY_CACHE_MS = 10_000;

const unauthorized = () =>
  new HttpProblem(
    401,
    { error: 'UNAUTHORIZED', message: 'give a valid client key: Authorization: Bearer sk_... (suket serve keys add)' },
    // The connection closes after the answer: a body the client goes on sending is never read.
    { 'www-authenticate': 'Bearer realm="suket"', connection: 'close' },
  );

/** True when the caller holds the scope, or its office-wide form (`read:any` covers `read`). */
export const mayDo = (caller: Caller, scope: Scope): boolean => caller.scopes.includes(scope) || caller.scopes.includes(`${scope}:any` as Scope);

/**
 * True when the caller may act on a certificate: its own (it issued it), or
 * any with the scope's office-wide form.
 */
export const owns = (caller: Caller, scope: 'read' | 'void', operator: string | null): boolean =>
  operator === caller.name || caller.scopes.includes(`${scope}:any`);

export class Authenticator {
  readonly #cache = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly clients: ApiClients) {}

  /**
   * The caller a request's key names, allowed the scope.
   * @throws HttpProblem 401 without a valid key, 403 without the scope.
   */
  async require(authorization: string | undefined, scope: Scope | undefined): Promise<Caller> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) throw unauthorized();
    const caller = await this.#lookup(m[1]!);
    if (!caller) throw unauthorized();
    if (scope && !mayDo(caller, scope))
      throw new HttpProblem(403, { error: 'FORBIDDEN', message: `client ${caller.name} may not ${scope}: its key lacks that scope` }, { connection: 'close' });
    return caller;
  }

  async #lookup(key: string): Promise<Caller | undefined> {
    const id = createHash('sha256').update(key).digest('hex');
    const hit = this.#cache.get(id);
    if (hit && hit.until > Date.now()) return hit.caller;
    const found = await this.clients.authenticate(key);
    if (this.#cache.size > 1000) this.#cache.clear();
    if (found) this.#cache.set(id, { caller: found, until: Date.now() + KEY_CACHE_MS });
    else this.#cache.delete(id);
    return found;
  }
}
