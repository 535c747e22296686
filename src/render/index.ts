/**
 * The renderer behind the public calls: check the input (every problem at
 * once), plan and prepare the assets (photo, seal, barcode, logo), lay out
 * the template, draw the PDF. Loaded on the first certificate, so importing
 * the library does not load pdfkit, fontkit or sharp.
 */
import { SuketError, type Issue } from '../errors.js';
import { VERSION } from '../version.js';
import { utcOffset } from '../time-zones.js';
import { needsPhoto, photoBoxPixels, planAssets } from './plan/plan.js';
import { checkPhotoHeader, photoBytes, preparePhoto, type PreparedPhoto } from './plan/photo.js';
import { IMAGE_LIMITS, prepareLogo } from './plan/image.js';
import { readLimitedFile } from '../io/files.js';
import { drawPage, pdfBytes } from './draw/draw.js';
import { layoutPage } from './layout/layout.js';
import { signingWindowIssue, type SealOptions } from '../seal/keys.js';
import { buildContext } from '../template/data.js';
import { loadTemplate, type LoadedTemplate, type Paper } from '../template/load.js';
import { validateCertificateInput, type ValidInput } from '../validate/index.js';
import { mergeIssuance, type Issuance } from '../validate/issuance.js';
import type { Resident } from '../validate/resident.js';
import type { GenerateOptions } from '../options.js';
import type { ReadySigner } from '../sign/index.js';

/** What a draft prints where the number will be. */
export const DRAFT_NUMBER = 'KONSEP';

/** CheckedCertificate input and the template it will be printed with. */
export interface CheckedCertificate {
  template: LoadedTemplate;
  paper: Paper;
  resident: Resident;
  issuance: Issuance;
  warnings: Issue[];
  pdfA: boolean;
  tagged: boolean;
  /** A draft: KONSEP across the page, no number, neither sealed nor signed. */
  draft: boolean;
  /** A specimen: SPESIMEN across the page, not signed. */
  specimen: boolean;
  /** What signs the PDF, read and checked. */
  signer?: ReadySigner | undefined;
}

/**
 * How the input is validated: by default the library's own rules with the
 * options' issuance; the register gives its own (the same rules, with its
 * number checks), and the input it validated so is not validated again.
 */
export type Validate = (resident: unknown) => ValidInput;

/** A certificate checked already (by the register before it took the number), with the number it got. */
export interface AlreadyChecked {
  valid: ValidInput;
  signer?: ReadySigner | undefined;
}

/** Everything is checked here, before any work, and every problem reported at once; `given`: the input was checked before, and is not again. */
export async function check(
  residentInput: unknown,
  options: GenerateOptions,
  how: { validate?: Validate; given?: AlreadyChecked } = {},
): Promise<CheckedCertificate> {
  const template = await loadTemplate(options.template ?? undefined, options.templateDir);
  const extra: Issue[] = [];
  const paper = options.paper === undefined ? template.papers[0]! : template.papers.find((p) => p.name === options.paper);
  if (!paper) extra.push({ path: 'paper', code: 'not_allowed', message: `must be one of: ${template.papers.map((p) => p.name).join(', ')}` });
  const hasPhoto = Boolean(residentInput) && typeof residentInput === 'object' && (residentInput as { photo?: unknown }).photo !== undefined;
  if (needsPhoto(template) && !hasPhoto) extra.push({ path: 'photo', code: 'required', message: 'is required by the template' });
  const valid = how.given?.valid ?? validated(residentInput, options, extra, how.validate);
  if (extra.length || !paper) throw new SuketError('INVALID_INPUT', extra);
  const signer = how.given ? how.given.signer : await keysChecked(options, valid.issuance.issuedAt);
  return {
    template,
    paper,
    ...valid,
    pdfA: options.pdfA !== false,
    tagged: options.tagged !== false,
    draft: options.draft === true,
    specimen: options.specimen === true,
    signer,
  };
}

/** The input validated, its problems with the template's (`extra`) at once. */
function validated(residentInput: unknown, options: GenerateOptions, extra: Issue[], validate?: Validate): ValidInput {
  try {
    if (validate) return validate(residentInput);
    // A draft has no number yet: it gets one from the register once approved.
    const issuance = options.draft ? mergeIssuance(options.issuance, { number: DRAFT_NUMBER }) : (options.issuance ?? {});
    return validateCertificateInput(residentInput, issuance, options.now !== undefined ? { now: options.now } : {});
  } catch (e) {
    if (e instanceof SuketError && e.code === 'INVALID_INPUT') throw new SuketError('INVALID_INPUT', [...e.issues, ...extra], { cause: e });
    throw e;
  }
}

/** The seal key's window on the issue day and the PDF signer, read once: a key past its window would print "sealed" on a paper every verifier refuses. */
async function keysChecked(options: GenerateOptions, issuedAt: string): Promise<ReadySigner | undefined> {
  const outside = options.seal && typeof options.seal === 'object' && !options.draft ? signingWindowIssue(options.seal, issuedAt) : undefined;
  if (outside) throw new SuketError('INVALID_KEY', [outside]);
  return options.sign && !options.draft && !options.specimen
    ? (await import('../sign/index.js')).prepareSigner(options.sign, options.sign.time ?? new Date())
    : undefined;
}

/** A certificate's input with its files read and checked: what is printed is what was checked. */
export interface Preflighted {
  /** The resident with the photo's checked bytes in place of its path. */
  resident: unknown;
  /** The input as validated (the photo as those bytes) and the PDF signer: what the register numbers and prints. */
  checked: AlreadyChecked;
  /** The office logo's checked bytes, when there is a logo. */
  logo?: Uint8Array;
  /** The photo prepared for the page, when asked for: printed as it is, so the work is not done twice. */
  photo?: PreparedPhoto;
}

/**
 * Everything that can fail before a certificate has its number, so a
 * register spends none on it: the checks of `check` (template, paper,
 * resident, issuance, the seal key's window, the PDF signer), the photo read
 * and its header checked (`checkPhotoHeader`), or with `preparePhoto` the
 * photo prepared for the page whole (every pixel decoded: for a certificate
 * rendered in this thread, which then prints it), and the office logo read
 * and decoded. The photo and logo come back as the bytes that were checked,
 * to be printed from. Give the issuance a placeholder number or sequence.
 * @throws SuketError as `issueCertificate` does for its input, files and keys.
 * @example const ready = await preflight(resident, { ...options, issuance: { ...office, sequence: 1 } }, { preparePhoto: true });
 */
export async function preflight(
  residentInput: unknown,
  options: GenerateOptions,
  how: { preparePhoto?: boolean; validate?: Validate } = {},
): Promise<Preflighted> {
  const c = await check(residentInput, options, how.validate ? { validate: how.validate } : {});
  const box = photoBoxPixels(c.template);
  const bytes = box && c.resident.photo !== undefined ? await photoBytes(c.resident.photo) : undefined;
  const photo = bytes && box && how.preparePhoto ? await preparePhoto(bytes, box.width, box.height) : undefined;
  if (bytes && !photo) await checkPhotoHeader(bytes);
  const logo = c.issuance.office.logo;
  const logoBytes = typeof logo === 'string' ? await readLimitedFile(logo, { maxBytes: IMAGE_LIMITS.maxBytes, path: 'issuance.office.logo' }) : logo;
  await prepareLogo(logoBytes);
  return {
    resident: bytes ? { ...(residentInput as Record<string, unknown>), photo: bytes } : residentInput,
    checked: {
      valid: { resident: bytes ? { ...c.resident, photo: bytes } : c.resident, issuance: withLogo(c.issuance, logoBytes), warnings: c.warnings },
      signer: c.signer,
    },
    ...(logoBytes ? { logo: logoBytes } : {}),
    ...(photo ? { photo } : {}),
  };
}

const withLogo = (issuance: Issuance, logo: Uint8Array | undefined): Issuance => (logo ? { ...issuance, office: { ...issuance.office, logo } } : issuance);

export interface Rendered {
  pdf: Uint8Array;
  barcodeText: string;
  warnings: Issue[];
}

/** Prepares the assets and draws; the photo and seal are prepared while the rest is laid out and drawn. */
export async function render(c: CheckedCertificate, seal: SealOptions | undefined, sign?: GenerateOptions['sign'], photo?: PreparedPhoto): Promise<Rendered> {
  const { template, resident, issuance } = c;
  const data = buildContext(resident, issuance);
  const assets = await planAssets(template, resident, issuance, data, c.draft ? undefined : seal, c.draft, photo);
  if (c.signer) assets.layout.signed = true;
  if (c.specimen) assets.layout.specimen = true;
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
      pdfA: c.pdfA,
      tagged: c.tagged,
    },
    assets.late,
  );
  const [drawn, barcodeText, warnings] = await Promise.all([pdfBytes(doc), assets.barcodeText, assets.warnings]);
  const mark = page.signatureMark;
  // The field on the template's visible mark, in PDF coordinates (from the bottom-left).
  const rect = mark ? ([mark.x, page.height - mark.y - mark.h, mark.x + mark.w, page.height - mark.y] as const) : undefined;
  const pdf = c.signer && sign ? await (await import('../sign/index.js')).signPdf(drawn, sign, c.signer, rect) : drawn;
  return { pdf, barcodeText, warnings };
}
