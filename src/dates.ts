/**
 * Calendar dates as the paper prints them. A date is a civil day
 * ('YYYY-MM-DD'), never an instant: the office's local day is what counts.
 */
import { say, type MessageKey, type MessageParams } from './language/catalogue.js';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { offsetMinutes, type TimeZone } from './time-zones.js';

// The utc plugin only adds methods; we never touch dayjs's global locale.
dayjs.extend(utc);

/** A civil date, 'YYYY-MM-DD'. */
export type CivilDate = string;

export type { TimeZone } from './time-zones.js';

/**
 * The years a civil date may have: every date suket accepts can be carried
 * by the seal (whose decoder refuses days beyond about ±547 years of 1970),
 * and every date the seal carries is one suket accepts.
 */
const YEAR_RANGE = Object.freeze({ min: 1800, max: 2500 });

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Strict: '2022-13-31', '2023-02-29' and years outside YEAR_RANGE are null, never rolled over. */
export function parseCivilDate(s: unknown): CivilDate | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < YEAR_RANGE.min || y > YEAR_RANGE.max || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return s;
}

/**
 * A date as an office's spreadsheet writes it, read day first as Indonesia
 * writes dates: `17/08/1990`, `17-08-1990`, `17.08.1990`, `7/8/1990`, or
 * ISO `1990-08-17`. Month first is never guessed: `08/17/1990` can only be
 * month first, and is refused saying so; a two-digit year is refused.
 * @returns the civil date, or the problem (a sentence that quotes nothing), or undefined for text that is not written as a date at all.
 * @example readOfficeDate('17/08/1990') // { date: '1990-08-17' }
 */
export function readOfficeDate(raw: string): { date: CivilDate } | { problem: { key: MessageKey; params?: MessageParams } } | undefined {
  const s = raw.trim();
  if (DATE_RE.test(s)) return parseCivilDate(s) ? { date: s } : { problem: CIVIL_DATE };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (!m) return undefined;
  const [first, second, year] = [Number(m[1]), Number(m[2]), m[3]!];
  if (year.length === 2) return { problem: { key: 'sheet.two_digit_year' } };
  if (second > 12 && first <= 12) return { problem: { key: 'sheet.month_first' } };
  const date = parseCivilDate(toCivilDate(Number(year), second, first));
  return date ? { date } : { problem: { key: 'sheet.not_a_date', params: YEAR_RANGE } };
}

/** The rule every date follows, as a sentence of the catalogues. */
export const CIVIL_DATE = Object.freeze({ key: 'field.date', params: YEAR_RANGE } as const);
export const CIVIL_DATE_MESSAGE = say('en', CIVIL_DATE.key, CIVIL_DATE.params);

export function parts(date: CivilDate): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

function toCivilDate(year: number, month: number, day: number): CivilDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before), as the seal stores dates. */
export function daysSinceEpoch(date: CivilDate): number {
  const { year, month, day } = parts(date);
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

export function fromDaysSinceEpoch(days: number): CivilDate {
  const d = new Date(days * 86_400_000);
  return toCivilDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Days later (or earlier, for a negative count). */
export function addDays(date: CivilDate, days: number): CivilDate {
  return dayjs.utc(`${date}T00:00:00Z`).add(days, 'day').format('YYYY-MM-DD');
}

/** Calendar months later; the 31st clamps to the month's last day. */
export function addMonths(date: CivilDate, months: number): CivilDate {
  return dayjs.utc(`${date}T00:00:00Z`).add(months, 'month').format('YYYY-MM-DD');
}

/**
 * The civil day of an instant in an Indonesian time zone; null for an
 * invalid Date or a day outside YEAR_RANGE.
 */
export function civilDateIn(instant: Date, timeZone: TimeZone): CivilDate | null {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) return null;
  if (instant.getTime() < FIXED_OFFSETS_SINCE) return civilDateByIcu(instant, timeZone);
  // The zones' offsets have been fixed since before 1970, so the day is plain
  // arithmetic: the first Intl.DateTimeFormat of a process costs about 30 ms
  // (ICU's data loaded), and each later one about 0.1 ms.
  const local = new Date(instant.getTime() + offsetMinutes(timeZone) * 60_000);
  return parseCivilDate(toCivilDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()));
}

/** From this instant on, each zone's offset is the one in TIME_ZONES (WIB and WIT since 1964). */
const FIXED_OFFSETS_SINCE = Date.UTC(1970, 0, 1);

/** Before that, the tz database's history (Jakarta was +07:20, +07:30 and +09:00 in turn). */
function civilDateByIcu(instant: Date, timeZone: TimeZone): CivilDate | null {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return parseCivilDate(`${p.year}-${p.month}-${p.day}`);
}

/** Today in an Indonesian time zone (the machine's clock). */
export function todayIn(timeZone: TimeZone): CivilDate {
  return civilDateIn(new Date(), timeZone)!;
}

/** '17 Agustus 1990' */
export function formatLongDate(date: CivilDate): string {
  const { year, month, day } = parts(date);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** '17-08-1990', as the e-KTP prints it. */
export function formatNumericDate(date: CivilDate): string {
  const { year, month, day } = parts(date);
  return `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`;
}

export function romanMonth(month: number): string {
  return ROMAN[month - 1] ?? '';
}
