/**
 * The types of the public calls' options and results, apart from the calls:
 * the renderer and the service name them without loading the calls.
 */
import type { Issue } from './errors.js';
import type { SealOptions } from './seal/keys.js';
import type { PdfSignOptions } from './sign/index.js';
import type { PaperName } from './template/schema.js';
import type { Issuance, IssuanceOverrides } from './validate/issuance.js';
import type { Resident } from './validate/resident.js';

export interface GenerateOptions {
  /** What the office adds: number, dates, office, signatory. */
  issuance?: IssuanceOverrides;
  /** A built-in name (default 'suket-ktp-el'), a folder path, or a template object. */
  template?: string | object;
  /** Where an object template's files are. */
  templateDir?: string;
  /** 'F4' or 'A4' (or a template's own paper name) where the template offers it; default: the template's first. */
  paper?: PaperName | (string & {});
  /** Sign the barcode; without it the barcode holds the template's text (the number). */
  seal?: SealOptions;
  /**
   * Also sign the PDF itself (PAdES, a certified electronic signature) with a
   * PKCS#12 file or an external signer; B-T with `timestampUrl`. Checked
   * before any work; the signing time makes the bytes differ from call to call.
   */
  sign?: PdfSignOptions;
  /**
   * PDF/A-2b, the archival PDF (default true): an sRGB output intent and
   * the PDF/A identification in the metadata, about 3.5 KB more. Tagging
   * is its own option (`tagged`).
   */
  pdfA?: boolean;
  /**
   * A tagged PDF (default true): title, biodata table and figures for screen
   * readers. `false` saves about 35 MB of a rendering process's RSS
   * (BENCHMARKS.md) and 1 KB a file, at the cost of accessibility.
   */
  tagged?: boolean;
  /**
   * A draft for approval: KONSEP across the page, "KONSEP" where the number
   * goes, and a code that says it is a draft. Never sealed nor signed
   * (`seal` and `sign` are ignored) and never in the register: issue the
   * certificate once it is approved.
   */
  draft?: boolean;
  /**
   * A specimen, to look at a template before printing: SPESIMEN across the
   * page, never signed (`sign` is ignored) and never in the register. Give it
   * a `seal` made with a key of no trust list (the CLI's `preview` makes one
   * for each run), so its code is as large as the office's and no verifier
   * accepts it.
   */
  specimen?: boolean;
  /** The clock for a default issue date. */
  now?: Date;
}

/** Everything a host archives about one certificate. */
export interface IssuedCertificate {
  pdf: Uint8Array;
  /** Hex SHA-256 of the PDF. */
  sha256: string;
  number: string;
  /** The barcode text: the seal ('SK1:...') when signed. */
  barcodeText: string;
  sealed: boolean;
  /** A draft (KONSEP): not numbered, not sealed, not for the register. */
  draft: boolean;
  /** Legal but doubtful input (NIK disagreeing with birth date or sex, a small photo, ...). */
  warnings: Issue[];
  resident: Resident;
  issuance: Issuance;
  template: string;
  paper: string;
}
