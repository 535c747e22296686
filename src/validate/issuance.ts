/** What the office adds: number, dates, office and signatory. */
import { z } from 'zod';
import { civilDate, cleanText, fromZod, NAME_MESSAGE, NAME_PATTERN, report, text, wordingOf } from './fields.js';
import { nipProblems } from './nik.js';
import { addMonths, CIVIL_DATE, CIVIL_DATE_MESSAGE, civilDateIn, parseCivilDate, parts, romanMonth, type CivilDate } from '../dates.js';
import { DEFAULT_TIME_ZONE, resolveTimeZone, TIME_ZONE_MESSAGE, type TimeZone } from '../time-zones.js';
import { joinPath, SuketError, type Issue, type IssueCode } from '../errors.js';

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
  /**
   * The office's verifier page (https, no `#`): the QR then holds
   * `<verifyUrl>#SK1:...`, so a phone's camera opens the page, and the seal
   * stays in the URL fragment, which browsers never send.
   */
  verifyUrl?: string;
  office: OfficeInput;
  signatory: SignatoryInput;
}

export interface Issuance {
  number: string;
  issuedAt: CivilDate;
  place: string;
  timeZone: TimeZone;
  validUntil: CivilDate;
  verifyUrl?: string;
  /** Normalised: trimmed, spaces collapsed, NFC. */
  office: OfficeInput;
  signatory: SignatoryInput;
}

/** An https address a phone can open, that the seal can follow after `#` (printable ASCII only: it goes into the QR as bytes). */
/**
 * An https address written as a browser writes it (lower-case host, a `/`
 * after it) in characters RFC 3986 allows, without `#`: so the QR's link
 * is a valid URL that `new URL()` gives back unchanged (docs/seal-v1.md section 1).
 */
function isVerifyUrl(v: string): boolean {
  if (!/^https:\/\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+$/.test(v)) return false;
  try {
    return new URL(v).href === v;
  } catch {
    return false;
  }
}

const NUMBER_TOKEN = /\{(seq(?::(\d{1,2}))?|year|month|monthRoman|day|regionCode)\}/g;

/** Why a numbering pattern cannot work (empty when it can). */
function numberingProblems(pattern: string): string[] {
  const problems: string[] = [];
  const leftover = pattern.replace(NUMBER_TOKEN, '');
  if (/[{}]/.test(leftover)) problems.push('has an unknown {token}; known: {seq}, {seq:N}, {year}, {month}, {monthRoman}, {day}, {regionCode}');
  if (!/\{seq(:\d{1,2})?\}/.test(pattern)) problems.push('must contain {seq} or {seq:N}, or every certificate gets the same number');
  return problems;
}

/**
 * Expands a numbering pattern: `{seq:4}` pads the sequence to 4 digits.
 * The result is not yet checked: `checkNumber` does that, for a pattern's
 * number and a given one alike.
 *
 * @example formatNumber('471.13/{seq:4}/{monthRoman}/{year}', { sequence: 7, issuedAt: '2026-11-30', regionCode: '3274' })
 *   // '471.13/0007/XI/2026'
 */
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

/** What each token may read as in a number written by hand (the pattern's own forms, and unpadded ones). */
const TOKEN_READS: Record<string, string> = {
  year: '(\\d{4})',
  month: '(\\d{1,2})',
  monthRoman: '(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)',
  day: '(\\d{1,2})',
  regionCode: '(\\d{2}|\\d{4})',
};

/** A number read back against its pattern: the sequence, and the number as the pattern writes it. */
export interface ParsedNumber {
  sequence: number;
  /** The pattern's own spelling: padding as `{seq:N}` says, letters as the pattern has them. */
  canonical: string;
}

/**
 * Reads a number against a numbering pattern, the inverse of `formatNumber`:
 * the same sequence written with other padding (`002` for `{seq:4}`), in
 * other letter case, or with an unpadded month or day is the same number,
 * and `canonical` is how the pattern writes it. Undefined when the number
 * does not fit the pattern (a number of another scheme).
 * @example parseNumber('471.13/{seq:4}/{monthRoman}/{year}', '471.13/02/xi/2026') // { sequence: 2, canonical: '471.13/0002/XI/2026' }
 */
export function parseNumber(pattern: string, number: string): ParsedNumber | undefined {
  const tokens: Array<{ token: string; width: number }> = [];
  const literal = (s: string) =>
    s
      .normalize('NFC')
      .replace(/\s+/gu, ' ')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let source = '';
  let last = 0;
  for (const m of pattern.matchAll(NUMBER_TOKEN)) {
    source += literal(pattern.slice(last, m.index));
    const token = m[1]!.startsWith('seq') ? 'seq' : m[1]!;
    tokens.push({ token, width: m[2] ? Number(m[2]) : 0 });
    source += token === 'seq' ? '(\\d{1,9})' : TOKEN_READS[token]!;
    last = m.index + m[0].length;
  }
  source += literal(pattern.slice(last));
  const match = new RegExp(`^${source}$`, 'i').exec(cleanText(number));
  if (!match) return undefined;
  let sequence = 0;
  let i = 0;
  const canonical = pattern.replace(NUMBER_TOKEN, () => {
    const { token, width } = tokens[i]!;
    const read = match[++i]!;
    if (token === 'seq') sequence = Number(read);
    if (token === 'seq') return String(sequence).padStart(width, '0');
    if (token === 'month' || token === 'day') return read.padStart(2, '0');
    return read.toUpperCase();
  });
  return sequence >= 1 ? { sequence, canonical: cleanText(canonical) } : undefined;
}

/** The longest each free-text field may be (characters, after normalising). */
// Each is above the longest real value (the longest regency name gives a
// 52-character government line and a 90-character signatory title) and
// within what the built-in templates print on F4 and A4: `templates check`
// renders them.
export const ISSUANCE_TEXT_LIMITS = Object.freeze({
  number: 80,
  place: 40,
  government: 60,
  officeName: 100,
  address: 100,
  contact: 100,
  title: 100,
  onBehalf: 60,
  signatoryName: 80,
  verifyUrl: 60,
});
const L = ISSUANCE_TEXT_LIMITS;
const NUMBER_MAX = L.number;
const NUMBER_CHARS = /^[\p{L}\p{N} ./\-_:()]+$/u;

/**
 * The one normalisation of a certificate number, whether given or made from
 * the numbering pattern: NFC, trimmed, spaces collapsed; letters, digits and
 * . / - _ : ( ) only; no empty or dot-only part between slashes (a number is
 * also a file name and a URL path segment for hosts).
 */
export function checkNumber(raw: string): { value?: string; problem?: { code: IssueCode; message: string } } {
  if (raw.length > NUMBER_MAX * 4) return { problem: { code: 'too_long', message: `must be at most ${NUMBER_MAX} characters` } };
  const s = cleanText(raw);
  if (s === '') return { problem: { code: 'empty', message: 'must not be empty' } };
  if (s.length > NUMBER_MAX) return { problem: { code: 'too_long', message: `must be at most ${NUMBER_MAX} characters` } };
  if (!NUMBER_CHARS.test(s)) return { problem: { code: 'characters', message: 'may hold only letters, digits, spaces and . / - _ : ( )' } };
  if (s.split('/').some((part) => /^\s*\.*\s*$/.test(part)))
    return { problem: { code: 'format', message: 'must not have an empty or dots-only part between slashes' } };
  return { value: s };
}

const number = z.string().transform((raw, ctx) => {
  const { value, problem } = checkNumber(raw);
  if (problem) {
    report(ctx, problem.code, problem.message);
    return z.NEVER;
  }
  return value!;
});

/** A civil day as given, or an instant kept for the office's zone; a bad day is a date problem, not a type problem. */
function issuedAtValue(v: unknown, ctx: z.RefinementCtx): string | Date {
  if (v instanceof Date) return v;
  const day = typeof v === 'string' && v.length <= 10 ? parseCivilDate(v.trim()) : null;
  if (!day) {
    report(ctx, 'date', CIVIL_DATE);
    return z.NEVER;
  }
  return day;
}

const timeZone = z.string().transform((raw, ctx): TimeZone => {
  const hit = raw.length <= 40 ? resolveTimeZone(raw) : undefined;
  if (!hit) {
    report(ctx, 'not_allowed', TIME_ZONE_MESSAGE);
    return z.NEVER;
  }
  return hit;
});

const nip = z.string().transform((raw, ctx) => {
  const s = raw.trim().replace(/\s+/g, '');
  const problems = s.length <= 40 ? nipProblems(s) : [{ code: 'nip_format' as const, message: 'must be exactly 18 digits' }];
  for (const p of problems) report(ctx, p.code, wordingOf(p));
  return problems.length ? z.NEVER : s;
});

export const issuanceSchema = z
  .object({
    number: number.optional(),
    numbering: z.string().max(200).optional(),
    sequence: z.number().int().min(1).max(999_999_999).optional(),
    issuedAt: z.union([z.string(), z.date()]).transform(issuedAtValue).optional(),
    place: text({ max: L.place }),
    timeZone: timeZone.optional(),
    validUntil: civilDate.optional(),
    validMonths: z.number().int().min(1).max(120).optional(),
    verifyUrl: z
      .string()
      .max(L.verifyUrl)
      .refine(
        isVerifyUrl,
        'must be an https:// address as a browser writes it (lower-case host, a / after it, e.g. https://dukcapil.example.go.id/periksa/), without spaces or #, at most 60 characters (the QR code stays small)',
      )
      .optional(),
    office: z
      .object({
        government: text({ max: L.government }),
        name: text({ max: L.officeName }),
        address: text({ max: L.address }),
        contact: text({ max: L.contact }).optional(),
        regionCode: z.string().regex(/^\d{2}(\d{2})?$/, 'must be 2 or 4 digits'),
        logo: z.union([z.instanceof(Uint8Array), z.string().min(1).max(4096)]).optional(),
      })
      .strict(),
    signatory: z
      .object({
        title: text({ max: L.title }),
        onBehalf: text({ max: L.onBehalf }).optional(),
        name: text({ max: L.signatoryName, pattern: NAME_PATTERN, patternMessage: NAME_MESSAGE }),
        nip,
      })
      .strict(),
  })
  .strict();

/**
 * Checks between fields, from the raw input, so that they are reported
 * together with every other problem (a zod refinement would only run once
 * the rest is valid).
 */
function crossFieldIssues(input: unknown, prefix: PropertyKey[]): Issue[] {
  if (!input || typeof input !== 'object') return [];
  const v = input as Record<string, unknown>;
  const has = (k: string) => v[k] !== undefined;
  const at = (k: string, code: IssueCode, message: string): Issue => ({ path: joinPath([...prefix, k]), code, message });
  const out: Issue[] = [];
  if (has('number') && has('numbering')) out.push(at('numbering', 'conflict', 'give number or numbering, not both'));
  if (!has('number') && !has('numbering')) out.push(at('number', 'required', 'is required (or give numbering and sequence)'));
  if (typeof v.numbering === 'string') {
    for (const p of numberingProblems(v.numbering)) out.push(at('numbering', 'numbering', p));
    if (!has('sequence')) out.push(at('sequence', 'required', 'is required with numbering'));
  }
  if (has('validUntil') && has('validMonths')) out.push(at('validMonths', 'conflict', 'give validUntil or validMonths, not both'));
  return out;
}

/**
 * The issue day: the given civil day, or the office's local day of the
 * given instant (default: `now`, default: the machine's clock). Null when
 * the instant is invalid or its day is outside the years a seal carries.
 */
export function issueDay(issuedAt: string | Date | undefined, zone: TimeZone, now?: Date): CivilDate | null {
  if (typeof issuedAt === 'string') return parseCivilDate(issuedAt.trim());
  return civilDateIn(issuedAt ?? now ?? new Date(), zone);
}

/**
 * Issuance fields a call gives on top of defaults (a generator's, an office
 * settings file's). Decided here only: a given number replaces the
 * numbering pattern and sequence, a pattern replaces a number, and a
 * validUntil replaces validMonths. Never throws.
 * @example mergeIssuance({ numbering, sequence: 1, office }, { number: 'X/1' }) // { number: 'X/1', office }
 */
export function mergeIssuance(base: IssuanceOverrides | undefined, over: IssuanceOverrides | undefined): IssuanceOverrides {
  if (!base) return { ...(over ?? {}) };
  if (!over) return { ...base };
  const merged: IssuanceOverrides = { ...base, ...over };
  if (base.office || over.office) merged.office = { ...base.office, ...over.office };
  if (base.signatory || over.signatory) merged.signatory = { ...base.signatory, ...over.signatory };
  if (over.number !== undefined && over.numbering === undefined) {
    delete merged.numbering;
    if (over.sequence === undefined) delete merged.sequence;
  }
  if (over.numbering !== undefined && over.number === undefined) delete merged.number;
  if (over.validUntil !== undefined && over.validMonths === undefined) delete merged.validMonths;
  return merged;
}

/** Issuance fields a call may give on top of defaults (a generator's, an office settings file's). */
export type IssuanceOverrides = Partial<Omit<IssuanceInput, 'office' | 'signatory'>> & {
  office?: Partial<OfficeInput>;
  signatory?: Partial<SignatoryInput>;
};

export interface IssuanceContext {
  /** The clock for a default issuedAt; tests and batch runs pin it. */
  now?: Date;
}

export function checkIssuance(input: unknown, prefix: PropertyKey[] = [], context: IssuanceContext = {}): { value?: Issuance; issues: Issue[] } {
  const parsed = issuanceSchema.safeParse(input, { reportInput: true });
  const issues = [...(parsed.success ? [] : fromZod(parsed.error.issues, prefix)), ...crossFieldIssues(input, prefix)];
  const now = context.now;
  if (now !== undefined && (!(now instanceof Date) || Number.isNaN(now.getTime()))) issues.push({ path: 'now', code: 'type', message: 'must be a valid Date' });
  if (!parsed.success || issues.length) return { issues };
  const v = parsed.data;
  const path = (k: string) => joinPath([...prefix, k]);
  const zone = v.timeZone ?? DEFAULT_TIME_ZONE;
  const issuedAt = issueDay(v.issuedAt, zone, now);
  if (!issuedAt) return { issues: [{ path: path('issuedAt'), code: 'date', message: CIVIL_DATE_MESSAGE }] };
  const validUntil = v.validUntil ?? addMonths(issuedAt, v.validMonths ?? 6);
  if (!parseCivilDate(validUntil)) return { issues: [{ path: path('validMonths'), code: 'date', message: CIVIL_DATE_MESSAGE }] };
  if (validUntil <= issuedAt) return { issues: [{ path: path('validUntil'), code: 'conflict', message: 'must be after issuedAt' }] };
  const checked =
    v.number !== undefined
      ? { value: v.number }
      : checkNumber(formatNumber(v.numbering!, { sequence: v.sequence!, issuedAt, regionCode: v.office.regionCode }));
  if (checked.problem) return { issues: [{ path: path('numbering'), code: checked.problem.code, message: `gives a number that ${checked.problem.message}` }] };
  const office: Issuance['office'] = { ...v.office };
  for (const k of ['contact', 'logo'] as const) if (office[k] === undefined) delete office[k];
  const signatory: Issuance['signatory'] = { ...v.signatory };
  if (signatory.onBehalf === undefined) delete signatory.onBehalf;
  return {
    value: {
      number: checked.value!,
      issuedAt,
      place: v.place,
      timeZone: zone,
      validUntil,
      ...(v.verifyUrl ? { verifyUrl: v.verifyUrl } : {}),
      office,
      signatory,
    },
    issues: [],
  };
}

/**
 * Checks and normalises an issuance: the number (given, or made from the
 * numbering pattern), the issue day in the office's zone, the validity,
 * the office and the signatory.
 * @throws SuketError INVALID_INPUT listing every problem, the cross-field ones (number or numbering, validUntil or validMonths) included.
 * @example
 * const issuance = validateIssuance({ numbering: '471.13/{seq:4}/{monthRoman}/{year}', sequence: 7, place: 'Cirebon', office, signatory });
 * console.log(issuance.number, issuance.validUntil);
 */
export function validateIssuance(input: unknown, context: IssuanceContext = {}): Issuance {
  const { value, issues } = checkIssuance(input, [], context);
  if (!value) throw new SuketError('INVALID_INPUT', issues);
  return value;
}
