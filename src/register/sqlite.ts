/**
 * The embedded register: one SQLite file (better-sqlite3), owner-only, in
 * WAL mode with full sync, so two processes on one machine (two clerks, a
 * batch and a one-off) share it and a crash loses nothing committed. Each
 * claim is one IMMEDIATE transaction: the counter and the pending record
 * move together or not at all.
 */
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { SuketError } from '../errors.js';
import type { CertificateRecord, Claim, ClaimRequest, IssuedDetails, RecordStatus, RegisterStore } from './types.js';

/** Schema versions, each a forward migration from the one before. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE counters (counter TEXT PRIMARY KEY, value INTEGER NOT NULL);
   CREATE TABLE certificates (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     number TEXT NOT NULL UNIQUE,
     status TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'voided', 'not_issued')),
     sequence INTEGER, counter TEXT, idempotency_key TEXT UNIQUE,
     issued_at TEXT, valid_until TEXT, template TEXT, paper TEXT,
     resident TEXT, issuance TEXT, barcode_text TEXT, sha256 TEXT, pdf BLOB,
     operator TEXT, reason TEXT, replaced_by TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX certificates_status ON certificates (status);`,
];

/** A pending claim older than this belonged to a process that died: it is marked not issued when a register opens. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

type Row = Record<string, unknown>;
const now = () => new Date().toISOString();
const json = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : null);

function toRecord(r: Row): CertificateRecord {
  return {
    number: r.number as string,
    status: r.status as RecordStatus,
    sequence: (r.sequence as number | null) ?? null,
    counter: (r.counter as string | null) ?? null,
    idempotencyKey: (r.idempotency_key as string | null) ?? null,
    issuedAt: (r.issued_at as string | null) ?? null,
    validUntil: (r.valid_until as string | null) ?? null,
    template: (r.template as string | null) ?? null,
    paper: (r.paper as string | null) ?? null,
    resident: json(r.resident),
    issuance: json(r.issuance),
    barcodeText: (r.barcode_text as string | null) ?? null,
    sha256: (r.sha256 as string | null) ?? null,
    operator: (r.operator as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    replacedBy: (r.replaced_by as string | null) ?? null,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

const COLUMNS =
  'number, status, sequence, counter, idempotency_key, issued_at, valid_until, template, paper, resident, issuance, barcode_text, sha256, operator, reason, replaced_by, created_at, updated_at';

const registerError = (message: string, cause?: unknown) => new SuketError('IO_FAILED', [{ path: 'register', code: 'io', message }], { cause });

export class SqliteStore implements RegisterStore {
  private constructor(private readonly db: BetterSqlite3.Database) {}

  /**
   * Opens (or creates, owner-only) a register file and brings its schema up to date.
   * @throws SuketError IO_FAILED (`register`) when the file cannot be opened, is locked for too long, or is newer than this suket.
   */
  static open(file: string, abandonAfterMs = ABANDONED_AFTER_MS): SqliteStore {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    const created = !existsSync(file);
    let db: BetterSqlite3.Database;
    try {
      db = new Database(file, { timeout: 10_000 });
      if (created) chmodSync(file, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db);
    } catch (e) {
      if (e instanceof SuketError) throw e;
      throw registerError(`cannot be opened (${(e as { code?: string }).code ?? 'error'})`, e);
    }
    const store = new SqliteStore(db);
    store.#resolveAbandoned(abandonAfterMs);
    return store;
  }

  #resolveAbandoned(afterMs: number): void {
    const before = new Date(Date.now() - afterMs).toISOString();
    this.db
      .prepare(
        "UPDATE certificates SET status = 'not_issued', reason = 'interrupted: the process stopped before the certificate was finished', updated_at = ? WHERE status = 'pending' AND updated_at <= ?",
      )
      .run(now(), before);
  }

  async byKey(key: string): Promise<CertificateRecord | undefined> {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM certificates WHERE idempotency_key = ?`).get(key) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  async claim(request: ClaimRequest): Promise<Claim> {
    const run = this.db.transaction((): Claim => {
      if (request.idempotencyKey) {
        const earlier = this.db.prepare('SELECT number, sequence, status FROM certificates WHERE idempotency_key = ?').get(request.idempotencyKey) as
          | Row
          | undefined;
        if (earlier && earlier.status !== 'issued' && earlier.status !== 'voided') {
          // A retry of a claim that never finished keeps its number: no gap, no second number.
          this.db.prepare("UPDATE certificates SET status = 'pending', reason = NULL, updated_at = ? WHERE number = ?").run(now(), earlier.number);
          return { number: earlier.number as string, sequence: (earlier.sequence as number | null) ?? null, resumed: true };
        }
        if (earlier)
          throw new SuketError('INVALID_INPUT', [
            { path: 'idempotencyKey', code: 'conflict', message: `was used for certificate ${String(earlier.number)}, which is ${String(earlier.status)}` },
          ]);
      }
      let sequence: number | null = null;
      let number = request.number;
      if (number === undefined) {
        const row = this.db
          .prepare('INSERT INTO counters (counter, value) VALUES (?, 1) ON CONFLICT (counter) DO UPDATE SET value = value + 1 RETURNING value')
          .get(request.counter) as { value: number };
        sequence = row.value;
        number = request.format(sequence);
      }
      const taken = this.db.prepare('SELECT status FROM certificates WHERE number = ?').get(number) as Row | undefined;
      if (taken)
        throw new SuketError('INVALID_INPUT', [
          { path: 'issuance.number', code: 'conflict', message: `${number} is in the register already (${String(taken.status)})` },
        ]);
      const t = now();
      this.db
        .prepare(
          'INSERT INTO certificates (number, status, sequence, counter, idempotency_key, operator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(number, 'pending', sequence, request.counter, request.idempotencyKey ?? null, request.operator ?? null, t, t);
      return { number, sequence, resumed: false };
    });
    return this.#write(() => run.immediate());
  }

  async complete(number: string, d: IssuedDetails): Promise<void> {
    const changed = this.#write(
      () =>
        this.db
          .prepare(
            "UPDATE certificates SET status = 'issued', issued_at = ?, valid_until = ?, template = ?, paper = ?, resident = ?, issuance = ?, barcode_text = ?, sha256 = ?, pdf = ?, updated_at = ? WHERE number = ? AND status = 'pending'",
          )
          .run(
            d.issuedAt,
            d.validUntil,
            d.template,
            d.paper,
            JSON.stringify(d.resident),
            JSON.stringify(d.issuance),
            d.barcodeText,
            d.sha256,
            d.pdf ? Buffer.from(d.pdf) : null,
            now(),
            number,
          ).changes,
    );
    if (changed !== 1) throw registerError(`certificate ${number} was not pending when it was finished`);
  }

  async abandon(number: string, reason: string): Promise<void> {
    this.#write(() =>
      this.db
        .prepare("UPDATE certificates SET status = 'not_issued', reason = ?, updated_at = ? WHERE number = ? AND status = 'pending'")
        .run(reason, now(), number),
    );
  }

  async get(number: string): Promise<CertificateRecord | undefined> {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM certificates WHERE number = ?`).get(number) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  async pdf(number: string): Promise<Uint8Array | undefined> {
    const r = this.db.prepare("SELECT pdf FROM certificates WHERE number = ? AND status IN ('issued', 'voided')").get(number) as
      | { pdf: Buffer | null }
      | undefined;
    return r?.pdf ? new Uint8Array(r.pdf) : undefined;
  }

  async void(number: string, reason: string, replacedBy?: string): Promise<CertificateRecord> {
    const changed = this.#write(
      () =>
        this.db
          .prepare("UPDATE certificates SET status = 'voided', reason = ?, replaced_by = ?, updated_at = ? WHERE number = ? AND status = 'issued'")
          .run(reason, replacedBy ?? null, now(), number).changes,
    );
    const record = await this.get(number);
    if (!record) throw new SuketError('INVALID_INPUT', [{ path: 'number', code: 'not_allowed', message: `${number} is not in the register` }]);
    if (changed !== 1)
      throw new SuketError('INVALID_INPUT', [
        { path: 'number', code: 'conflict', message: `${number} is ${record.status}, not issued: only an issued certificate can be voided` },
      ]);
    return record;
  }

  async list(filter: { status?: RecordStatus } = {}): Promise<CertificateRecord[]> {
    const rows = (
      filter.status
        ? this.db.prepare(`SELECT ${COLUMNS} FROM certificates WHERE status = ? ORDER BY id`).all(filter.status)
        : this.db.prepare(`SELECT ${COLUMNS} FROM certificates ORDER BY id`).all()
    ) as Row[];
    return rows.map(toRecord);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** A write, with SQLite's own failures (a full disk, a lock held too long) as our error. */
  #write<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof SuketError) throw e;
      const code = (e as { code?: string }).code ?? 'error';
      throw registerError(
        code === 'SQLITE_BUSY'
          ? 'is locked by another process for too long'
          : code === 'SQLITE_FULL'
            ? 'cannot grow: the disk is full'
            : `cannot be written (${code})`,
        e,
      );
    }
  }
}

function migrate(db: BetterSqlite3.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const step = db.transaction(() => {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    const version = row ? Number(row.value) : 0;
    if (version > MIGRATIONS.length) throw registerError(`has schema version ${version}, newer than this suket knows (${MIGRATIONS.length}): update suket`);
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      String(MIGRATIONS.length),
    );
  });
  step.immediate();
}
