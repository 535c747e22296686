/**
 * The embedded register: one SQLite file (better-sqlite3), owner-only, in
 * WAL mode with full sync, so two processes on one machine (two clerks, a
 * batch and a one-off) share it and a crash loses nothing committed. A
 * write transaction is BEGIN IMMEDIATE: it takes the file's write lock
 * first, so two processes never interleave a claim.
 */
import { chmodSync, closeSync, existsSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { SuketError } from '../errors.js';
import { registerError, type Driver, type Query, type Row, type WriteOptions } from './driver.js';

/** SQLite's own failures (a lock held too long, a full disk, no write permission) in plain words, naming the file and what to do. */
function sqliteError(e: unknown, file: string): SuketError {
  if (e instanceof SuketError) return e;
  const code = (e as { code?: string }).code ?? 'error';
  return registerError(
    code === 'SQLITE_BUSY'
      ? 'is locked by another process for too long'
      : code === 'SQLITE_FULL'
        ? 'cannot grow: the disk is full'
        : code === 'SQLITE_CANTOPEN'
          ? 'cannot be opened (no such folder, or no permission)'
          : code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
            ? 'is not a suket register (not a SQLite file, or damaged)'
            : code.startsWith('SQLITE_READONLY')
              ? `${file} cannot be written by this user (${code}): SQLite writes the file and, beside it, its -wal and -shm files, so the user needs write permission on the file and its folder (or run suket as the user that owns the register)`
              : `cannot be used (${code})`,
    e,
  );
}

export class SqliteDriver implements Driver {
  readonly dialect = 'sqlite' as const;
  /** better-sqlite3 is synchronous; this chain keeps one transaction at a time on the connection. */
  #tail: Promise<unknown> = Promise.resolve();
  readonly #q: Query;

  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly file: string,
  ) {
    const prepared = new Map<string, BetterSqlite3.Statement>();
    const statement = (sql: string) => {
      const known = prepared.get(sql);
      if (known) return known;
      const s = db.prepare(sql);
      prepared.set(sql, s);
      return s;
    };
    this.#q = {
      all: async (sql, params = []) => {
        const s = statement(sql);
        if (s.reader) return s.all(...params) as Row[];
        s.run(...params);
        return [];
      },
      run: async (sql, params = []) => statement(sql).run(...params).changes,
      exec: async (sql) => void db.exec(sql),
    };
  }

  /**
   * Opens a register file, or creates it owner-only when `create` is true.
   * @throws SuketError IO_FAILED (`register`) when it cannot be opened.
   */
  static open(file: string, lockTimeoutMs = 10_000, create = true): SqliteDriver {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    if (!create && !existsSync(file)) throw registerError(`there is no register at ${file}: create it once, on purpose, with suket register init`);
    try {
      if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
      const db = new Database(file, { timeout: lockTimeoutMs });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      return new SqliteDriver(db, file);
    } catch (e) {
      throw sqliteError(e, file);
    }
  }

  #serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(f, f);
    this.#tail = next.catch(() => {});
    return next;
  }

  #transaction<T>(begin: string, f: (q: Query) => Promise<T>, durable = true): Promise<T> {
    return this.#serial(async () => {
      try {
        if (!durable) this.db.pragma('synchronous = NORMAL');
        this.db.exec(begin);
      } catch (e) {
        throw sqliteError(e, this.file);
      }
      try {
        const result = await f(this.#q);
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw sqliteError(e, this.file);
      } finally {
        if (!durable) this.db.pragma('synchronous = FULL');
      }
    });
  }

  write<T>(f: (q: Query) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    return this.#transaction('BEGIN IMMEDIATE', f, options.durable !== false);
  }

  once(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.#serial(async () => {
      try {
        return await this.#q.all(sql, params);
      } catch (e) {
        throw sqliteError(e, this.file);
      }
    });
  }

  read<T>(f: (q: Query) => Promise<T>): Promise<T> {
    return this.#transaction('BEGIN', f);
  }

  /** SQLite's online backup: a consistent copy while other processes go on issuing; written beside, then renamed. */
  backup(file: string): Promise<void> {
    return this.#serial(async () => {
      // A name of its own, created here ('wx'): never a leftover or planted file, nor a link to elsewhere.
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      try {
        // Created owner-only before SQLite writes a byte of personal data into it.
        closeSync(openSync(partial, 'wx', 0o600));
        chmodSync(partial, 0o600);
        await this.db.backup(partial);
        chmodSync(partial, 0o600);
        renameSync(partial, file);
      } catch (e) {
        if (existsSync(partial)) unlinkSync(partial);
        throw sqliteError(e, this.file);
      }
    });
  }

  close(): Promise<void> {
    return this.#serial(async () => void this.db.close());
  }
}
