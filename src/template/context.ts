/** The values a template's placeholders print, from the validated input. */
import { zoneAbbreviation } from '../time-zones.js';
import type { Issuance } from '../validate/issuance.js';
import type { Resident } from '../validate/resident.js';
import type { DataContext } from './placeholders.js';

export function buildContext(r: Resident, i: Issuance): DataContext {
  return {
    'resident.nik': r.nik,
    'resident.kk': r.kk,
    'resident.name': r.name,
    'resident.birthPlace': r.birthPlace,
    'resident.birthDate': r.birthDate,
    'resident.sex': r.sex,
    'resident.bloodType': r.bloodType,
    'resident.address.street': r.address.street,
    'resident.address.rt': r.address.rt,
    'resident.address.rw': r.address.rw,
    'resident.address.rtRw': `${r.address.rt}/${r.address.rw}`,
    'resident.address.village': r.address.village,
    'resident.address.district': r.address.district,
    'resident.address.regency': r.address.regency,
    'resident.address.province': r.address.province,
    'resident.address.postalCode': r.address.postalCode,
    'resident.religion': r.religion,
    'resident.maritalStatus': r.maritalStatus,
    'resident.occupation': r.occupation.name,
    'resident.occupationCode': String(r.occupation.code),
    'resident.citizenship': r.citizenship === 'WNA' && r.nationality ? `WNA (${r.nationality})` : r.citizenship,
    'resident.nationality': r.nationality,
    'issuance.number': i.number,
    'issuance.issuedAt': i.issuedAt,
    'issuance.place': i.place,
    'issuance.validUntil': i.validUntil,
    'issuance.timeZone': i.timeZone,
    'issuance.timeZoneName': zoneAbbreviation(i.timeZone),
    'issuance.office.government': i.office.government,
    'issuance.office.name': i.office.name,
    'issuance.office.address': i.office.address,
    'issuance.office.contact': i.office.contact,
    'issuance.office.regionCode': i.office.regionCode,
    'issuance.signatory.title': i.signatory.title,
    'issuance.signatory.onBehalf': i.signatory.onBehalf,
    'issuance.signatory.name': i.signatory.name,
    'issuance.signatory.nip': i.signatory.nip,
  };
}
