/**
 * The public call: check the input, prepare the assets (photo, seal,
 * barcode, logo), lay out the template, draw the PDF. Work flows one way;
 * nothing is drawn from unchecked input.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { SuketError, type Issue } from './errors.js';
import { VERSION } from './version.js';
import { encodeQr, qrSize, type EcLevel } from './assets/qr.js';
import { preparePhoto } from './assets/photo.js';
import { drawPage, pdfBytes } from './draw.js';
import { layoutPage, type LayoutAssets } from './layout.js';
import { createSeal, SEAL_V13Q_CHARS, sealLength } from './seal/seal.js';
import type { SealFields } from './seal/cose.js';
import type { SealOptions } from './seal/keys.js';
import { buildContext } from './template/context.js';
import { loadTemplate, normaliseImage, type LoadedTemplate, type Paper } from './template/load.js';
import { renderText } from './template/placeholders.js';
import { validateCertificateInput } from './validate/index.js';
import type { Issuance, IssuanceInput, OfficeInput, SignatoryInput } from './validate/issuance.js';
import type { Resident, ResidentInput } from './validate/resident.js';

export { VERSION };

/** Issuance fields a call may give on top of a generator's defaults. */
export type IssuanceOverrides = Partial<Omit<IssuanceInput, 'office' | 'signatory'>> & {
  office?: Partial<OfficeInput>;
  signatory?: Partial<SignatoryInput>;
};

export interface GenerateOptions {
  /** What the office adds: number, dates, office, signatory. */
  issuance?: IssuanceOverrides;
  /** A built-in name (default 'suket-ktp-el'), a folder path, or a template object. */
  template?: string | object;
  /** Where an object template's files are. */
  templateDir?: string;
  /** 'F4' or 'A4' where the template offers both; default: the template's first. */
  paper?: string;
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
  /** Legal but doubtful input (NIK disagreeing with birth date or sex, ...). */
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

function mergeIssuance(base: IssuanceOverrides | undefined, over: IssuanceOverrides | undefined): IssuanceOverrides {
  if (!base) return over ?? {};
  if (!over) return base;
  const merged: IssuanceOverrides = { ...base, ...over };
  if (base.office || over.office) merged.office = { ...base.office, ...over.office };
  if (base.signatory || over.signatory) merged.signatory = { ...base.signatory, ...over.signatory };
  // A call's own number replaces the generator's numbering pattern, and vice versa.
  if (over.number !== undefined && over.numbering === undefined) delete merged.numbering;
  if (over.numbering !== undefined && over.number === undefined) delete merged.number;
  if (over.validUntil !== undefined && over.validMonths === undefined) delete merged.validMonths;
  return merged;
}

async function readBytes(source: Uint8Array | string, path: string): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  try {
    return new Uint8Array(await readFile(source));
  } catch {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: 'cannot be read from the given path' }]);
  }
}

const logoCache = new Map<string, Uint8Array>();

async function prepareLogo(source: Uint8Array | string | undefined): Promise<Uint8Array | undefined> {
  if (source === undefined) return undefined;
  const bytes = await readBytes(source, 'issuance.office.logo');
  const key = createHash('sha256').update(bytes).digest('hex');
  const hit = logoCache.get(key);
  if (hit) return hit;
  const png = await normaliseImage(bytes);
  if (!png) throw new SuketError('INVALID_PHOTO', [{ path: 'issuance.office.logo', code: 'photo_format', message: 'must be a PNG or JPEG image' }]);
  if (logoCache.size > 32) logoCache.clear();
  logoCache.set(key, png);
  return png;
}

/** Everything is checked here, before any work: input, paper, photo presence. */
async function check(residentInput: ResidentInput, options: GenerateOptions): Promise<Checked> {
  const template = await loadTemplate(options.template ?? undefined, options.templateDir);
  const extra: Issue[] = [];
  const paper = options.paper === undefined ? template.papers[0]! : template.papers.find((p) => p.name === options.paper);
  if (!paper) extra.push({ path: 'paper', code: 'not_allowed', message: `must be one of: ${template.papers.map((p) => p.name).join(', ')}` });
  const hasPhoto = residentInput && typeof residentInput === 'object' && (residentInput as { photo?: unknown }).photo !== undefined;
  if (photoBoxOf(template) && !hasPhoto) extra.push({ path: 'photo', code: 'required', message: 'is required by the template' });
  let valid;
  try {
    valid = validateCertificateInput(residentInput, options.issuance ?? {}, options.now ? { now: options.now } : {});
  } catch (e) {
    if (e instanceof SuketError) throw new SuketError('INVALID_INPUT', [...e.issues, ...extra]);
    throw e;
  }
  if (extra.length || !paper) throw new SuketError('INVALID_INPUT', extra);
  return { template, paper, ...valid };
}

const photoBoxOf = (t: LoadedTemplate) => t.definition.elements.find((e) => e.type === 'photo');
const barcodeOf = (t: LoadedTemplate) => t.definition.elements.find((e) => e.type === 'barcode');

/** 300 dpi pixels of a length in mm. */
const px = (mmValue: number) => Math.round((mmValue / 25.4) * 300);

const offsetOf = (zone: Issuance['timeZone']) => ({ 'Asia/Jakarta': '+07:00', 'Asia/Makassar': '+08:00', 'Asia/Jayapura': '+09:00' })[zone];

interface Rendered {
  doc: PDFKit.PDFDocument;
  /** Resolves with the barcode text once the photo and seal are done. */
  barcodeText: Promise<string>;
}

/**
 * Prepares the assets and draws. The photo (sharp, off the main thread) and
 * then the seal and QR code are prepared while the page is laid out and
 * everything else is drawn; the seal's length, and so the QR code's size, is
 * known beforehand, since a signature is always 64 bytes.
 */
async function render(c: Checked, options: GenerateOptions): Promise<Rendered> {
  const { template, resident, issuance } = c;
  const photoBox = photoBoxOf(template);
  const photo =
    photoBox && resident.photo !== undefined
      ? readBytes(resident.photo, 'photo').then((b) => preparePhoto(b, px(photoBox.w), px(photoBox.h)))
      : undefined;
  // Until someone awaits it below, a failure must not count as unhandled.
  photo?.catch(() => {});
  const logo = await prepareLogo(issuance.office.logo);
  const data = buildContext(resident, issuance);

  const barcodeEl = barcodeOf(template);
  const ec = (barcodeEl?.ecLevel ?? 'Q') as EcLevel;
  let barcode: LayoutAssets['barcode'];
  let barcodeText: Promise<string>;
  if (!barcodeEl) barcodeText = Promise.resolve('');
  else if (options.seal) {
    const seal = options.seal;
    const fields: Omit<SealFields, 'version'> = {
      number: issuance.number,
      nik: resident.nik,
      name: resident.name,
      birthPlace: resident.birthPlace,
      birthDate: resident.birthDate,
      sex: resident.sex,
      officeCode: issuance.office.regionCode,
      issuedAt: issuance.issuedAt,
      validUntil: issuance.validUntil,
    };
    // The photo hash (key 11, optional in v1) goes in only while the seal
    // still fits QR version 13-Q, so long names keep the code the size
    // seal.md plans for.
    const lengthWithHash = sealLength({ ...fields, photoHash: '00'.repeat(16) }, seal);
    const withHash = photo !== undefined && lengthWithHash <= SEAL_V13Q_CHARS;
    const length = withHash ? lengthWithHash : sealLength(fields, seal);
    barcode = { size: sealQrSize(length, ec), sealed: true };
    barcodeText = (withHash ? photo!.then((p) => ({ ...fields, photoHash: p.hash })) : Promise.resolve(fields)).then((f) => createSeal(f, seal));
  } else {
    const text = renderText(template.texts.get(barcodeEl.text ?? '{{issuance.number}}')!, data);
    barcode = { size: qrSizeOrFail(text, ec), sealed: false };
    barcodeText = Promise.resolve(text);
  }
  barcodeText.catch(() => {});

  const page = layoutPage(template, c.paper, data, { photo: photo !== undefined, ...(barcode ? { barcode } : {}), ...(logo ? { logo } : {}) });
  const meta = template.definition.metadata;
  const late = Promise.all([photo, barcodeText]).then(([p, text]) => ({
    ...(p ? { photo: p.jpeg } : {}),
    ...(barcodeEl ? { qr: encodeQr(text, ec) } : {}),
  }));
  const doc = drawPage(
    page,
    template.fonts,
    {
      title: meta?.title ?? template.definition.name,
      subject: meta?.subject,
      author: meta?.author ?? issuance.office.name,
      // Midnight of the issue day in the office's zone: fixed for the same input.
      date: new Date(`${issuance.issuedAt}T00:00:00${offsetOf(issuance.timeZone)}`),
      producer: `suket ${VERSION}`,
    },
    late,
  );
  return { doc, barcodeText };
}

const sealQrSize = (length: number, ec: EcLevel) => qrSizeOrFail('A'.repeat(length), ec);

function qrSizeOrFail(text: string, ec: EcLevel): number {
  try {
    return qrSize(text, ec);
  } catch {
    throw new SuketError('RENDER_FAILED', [{ path: 'seal', code: 'seal_size', message: 'the barcode text does not fit in a QR code' }]);
  }
}

/** Renders one certificate and returns it with what a host archives. */
export async function issueCertificate(resident: ResidentInput, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  const c = await check(resident, options);
  const r = await render(c, options);
  const [pdf, barcodeText] = await Promise.all([pdfBytes(r.doc), r.barcodeText]);
  return {
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    number: c.issuance.number,
    barcodeText,
    sealed: Boolean(options.seal),
    warnings: c.warnings,
    resident: c.resident,
    issuance: c.issuance,
    template: c.template.definition.name,
    paper: c.paper.name,
  };
}

/** Renders one certificate: the PDF bytes. */
export async function generateCertificate(resident: ResidentInput, options: GenerateOptions = {}): Promise<Uint8Array> {
  return (await issueCertificate(resident, options)).pdf;
}

/**
 * Checks and prepares everything first (so errors come before any byte),
 * then returns the PDF as a stream, e.g. to pipe into an HTTP response.
 */
export async function streamCertificate(
  resident: ResidentInput,
  options: GenerateOptions = {},
): Promise<{ stream: Readable; number: string; barcodeText: string; warnings: Issue[] }> {
  const c = await check(resident, options);
  const r = await render(c, options);
  // The document is held back until the photo and the seal are done, so a
  // failure there is an error here and never a broken stream.
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    r.doc.on('data', (ch: Buffer) => chunks.push(ch));
    r.doc.on('end', resolve);
    r.doc.on('error', reject);
  });
  const barcodeText = await r.barcodeText;
  await done;
  return { stream: Readable.from(chunks), number: c.issuance.number, barcodeText, warnings: c.warnings };
}

export interface Generator {
  generateCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<Uint8Array>;
  issueCertificate(resident: ResidentInput, options?: GenerateOptions): Promise<IssuedCertificate>;
  streamCertificate(resident: ResidentInput, options?: GenerateOptions): ReturnType<typeof streamCertificate>;
}

/** Configure once (office, signatory, seal, template), print all day. */
export function createGenerator(defaults: GenerateOptions): Generator {
  const merge = (o: GenerateOptions = {}): GenerateOptions => ({ ...defaults, ...o, issuance: mergeIssuance(defaults.issuance, o.issuance) });
  return {
    generateCertificate: (r, o) => generateCertificate(r, merge(o)),
    issueCertificate: (r, o) => issueCertificate(r, merge(o)),
    streamCertificate: (r, o) => streamCertificate(r, merge(o)),
  };
}
