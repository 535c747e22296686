/**
 * Indonesia's three time zones, in one place: their IANA names, the
 * abbreviations clerks write (WIB, WITA, WIT) and their fixed UTC offsets
 * (Indonesia has no daylight saving time).
 */

/** IANA name -> abbreviation and offset. */
export const TIME_ZONES = Object.freeze({
  'Asia/Jakarta': Object.freeze({ abbreviation: 'WIB', offset: '+07:00' }),
  'Asia/Makassar': Object.freeze({ abbreviation: 'WITA', offset: '+08:00' }),
  'Asia/Jayapura': Object.freeze({ abbreviation: 'WIT', offset: '+09:00' }),
} as const);

export type TimeZone = keyof typeof TIME_ZONES;

export const DEFAULT_TIME_ZONE: TimeZone = 'Asia/Jakarta';

const NAMES = Object.keys(TIME_ZONES) as TimeZone[];

/**
 * The zone named by an IANA name or an abbreviation (any case); undefined
 * when it is neither. Never throws.
 * @example resolveTimeZone('wita') // 'Asia/Makassar'
 */
export function resolveTimeZone(name: string): TimeZone | undefined {
  const s = name.trim();
  // Own names only: 'constructor' or '__proto__' are not time zones.
  return NAMES.find((z) => z === s) ?? NAMES.find((z) => TIME_ZONES[z].abbreviation === s.toUpperCase());
}

/** 'WIB', 'WITA' or 'WIT'. */
export const zoneAbbreviation = (zone: TimeZone): string => TIME_ZONES[zone].abbreviation;

/** '+07:00', '+08:00' or '+09:00'. */
export const utcOffset = (zone: TimeZone): string => TIME_ZONES[zone].offset;

/** The offset in minutes east of UTC: 420, 480 or 540. */
export function offsetMinutes(zone: TimeZone): number {
  const [, sign, h, m] = /^([+-])(\d{2}):(\d{2})$/.exec(TIME_ZONES[zone].offset) ?? [];
  return (sign === '-' ? -1 : 1) * (Number(h) * 60 + Number(m));
}

export const TIME_ZONE_MESSAGE = 'must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)';
