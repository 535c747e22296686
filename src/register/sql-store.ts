/**
 * Every rule of the register in SQL, once, over a Driver (SQLite or
 * PostgreSQL): a claim takes the counter's next value and records the
 * number as pending in one transaction; finishing, voiding and abandoning
 * move a record's status only from the status they expect.
 */
import { SuketError } from '../errors.js';
import { registerError, type Driver, type Query, type Row } from './driver.js';
import { OWNER, ownerGone } from './owner.js';
import { migrate } from './schema.js';
import { containsPattern, foldName } from './search.js';
import type { CertificateRecord, Claim, ClaimRequest, IssuedDetails, MonthCount, RecordQuery, RecordStatus, Revocation } from './types.js';

const COLUMNS =
  'number, status, sequence, counter, idempotency_key, issued_at, valid_until, template, paper, resident, issuance, barcode_text, sha256, operator, reason, replaced_by, replaces, voided_at, voided_by, created_at, updated_at, second_reason';

const now = () => new Date().toISOString();
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : null);

function toRecord(r: Row): CertificateRecord {
  return {
    number: String(r.number),
    status: r.status as RecordStatus,
    sequence: r.sequence === null || r.sequence === undefined ? null : Number(r.sequence),
    counter: text(r.counter),
    idempotencyKey: text(r.idempotency_key),
    issuedAt: text(r.issued_at),
    validUntil: text(r.valid_until),
    template: text(r.template),
    paper: text(r.paper),
    resident: json(r.resident),
    issuance: json(r.issuance),
    barcodeText: text(r.barcode_text),
    sha256: text(r.sha256),
    operator: text(r.operator),
    reason: text(r.reason),
    replacedBy: text(r.replaced_by),
    replaces: text(r.replaces),
    voidedAt: text(r.voided_at),
    voidedBy: text(r.voided_by),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    secondReason: text(r.second_reason),
  };
}

const conflict = (path: string, message: string, code: 'conflict' | 'in_progress' = 'conflict') => new SuketError('INVALID_INPUT', [{ path, code, message }]);
/** The resident holds a valid certificate (or one is being issued for them right now). */
export const residentHolds = (number: string, validUntil: string | null) =>
  new SuketError('INVALID_INPUT', [
    {
      path: 'nik',
      code: 'already_issued',
      message: validUntil
        ? `holds certificate ${number}, valid until ${validUntil}: replace it (the old one is voided), or give a reason for a second one`
        : `has certificate ${number} being issued right now: try again shortly`,
    },
  ]);

const unknownNumber = (number: string) =>
  new SuketError('INVALID_INPUT', [{ path: 'number', code: 'not_allowed', message: `${number} is not in the register` }]);

/** WHERE clause and parameters of a query. */
function where(query: RecordQuery): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    parts.push(sql);
    params.push(value);
  };
  if (query.number !== undefined) add('number = ?', query.number);
  if (query.nik !== undefined) add('nik = ?', query.nik);
  if (query.name !== undefined) add("search_name LIKE ? ESCAPE '\\'", containsPattern(foldName(query.name)));
  if (query.from !== undefined) add('issued_at >= ?', query.from);
  if (query.to !== undefined) add('issued_at <= ?', query.to);
  if (query.status !== undefined) add('status = ?', query.status);
  if (query.operator !== undefined) add('operator = ?', query.operator);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** How many taken numbers in a row a claim steps over before it says so (each is one more statement). */
const MAX_STEP_OVER = 10_000;

/** A claim's commit is carried to disk by its certificate's (see WriteOptions). */
const CLAIM_WRITE = { durable: false } as const;

const COMPLETE = `UPDATE certificates SET status = 'issued', issued_at = ?, valid_until = ?, template = ?, paper = ?, resident = ?, issuance = ?, nik = ?, search_name = ?, barcode_text = ?, sha256 = ?, pdf = ?, updated_at = ? WHERE number = ? AND status = 'pending' RETURNING ${COLUMNS}`;

const completeParams = (number: string, d: IssuedDetails): unknown[] => [
  d.issuedAt,
  d.validUntil,
  d.template,
  d.paper,
  JSON.stringify(d.resident),
  JSON.stringify(d.issuance),
  d.resident?.nik ?? null,
  foldName(d.resident?.name ?? ''),
  d.barcodeText,
  d.sha256,
  d.pdf ? Buffer.from(d.pdf.buffer, d.pdf.byteOffset, d.pdf.byteLength) : null,
  now(),
  number,
];

/** A record as it is written back by an import: every column. */
export interface StoredRecord extends CertificateRecord {
  pdf?: Uint8Array | null;
}

export class SqlStore {
  private constructor(
    readonly driver: Driver,
    private readonly abandonAfterMs: number,
  ) {}

  /**
   * Brings the schema up to date and settles the claims of processes that died.
   * @throws SuketError IO_FAILED (`register`) when the database cannot be used or is of a newer schema.
   */
  static async open(driver: Driver, abandonAfterMs: number, create = true): Promise<SqlStore> {
    try {
      await driver.write((q) => migrate(q, driver.dialect, undefined, create));
    } catch (e) {
      await driver.close().catch(() => {});
      throw e;
    }
    const store = new SqlStore(driver, abandonAfterMs);
    await store.settleAbandoned();
    return store;
  }

  /**
   * A pending number whose process is gone (on this host: its pid is not
   * running; elsewhere: its lease ran out) becomes not issued, with the
   * reason; its key can still finish it. A live register runs this on a timer.
   */
  async settleAbandoned(): Promise<void> {
    const waiting = await this.driver.read((q) => q.all("SELECT number FROM certificates WHERE status = 'pending' LIMIT 1"));
    if (!waiting.length) return;
    await this.driver.write(async (q) => {
      for (const r of await q.all("SELECT number, owner, updated_at FROM certificates WHERE status = 'pending'")) {
        if (r.owner === OWNER || !ownerGone(text(r.owner), String(r.updated_at), this.abandonAfterMs)) continue;
        await q.run(
          "UPDATE certificates SET status = 'not_issued', reason = 'interrupted: the process stopped before the certificate was finished', updated_at = ? WHERE number = ? AND status = 'pending'",
          [now(), r.number],
        );
      }
    });
  }

  /** The register's id, when it was made, and its schema version (from its meta table). */
  async identity(): Promise<{ id: string; createdAt: string; schemaVersion: number }> {
    const rows = await this.driver.read((q) => q.all("SELECT key, value FROM meta WHERE key IN ('register_id', 'created_at', 'schema_version')"));
    const meta = new Map(rows.map((r) => [String(r.key), String(r.value)]));
    return { id: meta.get('register_id') ?? '', createdAt: meta.get('created_at') ?? '', schemaVersion: Number(meta.get('schema_version') ?? 0) };
  }

  /** Renews the lease of this process's pending claims (their updated_at), so no other process takes them as abandoned. */
  async renewLeases(): Promise<void> {
    await this.driver.once("UPDATE certificates SET updated_at = ? WHERE status = 'pending' AND owner = ?", [now(), OWNER]);
  }

  async byKey(key: string): Promise<CertificateRecord | undefined> {
    return this.#one('idempotency_key = ?', key);
  }

  async get(number: string): Promise<CertificateRecord | undefined> {
    return this.#one('number = ?', number);
  }

  async #one(condition: string, value: string): Promise<CertificateRecord | undefined> {
    const [r] = await this.driver.read((q) => q.all(`SELECT ${COLUMNS} FROM certificates WHERE ${condition}`, [value]));
    return r ? toRecord(r) : undefined;
  }

  /**
   * Takes the next number of a counter (or records a given one) as pending,
   * or gives back what an idempotency key already has.
   * @throws SuketError INVALID_INPUT for a number already taken, or a key used for another request, voided, or being issued right now.
   */
  claim(request: ClaimRequest): Promise<Claim> {
    return this.driver.write(async (q) => {
      if (request.idempotencyKey) {
        const [earlier] = await q.all(
          'SELECT number, sequence, status, owner, updated_at, request_hash, nik, valid_until FROM certificates WHERE idempotency_key = ?',
          [request.idempotencyKey],
        );
        if (earlier) return this.#again(q, earlier, request);
      }
      await this.#onePerResident(q, request);
      const { number, sequence } = request.number === undefined ? await this.#nextFree(q, request) : await this.#given(q, request, request.number);
      const t = now();
      await q.run(
        'INSERT INTO certificates (number, status, sequence, counter, idempotency_key, request_hash, operator, owner, replaces, nik, second_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          number,
          'pending',
          sequence,
          sequence === null ? null : request.counter,
          request.idempotencyKey ?? null,
          request.requestHash ?? null,
          request.operator ?? null,
          OWNER,
          request.replaces ?? null,
          request.nik ?? null,
          request.secondReason ?? null,
          t,
          t,
        ],
      );
      return { number, sequence, state: 'new' };
    }, CLAIM_WRITE);
  }

  /**
   * One valid certificate per resident: a NIK that holds one valid on this
   * issue day (issued on or before it, expiring on or after it), or one being
   * issued right now, gets no second number,
   * unless the request replaces that one or records why. On PostgreSQL two
   * servers issuing for one NIK at once are put one after the other by a lock
   * on the NIK for this transaction; SQLite's write lock does that already.
   * @throws SuketError INVALID_INPUT (`nik`, `already_issued`) naming the certificate the resident holds.
   */
  async #onePerResident(q: Query, request: ClaimRequest): Promise<void> {
    if (!request.nik || !request.issuedAt || request.secondReason) return;
    if (this.driver.dialect === 'postgres') await q.all('SELECT pg_advisory_xact_lock(7345002, hashtext(?))', [request.nik]);
    const [held] = await q.all(
      "SELECT number, status, valid_until FROM certificates WHERE nik = ? AND (status = 'pending' OR (status = 'issued' AND issued_at <= ? AND valid_until >= ?)) AND number <> ? LIMIT 1",
      [request.nik, request.issuedAt, request.issuedAt, request.replaces ?? ''],
    );
    if (held) throw residentHolds(String(held.number), held.status === 'pending' ? null : text(held.valid_until));
  }

  /**
   * The counter's next number that nobody holds: a number given by hand
   * (or a sequence taken by one) is stepped over, never issued twice, and
   * never stops the counter. A number another process inserts at the same
   * instant fails the insert, and the transaction runs again (Driver.write).
   */
  async #nextFree(q: Query, request: ClaimRequest): Promise<{ number: string; sequence: number }> {
    for (let step = 0; step < MAX_STEP_OVER; step++) {
      const [row] = await q.all(
        'INSERT INTO counters (counter, value) VALUES (?, 1) ON CONFLICT (counter) DO UPDATE SET value = counters.value + 1 RETURNING value',
        [request.counter],
      );
      const sequence = Number(row!.value);
      const number = request.format(sequence);
      const [held] = await q.all('SELECT number FROM certificates WHERE number = ? OR (counter = ? AND sequence = ?) LIMIT 1', [
        number,
        request.counter,
        sequence,
      ]);
      if (!held) return { number, sequence };
    }
    throw registerError(
      `the counter ${request.counter} meets ${MAX_STEP_OVER} numbers in a row given by hand: give the next number by hand too, or void those`,
    );
  }

  /** A number given by the caller: refused, naming it, when the register holds it or its counter's sequence already. */
  async #given(q: Query, request: ClaimRequest, number: string): Promise<{ number: string; sequence: number | null }> {
    const [taken] = await q.all('SELECT status FROM certificates WHERE number = ?', [number]);
    if (taken) throw conflict('issuance.number', `${number} is in the register already (${String(taken.status)})`);
    const sequence = request.sequence ?? null;
    if (sequence === null || request.counter === null) return { number, sequence: null };
    const [same] = await q.all('SELECT number FROM certificates WHERE counter = ? AND sequence = ?', [request.counter, sequence]);
    if (same) throw conflict('issuance.number', `sequence ${sequence} of this counter is ${String(same.number)} already`);
    return { number, sequence };
  }

  /** A key seen before: its certificate, its unfinished number to finish now, or a clear refusal. */
  async #again(q: Query, earlier: Row, request: ClaimRequest): Promise<Claim> {
    const number = String(earlier.number);
    const sequence = earlier.sequence === null ? null : Number(earlier.sequence);
    const done = earlier.status === 'issued' || earlier.status === 'voided';
    // A key's certificate is given again only for the same request; an unfinished one may be finished with corrected input.
    if (done && request.requestHash && earlier.request_hash && earlier.request_hash !== request.requestHash) {
      const reused = { path: 'idempotencyKey', code: 'conflict' as const, message: `was used for another request (certificate ${number})` };
      // The same resident asked again with other details (another validity, photo, office setting): the key's conflict, and what they hold.
      if (earlier.status === 'issued' && request.nik && earlier.nik === request.nik)
        throw new SuketError('INVALID_INPUT', [reused, ...residentHolds(number, text(earlier.valid_until)).issues]);
      throw new SuketError('INVALID_INPUT', [reused]);
    }
    if (earlier.status === 'issued') return { number, sequence, state: 'issued' };
    if (earlier.status === 'voided') throw conflict('idempotencyKey', `was used for certificate ${number}, which is voided`);
    if (earlier.status === 'pending' && !ownerGone(text(earlier.owner), String(earlier.updated_at), this.abandonAfterMs))
      throw conflict('idempotencyKey', `certificate ${number} is being issued by another process right now: try again shortly`, 'in_progress');
    // A retry of a claim that never finished keeps its number: no gap, no second number.
    await q.run(
      "UPDATE certificates SET status = 'pending', reason = NULL, owner = ?, request_hash = ?, operator = coalesce(?, operator), updated_at = ? WHERE number = ?",
      [OWNER, request.requestHash ?? null, request.operator ?? null, now(), number],
    );
    return { number, sequence, state: 'resumed' };
  }

  /**
   * Records the rendered certificate: pending to issued. Finishing twice with the same bytes is no change.
   * @throws SuketError IO_FAILED (`register`) when the number is not pending (or was finished with other bytes).
   */
  async complete(number: string, d: IssuedDetails): Promise<CertificateRecord> {
    // One statement, committed by itself: a single round trip and a single sync.
    const [updated] = await this.driver.once(COMPLETE, completeParams(number, d));
    return updated ? toRecord(updated) : this.#completedBefore(number, d);
  }

  /**
   * Records several rendered certificates in one transaction (one sync for
   * all: a batch's group commit). Until it commits they stay pending, and a
   * rerun finishes them with their numbers.
   * @throws SuketError IO_FAILED (`register`) as `complete`; then none is recorded.
   */
  async completeMany(items: ReadonlyArray<{ number: string; details: IssuedDetails }>): Promise<CertificateRecord[]> {
    const rows = await this.driver.write(async (q) => {
      const out: Array<Row | undefined> = [];
      for (const { number, details } of items) out.push((await q.all(COMPLETE, completeParams(number, details)))[0]);
      return out;
    });
    return Promise.all(rows.map((r, i) => (r ? toRecord(r) : this.#completedBefore(items[i]!.number, items[i]!.details))));
  }

  /** Finishing twice with the same bytes (a retry) is no change; anything else is a fault. */
  async #completedBefore(number: string, d: IssuedDetails): Promise<CertificateRecord> {
    const record = await this.get(number);
    if (!(record?.status === 'issued' && record.sha256 === d.sha256))
      throw registerError(`certificate ${number} was not pending when it was finished (${record?.status ?? 'missing'})`);
    return record;
  }

  /** A claim that could not be printed: pending to not_issued, with the reason (the gap is explained). */
  async abandon(number: string, reason: string): Promise<void> {
    await this.driver.write((q) =>
      q.run("UPDATE certificates SET status = 'not_issued', reason = ?, updated_at = ? WHERE number = ? AND status = 'pending'", [reason, now(), number]),
    );
  }

  async pdf(number: string): Promise<Uint8Array | undefined> {
    const [r] = await this.driver.read((q) => q.all("SELECT pdf FROM certificates WHERE number = ? AND status IN ('issued', 'voided')", [number]));
    const bytes = r?.pdf as Buffer | null | undefined;
    return bytes ? new Uint8Array(bytes) : undefined;
  }

  /**
   * Issued to voided, with the reason (and the number that replaces it).
   * @throws SuketError INVALID_INPUT (`number`) for an unknown number or one that is not issued.
   */
  async void(number: string, reason: string, by: { replacedBy?: string; operator?: string } = {}): Promise<CertificateRecord> {
    return this.driver.write(async (q) => {
      const t = now();
      const changed = await q.run(
        "UPDATE certificates SET status = 'voided', reason = ?, replaced_by = ?, voided_by = ?, voided_at = ?, updated_at = ? WHERE number = ? AND status = 'issued'",
        [reason, by.replacedBy ?? null, by.operator ?? null, t, t, number],
      );
      const [r] = await q.all(`SELECT ${COLUMNS} FROM certificates WHERE number = ?`, [number]);
      if (!r) throw unknownNumber(number);
      const record = toRecord(r);
      if (changed !== 1) throw conflict('number', `${number} is ${record.status}, not issued: only an issued certificate can be voided`);
      return record;
    });
  }

  /** The records a query matches, in the order their numbers were taken. */
  async find(query: RecordQuery = {}): Promise<CertificateRecord[]> {
    const { sql, params } = where(query);
    const limit = query.limit ?? 100;
    const rows = await this.driver.read((q) =>
      q.all(`SELECT ${COLUMNS} FROM certificates ${sql} ORDER BY id${limit > 0 ? ` LIMIT ${Math.floor(limit)}` : ''}`, params),
    );
    return rows.map(toRecord);
  }

  /**
   * Every record a query matches, page by page from one snapshot (an export
   * while others issue is consistent), with its PDF when asked.
   */
  async each(query: RecordQuery, withPdf: boolean, visit: (r: StoredRecord) => Promise<void> | void): Promise<number> {
    const { sql, params } = where(query);
    const after = sql ? `${sql} AND id > ?` : 'WHERE id > ?';
    return this.driver.read(async (q) => {
      let last = 0;
      let count = 0;
      for (;;) {
        const page = await q.all(`SELECT id, ${COLUMNS}${withPdf ? ', pdf' : ''} FROM certificates ${after} ORDER BY id LIMIT 500`, [...params, last]);
        for (const r of page) {
          await visit(withPdf ? { ...toRecord(r), pdf: r.pdf ? new Uint8Array(r.pdf as Buffer) : null } : toRecord(r));
          count++;
        }
        if (page.length < 500) return count;
        last = Number(page[page.length - 1]!.id);
      }
    });
  }

  /** Numbers per month and status. */
  async stats(): Promise<MonthCount[]> {
    const rows = await this.driver.read((q) =>
      q.all(
        'SELECT substr(coalesce(issued_at, created_at), 1, 7) AS month, status, count(*) AS n FROM certificates GROUP BY substr(coalesce(issued_at, created_at), 1, 7), status ORDER BY 1, 2',
      ),
    );
    return rows.map((r) => ({ month: String(r.month), status: r.status as RecordStatus, count: Number(r.n) }));
  }

  /** Every voided certificate, oldest first, as a verifier's list needs it. */
  async revocations(): Promise<Revocation[]> {
    const rows = await this.driver.read((q) =>
      q.all("SELECT number, issuance, voided_at, updated_at, replaced_by FROM certificates WHERE status = 'voided' ORDER BY voided_at, id"),
    );
    return rows.map((r) => ({
      number: String(r.number),
      office: json<{ office?: { regionCode?: string } }>(r.issuance)?.office?.regionCode ?? null,
      voidedAt: String(r.voided_at ?? r.updated_at),
      replacedBy: text(r.replaced_by),
    }));
  }

  /**
   * Writes exported records into an empty register, and sets each counter
   * to the highest sequence it gave, so the next number follows on.
   * @throws SuketError INVALID_INPUT (`register`) when the register holds any record.
   */
  async load(records: AsyncIterable<StoredRecord>): Promise<number> {
    return this.driver.write(async (q) => {
      const [any] = await q.all('SELECT number FROM certificates LIMIT 1');
      if (any) throw conflict('register', 'holds certificates already: import only into an empty register');
      let count = 0;
      for await (const r of records) {
        await q.run(`INSERT INTO certificates (${COLUMNS}, nik, search_name, pdf) VALUES (${Array(25).fill('?').join(', ')})`, [
          r.number,
          r.status,
          r.sequence,
          r.counter,
          r.idempotencyKey,
          r.issuedAt,
          r.validUntil,
          r.template,
          r.paper,
          r.resident ? JSON.stringify(r.resident) : null,
          r.issuance ? JSON.stringify(r.issuance) : null,
          r.barcodeText,
          r.sha256,
          r.operator,
          r.reason,
          r.replacedBy,
          r.replaces,
          r.voidedAt,
          r.voidedBy ?? null,
          r.createdAt,
          r.updatedAt,
          r.secondReason ?? null,
          r.resident?.nik ?? null,
          r.resident ? foldName(r.resident.name) : null,
          r.pdf ? Buffer.from(r.pdf) : null,
        ]);
        if (r.counter !== null && r.sequence !== null)
          await q.run(
            'INSERT INTO counters (counter, value) VALUES (?, ?) ON CONFLICT (counter) DO UPDATE SET value = CASE WHEN counters.value > excluded.value THEN counters.value ELSE excluded.value END',
            [r.counter, r.sequence],
          );
        count++;
      }
      return count;
    });
  }

  backup(file: string): Promise<void> {
    return this.driver.backup(file);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
