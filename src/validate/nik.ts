/**
 * NIK and NIP: what the digits say, and which digits cannot be right.
 * A NIK whose date or sex disagrees with the biodata is still legal (some
 * were issued wrong and never reissued), so those are warnings elsewhere;
 * here we reject only what cannot be a NIK at all.
 */
import { SuketError, type Issue, type IssueCode } from '../errors.js';
import { PROVINCES } from '../data/provinces.js';
import { daysInMonth, parseCivilDate, parts, type CivilDate } from '../dates.js';
import { issueOf, type MessageKey, type MessageParams } from '../language/catalogue.js';

/** The two values of sex the card prints; the NIK encodes women as day + 40. */
export const SEXES = Object.freeze(['LAKI-LAKI', 'PEREMPUAN'] as const);
export type Sex = (typeof SEXES)[number];

export interface NikInfo {
  nik: string;
  /** 2 digits, e.g. '32' */
  provinceCode: string;
  /** Name from the official list, or undefined when the code is not in it. */
  provinceName: string | undefined;
  /** 4 digits, e.g. '3274' */
  regencyCode: string;
  /** 01-69 kabupaten, 71-99 kota. */
  regencyKind: 'kabupaten' | 'kota' | 'unknown';
  /** 6 digits, e.g. '327404' */
  districtCode: string;
  birthDay: number;
  birthMonth: number;
  /** Two digits only: the century comes from the stated birth date. */
  birthYear2: number;
  sex: Sex;
  serial: number;
}

/** A problem of the digits: its code, its sentence in English and the catalogue's key for other languages. */
export interface Problem {
  code: IssueCode;
  message: string;
  key?: MessageKey;
  params?: MessageParams;
}

const wordedProblem = (code: IssueCode, key: MessageKey, params?: MessageParams): Problem => {
  const { path: _path, ...problem } = issueOf('', code, key, params);
  return problem;
};

/** Every reason these digits cannot be a NIK (empty when it can be one). */
export function nikProblems(nik: string): Problem[] {
  if (!/^\d{16}$/.test(nik)) return [wordedProblem('nik_format', 'field.digits', { length: 16 })];
  const problems: Problem[] = [];
  const rawDay = Number(nik.slice(6, 8));
  const day = rawDay > 40 ? rawDay - 40 : rawDay;
  const month = Number(nik.slice(8, 10));
  // Feb 29 is possible: some century with these two digits is a leap year.
  if (month < 1 || month > 12) problems.push(wordedProblem('nik_date', 'nik.month'));
  else if (day < 1 || day > (month === 2 ? 29 : daysInMonth(2000, month)) || rawDay === 40) problems.push(wordedProblem('nik_date', 'nik.day'));
  if (nik.endsWith('0000')) problems.push(wordedProblem('nik_serial', 'nik.serial'));
  return problems;
}

/**
 * Reads what the digits of a NIK say: region codes, birth day and month
 * (women: day + 40), the two-digit year, sex and serial.
 * @throws SuketError INVALID_INPUT (path `nik`) when the digits cannot be a NIK.
 * @example parseNik('3274045708900042').sex // 'PEREMPUAN'
 */
export function parseNik(nik: string): NikInfo {
  const problems = typeof nik === 'string' ? nikProblems(nik) : [{ code: 'type' as const, message: 'must be a string' }];
  if (problems.length)
    throw new SuketError(
      'INVALID_INPUT',
      problems.map((p) => ({ path: 'nik', ...p })),
    );
  return readNik(nik);
}

/** Reads digits already known to be a NIK. */
export function readNik(nik: string): NikInfo {
  const rawDay = Number(nik.slice(6, 8));
  const regency = Number(nik.slice(2, 4));
  const provinceCode = nik.slice(0, 2);
  return {
    nik,
    provinceCode,
    provinceName: Object.hasOwn(PROVINCES, provinceCode) ? PROVINCES[provinceCode] : undefined,
    regencyCode: nik.slice(0, 4),
    regencyKind: regency >= 1 && regency <= 69 ? 'kabupaten' : regency >= 71 ? 'kota' : 'unknown',
    districtCode: nik.slice(0, 6),
    birthDay: rawDay > 40 ? rawDay - 40 : rawDay,
    birthMonth: Number(nik.slice(8, 10)),
    birthYear2: Number(nik.slice(10, 12)),
    sex: rawDay > 40 ? 'PEREMPUAN' : 'LAKI-LAKI',
    serial: Number(nik.slice(12, 16)),
  };
}

/** Warnings for a legal NIK that disagrees with the biodata or the region list. */
export function nikWarnings(info: NikInfo, birthDate: CivilDate | undefined, sex: Sex | undefined): Issue[] {
  const out: Issue[] = [];
  if (birthDate) {
    const b = parts(birthDate);
    if (b.day !== info.birthDay || b.month !== info.birthMonth || b.year % 100 !== info.birthYear2)
      out.push(issueOf('nik', 'nik_birth_date_mismatch', 'nik.birth_date_mismatch'));
  }
  if (sex && sex !== info.sex) out.push(issueOf('nik', 'nik_sex_mismatch', 'nik.sex_mismatch'));
  if (!info.provinceName || info.regencyKind === 'unknown' || info.districtCode.endsWith('00'))
    out.push(issueOf('nik', 'nik_region_unknown', 'nik.region_unknown'));
  return out;
}

/**
 * Why an 18-digit NIP of a civil servant cannot be right (empty when it can
 * be): birth date YYYYMMDD, appointment YYYYMM (not before age 15), sex
 * digit 1 or 2. Never throws.
 * @example nipProblems('196805121990031005') // []
 */
export function nipProblems(nip: string): Problem[] {
  if (!/^\d{18}$/.test(nip)) return [wordedProblem('nip_format', 'field.digits', { length: 18 })];
  const problems: Problem[] = [];
  const birth = parseCivilDate(`${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`);
  if (!birth) problems.push(wordedProblem('nip_date', 'nip.birth_date'));
  const apptYear = Number(nip.slice(8, 12));
  const apptMonth = Number(nip.slice(12, 14));
  if (apptMonth < 1 || apptMonth > 12 || apptYear < 1900) problems.push(wordedProblem('nip_date', 'nip.appointment'));
  else if (birth && apptYear < parts(birth).year + 15) problems.push(wordedProblem('nip_date', 'nip.appointment_early'));
  if (!['1', '2'].includes(nip[14] ?? '')) problems.push(wordedProblem('nip_format', 'nip.sex'));
  return problems;
}
