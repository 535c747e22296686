/**
 * Which counter a number comes from: one per office and numbering pattern,
 * reset each year by default when the pattern prints the year, each month,
 * or never, as the office configures.
 */
import { parts, type CivilDate } from '../dates.js';

export type CounterReset = 'year' | 'month' | 'never';

/** The default reset: yearly when the pattern prints `{year}`, else never. */
export const defaultReset = (pattern: string): CounterReset => (pattern.includes('{year}') ? 'year' : 'never');

/**
 * The counter's key: office code, pattern and period (`2026`, `2026-11`, or
 * `all`). Two issue days in one period share a counter; the next period
 * starts again at 1.
 * @example counterKey('3274', '471.13/{seq:4}/{year}', '2026-12-31') // '3274|471.13/{seq:4}/{year}|2026'
 */
export function counterKey(officeCode: string, pattern: string, issuedAt: CivilDate, reset: CounterReset = defaultReset(pattern)): string {
  const { year, month } = parts(issuedAt);
  const period = reset === 'year' ? String(year) : reset === 'month' ? `${year}-${String(month).padStart(2, '0')}` : 'all';
  return `${officeCode}|${pattern}|${period}`;
}
