/**
 * The real PostgreSQL server the register tests use (scripts/test-services.sh
 * starts it; .ci/run runs that). Each call makes a database of its own.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The server, as a role that may create databases. */
export const POSTGRES_ADMIN_URL = process.env.SUKET_TEST_POSTGRES ?? 'postgres://suket:suket@127.0.0.1:5432/postgres';

const withDatabase = (name: string) => {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

const made: string[] = [];

/** A new, empty database on the test server; its `postgres://` URL. */
export async function freshPostgres(): Promise<string> {
  const name = `suket_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  made.push(name);
  return withDatabase(name);
}

/**
 * Drops the databases this test file made. An autovacuum worker in one at
 * that moment has no role, and ending it needs pg_signal_backend, which a
 * shared server's test role may lack: then the drop is tried again once the
 * worker is done (it takes milliseconds).
 */
export async function dropPostgres(): Promise<void> {
  const names = made.splice(0);
  if (names.length)
    await admin(async (c) => {
      for (const n of names) await dropOne(c, n);
    });
}

async function dropOne(c: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '42501' || attempt === 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** True when the test server answers. */
export const postgresUp = (): Promise<boolean> => admin(async () => true).catch(() => false);

/** A PostgreSQL server of a test's own, which it may restart or stop without disturbing the shared one. */
export interface PrivateServer {
  /** A `postgres://` URL of a database on it that a register may use (trust auth on loopback). */
  url: string;
  /** `pg_ctl restart -m fast`: every connection is ended (57P01), as an administrator's restart does. */
  restart(): void;
  stop(): void;
}

/**
 * Starts a PostgreSQL server in a temporary folder on a free port, as the
 * `postgres` user (the server refuses to run as root), with a database
 * `suket` in it; undefined where that cannot be done (no PostgreSQL
 * binaries, not root), so the caller can skip saying why.
 */
export function privateServer(maxConnections = 40): PrivateServer | undefined {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length || process.getuid?.() !== 0) return undefined;
  const bin = (name: string) => `/usr/lib/postgresql/${versions[0]}/bin/${name}`;
  const data = mkdtempSync(join(tmpdir(), 'suket-pg-'));
  chownSync(data, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = 20000 + Math.floor(Math.random() * 20000);
  asPostgres([bin('initdb'), '-D', join(data, 'db'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c max_connections=${maxConnections} -c fsync=off`;
  const ctl = (...args: string[]) => asPostgres([bin('pg_ctl'), '-D', join(data, 'db'), '-o', options, '-w', '-l', join(data, 'log'), ...args]);
  ctl('start');
  asPostgres([bin('createdb'), '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'suket']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/suket`,
    restart: () => void ctl('restart', '-m', 'fast'),
    stop: () => {
      try {
        ctl('stop', '-m', 'immediate');
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    },
  };
}
