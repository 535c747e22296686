/**
 * The client systems allowed to call the service, kept in the register's
 * database so every server sharing it knows the same keys. A key is shown
 * once, when it is made; the database holds only its SHA-256 (a key is 32
 * random bytes, so a fast hash is as good as a slow one and costs nothing
 * per request).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SuketError } from '../errors.js';
import type { Driver } from './driver.js';

/**
 * What a client may do. `read` and `void` reach the client's own
 * certificates; `read:any` and `void:any` every certificate of the office.
 */
export const SCOPES = Object.freeze(['issue', 'void', 'read', 'verify', 'read:any', 'void:any'] as const);
export type Scope = (typeof SCOPES)[number];

export interface ApiClient {
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

/** `sk_<id>_<secret>`: the id finds the row, the secret proves the caller holds the key. */
const KEY_PATTERN = /^sk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

const digest = (key: string) => createHash('sha256').update(key).digest();
const invalid = (path: string, message: string) => new SuketError('INVALID_INPUT', [{ path, code: 'format', message }]);

function checkScopes(scopes: readonly string[]): Scope[] {
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length || scopes.length === 0) throw invalid('scopes', `must be one or more of: ${SCOPES.join(', ')}`);
  return [...new Set(scopes as Scope[])].sort();
}

export class ApiClients {
  // A register's clients come from `register.clients`; the database driver is not a host's to hand in.
  private constructor(private readonly driver: Driver) {}

  /**
   * The clients kept in a register's database.
   * @internal
   */
  static over(driver: Driver): ApiClients {
    return new ApiClients(driver);
  }

  /**
   * Makes a client and its key; the key is returned once and never stored.
   * @throws SuketError INVALID_INPUT (`name`, `scopes`) for a bad or taken name, or an unknown scope.
   * @example const { key } = await clients.add('opensid-kesambi', ['issue', 'read']);
   */
  async add(name: string, scopes: readonly string[]): Promise<{ client: ApiClient; key: string }> {
    if (!NAME_PATTERN.test(name)) throw invalid('name', 'must be 1 to 63 lower-case letters, digits, . _ or -, starting with a letter or digit');
    const wanted = checkScopes(scopes);
    const id = randomBytes(6).toString('hex');
    const key = `sk_${id}_${randomBytes(32).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    await this.driver.write(async (q) => {
      const [taken] = await q.all('SELECT name FROM api_clients WHERE name = ?', [name]);
      if (taken)
        throw new SuketError('INVALID_INPUT', [
          { path: 'name', code: 'conflict', message: `a client named ${name} exists (revoke it, or choose another name)` },
        ]);
      await q.run('INSERT INTO api_clients (name, key_id, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)', [
        name,
        id,
        digest(key).toString('hex'),
        wanted.join(' '),
        createdAt,
      ]);
    });
    return { client: { name, scopes: wanted, createdAt, revokedAt: null }, key };
  }

  /** Every client, revoked ones too, by name. */
  async list(): Promise<ApiClient[]> {
    const rows = await this.driver.read((q) => q.all('SELECT name, scopes, created_at, revoked_at FROM api_clients ORDER BY name'));
    return rows.map((r) => ({
      name: String(r.name),
      scopes: String(r.scopes).split(' ') as Scope[],
      createdAt: String(r.created_at),
      revokedAt: r.revoked_at === null || r.revoked_at === undefined ? null : String(r.revoked_at),
    }));
  }

  /**
   * Stops a client's key working (on every server within the service's cache time).
   * @throws SuketError INVALID_INPUT (`name`) for a client that does not exist or is revoked already.
   */
  async revoke(name: string): Promise<void> {
    const changed = await this.driver.write((q) =>
      q.run('UPDATE api_clients SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL', [new Date().toISOString(), name]),
    );
    if (changed !== 1) throw new SuketError('INVALID_INPUT', [{ path: 'name', code: 'not_allowed', message: `no active client is named ${name}` }]);
  }

  /** The active client a key belongs to, or undefined (an unknown, malformed or revoked key). */
  async authenticate(key: string): Promise<{ name: string; scopes: Scope[] } | undefined> {
    const m = KEY_PATTERN.exec(key);
    if (!m) return undefined;
    const [row] = await this.driver.read((q) => q.all('SELECT name, key_hash, scopes FROM api_clients WHERE key_id = ? AND revoked_at IS NULL', [m[1]]));
    if (!row) return undefined;
    // Compared in constant time, so the hash cannot be learnt a byte at a time.
    if (!timingSafeEqual(digest(key), Buffer.from(String(row.key_hash), 'hex'))) return undefined;
    return { name: String(row.name), scopes: String(row.scopes).split(' ') as Scope[] };
  }
}
