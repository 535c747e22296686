/** Messages between the batch and its worker threads. */
import type { MessageKey, MessageParams } from '../../language/catalogue.js';
import type { Issuance } from '../../validate/issuance.js';
import type { Resident } from '../../validate/resident.js';

export interface JobMessage {
  row: number;
  /** The number the register gave this row. */
  number: string;
  file: string;
  resident: Record<string, unknown>;
  /** Not a row: try the office's settings (template, logo, keys) on the invented sample resident before any row takes a number. */
  check?: true;
}

/** A row's problem or warning: a field path, a stable code, a message without the value. */
export interface RowProblem {
  path: string;
  code: string;
  message: string;
  /** The message's catalogue key and parameters, to say it in the clerk's language. */
  key?: MessageKey | undefined;
  params?: MessageParams | undefined;
}

/** What the register records of a rendered row (the PDF itself is moved, not copied). */
export interface RenderedRow {
  row: number;
  ok: true;
  number: string;
  file: string;
  sha256: string;
  warnings: RowProblem[];
  pdf: Uint8Array;
  barcodeText: string;
  template: string;
  paper: string;
  resident: Resident;
  issuance: Issuance;
}

export type ResultMessage = RenderedRow | { row: number; ok: false; issues: RowProblem[]; error?: string; debug?: string };
