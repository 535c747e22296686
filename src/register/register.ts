/**
 * The register a host opens: it gives each certificate its number, renders
 * it through the core (`issueCertificate`), and records it. The core never
 * calls the register.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { SuketError, type Issue } from '../errors.js';
import type { GenerateOptions, IssuedCertificate } from '../generate.js';
import { validateCertificateInput, type ValidInput } from '../validate/index.js';
import { checkNumber, formatNumber, mergeIssuance, parseNumber, type IssuanceOverrides } from '../validate/issuance.js';
import { ApiClients } from './clients.js';
import { CounterAccounts } from './accounts.js';
import { CounterDrafts } from './drafts.js';
import { counterKey, type CounterReset } from './counter.js';
import { isPostgresUrl, shownLocation } from './location.js';
import { PostgresDriver } from './postgres.js';
import { SqliteDriver } from './sqlite.js';
import { SqlStore, type StoredRecord } from './sql-store.js';
import type { CertificateRecord, Claim, IssuedDetails, MonthCount, RecordQuery, Revocation } from './types.js';
import { prepareSigner } from '../sign/index.js';
import { signingWindowIssue } from '../seal/keys.js';

export interface RegisterIssueOptions extends GenerateOptions {
  /** The host's request id (or a batch row's key): the same key twice gives the same certificate, never a second number. */
  idempotencyKey?: string;
  /** Who issued it, as the host names its clerk or client system. */
  operator?: string;
  /** When the counter starts again at 1; default: each year when the pattern prints {year}, else never. */
  reset?: CounterReset;
  /**
   * Why this resident gets a certificate while another of theirs is still
   * valid (recorded with it). Without it a NIK that holds a valid certificate
   * is refused (`nik`, `already_issued`, naming that certificate): replace
   * the old one instead, which voids it and links the two.
   */
  secondReason?: string;
}

/** An issued certificate with its record. */
export interface RegisteredCertificate extends IssuedCertificate {
  record: CertificateRecord;
  /** True when the idempotency key had issued it before: nothing new was issued. */
  repeated: boolean;
}

export interface OpenRegisterOptions {
  /**
   * Create the register when there is none at the location (default true for
   * the library). The CLI's `generate`, `batch` and `serve` pass false: a
   * register is made once, on purpose, with `suket register init`, never by a
   * mistyped path or a missing setting on a second machine.
   */
  create?: boolean;
  /** Keep each PDF in the register, so `reprint` gives the identical file (default true). */
  storePdf?: boolean;
  /**
   * A claim's lease: a process renews its pending claims every quarter of it,
   * so one pending longer belonged to a process that died or lost the
   * database, and any process may finish it (with its key) or record it not
   * issued (default 60 s; on the same machine a dead process is known at once).
   */
  abandonAfterMs?: number;
  /** PostgreSQL connections per process (default 10). */
  poolSize?: number;
  /** How long to wait for another process's write lock on a SQLite register before failing (default 10 s). */
  lockTimeoutMs?: number;
  /**
   * How a certificate is rendered once its number is taken; default: `issueCertificate` in this thread.
   * The service passes its pool of worker threads.
   */
  render?: (resident: unknown, options: GenerateOptions) => Promise<IssuedCertificate>;
  /**
   * A render thread, held before the number is taken (the service's pool):
   * the register claims a number only once its rendering can start, and lets
   * the thread go unused when the claim is refused. Takes the place of `render`.
   */
  renderer?: () => Promise<{ render: NonNullable<OpenRegisterOptions['render']>; release: () => void }>;
}

/** How long a claim is held without its process renewing it (every quarter of this). */
const DEFAULT_LEASE_MS = 60_000;

/** What the register records of a rendered certificate. */
type Rendered = Omit<IssuedCertificate, 'number' | 'sealed' | 'warnings' | 'draft'>;

/**
 * A number taken for one certificate, with the issuance to print it with.
 * @internal the batch renders in worker threads between `reserve` and `finish`.
 */
export interface Reservation extends Claim {
  issuance: IssuanceOverrides;
}

const reasonProblem = (reason: unknown) =>
  reason !== undefined && (typeof reason !== 'string' || !reason.trim() || reason.length > 500)
    ? new SuketError('INVALID_INPUT', [{ path: 'secondReason', code: 'format', message: 'must be 1 to 500 characters' }])
    : undefined;

const keyProblem = (key: unknown) =>
  key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200)
    ? new SuketError('INVALID_INPUT', [{ path: 'idempotencyKey', code: 'format', message: 'must be 1 to 200 characters' }])
    : undefined;

/** SHA-256 of what was asked (bytes by their own digest), leaving out what a retry on another day changes. */
/**
 * What an idempotency key stands for: the checked resident and issuance,
 * without the values a retry fills in again (today's date, the number
 * taken), but with each of those the caller gave itself: the same key with
 * another given issue day, validity or number is another request (a
 * conflict), never a silent replay of the first.
 */
function requestHash(checked: { resident: object; issuance: object }, given: IssuanceOverrides): string {
  const { issuedAt: _i, validUntil: _v, number: _n, sequence: _s, ...issuance } = checked.issuance as Record<string, unknown>;
  const chosen = Object.fromEntries(
    (['issuedAt', 'validUntil', 'validMonths', 'number'] as const).filter((k) => given[k] !== undefined).map((k) => [k, given[k]]),
  );
  const canonical = JSON.stringify({ resident: checked.resident, issuance, ...(Object.keys(chosen).length ? { chosen } : {}) }, (_k, v: unknown) =>
    v instanceof Uint8Array ? createHash('sha256').update(v).digest('hex') : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

const failureReason = (e: unknown) =>
  e instanceof SuketError ? `${e.code}: ${e.issues.map((i) => `${i.path} ${i.code}`).join(', ')}` : 'an unexpected failure';

/** Which register this is: two machines that show the same id share one. */
export interface RegisterIdentity {
  /** Made when the register was created (or first opened by a suket that knows ids), stored in it. */
  id: string;
  kind: 'sqlite' | 'postgres';
  /** The file, or the URL without its password. */
  location: string;
  createdAt: string;
  schemaVersion: number;
}

export class Register {
  /** Calls of this process holding a key, so a second call with it waits for the first. */
  readonly #running = new Map<string, Promise<unknown>>();
  /** What could not be written when it happened (the database was away): a finished certificate or a release, by number. */
  readonly #unsettled = new Map<string, () => Promise<unknown>>();
  /** Renews this process's leases, settles what waits, and settles claims of processes that died. */
  #upkeep: NodeJS.Timeout | undefined;

  // Hosts open a register with openRegister(); the store behind it is not theirs to hand in.
  private constructor(
    private readonly store: SqlStore,
    private readonly options: OpenRegisterOptions,
    private readonly where: Pick<RegisterIdentity, 'kind' | 'location'> = { kind: store.driver.dialect, location: '' },
  ) {}

  /**
   * A register over an open store (what `openRegister` returns).
   * @internal
   */
  static over(store: SqlStore, options: OpenRegisterOptions, where?: Pick<RegisterIdentity, 'kind' | 'location'>): Register {
    return new Register(store, options, where);
  }

  /**
   * Which register this is: its id (stored in it), kind, location (no password), creation time and schema.
   * @example const { id, kind, location } = await register.identity(); // log it at start
   */
  async identity(): Promise<RegisterIdentity> {
    return { ...this.where, ...(await this.store.identity()) };
  }

  /**
   * Issues a certificate: checks the input (every problem at once, before
   * a number is taken), takes the next number of the office's counter (or
   * records the given `issuance.number`), renders it and records it. A
   * certificate that fails to render keeps its number as `not_issued` with
   * the reason, so every gap is explained; retrying with the same
   * idempotency key finishes it with that number.
   * @throws SuketError as `issueCertificate` does; INVALID_INPUT (`issuance.number`, `idempotencyKey`) for a number already in the register, or a key used for another request; IO_FAILED (`register`).
   * @example
   * const register = await openRegister('suket.db');
   * const cert = await register.issue(resident, { issuance: office, seal, idempotencyKey: request.id, operator: 'loket-2' });
   * console.log(cert.number, cert.record.status);
   */
  async issue(resident: unknown, options: RegisterIssueOptions = {}): Promise<RegisteredCertificate> {
    return this.#oneAtATime(options.idempotencyKey, () => this.#issue(resident, options));
  }

  async #issue(resident: unknown, options: RegisterIssueOptions, replaces?: string): Promise<RegisteredCertificate> {
    const { idempotencyKey: _k, operator: _o, reset: _r, secondReason: _s, ...generate } = options;
    if (generate.draft || generate.specimen)
      throw new SuketError('INVALID_INPUT', [
        generate.draft
          ? { path: 'draft', code: 'not_allowed', message: 'a draft takes no number: print it without the register, and issue it once approved' }
          : { path: 'specimen', code: 'not_allowed', message: 'a specimen takes no number: preview it without the register' },
      ]);
    // Loaded when a certificate is issued: a command that only reads the register never loads the renderer.
    const { preflight } = await import('../render/index.js');
    // Everything that can fail before the number (template, photo, logo, the seal key's window, the PDF signer) fails
    // here, and takes no number; the certificate is then printed from the very bytes that were checked.
    // In this thread the photo is prepared whole before the number and printed as prepared; a host's own
    // renderer (the service's threads) gets the checked bytes and prepares it there.
    const elsewhere = Boolean(this.options.render ?? this.options.renderer);
    // The input is validated once, here, by the register's rules; numbered and printed as validated.
    const ready = await preflight(resident, generate, { preparePhoto: !elsewhere, validate: (r) => validateForRegister(r, generate) });
    const issuance = ready.logo ? mergeIssuance(options.issuance, { office: { logo: ready.logo } }) : options.issuance;
    const thread = await this.options.renderer?.();
    try {
      const reservation = await this.reserve(ready.resident, { ...options, ...(issuance ? { issuance } : {}) }, replaces, ready.checked.valid);
      if (reservation.state === 'issued') return this.#repeat((await this.store.get(reservation.number))!);
      let issued: IssuedCertificate;
      try {
        const { issuePrepared } = await import('../generate.js');
        const { valid, signer } = ready.checked;
        const numbered = { valid: { ...valid, issuance: { ...valid.issuance, number: reservation.number } }, signer };
        const render = thread?.render ?? this.options.render ?? ((r: unknown, o: GenerateOptions) => issuePrepared(r, o, ready.photo, numbered));
        issued = await render(ready.resident, { ...generate, issuance: reservation.issuance });
      } catch (e) {
        await this.#settled(reservation.number, () => this.release(reservation, failureReason(e)));
        throw e;
      }
      return { ...issued, record: await this.#settled(reservation.number, () => this.finish(reservation, issued)), repeated: false };
    } finally {
      thread?.release();
    }
  }

  /**
   * Writes what became of a claim; when the database is away, the same write
   * is queued and made as soon as it answers (the caller still gets the
   * error), so no claim stays pending under a live process: a certificate
   * rendered is recorded issued (its key then gives it), a failure not issued.
   */
  async #settled<T>(number: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof SuketError && e.code === 'IO_FAILED' && e.issues.some((i) => i.path === 'register')) {
        this.#unsettled.set(number, write);
        this.#keepUp();
      }
      throw e;
    }
  }

  /** Starts the upkeep timer (once): every quarter of a lease, and never keeping the process alive. */
  #keepUp(): void {
    if (this.#upkeep) return;
    const every = Math.max(250, Math.floor(this.#leaseMs / 4));
    let busy = false;
    this.#upkeep = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.#tend()
        .catch(() => {})
        .finally(() => {
          busy = false;
        });
    }, every);
    this.#upkeep.unref();
  }

  get #leaseMs(): number {
    return this.options.abandonAfterMs ?? DEFAULT_LEASE_MS;
  }

  async #tend(): Promise<void> {
    for (const [number, write] of this.#unsettled) {
      // Written meanwhile (a retry with its key finished it): nothing left to do.
      if ((await this.store.get(number))?.status !== 'pending') this.#unsettled.delete(number);
      else await write().then(() => this.#unsettled.delete(number));
    }
    await this.store.renewLeases();
    await this.store.settleAbandoned();
  }

  async #oneAtATime<T>(key: string | undefined, f: () => Promise<T>): Promise<T> {
    const bad = keyProblem(key);
    if (bad) throw bad;
    if (!key) return f();
    while (this.#running.has(key)) await this.#running.get(key)!.catch(() => {});
    const run = f();
    this.#running.set(key, run);
    try {
      return await run;
    } finally {
      this.#running.delete(key);
    }
  }

  /**
   * Checks the input and takes its number (pending), or finds the key's earlier one.
   * @internal for the batch; hosts call `issue`.
   */
  async reserve(resident: unknown, options: RegisterIssueOptions, replaces?: string, validated?: ValidInput): Promise<Reservation> {
    const bad = keyProblem(options.idempotencyKey) ?? reasonProblem(options.secondReason);
    if (bad) throw bad;
    const issuance = options.issuance ?? {};
    const pattern = issuance.numbering;
    // Every problem of the input before a number is spent (`validated`: issue's preflight checked it).
    const checked = validated ?? checkForRegister(resident, options);
    const fixed: IssuanceOverrides = { issuedAt: checked.issuance.issuedAt };
    this.#keepUp();
    const claim = await this.store.claim({
      counter: pattern !== undefined ? counterKey(checked.issuance.office.regionCode, pattern, checked.issuance.issuedAt, options.reset) : null,
      format: (sequence) => numberFor(pattern!, sequence, checked),
      ...(issuance.number !== undefined ? givenNumber(checked, pattern) : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey, requestHash: requestHash(checked, issuance) } : {}),
      ...(options.operator ? { operator: options.operator } : {}),
      ...(replaces ? { replaces } : {}),
      nik: checked.resident.nik,
      issuedAt: checked.issuance.issuedAt,
      ...(options.secondReason ? { secondReason: options.secondReason.trim() } : {}),
    });
    return { ...claim, issuance: mergeIssuance(issuance, { ...fixed, number: claim.number }) };
  }

  /**
   * Records a reserved number's rendered certificate.
   * @internal for the batch.
   */
  finish(reservation: Reservation, issued: Rendered): Promise<CertificateRecord> {
    return this.store.complete(reservation.number, this.#details(issued));
  }

  /**
   * Records several reserved numbers' certificates in one transaction (one sync).
   * @internal the batch's group commit.
   */
  finishMany(items: ReadonlyArray<{ reservation: Reservation; issued: Rendered }>): Promise<CertificateRecord[]> {
    return this.store.completeMany(items.map(({ reservation, issued }) => ({ number: reservation.number, details: this.#details(issued) })));
  }

  #details(issued: Rendered): IssuedDetails {
    return {
      issuedAt: issued.issuance.issuedAt,
      validUntil: issued.issuance.validUntil,
      template: issued.template,
      paper: issued.paper,
      resident: withoutPhoto(issued.resident),
      issuance: withoutLogo(issued.issuance),
      barcodeText: issued.barcodeText,
      sha256: issued.sha256,
      ...(this.options.storePdf === false ? {} : { pdf: issued.pdf }),
    };
  }

  /**
   * A reserved number that could not be printed: not issued, with the reason.
   * @internal for the batch.
   */
  release(reservation: Reservation, reason: string): Promise<void> {
    return this.store.abandon(reservation.number, reason);
  }

  async #repeat(record: CertificateRecord): Promise<RegisteredCertificate> {
    const pdf = await this.store.pdf(record.number);
    if (!pdf)
      throw new SuketError('INVALID_INPUT', [
        { path: 'idempotencyKey', code: 'conflict', message: `issued ${record.number} before, and the register keeps no PDF to give again` },
      ]);
    return {
      pdf,
      sha256: record.sha256!,
      number: record.number,
      barcodeText: record.barcodeText!,
      sealed: (record.barcodeText ?? '').includes('SK1:'),
      draft: false,
      warnings: [],
      resident: record.resident as RegisteredCertificate['resident'],
      issuance: record.issuance as RegisteredCertificate['issuance'],
      template: record.template!,
      paper: record.paper!,
      record,
      repeated: true,
    };
  }

  /**
   * Issues a new certificate in place of an issued one (corrected data), links
   * the two and voids the old one with the reason. Retrying after a failure
   * finishes the same replacement, never a second one.
   * @throws SuketError INVALID_INPUT (`number`) when the old number is unknown or not issued; as `issue` for the new certificate.
   * @example const fixed = await register.replace('471.13/0007/Disdukcapil/XI/2026', corrected, { issuance: office, seal, reason: 'salah ketik tanggal lahir' });
   */
  async replace(number: string, resident: unknown, options: RegisterIssueOptions & { reason: string }): Promise<RegisteredCertificate> {
    const { reason, ...rest } = options;
    const old = await this.store.get(number);
    if (!old) throw new SuketError('INVALID_INPUT', [{ path: 'number', code: 'not_allowed', message: `${number} is not in the register` }]);
    const key = `replace:${number}`;
    const earlier = await this.store.byKey(key);
    if (old.status !== 'issued' && !(old.status === 'voided' && earlier && old.replacedBy === earlier.number))
      throw new SuketError('INVALID_INPUT', [
        { path: 'number', code: 'conflict', message: `${number} is ${old.status}: only an issued certificate can be replaced` },
      ]);
    const fresh = await this.#oneAtATime(key, () => this.#issue(resident, { ...rest, idempotencyKey: key }, number));
    if (old.status === 'issued') await this.store.void(number, reason, { replacedBy: fresh.number, ...(rest.operator ? { operator: rest.operator } : {}) });
    return fresh;
  }

  /** A record by number. */
  get(number: string): Promise<CertificateRecord | undefined> {
    return this.store.get(number);
  }

  /**
   * The record an idempotency key took, if any (a rerun can tell what its first run left).
   * @example const earlier = await register.byIdempotencyKey('generate:3f2a...'); // earlier?.status === 'issued'
   */
  byIdempotencyKey(key: string): Promise<CertificateRecord | undefined> {
    return this.store.byKey(key);
  }

  /**
   * The records a query matches (number, NIK, name in any case and accents, issue dates, status), oldest first; 100 unless `limit` says.
   * @example await register.find({ name: 'sekar', from: '2026-11-01', to: '2026-11-30', status: 'issued' })
   */
  find(query: RecordQuery = {}): Promise<CertificateRecord[]> {
    return this.store.find(query);
  }

  /** Every record in the order the numbers were taken. */
  list(query: Omit<RecordQuery, 'limit'> = {}): Promise<CertificateRecord[]> {
    return this.store.find({ ...query, limit: 0 });
  }

  /**
   * Visits every record a query matches from one snapshot, while others go on issuing (what `export` is built on).
   * @internal the CLI's export and the service's search read through it.
   */
  each(query: RecordQuery, withPdf: boolean, visit: (r: StoredRecord) => Promise<void> | void): Promise<number> {
    return this.store.each(query, withPdf, visit);
  }

  /**
   * Writes exported records into this register, which must be empty.
   * @internal the CLI's import.
   */
  load(records: AsyncIterable<StoredRecord>): Promise<number> {
    return this.store.load(records);
  }

  /**
   * The stored PDF of an issued (or voided) certificate, byte for byte.
   * @throws SuketError INVALID_INPUT (`number`) when the register has no PDF for it.
   */
  async reprint(number: string): Promise<Uint8Array> {
    const pdf = await this.store.pdf(number);
    if (!pdf) throw new SuketError('INVALID_INPUT', [{ path: 'number', code: 'not_allowed', message: `${number} has no stored PDF in the register` }]);
    return pdf;
  }

  /**
   * Voids an issued certificate, with the reason and who did it; it then feeds the revocation list.
   * @throws SuketError INVALID_INPUT (`number`) for an unknown number or one that is not issued; (`reason`) for an empty or over-long reason.
   * @example await register.void('471.13/0007/Disdukcapil/XI/2026', 'ditarik: data salah', { operator: 'loket-2' })
   */
  void(number: string, reason: string, options: { operator?: string | undefined } = {}): Promise<CertificateRecord> {
    if (typeof reason !== 'string' || !reason.trim() || reason.length > 500)
      return Promise.reject(new SuketError('INVALID_INPUT', [{ path: 'reason', code: 'format', message: 'must be 1 to 500 characters' }]));
    return this.store.void(number, reason, options.operator ? { operator: options.operator } : {});
  }

  /**
   * What a verifier needs to refuse voided certificates: number, office code, when; no personal data and no free-text reason.
   * @example verifySeal(text, { trustList, denyList: (await register.revocations()).map((r) => r.number) })
   */
  revocations(): Promise<Revocation[]> {
    return this.store.revocations();
  }

  /** How many numbers reached each status, per month. */
  stats(): Promise<MonthCount[]> {
    return this.store.stats();
  }

  /**
   * A consistent copy of the register while issuing goes on (SQLite's online backup), owner-only.
   * @throws SuketError INVALID_INPUT (`register`) for a PostgreSQL register (use pg_dump); IO_FAILED when the copy cannot be written.
   */
  backup(file: string): Promise<void> {
    return this.store.backup(resolve(file));
  }

  /**
   * The client systems that may call the service, kept in this register's database.
   * @example const { key } = await register.clients.add('opensid-kesambi', ['issue', 'read']);
   */
  get clients(): ApiClients {
    return ApiClients.over(this.store.driver);
  }

  /**
   * The counter's accounts (clerks, the head, administrators) and their sessions, kept in this register's database.
   * @example await register.accounts.add('siti', 'petugas', password, 'Siti Rahmawati');
   */
  get accounts(): CounterAccounts {
    return CounterAccounts.over(this.store.driver);
  }

  /**
   * The counter's drafts awaiting approval, and its log.
   * @example const waiting = await register.drafts.list('waiting');
   */
  get drafts(): CounterDrafts {
    return CounterDrafts.over(this.store.driver);
  }

  /** True when the database answers a read (the service's readiness). */
  async reachable(): Promise<boolean> {
    try {
      await this.store.driver.read((q) => q.all('SELECT 1 AS one'));
      return true;
    } catch {
      return false;
    }
  }

  /** Stops the upkeep, makes the writes still waiting (if the database answers), and closes. */
  async close(): Promise<void> {
    if (this.#upkeep) {
      clearInterval(this.#upkeep);
      this.#upkeep = undefined;
      await this.#tend().catch(() => {});
    }
    await this.store.close();
  }
}

const withoutPhoto = ({ photo: _photo, ...r }: IssuedCertificate['resident']) => r;
const withoutLogo = (i: IssuedCertificate['issuance']) => {
  const { logo: _logo, ...office } = i.office;
  return { ...i, office };
};

/** The pattern's number for a counter value, by the same two rules the validator applies. */
function numberFor(pattern: string, sequence: number, checked: ValidInput): string {
  const { issuedAt, office } = checked.issuance;
  const { value, problem } = checkNumber(formatNumber(pattern, { sequence, issuedAt, regionCode: office.regionCode }));
  if (problem) throw new SuketError('INVALID_INPUT', [{ path: 'issuance.numbering', ...problem }]);
  return value!;
}

/**
 * A number given by hand, read against the office's pattern: one that fits
 * it is written as the pattern writes it (`002` and `0002` are one number),
 * and when it is the very number the counter gives for its sequence on
 * this issue day, it holds that sequence in the counter (which then steps
 * over it). A number outside the pattern is kept as given.
 */
function givenNumber(checked: ValidInput, pattern: string | undefined): { number: string; sequence?: number } {
  const number = checked.issuance.number;
  const parsed = pattern === undefined ? undefined : parseNumber(pattern, number);
  if (!parsed) return { number };
  const inCounter = parsed.canonical === numberFor(pattern!, parsed.sequence, checked);
  return { number: parsed.canonical, ...(inCounter ? { sequence: parsed.sequence } : {}) };
}

/**
 * Checks what `Register.issue` would be given, every problem at once, before
 * any register is opened or number taken (the placeholder sequence 1 stands
 * for the one to come). An issuance may hold the office's `numbering` beside a
 * `number` given by hand: the number is then read against that pattern.
 * @throws SuketError INVALID_INPUT as `validateCertificateInput`; INVALID_KEY (`key_not_valid`) for a seal key outside its window on the issue day, as `prepareSigner` when `sign` is given.
 * @example checkForRegister(resident, { issuance: office }); // then open the register and issue
 */
export function checkForRegister(resident: unknown, options: Pick<GenerateOptions, 'issuance' | 'now' | 'sign' | 'seal'> = {}): ValidInput {
  const valid = validateForRegister(resident, options);
  // A seal key outside its window on the issue day would make a paper every verifier refuses.
  const outside = options.seal ? signingWindowIssue(options.seal, valid.issuance.issuedAt) : undefined;
  if (outside) throw new SuketError('INVALID_KEY', [outside]);
  // A wrong passphrase or an expired signing certificate opens no register and takes no number.
  if (options.sign) prepareSigner(options.sign, options.sign.time ?? new Date());
  return valid;
}

/** The input as the register reads it: the library's rules, a number given by hand read against the office's pattern. */
function validateForRegister(resident: unknown, options: Pick<GenerateOptions, 'issuance' | 'now'>): ValidInput {
  const { number, ...issuance } = options.issuance ?? {};
  const forCheck = issuance.numbering !== undefined ? { ...issuance, sequence: 1 } : { ...issuance, ...(number !== undefined ? { number } : {}) };
  const given = number !== undefined && issuance.numbering !== undefined ? checkNumber(number) : {};
  const problems: Issue[] = given.problem ? [{ path: 'issuance.number', ...given.problem }] : [];
  let valid: ValidInput;
  try {
    valid = validateCertificateInput(resident, forCheck, options.now ? { now: options.now } : {});
  } catch (e) {
    if (e instanceof SuketError && problems.length) throw new SuketError(e.code, [...e.issues, ...problems], { cause: e });
    throw e;
  }
  if (problems.length) throw new SuketError('INVALID_INPUT', problems);
  return given.value !== undefined ? { ...valid, issuance: { ...valid.issuance, number: given.value } } : valid;
}

/**
 * The issuance a register call gets from the office's defaults and one
 * call's fields: as `mergeIssuance`, except that a number given by hand
 * keeps the office's numbering beside it, so the register reads the number
 * against the pattern (one number in any padding, and the counter steps over it).
 * @example registerIssuance(office, { number: '471.13/2615/Disdukcapil/XII/2026' }) // { ...office, number, numbering: office.numbering }
 */
export function registerIssuance(office: IssuanceOverrides | undefined, call: IssuanceOverrides | undefined): IssuanceOverrides {
  const merged = mergeIssuance(office, call);
  const pattern = call?.numbering ?? office?.numbering;
  if (merged.number === undefined || pattern === undefined) return merged;
  const { sequence: _s, ...rest } = merged;
  return { ...rest, numbering: pattern };
}

export { isPostgresUrl, shownLocation };

/**
 * Opens the register: a SQLite file (created owner-only; the embedded
 * default, several processes on one machine at once) or a PostgreSQL
 * server by its `postgres://` URL (several machines). The schema is brought
 * up to date; claims left by a process that died are settled.
 * @throws SuketError IO_FAILED (`register`) when it cannot be opened or reached, or is of a newer schema.
 * @example
 * const register = await openRegister('suket.db');
 * const shared = await openRegister(process.env.SUKET_REGISTER ?? 'postgres://suket@db.kantor/suket');
 */
export async function openRegister(location: string, options: OpenRegisterOptions = {}): Promise<Register> {
  if (typeof location !== 'string' || !location)
    throw new SuketError('INVALID_INPUT', [{ path: 'register', code: 'required', message: 'give a file path or a postgres:// URL' }]);
  const create = options.create !== false;
  const kind = isPostgresUrl(location) ? 'postgres' : 'sqlite';
  const driver = kind === 'postgres' ? PostgresDriver.open(location, options.poolSize) : SqliteDriver.open(resolve(location), options.lockTimeoutMs, create);
  const store = await SqlStore.open(driver, options.abandonAfterMs ?? DEFAULT_LEASE_MS, create);
  return Register.over(store, options, { kind, location: kind === 'postgres' ? shownLocation(location) : resolve(location) });
}
