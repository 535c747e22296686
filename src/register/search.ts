/**
 * How names are found: case- and accent-insensitive, so `sekar ayu`,
 * `SEKAR AYU` and `Sékar Ayu` find the same record.
 */

/**
 * A name folded for search: accents removed, upper case, spaces collapsed.
 * @example foldName('  Sékar  ayu ') // 'SEKAR AYU'
 */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/\s+/g, ' ').trim();
}

/** A LIKE pattern that matches `text` anywhere, with `%`, `_` and `\` taken literally (ESCAPE '\'). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
