/**
 * The public calls: check the input, plan and prepare the assets (photo,
 * seal, barcode, logo), lay out the template, draw the PDF. Work flows one
 * way; nothing is drawn from unchecked input.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SuketError, type Issue } from './errors.js';
import { VERSION } from './version.js';
import { utcOffset } from './time-zones.js';
import { renderQueue } from './queue.js';
import { needsPhoto, planAssets } from './assets/plan.js';
import { drawPage, pdfBytes } from './draw.js';
import { layoutPage } from './layout.js';
import { signingWindowIssue, type SealOptions } from './seal/keys.js';
import { buildContext } from './template/data.js';
import { loadTemplate, type LoadedTemplate, type Paper } from './template/load.js';
import type { PaperName } from './template/schema.js';
import { validateCertificateInput } from './validate/index.js';
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
  /** Legal but doubtful input (NIK disagreeing with birth date or sex, a small photo, ...). */
  warnings: Issue[];
  resident: Resident;
  issuance: Issuance;
  template: string;
  paper: string;
}

/** Checked input and the template it will be printed with. */
interface Checked {
  template: LoadedTemplate;
  paper: Paper;
  resident: Resident;
  issuance: Issuance;
  warnings: Issue[];
}

/** Everything is checked here, before any work, and every problem reported at once. */
async function check(residentInput: unknown, options: GenerateOptions): Promise<Checked> {
  const template = await loadTemplate(options.template ?? undefined, options.templateDir);
  const extra: Issue[] = [];
  const paper = options.paper === undefined ? template.papers[0]! : template.papers.find((p) => p.name === options.paper);
  if (!paper) extra.push({ path: 'paper', code: 'not_allowed', message: `must be one of: ${template.papers.map((p) => p.name).join(', ')}` });
  const hasPhoto = Boolean(residentInput) && typeof residentInput === 'object' && (residentInput as { photo?: unknown }).photo !== undefined;
  if (needsPhoto(template) && !hasPhoto) extra.push({ path: 'photo', code: 'required', message: 'is required by the template' });
  let valid: ReturnType<typeof validateCertificateInput>;
  try {
    valid = validateCertificateInput(residentInput, options.issuance ?? {}, options.now !== undefined ? { now: options.now } : {});
  } catch (e) {
    if (e instanceof SuketError) throw new SuketError('INVALID_INPUT', [...e.issues, ...extra], { cause: e });
    throw e;
  }
  if (extra.length || !paper) throw new SuketError('INVALID_INPUT', extra);
  // A key past its window would print "sealed" on a paper every verifier refuses.
  const outside = options.seal && typeof options.seal === 'object' ? signingWindowIssue(options.seal, valid.issuance.issuedAt) : undefined;
  if (outside) throw new SuketError('INVALID_KEY', [outside]);
  return { template, paper, ...valid };
}

interface Rendered {
  pdf: Uint8Array;
  barcodeText: string;
  warnings: Issue[];
}

/** Prepares the assets and draws; the photo and seal are prepared while the rest is laid out and drawn. */
async function render(c: Checked, seal: SealOptions | undefined): Promise<Rendered> {
  const { template, resident, issuance } = c;
  const data = buildContext(resident, issuance);
  const assets = await planAssets(template, resident, issuance, data, seal);
  const page = layoutPage(template, c.paper, data, assets.layout);
  const meta = template.definition.metadata;
  const doc = drawPage(
    page,
    template.fonts,
    {
      title: meta?.title ?? template.definition.name,
      subject: meta?.subject,
      author: meta?.author ?? issuance.office.name,
      // Midnight of the issue day in the office's zone: fixed for the same input.
      date: new Date(`${issuance.issuedAt}T00:00:00${utcOffset(issuance.timeZone)}`),
      producer: `suket ${VERSION}`,
    },
    assets.late,
  );
  const [pdf, barcodeText, warnings] = await Promise.all([pdfBytes(doc), assets.barcodeText, assets.warnings]);
  return { pdf, barcodeText, warnings };
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
export async function issueCertificate(resident: unknown, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  const c = await check(resident, options);
  const r = await renderQueue.run(() => render(c, options.seal));
  return {
    pdf: r.pdf,
    sha256: createHash('sha256').update(r.pdf).digest('hex'),
    number: c.issuance.number,
    barcodeText: r.barcodeText,
    sealed: Boolean(options.seal),
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
