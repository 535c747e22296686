/**
 * The register's records and questions. The rules that do not depend on
 * the database are in counter.ts, owner.ts and search.ts; the SQL is in
 * sql-store.ts, written once for SQLite and PostgreSQL.
 */
import type { CivilDate } from '../dates.js';
import type { Issuance } from '../validate/issuance.js';
import type { Resident } from '../validate/resident.js';

/** What became of a number. */
export type RecordStatus = 'pending' | 'issued' | 'voided' | 'not_issued';

/** Every status, in the order a number passes through them. */
export const RECORD_STATUSES: readonly RecordStatus[] = Object.freeze(['pending', 'issued', 'voided', 'not_issued']);

/** The issuance as printed, without the logo's bytes. */
export type RecordedIssuance = Omit<Issuance, 'office'> & { office: Omit<Issuance['office'], 'logo'> };

/** One certificate number and what is known of it. */
export interface CertificateRecord {
  number: string;
  status: RecordStatus;
  /** The counter value the number was made from, or that a number given by hand takes in the counter; null for a number outside the pattern. */
  sequence: number | null;
  /** The counter's scope: office code, pattern and period (`3274|471.13/{seq:4}/{year}|2026`). */
  counter: string | null;
  idempotencyKey: string | null;
  issuedAt: CivilDate | null;
  validUntil: CivilDate | null;
  template: string | null;
  paper: string | null;
  /** The resident and issuance as printed (normalised, photo left out). */
  resident: Omit<Resident, 'photo'> | null;
  issuance: RecordedIssuance | null;
  barcodeText: string | null;
  sha256: string | null;
  operator: string | null;
  /** Why a number was not issued, or why a certificate was voided. */
  reason: string | null;
  /** The number that replaced this one. */
  replacedBy: string | null;
  /** The number this one replaced. */
  replaces: string | null;
  /** Why this resident was given it while another certificate of theirs was still valid (one valid paper per resident unless a reason is recorded). */
  secondReason: string | null;
  /** ISO instants. */
  voidedAt: string | null;
  /** Who voided it (the clerk or client system), when known. */
  voidedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A question to the register; every given part must match. */
export interface RecordQuery {
  /** The exact certificate number. */
  number?: string;
  /** The exact NIK. */
  nik?: string;
  /** Part of the name, in any case, with or without accents. */
  name?: string;
  /** Issue dates from and to (inclusive), `YYYY-MM-DD`. */
  from?: CivilDate;
  to?: CivilDate;
  status?: RecordStatus;
  /** Issued by this client system or clerk (the record's operator). */
  operator?: string;
  /** At most this many records (default 100; 0 for all). */
  limit?: number;
}

/** A voided certificate as a verifier needs it: no name, no NIK, no free-text reason. */
export interface Revocation {
  number: string;
  /** The issuing office's region code, as sealed. */
  office: string | null;
  voidedAt: string;
  replacedBy: string | null;
}

/** How many numbers reached each status in a month (of issue, or of the claim when never issued). */
export interface MonthCount {
  month: string;
  status: RecordStatus;
  count: number;
}

/** A number taken for a certificate about to be rendered. */
export interface Claim {
  number: string;
  sequence: number | null;
  /** new: a number just taken; resumed: a key's unfinished number, to finish now; issued: the key's certificate exists. */
  state: 'new' | 'resumed' | 'issued';
}

/** What a store is asked to claim. */
export interface ClaimRequest {
  /** office code | pattern | period, or null for a number given by the caller. */
  counter: string | null;
  /** Makes the number from the counter value (the numbering pattern). */
  format: (sequence: number) => string;
  /** A number given by the caller instead of the counter (as the pattern writes it, when it fits the pattern). */
  number?: string;
  /** The given number's sequence, when it is the counter's number for that sequence: it is then held in the counter. */
  sequence?: number;
  idempotencyKey?: string;
  /** SHA-256 of what was asked, so a key reused for another request is refused. */
  requestHash?: string;
  operator?: string;
  /** The number this certificate replaces. */
  replaces?: string;
  /** The resident's NIK and the issue day: a NIK that holds a valid certificate on that day gets no second one... */
  nik?: string;
  issuedAt?: string;
  /** ...unless a reason for the second one is recorded. */
  secondReason?: string;
}

/** The details recorded once the certificate is rendered. */
export interface IssuedDetails {
  issuedAt: string;
  validUntil: string;
  template: string;
  paper: string;
  resident: CertificateRecord['resident'];
  issuance: CertificateRecord['issuance'];
  barcodeText: string;
  sha256: string;
  pdf?: Uint8Array;
}
