/** The resident: schema, normalisation and the NIK cross-checks. */
import { z } from 'zod';
import { OCCUPATIONS } from '../data/occupations.js';
import { cleanText, civilDate, digits, fromZod, NAME_MESSAGE, NAME_PATTERN, oneOf, report, text, wordingOf } from './fields.js';
import { nikProblems, nikWarnings, readNik, SEXES, type NikInfo, type Sex } from './nik.js';
import { SuketError, type Issue } from '../errors.js';
import type { CivilDate } from '../dates.js';
import { issueOf } from '../language/catalogue.js';

export { SEXES };
export const RELIGIONS = Object.freeze(['ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU', 'BUDDHA', 'KHONGHUCU', 'KEPERCAYAAN TERHADAP TUHAN YME'] as const);
export const MARITAL_STATUSES = Object.freeze(['BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI'] as const);
export const BLOOD_TYPES = Object.freeze(['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', '-'] as const);

export type Religion = (typeof RELIGIONS)[number];
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];
export type BloodType = (typeof BLOOD_TYPES)[number];

/** What an office system sends; see the README for each field. */
export interface ResidentInput {
  nik: string;
  kk?: string;
  name: string;
  birthPlace: string;
  birthDate: string;
  sex: string;
  bloodType?: string;
  address: {
    street: string;
    rt: string | number;
    rw: string | number;
    village: string;
    district: string;
    regency: string;
    province: string;
    postalCode?: string;
  };
  religion: string;
  maritalStatus: string;
  /** The name from the official list, or its code (1-89). */
  occupation: string | number;
  citizenship: string;
  /** Required when citizenship is WNA. */
  nationality?: string;
  /** Bytes (library) or a file path (CLI, JSON files). */
  photo?: Uint8Array | string;
}

/** A resident as the paper prints it. */
export interface Resident {
  nik: string;
  kk?: string;
  name: string;
  birthPlace: string;
  birthDate: CivilDate;
  sex: Sex;
  bloodType: BloodType;
  address: {
    street: string;
    /** three digits, '003' */
    rt: string;
    rw: string;
    village: string;
    district: string;
    regency: string;
    province: string;
    postalCode?: string;
  };
  religion: Religion;
  maritalStatus: MaritalStatus;
  occupation: { code: number; name: string };
  citizenship: 'WNI' | 'WNA';
  nationality?: string;
  photo?: Uint8Array | string;
}

const occupationKey = (s: string) =>
  cleanText(s)
    .toUpperCase()
    .replace(/\s*\/\s*/g, '/');
const OCCUPATION_BY_NAME = new Map(OCCUPATIONS.map(([code, name]) => [occupationKey(name), { code, name }]));
const OCCUPATION_BY_CODE = new Map(OCCUPATIONS.map(([code, name]) => [code, { code, name }]));

const occupation = z.union([z.number(), z.string()]).transform((raw, ctx) => {
  const asCode = typeof raw === 'number' ? raw : /^\s*\d{1,2}\s*$/.test(raw) ? Number(raw) : undefined;
  const byName = typeof raw === 'string' && raw.length <= 100 ? OCCUPATION_BY_NAME.get(occupationKey(raw)) : undefined;
  const hit = asCode !== undefined ? OCCUPATION_BY_CODE.get(asCode) : byName;
  if (!hit) {
    report(ctx, 'not_allowed', { key: 'field.occupation' });
    return z.NEVER;
  }
  return hit;
});

const neighbourhood = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const s = String(raw).trim();
  if (!/^\d{1,3}$/.test(s)) {
    report(ctx, 'format', { key: 'field.rt_rw' });
    return z.NEVER;
  }
  return s.padStart(3, '0');
});

const bloodType = z.string().transform((raw, ctx): BloodType => {
  if (raw.length > 20) {
    report(ctx, 'too_long', { key: 'field.too_long', params: { max: 20 } });
    return z.NEVER;
  }
  const s = cleanText(raw).toUpperCase().replace(/\s+/g, '');
  if (s === '' || s === 'TIDAKTAHU') return '-';
  const hit = BLOOD_TYPES.find((b) => b === s);
  if (!hit) {
    report(ctx, 'not_allowed', { key: 'field.one_of', params: { values: BLOOD_TYPES.join(', ') } });
    return z.NEVER;
  }
  return hit;
});

/** The longest each free-text field may be (characters, after normalising). */
// Each is above the longest real value (the longest regency name is 42
// characters, the longest village and district names under 35) and within
// what the built-in templates print on F4 and A4: `templates check` renders them.
export const RESIDENT_TEXT_LIMITS = Object.freeze({
  name: 80,
  birthPlace: 40,
  street: 150,
  village: 40,
  district: 40,
  regency: 45,
  province: 40,
  nationality: 40,
});
const L = RESIDENT_TEXT_LIMITS;

const place = (max: number) => text({ max, upper: true });

export const residentSchema = z
  .object({
    nik: z.string().transform((raw, ctx) => {
      const s = raw.trim();
      const problems = nikProblems(s.length <= 32 ? s : '');
      for (const p of problems) report(ctx, p.code, wordingOf(p));
      return problems.length ? z.NEVER : s;
    }),
    kk: digits(16, 'format').optional(),
    name: text({ max: L.name, upper: true, pattern: NAME_PATTERN, patternMessage: NAME_MESSAGE }),
    birthPlace: place(L.birthPlace),
    birthDate: civilDate,
    // L/P is how an office's sheet under a `JK` or `L/P` header writes it.
    sex: oneOf(SEXES, { L: 'LAKI-LAKI', LK: 'LAKI-LAKI', P: 'PEREMPUAN', PR: 'PEREMPUAN' }),
    bloodType: bloodType.optional(),
    address: z
      .object({
        street: place(L.street),
        rt: neighbourhood,
        rw: neighbourhood,
        village: place(L.village),
        district: place(L.district),
        regency: place(L.regency),
        province: place(L.province),
        postalCode: digits(5, 'format').optional(),
      })
      .strict(),
    religion: oneOf(RELIGIONS, {
      KATHOLIK: 'KATOLIK',
      BUDHA: 'BUDDHA',
      KONGHUCU: 'KHONGHUCU',
      KEPERCAYAAN: 'KEPERCAYAAN TERHADAP TUHAN YME',
      'KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA': 'KEPERCAYAAN TERHADAP TUHAN YME',
    }),
    maritalStatus: oneOf(MARITAL_STATUSES),
    occupation,
    citizenship: oneOf(['WNI', 'WNA'] as const),
    nationality: place(L.nationality).optional(),
    photo: z.union([z.instanceof(Uint8Array), z.string().min(1).max(4096)]).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.citizenship === 'WNA' && !r.nationality) report(ctx, 'required', { key: 'field.nationality_required' }, ['nationality']);
    if (r.citizenship === 'WNI' && r.nationality) report(ctx, 'conflict', { key: 'field.nationality_left_out' }, ['nationality']);
  });

export interface Checked<T> {
  value: T;
  /** Legal but doubtful: shown to the clerk, archived, never thrown. */
  warnings: Issue[];
}

/** Resident problems as issues (prefix names where the resident sits, e.g. `resident`). */
export function checkResident(input: unknown, prefix: PropertyKey[] = []): { value?: Resident; issues: Issue[]; warnings: Issue[] } {
  const parsed = residentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { issues: fromZod(parsed.error.issues, prefix), warnings: [] };
  const r = parsed.data;
  const resident: Resident = { ...r, bloodType: r.bloodType ?? '-' };
  if (resident.kk === undefined) delete resident.kk;
  if (resident.nationality === undefined) delete resident.nationality;
  if (resident.photo === undefined) delete resident.photo;
  if (resident.address.postalCode === undefined) delete resident.address.postalCode;
  const info: NikInfo = readNik(resident.nik);
  const warnings = nikWarnings(info, resident.birthDate, resident.sex).map((w) => ({ ...w, path: [...prefix.map(String), w.path].join('.') }));
  return { value: resident, issues: [], warnings };
}

/**
 * A birth date after the paper's issue day cannot be right: the one place
 * this rule lives (the library checks it against the issue day, the counter's
 * form against the office's today). Undefined when the date is possible.
 * @example birthAfterIssue('2030-01-01', '2026-12-06')?.code // 'conflict'
 */
export function birthAfterIssue(birthDate: CivilDate, issueDay: CivilDate, path = 'birthDate'): Issue | undefined {
  return birthDate > issueDay ? issueOf(path, 'conflict', 'field.birth_after_issue', { date: issueDay }) : undefined;
}

/**
 * Checks and normalises a resident as the card prints it (trimmed, upper
 * case, RT/RW as three digits, legacy spellings mapped), for data entry
 * before a certificate exists. A legal NIK that disagrees with the birth
 * date or sex is a warning, returned, never thrown.
 * @throws SuketError INVALID_INPUT listing every problem (path, code, message; never the value).
 * @example
 * const { value, warnings } = validateResident(row);
 * console.log(value.name, value.address.rt, warnings.map((w) => w.code));
 */
export function validateResident(input: unknown): Checked<Resident> {
  const { value, issues, warnings } = checkResident(input);
  if (!value) throw new SuketError('INVALID_INPUT', issues);
  return { value, warnings };
}

/** A resident field as a flat column (CSV headers nest with dots: `address.rt`). */
export interface ResidentColumn {
  name: string;
  required: boolean;
}

/** Every field a resident may have, as flat columns, from the schema itself. */
export const RESIDENT_COLUMNS: readonly ResidentColumn[] = Object.freeze(
  Object.entries(residentSchema.shape).flatMap(([key, field]): ResidentColumn[] =>
    key === 'address'
      ? Object.entries(residentSchema.shape.address.shape).map(([k, f]) => ({ name: `address.${k}`, required: !f.safeParse(undefined).success }))
      : [{ name: key, required: !field.safeParse(undefined).success }],
  ),
);
