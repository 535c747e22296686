/**
 * The register a host opens: it gives each certificate its number, renders
 * it through the core (`issueCertificate`), and records it. The core never
 * calls the register.
 */
import { resolve } from 'node:path';
import { SuketError } from '../errors.js';
import { issueCertificate, type GenerateOptions, type IssuedCertificate } from '../generate.js';
import { validateCertificateInput } from '../validate/index.js';
import { mergeIssuance, validateIssuance, type IssuanceOverrides } from '../validate/issuance.js';
import { counterKey, type CounterReset } from './counter.js';
import { SqliteStore } from './sqlite.js';
import type { CertificateRecord, RecordStatus, RegisterStore } from './types.js';

export interface RegisterIssueOptions extends GenerateOptions {
  /** The host's request id (or a batch row's key): the same key twice gives the same certificate, never a second number. */
  idempotencyKey?: string;
  /** Who issued it, as the host names its clerk or client system. */
  operator?: string;
  /** When the counter starts again at 1; default: each year when the pattern prints {year}, else never. */
  reset?: CounterReset;
}

/** An issued certificate with its record. */
export interface RegisteredCertificate extends IssuedCertificate {
  record: CertificateRecord;
  /** True when the idempotency key had issued it before: nothing new was issued. */
  repeated: boolean;
}

export interface OpenRegisterOptions {
  /** Keep each PDF in the register, so `reprint` gives the identical file (default true). */
  storePdf?: boolean;
  /** A claim pending longer than this when the register opens belonged to a process that died (default 10 minutes). */
  abandonAfterMs?: number;
}

const keyProblem = (key: unknown) =>
  key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200)
    ? new SuketError('INVALID_INPUT', [{ path: 'idempotencyKey', code: 'format', message: 'must be 1 to 200 characters' }])
    : undefined;

export class Register {
  constructor(
    private readonly store: RegisterStore,
    private readonly options: OpenRegisterOptions,
  ) {}

  /**
   * Issues a certificate: checks the input (every problem at once, before
   * a number is taken), takes the next number of the office's counter (or
   * records the given `issuance.number`), renders it and records it. A
   * certificate that fails to render keeps its number as `not_issued` with
   * the reason, so every gap is explained; retrying with the same
   * idempotency key finishes it with that number.
   * @throws SuketError as `issueCertificate` does; INVALID_INPUT (`issuance.number`, `idempotencyKey`) for a number or key already used; IO_FAILED (`register`).
   * @example
   * const register = openRegister('suket.db');
   * const cert = await register.issue(resident, { issuance: office, seal, idempotencyKey: request.id, operator: 'loket-2' });
   * console.log(cert.number, cert.record.status);
   */
  async issue(resident: unknown, options: RegisterIssueOptions = {}): Promise<RegisteredCertificate> {
    const { idempotencyKey, operator, reset, ...generate } = options;
    const bad = keyProblem(idempotencyKey);
    if (bad) throw bad;
    const earlier = idempotencyKey ? await this.store.byKey(idempotencyKey) : undefined;
    if (earlier?.status === 'issued') return this.#repeat(earlier);
    const issuance = generate.issuance ?? {};
    const pattern = issuance.number === undefined ? issuance.numbering : undefined;
    // Every problem of the input before a number is spent (the placeholder sequence stands for the one to come).
    const checked = validateCertificateInput(
      resident,
      pattern !== undefined ? { ...issuance, sequence: 1 } : issuance,
      generate.now ? { now: generate.now } : {},
    );
    const fixed: IssuanceOverrides = { issuedAt: checked.issuance.issuedAt };
    const claim = await this.store.claim({
      counter: pattern !== undefined ? counterKey(checked.issuance.office.regionCode, pattern, checked.issuance.issuedAt, reset) : null,
      format: (sequence) => validateIssuance({ ...issuance, ...fixed, sequence }).number,
      ...(pattern === undefined ? { number: checked.issuance.number } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(operator ? { operator } : {}),
    });
    let issued: IssuedCertificate;
    try {
      issued = await issueCertificate(resident, { ...generate, issuance: mergeIssuance(issuance, { ...fixed, number: claim.number }) });
    } catch (e) {
      await this.store.abandon(
        claim.number,
        e instanceof SuketError ? `${e.code}: ${e.issues.map((i) => `${i.path} ${i.code}`).join(', ')}` : 'an unexpected failure',
      );
      throw e;
    }
    await this.store.complete(claim.number, {
      issuedAt: issued.issuance.issuedAt,
      validUntil: issued.issuance.validUntil,
      template: issued.template,
      paper: issued.paper,
      resident: withoutPhoto(issued.resident),
      issuance: withoutLogo(issued.issuance),
      barcodeText: issued.barcodeText,
      sha256: issued.sha256,
      ...(this.options.storePdf === false ? {} : { pdf: issued.pdf }),
    });
    return { ...issued, record: (await this.store.get(claim.number))!, repeated: false };
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
      sealed: (record.barcodeText ?? '').startsWith('SK1:'),
      warnings: [],
      resident: record.resident as RegisteredCertificate['resident'],
      issuance: record.issuance as RegisteredCertificate['issuance'],
      template: record.template!,
      paper: record.paper!,
      record,
      repeated: true,
    };
  }

  /** A record by number. */
  get(number: string): Promise<CertificateRecord | undefined> {
    return this.store.get(number);
  }

  /** Every record in the order the numbers were taken. */
  list(filter?: { status?: RecordStatus }): Promise<CertificateRecord[]> {
    return this.store.list(filter);
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
   * Voids an issued certificate, with the reason; it then feeds the revocation list.
   * @throws SuketError INVALID_INPUT (`number`) for an unknown number or one that is not issued.
   */
  void(number: string, reason: string): Promise<CertificateRecord> {
    return this.store.void(number, reason);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

const withoutPhoto = ({ photo: _photo, ...r }: IssuedCertificate['resident']) => r;
const withoutLogo = (i: IssuedCertificate['issuance']) => {
  const { logo: _logo, ...office } = i.office;
  return { ...i, office };
};

/**
 * Opens the register in a SQLite file (created owner-only), the embedded
 * default: no server, and several processes on one machine at once.
 * @throws SuketError IO_FAILED (`register`) when the file cannot be opened or is of a newer schema.
 * @example const register = openRegister('suket.db');
 */
export function openRegister(file: string, options: OpenRegisterOptions = {}): Register {
  if (/^postgres(ql)?:\/\//i.test(file))
    throw new SuketError('INVALID_INPUT', [
      { path: 'register', code: 'not_allowed', message: 'a PostgreSQL register is not in this version yet: give a file path' },
    ]);
  return new Register(SqliteStore.open(resolve(file), options.abandonAfterMs), options);
}
