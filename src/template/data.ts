/**
 * What a template's placeholders can print: one table from path to value,
 * so that the list of paths (`DATA_PATHS`) and the data a certificate
 * gives them cannot disagree.
 */
import { zoneAbbreviation } from '../time-zones.js';
import type { Issuance } from '../validate/issuance.js';
import type { Resident } from '../validate/resident.js';

type Value = (r: Resident, i: Issuance) => string | undefined;

const FIELDS = {
  'resident.nik': (r) => r.nik,
  'resident.kk': (r) => r.kk,
  'resident.name': (r) => r.name,
  'resident.birthPlace': (r) => r.birthPlace,
  'resident.birthDate': (r) => r.birthDate,
  'resident.sex': (r) => r.sex,
  'resident.bloodType': (r) => r.bloodType,
  'resident.address.street': (r) => r.address.street,
  'resident.address.rt': (r) => r.address.rt,
  'resident.address.rw': (r) => r.address.rw,
  'resident.address.rtRw': (r) => `${r.address.rt}/${r.address.rw}`,
  'resident.address.village': (r) => r.address.village,
  'resident.address.district': (r) => r.address.district,
  'resident.address.regency': (r) => r.address.regency,
  'resident.address.province': (r) => r.address.province,
  'resident.address.postalCode': (r) => r.address.postalCode,
  'resident.religion': (r) => r.religion,
  'resident.maritalStatus': (r) => r.maritalStatus,
  'resident.occupation': (r) => r.occupation.name,
  'resident.occupationCode': (r) => String(r.occupation.code),
  'resident.citizenship': (r) => (r.citizenship === 'WNA' && r.nationality ? `WNA (${r.nationality})` : r.citizenship),
  'resident.nationality': (r) => r.nationality,
  'issuance.number': (_r, i) => i.number,
  'issuance.issuedAt': (_r, i) => i.issuedAt,
  'issuance.place': (_r, i) => i.place,
  'issuance.validUntil': (_r, i) => i.validUntil,
  'issuance.timeZone': (_r, i) => i.timeZone,
  'issuance.timeZoneName': (_r, i) => zoneAbbreviation(i.timeZone),
  'issuance.verifyUrl': (_r, i) => i.verifyUrl,
  'issuance.office.government': (_r, i) => i.office.government,
  'issuance.office.name': (_r, i) => i.office.name,
  'issuance.office.address': (_r, i) => i.office.address,
  'issuance.office.contact': (_r, i) => i.office.contact,
  'issuance.office.regionCode': (_r, i) => i.office.regionCode,
  'issuance.signatory.title': (_r, i) => i.signatory.title,
  'issuance.signatory.onBehalf': (_r, i) => i.signatory.onBehalf,
  'issuance.signatory.name': (_r, i) => i.signatory.name,
  'issuance.signatory.nip': (_r, i) => i.signatory.nip,
} as const satisfies Record<string, Value>;

export type DataPath = keyof typeof FIELDS;
export type DataContext = Partial<Record<DataPath, string>>;

/** Every path a template may name in a placeholder (`{{resident.name}}`). */
export const DATA_PATHS: readonly DataPath[] = Object.freeze(Object.keys(FIELDS) as DataPath[]);

/** The values a template's placeholders print, from the validated input. */
export function buildContext(r: Resident, i: Issuance): DataContext {
  const out: DataContext = {};
  for (const path of DATA_PATHS) {
    const v = FIELDS[path](r, i);
    if (v !== undefined) out[path] = v;
  }
  return out;
}
