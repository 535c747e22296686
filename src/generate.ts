/**
 * The public calls. Work flows one way (render/index.ts): input checked, assets
 * prepared, template laid out, PDF drawn; nothing is drawn from unchecked
 * input. The renderer is loaded with the first certificate.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { VERSION } from './version.js';
import { renderQueue } from './queue.js';
import type { PreparedPhoto } from './render/plan/photo.js';
import type { AlreadyChecked } from './render/index.js';
import { mergeIssuance, type IssuanceOverrides } from './validate/issuance.js';
import type { Issue } from './errors.js';
import type { ResidentInput } from './validate/resident.js';

export { VERSION };
export type { IssuanceOverrides };
export type { GenerateOptions, IssuedCertificate } from './options.js';
import type { GenerateOptions, IssuedCertificate } from './options.js';

/**
 * Renders one certificate and returns it with what a host archives: number,
 * barcode text, SHA-256, warnings, and the input as printed.
 * @throws SuketError INVALID_INPUT (every problem of resident and issuance at once), INVALID_PHOTO,
 *   INVALID_TEMPLATE, INVALID_KEY, RENDER_FAILED (text that does not fit), IO_FAILED (a file that cannot be read).
 * @example
 * const issued = await issueCertificate({ ...resident, photo }, { issuance, seal: { privateKey } });
 * console.log(issued.number, issued.sha256);
 */
export function issueCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<IssuedCertificate>;
/** Any value: checked as the typed form is, every problem reported (a host's JSON, a form's fields). */
export function issueCertificate(resident: unknown, options?: GenerateOptions): Promise<IssuedCertificate>;
export function issueCertificate(resident: unknown, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  return issuePrepared(resident, options);
}

/**
 * `issueCertificate` with the photo prepared already (the register prepares it
 * before it gives the number, and the certificate prints that preparation),
 * and with `given` the input the register validated and numbered, not validated again.
 * @internal
 */
export async function issuePrepared(resident: unknown, options: GenerateOptions, photo?: PreparedPhoto, given?: AlreadyChecked): Promise<IssuedCertificate> {
  const { check, render } = await import('./render/index.js');
  const c = await check(resident, options, given ? { given } : {});
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
export function generateCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<Uint8Array>;
/** Any value: checked as the typed form is, every problem reported. */
export function generateCertificate(resident: unknown, options?: GenerateOptions): Promise<Uint8Array>;
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
export function streamCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<StreamedCertificate>;
/** Any value: checked as the typed form is, every problem reported. */
export function streamCertificate(resident: unknown, options?: GenerateOptions): Promise<StreamedCertificate>;
export async function streamCertificate(resident: unknown, options: GenerateOptions = {}): Promise<StreamedCertificate> {
  const issued = await issueCertificate(resident, options);
  return { stream: Readable.from([Buffer.from(issued.pdf)]), number: issued.number, barcodeText: issued.barcodeText, warnings: issued.warnings };
}

/** A certificate as a stream, with what a host records of it. */
export interface StreamedCertificate {
  stream: Readable;
  number: string;
  barcodeText: string;
  warnings: Issue[];
}

/** The public calls with an office's defaults (`createGenerator`); each takes the typed resident or any value. */
export interface Generator {
  generateCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<Uint8Array>;
  generateCertificate(resident: unknown, options?: GenerateOptions): Promise<Uint8Array>;
  issueCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<IssuedCertificate>;
  issueCertificate(resident: unknown, options?: GenerateOptions): Promise<IssuedCertificate>;
  streamCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<StreamedCertificate>;
  streamCertificate(resident: unknown, options?: GenerateOptions): Promise<StreamedCertificate>;
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
