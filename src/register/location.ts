/** Where a register is, as given and as shown: a SQLite file or a PostgreSQL URL (whose password is never shown). */

/** True for a location that names a PostgreSQL server. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/**
 * A register location fit to print or log: a URL without its password.
 * @example shownLocation('postgres://suket:rahasia@db/suket') // 'postgres://suket@db/suket'
 */
export function shownLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  url.password = '';
  return url.toString();
}
