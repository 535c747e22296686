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

/** Provinces (the first two digits of a region code) east of WIB: WITA and WIT; every other is WIB. */
const WITA_PROVINCES = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT_PROVINCES = new Set(['81', '82', '91', '92', '93', '94', '95', '96']);

/**
 * The time zone an office keeps, from its region code's province: Bali, Nusa Tenggara, South, East and North
 * Kalimantan and Sulawesi keep WITA; Maluku and Papua WIT; the rest WIB.
 * @example zoneOfRegion('5171') // 'Asia/Makassar' (Denpasar)
 */
export function zoneOfRegion(regionCode: string): TimeZone {
  const province = regionCode.slice(0, 2);
  if (WITA_PROVINCES.has(province)) return 'Asia/Makassar';
  if (WIT_PROVINCES.has(province)) return 'Asia/Jayapura';
  return DEFAULT_TIME_ZONE;
}
