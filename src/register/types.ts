/**
 * The issuance register: every number issued once, every certificate on
 * record. This file is the contract a store fulfils (SQLite now,
 * PostgreSQL next); the rules that do not depend on the store are in
 * counter.ts and issue.ts.
 */
import type { Issuance } from '../validate/issuance.js';
import type { Resident } from '../validate/resident.js';

/** What became of a number. */
export type RecordStatus = 'pending' | 'issued' | 'voided' | 'not_issued';

/** One certificate number and what is known of it. */
export interface CertificateRecord {
  number: string;
  status: RecordStatus;
  /** The counter value the number was made from; null for a number given by the caller. */
  sequence: number | null;
  /** The counter's scope: office code, pattern and period (`3274|471.13/{seq:4}/{year}|2026`). */
  counter: string | null;
  idempotencyKey: string | null;
  issuedAt: string | null;
  validUntil: string | null;
  template: string | null;
  paper: string | null;
  /** The resident and issuance as printed (normalised, photo left out). */
  resident: Omit<Resident, 'photo'> | null;
  issuance: (Omit<Issuance, 'office'> & { office: Omit<Issuance['office'], 'logo'> }) | null;
  barcodeText: string | null;
  sha256: string | null;
  operator: string | null;
  /** Why a number was not issued, or why a certificate was voided. */
  reason: string | null;
  /** The number that replaced this one. */
  replacedBy: string | null;
  /** ISO instants. */
  createdAt: string;
  updatedAt: string;
}

/** A number taken for a certificate about to be rendered. */
export interface Claim {
  number: string;
  sequence: number | null;
  /** True when this idempotency key already had a number: the same number is finished again. */
  resumed: boolean;
}

/** What a store is asked to claim. */
export interface ClaimRequest {
  /** office code | pattern | period, or null for a number given by the caller. */
  counter: string | null;
  /** Makes the number from the counter value (the numbering pattern). */
  format: (sequence: number) => string;
  /** A number given by the caller instead of the counter. */
  number?: string;
  idempotencyKey?: string;
  operator?: string;
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

/** A register's storage. Every method is atomic. */
export interface RegisterStore {
  /** The record of an idempotency key, if any. */
  byKey(key: string): Promise<CertificateRecord | undefined>;
  /** Takes the next number of a counter (or records a given one) as pending; an abandoned claim of the same key is resumed. */
  claim(request: ClaimRequest): Promise<Claim>;
  /** Records the rendered certificate: pending to issued. */
  complete(number: string, details: IssuedDetails): Promise<void>;
  /** A claim that could not be printed: pending to not_issued, with the reason (the gap is explained). */
  abandon(number: string, reason: string): Promise<void>;
  get(number: string): Promise<CertificateRecord | undefined>;
  /** The stored PDF of an issued certificate. */
  pdf(number: string): Promise<Uint8Array | undefined>;
  /** Issued to voided, with the reason (and the number that replaces it). */
  void(number: string, reason: string, replacedBy?: string): Promise<CertificateRecord>;
  /** Every record, in the order numbers were taken. */
  list(filter?: { status?: RecordStatus }): Promise<CertificateRecord[]>;
  close(): Promise<void>;
}
