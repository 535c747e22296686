/** What the office adds: number, dates, office and signatory. */
import { z } from 'zod';
import { civilDate, fromZod, NAME_MESSAGE, NAME_PATTERN, report, text } from './fields.js';
import { nipProblems } from './nik.js';
import { addMonths, civilDateIn, parts, romanMonth, TIME_ZONES, type CivilDate, type TimeZone } from '../dates.js';
import { SuketError, type Issue } from '../errors.js';

export interface OfficeInput {
  /** First letterhead line, e.g. PEMERINTAH KOTA CIREBON */
  government: string;
  name: string;
  address: string;
  contact?: string;
  /** 2-digit province or 4-digit regency/city code of the office. */
  regionCode: string;
  /** Logo image: bytes, or a path the CLI reads. */
  logo?: Uint8Array | string;
}

export interface SignatoryInput {
  title: string;
  /** e.g. 'a.n. WALI KOTA CIREBON' */
  onBehalf?: string;
  name: string;
  nip: string;
}

export interface IssuanceInput {
  /** The certificate number as printed; or give `numbering` and `sequence`. */
  number?: string;
  /** e.g. '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}' */
  numbering?: string;
  sequence?: number;
  /** The office's local day ('YYYY-MM-DD') or an instant; default: now. */
  issuedAt?: string | Date;
  place: string;
  /** Asia/Jakarta (WIB, default), Asia/Makassar (WITA), Asia/Jayapura (WIT); the abbreviations work too. */
  timeZone?: string;
  validUntil?: string;
  /** Months from issue when validUntil is not given; default 6. */
  validMonths?: number;
  office: OfficeInput;
  signatory: SignatoryInput;
}

export interface Issuance {
  number: string;
  issuedAt: CivilDate;
  place: string;
  timeZone: TimeZone;
  validUntil: CivilDate;
  /** Normalised: trimmed, spaces collapsed, NFC. */
  office: OfficeInput;
  signatory: SignatoryInput;
}

const NUMBER_TOKEN = /\{(seq(?::(\d{1,2}))?|year|month|monthRoman|day|regionCode)\}/g;

/** Why a numbering pattern cannot work (empty when it can). */
export function numberingProblems(pattern: string): string[] {
  const problems: string[] = [];
  const leftover = pattern.replace(NUMBER_TOKEN, '');
  if (/[{}]/.test(leftover)) problems.push('has an unknown {token}; known: {seq}, {seq:N}, {year}, {month}, {monthRoman}, {day}, {regionCode}');
  if (!/\{seq(:\d{1,2})?\}/.test(pattern)) problems.push('must contain {seq} or {seq:N}, or every certificate gets the same number');
  return problems;
}

/** Expands a numbering pattern: `{seq:4}` pads the sequence to 4 digits. */
export function formatNumber(pattern: string, v: { sequence: number; issuedAt: CivilDate; regionCode: string }): string {
  const { year, month, day } = parts(v.issuedAt);
  return pattern.replace(NUMBER_TOKEN, (_m, token: string, width?: string) => {
    if (token.startsWith('seq')) return String(v.sequence).padStart(width ? Number(width) : 0, '0');
    if (token === 'year') return String(year);
    if (token === 'month') return String(month).padStart(2, '0');
    if (token === 'monthRoman') return romanMonth(month);
    if (token === 'day') return String(day).padStart(2, '0');
    return v.regionCode;
  });
}

const ZONE_ALIASES: Record<string, TimeZone> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

const timeZone = z.string().transform((raw, ctx): TimeZone => {
  const s = raw.trim();
  const hit = s in TIME_ZONES ? (s as TimeZone) : ZONE_ALIASES[s.toUpperCase()];
  if (!hit) {
    report(ctx, 'not_allowed', 'must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)');
    return z.NEVER;
  }
  return hit;
});

const nip = z.string().transform((raw, ctx) => {
  const s = raw.trim().replace(/\s+/g, '');
  const problems = s.length <= 40 ? nipProblems(s) : [{ code: 'nip_format' as const, message: 'must be exactly 18 digits' }];
  for (const p of problems) report(ctx, p.code, p.message);
  return problems.length ? z.NEVER : s;
});

const issuanceSchema = z
  .object({
    number: text({ max: 80, pattern: /^[\p{L}\p{N} ./\-_:()]+$/u, patternMessage: 'may hold only letters, digits, spaces and . / - _ : ( )' }).optional(),
    numbering: z.string().max(200).optional(),
    sequence: z.number().int().min(1).max(999_999_999).optional(),
    issuedAt: z.union([civilDate, z.date()]).optional(),
    place: text({ max: 60 }),
    timeZone: timeZone.optional(),
    validUntil: civilDate.optional(),
    validMonths: z.number().int().min(1).max(120).optional(),
    office: z
      .object({
        government: text({ max: 120 }),
        name: text({ max: 120 }),
        address: text({ max: 200 }),
        contact: text({ max: 120 }).optional(),
        regionCode: z.string().regex(/^\d{2}(\d{2})?$/, 'must be 2 or 4 digits'),
        logo: z.union([z.instanceof(Uint8Array), z.string().min(1).max(4096)]).optional(),
      })
      .strict(),
    signatory: z
      .object({
        title: text({ max: 200 }),
        onBehalf: text({ max: 120 }).optional(),
        name: text({ max: 100, pattern: NAME_PATTERN, patternMessage: NAME_MESSAGE }),
        nip,
      })
      .strict(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.number !== undefined && v.numbering !== undefined) report(ctx, 'conflict', 'give number or numbering, not both', ['numbering']);
    if (v.number === undefined && v.numbering === undefined) report(ctx, 'required', 'is required (or give numbering and sequence)', ['number']);
    if (v.numbering !== undefined) {
      for (const p of numberingProblems(v.numbering)) report(ctx, 'numbering', p, ['numbering']);
      if (v.sequence === undefined) report(ctx, 'required', 'is required with numbering', ['sequence']);
    }
    if (v.validUntil !== undefined && v.validMonths !== undefined) report(ctx, 'conflict', 'give validUntil or validMonths, not both', ['validMonths']);
  });

export interface IssuanceContext {
  /** The clock for a default issuedAt; tests and batch runs pin it. */
  now?: Date;
}

export function checkIssuance(input: unknown, prefix: PropertyKey[] = [], context: IssuanceContext = {}): { value?: Issuance; issues: Issue[] } {
  const parsed = issuanceSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { issues: fromZod(parsed.error.issues, prefix) };
  const v = parsed.data;
  const zone = v.timeZone ?? 'Asia/Jakarta';
  const issuedAt = typeof v.issuedAt === 'string' ? v.issuedAt : civilDateIn(v.issuedAt ?? context.now ?? new Date(), zone);
  const validUntil = v.validUntil ?? addMonths(issuedAt, v.validMonths ?? 6);
  if (validUntil <= issuedAt) {
    return { issues: [{ path: [...prefix, 'validUntil'].join('.'), code: 'conflict', message: 'must be after issuedAt' }] };
  }
  const number = v.number ?? formatNumber(v.numbering!, { sequence: v.sequence!, issuedAt, regionCode: v.office.regionCode });
  const office: Issuance['office'] = { ...v.office };
  for (const k of ['contact', 'logo'] as const) if (office[k] === undefined) delete office[k];
  const signatory: Issuance['signatory'] = { ...v.signatory };
  if (signatory.onBehalf === undefined) delete signatory.onBehalf;
  return { value: { number, issuedAt, place: v.place, timeZone: zone, validUntil, office, signatory }, issues: [] };
}

/** Checks and normalises an issuance; throws one SuketError listing every problem. */
export function validateIssuance(input: unknown, context: IssuanceContext = {}): Issuance {
  const { value, issues } = checkIssuance(input, [], context);
  if (!value) throw new SuketError('INVALID_INPUT', issues);
  return value;
}
