/**
 * The public calls. Work flows one way (render/index.ts): input checked, assets
 * prepared, template laid out, PDF drawn; nothing is drawn from unchecked
 * input. The renderer is loaded with the first certificate.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Issue } from './errors.js';
import { VERSION } from './version.js';
import { renderQueue } from './queue.js';
import type { SealOptions } from './seal/keys.js';
import type { PreparedPhoto } from './render/plan/photo.js';
import type { PdfSignOptions } from './sign/index.js';
import type { PaperName } from './template/schema.js';
import { mergeIssuance, type Issuance, type IssuanceOverrides } from './validate/issuance.js';
import type { Resident } from './validate/resident.js';

export { VERSION };
export type { IssuanceOverrides };

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

/**
 * Renders one certificate and returns it with what a host archives: number,
 * barcode text, SHA-256, warnings, and the input as printed.
 * @throws SuketError INVALID_INPUT (every problem of resident and issuance at once), INVALID_PHOTO,
 *   INVALID_TEMPLATE, INVALID_KEY, RENDER_FAILED (text that does not fit), IO_FAILED (a file that cannot be read).
 * @example
 * const issued = await issueCertificate({ ...resident, photo }, { issuance, seal: { privateKey } });
 * console.log(issued.number, issued.sha256);
 */
export function issueCertificate(resident: unknown, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  return issuePrepared(resident, options);
}

/**
 * `issueCertificate` with the photo prepared already (the register prepares it
 * before it gives the number, and the certificate prints that preparation).
 * @internal
 */
export async function issuePrepared(resident: unknown, options: GenerateOptions, photo?: PreparedPhoto): Promise<IssuedCertificate> {
  const { check, render } = await import('./render/index.js');
  const c = await check(resident, options);
  const r = await renderQueue.run(() => render(c, options.seal, options.sign, photo));
  return {
    pdf: r.pdf,
    sha256: createHash('sha256').update(r.pdf).digest('hex'),
    number: c.issuance.number,
    barcodeText: r.barcodeText,
    sealed: Boolean(options.seal) && !c.draft,
    draft: c.draft,
    warnings: [...c.warnings, ...r.warnings],
    resident: c.resident,
    issuance: c.issuance,
    template: c.template.definition.name,
    paper: c.paper.name,
  };
}

/**
 * Renders one certificate: the PDF bytes (about 35 KB).
 * @throws SuketError as `issueCertificate` does.
 * @example
 * const pdf = await generateCertificate({ ...resident, photo: readFileSync('foto.jpg') }, { issuance });
 */
export async function generateCertificate(resident: unknown, options: GenerateOptions = {}): Promise<Uint8Array> {
  return (await issueCertificate(resident, options)).pdf;
}

/**
 * The PDF as a stream, e.g. to pipe into an HTTP response. It is rendered
 * whole first (about 35 KB) and then streamed from memory, so a failure is
 * an error from this call and never a broken download.
 * @throws SuketError as `issueCertificate` does.
 * @example
 * const { stream } = await streamCertificate(resident, { issuance });
 * stream.pipe(response);
 */
export async function streamCertificate(
  resident: unknown,
  options: GenerateOptions = {},
): Promise<{ stream: Readable; number: string; barcodeText: string; warnings: Issue[] }> {
  const issued = await issueCertificate(resident, options);
  return { stream: Readable.from([Buffer.from(issued.pdf)]), number: issued.number, barcodeText: issued.barcodeText, warnings: issued.warnings };
}

export interface Generator {
  generateCertificate(resident: unknown, options?: GenerateOptions): Promise<Uint8Array>;
  issueCertificate(resident: unknown, options?: GenerateOptions): Promise<IssuedCertificate>;
  streamCertificate(resident: unknown, options?: GenerateOptions): ReturnType<typeof streamCertificate>;
}

/**
 * Configure once (office, signatory, seal, template), print all day: each
 * call's options are merged over the defaults (a call's `number` replaces
 * the default numbering pattern).
 * @example
 * const office = createGenerator({ issuance: { office, signatory, place, numbering }, seal, template: 'suket-ktp-el' });
 * const pdf = await office.generateCertificate(resident, { issuance: { sequence: 42 } });
 */
export function createGenerator(defaults: GenerateOptions): Generator {
  const merge = (o: GenerateOptions = {}): GenerateOptions => ({ ...defaults, ...o, issuance: mergeIssuance(defaults.issuance, o.issuance) });
  return {
    generateCertificate: (r, o) => generateCertificate(r, merge(o)),
    issueCertificate: (r, o) => issueCertificate(r, merge(o)),
    streamCertificate: (r, o) => streamCertificate(r, merge(o)),
  };
}
