/**
 * What the register's SQL needs from a database: statements with `?`
 * parameters, a write transaction that holds the write lock from its first
 * statement, and a read transaction that sees one snapshot. SQLite and
 * PostgreSQL each implement it; every rule of the register is written once,
 * above this, in sql-store.ts.
 */
import { SuketError } from '../errors.js';

export type Row = Record<string, unknown>;

export interface Query {
  /** Rows of a statement with `?` parameters. */
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Dialect = 'sqlite' | 'postgres';

export interface WriteOptions {
  /**
   * false: the commit need not reach the disk before it returns; the next
   * durable commit of the register carries it there (SQLite WAL and
   * PostgreSQL's WAL are written in order). A claim is made so: its
   * certificate leaves the register only after a durable commit, so a power
   * cut can forget a claim only when nothing was handed out for it.
   */
  durable?: boolean;
}

export interface Driver {
  readonly dialect: Dialect;
  /**
   * One transaction that writes. A statement that loses a race (a unique
   * key taken by another process at the same instant) rolls it back, and
   * it is run again, so `f` reads before it writes.
   */
  write<T>(f: (q: Query) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** One statement on its own, committed by itself (one round trip to a server). */
  once(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** One read transaction: every statement sees the same snapshot. */
  read<T>(f: (q: Query) => Promise<T>): Promise<T>;
  /** A consistent copy of the whole register in one file, while others write. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The register's I/O failure, naming what went wrong and never a value or a password. */
export const registerError = (message: string, cause?: unknown): SuketError =>
  new SuketError('IO_FAILED', [{ path: 'register', code: 'io', message }], cause === undefined ? undefined : { cause });
