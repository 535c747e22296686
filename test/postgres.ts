/**
 * The real PostgreSQL server the register tests use (scripts/test-services.sh
 * starts it; .ci/run runs that). Each call makes a database of its own.
 */
import { randomBytes } from 'node:crypto';
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

/** Drops the databases this test file made. */
export async function dropPostgres(): Promise<void> {
  const names = made.splice(0);
  if (names.length)
    await admin(async (c) => {
      for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    });
}

/** True when the test server answers. */
export const postgresUp = (): Promise<boolean> => admin(async () => true).catch(() => false);
