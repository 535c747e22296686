/**
 * The register on a PostgreSQL server, for several machines (counters in
 * several rooms, `suket serve` scaled out). A claim locks its counter's row
 * (INSERT .. ON CONFLICT DO UPDATE), so numbers stay gapless across
 * processes; a transaction that loses a race on a unique key is run again.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Pool, PoolClient } from 'pg';
import { SuketError } from '../errors.js';
import { registerError, type Driver, type Query, type Row, type WriteOptions } from './driver.js';

/** Clients that carry a listener for their whole life (see #transaction). */
const guarded = new WeakSet<PoolClient>();

/** Unique violation and serialization failure: the race was lost, the transaction may run again. */
const RETRYABLE = new Set(['23505', '40001', '40P01']);

/** `?` to `$1, $2, ...`: the register's SQL has no `?` inside literals. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** A server's failure in plain words; the URL (which may hold a password) is never repeated. */
function postgresError(e: unknown): SuketError {
  if (e instanceof SuketError) return e;
  const code = (e as { code?: string }).code ?? 'error';
  const message =
    code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ECONNRESET'
      ? `cannot be reached (${code}): is the PostgreSQL server running?`
      : code === '28P01' || code === '28000'
        ? 'refused the user name or password'
        : code === '3D000'
          ? 'names a database that does not exist'
          : code === '53100'
            ? 'cannot grow: the server disk is full'
            : code === '53300'
              ? 'has no free connection slot (53300): too many servers or pools for its max_connections; try again shortly, and see the README for the connection budget'
              : /^57P0[123]$/.test(code) || code.startsWith('08')
                ? `ended the connection (${code}): the server is restarting or shutting down; try again shortly`
                : `failed (${code})`;
  return registerError(`PostgreSQL ${message}`, e);
}

/** A statement prepared once per connection under a name made from its text (the server parses it once). */
const prepared = new Map<string, { name: string; text: string }>();
function statement(sql: string, params: readonly unknown[]) {
  let s = prepared.get(sql);
  if (!s) {
    s = { name: `suket_${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`, text: numbered(sql) };
    prepared.set(sql, s);
  }
  return { ...s, values: [...params] };
}

function queryOf(client: PoolClient | Pool): Query {
  return {
    all: async (sql, params = []) => (await client.query(statement(sql, params))).rows as Row[],
    run: async (sql, params = []) => (await client.query(statement(sql, params))).rowCount ?? 0,
    exec: async (sql) => void (await client.query(sql)),
  };
}

export class PostgresDriver implements Driver {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly pool: Pool) {}

  /** A pool on a `postgres://` URL; nothing is sent until the first transaction. */
  static open(url: string, size = 10): PostgresDriver {
    const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
    const pool = new pg.Pool({ connectionString: url, max: size, connectionTimeoutMillis: 10_000, application_name: 'suket' });
    // An idle connection dropped by the server must not crash the host process.
    pool.on('error', () => {});
    return new PostgresDriver(pool);
  }

  async #transaction<T>(begin: string, f: (q: Query) => Promise<T>, attempts: number, durable = true): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw postgresError(e);
    }
    // A connection the server ends while it is checked out (a restart: 57P01, a reset) emits 'error' on the client
    // as well as failing its query; with no listener that event would end the process. The pool listens only to
    // idle clients, so each client gets its own listener once, and a client that broke is dropped on release.
    let broken: Error | undefined;
    const onError = (e: Error) => {
      broken ??= e;
    };
    client.on('error', onError);
    if (!guarded.has(client)) {
      // Also after release: an ended client can still report its socket's last error.
      client.on('error', () => {});
      guarded.add(client);
    }
    try {
      for (let attempt = 1; ; attempt++) {
        // One round trip: the two statements go as one simple query.
        await client.query(durable ? begin : `${begin}; SET LOCAL synchronous_commit = off`);
        try {
          const result = await f(queryOf(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          if (attempt >= attempts || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
        }
      }
    } catch (e) {
      // A connection that broke (a socket error, or the server ending it: SQLSTATE class 08 or 57) is dropped, not
      // given back to the pool; a statement the server refused leaves it usable.
      const code = (e as { code?: string }).code ?? '';
      if (!/^[0-9A-Z]{5}$/.test(code) || /^(08|57)/.test(code)) broken ??= e as Error;
      throw postgresError(e);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  write<T>(f: (q: Query) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    return this.#transaction('BEGIN', f, 5, options.durable !== false);
  }

  async once(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      return await queryOf(this.pool).all(sql, params);
    } catch (e) {
      throw postgresError(e);
    }
  }

  read<T>(f: (q: Query) => Promise<T>): Promise<T> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', f, 1);
  }

  async backup(): Promise<void> {
    throw new SuketError('INVALID_INPUT', [
      { path: 'register', code: 'not_allowed', message: 'is a PostgreSQL server: back it up with pg_dump (or export to JSON Lines)' },
    ]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
