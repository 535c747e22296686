/**
 * The register's schema, as forward migrations: version N is reached from
 * N-1 by step N, in one transaction, whichever process opens the register
 * first. A register newer than this suket is refused, never guessed at.
 */
import { randomUUID } from 'node:crypto';
import { foldName } from './search.js';
import { registerError, type Dialect, type Query } from './driver.js';

interface Migration {
  sql: (d: Dialect) => string;
  /** Values SQL cannot compute alike on both databases (a folded name). */
  backfill?: (q: Query) => Promise<void>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    sql: (d) => `CREATE TABLE counters (counter TEXT PRIMARY KEY, value INTEGER NOT NULL);
     CREATE TABLE certificates (
       id ${d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
       number TEXT NOT NULL UNIQUE,
       status TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'voided', 'not_issued')),
       sequence INTEGER, counter TEXT, idempotency_key TEXT UNIQUE,
       issued_at TEXT, valid_until TEXT, template TEXT, paper TEXT,
       resident TEXT, issuance TEXT, barcode_text TEXT, sha256 TEXT, pdf ${d === 'sqlite' ? 'BLOB' : 'BYTEA'},
       operator TEXT, reason TEXT, replaced_by TEXT,
       created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
     CREATE INDEX certificates_status ON certificates (status);`,
  },
  {
    // Version 2: who holds a pending claim, what a key was for, search columns, void time and the replacement link.
    sql: () => `ALTER TABLE certificates ADD COLUMN owner TEXT;
     ALTER TABLE certificates ADD COLUMN request_hash TEXT;
     ALTER TABLE certificates ADD COLUMN nik TEXT;
     ALTER TABLE certificates ADD COLUMN search_name TEXT;
     ALTER TABLE certificates ADD COLUMN voided_at TEXT;
     ALTER TABLE certificates ADD COLUMN replaces TEXT;
     CREATE INDEX certificates_nik ON certificates (nik);
     CREATE INDEX certificates_issued_at ON certificates (issued_at);`,
    backfill: async (q) => {
      for (const r of await q.all('SELECT number, resident FROM certificates WHERE resident IS NOT NULL')) {
        const resident = JSON.parse(String(r.resident)) as { nik?: string; name?: string };
        await q.run('UPDATE certificates SET nik = ?, search_name = ? WHERE number = ?', [resident.nik ?? null, foldName(resident.name ?? ''), r.number]);
      }
      await q.run("UPDATE certificates SET voided_at = updated_at WHERE status = 'voided'");
    },
  },
  {
    // Version 3: who voided a certificate, and the service's client systems (a key's SHA-256, never the key).
    sql: () => `ALTER TABLE certificates ADD COLUMN voided_by TEXT;
     CREATE TABLE api_clients (
       name TEXT PRIMARY KEY, key_id TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL, scopes TEXT NOT NULL,
       created_at TEXT NOT NULL, revoked_at TEXT);`,
  },
  {
    // Version 4: a counter's sequence is held once, whether the counter gave it or a number given by hand took it.
    sql: () => 'CREATE UNIQUE INDEX certificates_counter_sequence ON certificates (counter, sequence);',
  },
  {
    // Version 5: the register's identity, so two machines can be seen to share one (or not); why a resident holds a second valid certificate.
    sql: () => 'ALTER TABLE certificates ADD COLUMN second_reason TEXT;',
    backfill: async (q) => {
      for (const [key, value] of [
        ['register_id', randomUUID()],
        ['created_at', new Date().toISOString()],
      ])
        await q.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
    },
  },
  {
    // Version 6: the counter's accounts and their sessions (a token's SHA-256, never the token), its drafts awaiting approval, its log.
    sql: (d) => `CREATE TABLE counter_accounts (
       name TEXT PRIMARY KEY, role TEXT NOT NULL, display_name TEXT NOT NULL, password_hash TEXT NOT NULL,
       failures INTEGER NOT NULL, locked_until TEXT, created_at TEXT NOT NULL, disabled_at TEXT);
     CREATE TABLE counter_sessions (
       token_hash TEXT PRIMARY KEY, account TEXT NOT NULL, csrf TEXT NOT NULL, created_at TEXT NOT NULL, seen_at TEXT NOT NULL);
     CREATE INDEX counter_sessions_account ON counter_sessions (account);
     CREATE TABLE counter_drafts (
       id TEXT PRIMARY KEY, status TEXT NOT NULL CHECK (status IN ('waiting', 'approved', 'returned')),
       resident TEXT NOT NULL, photo ${d === 'sqlite' ? 'BLOB' : 'BYTEA'}, template TEXT, paper TEXT, search_name TEXT NOT NULL,
       drafted_by TEXT NOT NULL, drafted_at TEXT NOT NULL, decided_by TEXT, decided_at TEXT, note TEXT, number TEXT);
     CREATE INDEX counter_drafts_status ON counter_drafts (status, drafted_at);
     CREATE TABLE counter_log (
       id ${d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
       at TEXT NOT NULL, account TEXT NOT NULL, action TEXT NOT NULL, draft TEXT, number TEXT, note TEXT);
     CREATE INDEX counter_log_at ON counter_log (at);`,
  },
];

/** The schema version this suket writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings a register up to SCHEMA_VERSION inside the caller's write
 * transaction (on PostgreSQL under an advisory lock, so two servers
 * starting at once migrate once). With `create` false a database that holds
 * no register yet is refused rather than made into one.
 * @throws SuketError IO_FAILED (`register`) for a register of a newer schema, or none when `create` is false.
 */
export async function migrate(q: Query, dialect: Dialect, upTo = SCHEMA_VERSION, create = true): Promise<void> {
  if (dialect === 'postgres') await q.all('SELECT pg_advisory_xact_lock(7345001)');
  await q.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const [row] = await q.all("SELECT value FROM meta WHERE key = 'schema_version'");
  const version = row ? Number(row.value) : 0;
  // Rolled back with the transaction: nothing is left in a database that holds no register.
  if (version === 0 && !create) throw registerError('holds no suket register yet: create one on purpose with suket register init');
  if (version > SCHEMA_VERSION) throw registerError(`has schema version ${version}, newer than this suket knows (${SCHEMA_VERSION}): update suket`);
  if (version >= upTo) return;
  for (let v = version; v < upTo; v++) {
    await q.exec(MIGRATIONS[v]!.sql(dialect));
    await MIGRATIONS[v]!.backfill?.(q);
  }
  await q.run("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(upTo)]);
}
