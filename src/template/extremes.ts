/**
 * The most demanding input the validator admits, for `suket templates
 * check`: every free-text field at its longest in the widest capital
 * letter, and every field at its shortest. A template that lays out both on
 * each of its papers lays out any valid certificate.
 */
import { OCCUPATIONS } from '../data/occupations.js';
import { ISSUANCE_TEXT_LIMITS as IL, type IssuanceInput } from '../validate/issuance.js';
import { RELIGIONS, RESIDENT_TEXT_LIMITS as RL, type ResidentInput } from '../validate/resident.js';

// Capitals of typical width in names and places (Arimo's average capital is about 0.68 em; this text is 0.69 em).
const FILLER = 'SURYADARMA WIJAYAKUSUMA PANGESTU HADIKUSUMO RAHMAWATI ';
/** n characters of capitals and spaces as names and places are written, ending in a letter. */
const wide = (n: number): string => {
  const s = FILLER.repeat(Math.ceil(n / FILLER.length)).slice(0, n);
  return s.endsWith(' ') ? `${s.slice(0, -1)}A` : s;
};
const longest = <T extends string>(list: readonly T[]): T => list.reduce((a, b) => (b.length > a.length ? b : a));

export interface ExtremeInput {
  label: 'longest' | 'shortest';
  resident: ResidentInput;
  issuance: IssuanceInput;
}

const OFFICE_SHORT = { government: 'A', name: 'B', address: 'C', regionCode: '32' };
const NIP = '196805121990031005';

const address = (f: (n: number) => string) => ({
  street: f(RL.street),
  rt: '999',
  rw: '999',
  village: f(RL.village),
  district: f(RL.district),
  regency: f(RL.regency),
  province: f(RL.province),
  postalCode: '99999',
});

function longestInput(photo: Uint8Array): ExtremeInput {
  const resident: ResidentInput = {
    nik: '3274045708900042',
    kk: '3274041203150007',
    name: wide(RL.name),
    birthPlace: wide(RL.birthPlace),
    birthDate: '1990-08-17',
    sex: 'PEREMPUAN',
    bloodType: 'AB+',
    address: address(wide),
    religion: longest(RELIGIONS),
    maritalStatus: 'BELUM KAWIN',
    occupation: longest(OCCUPATIONS.map(([, name]) => name)),
    citizenship: 'WNA',
    nationality: wide(RL.nationality),
    photo,
  };
  const issuance: IssuanceInput = {
    number: `${'471.13/'.padEnd(IL.number - 5, '0123456789/DISDUKCAPIL/').replace(/\/+$/, '')}/2026`,
    issuedAt: '2026-11-30',
    place: wide(IL.place),
    timeZone: 'Asia/Jayapura',
    verifyUrl: `https://${'dukcapil.'.repeat(20)}`.slice(0, IL.verifyUrl - 8) + '/periksa',
    office: { government: wide(IL.government), name: wide(IL.officeName), address: wide(IL.address), contact: wide(IL.contact), regionCode: '3274' },
    signatory: { title: wide(IL.title), onBehalf: wide(IL.onBehalf), name: wide(IL.signatoryName), nip: NIP },
  };
  return { label: 'longest', resident, issuance };
}

function shortestInput(photo: Uint8Array): ExtremeInput {
  const { postalCode: _none, ...shortAddress } = address(() => 'C');
  const resident: ResidentInput = {
    nik: '3274045708900042',
    name: 'A',
    birthPlace: 'B',
    birthDate: '1990-08-17',
    sex: 'LAKI-LAKI',
    address: shortAddress,
    religion: 'ISLAM',
    maritalStatus: 'KAWIN',
    occupation: 1,
    citizenship: 'WNI',
    photo,
  };
  const issuance: IssuanceInput = { number: '1', issuedAt: '2026-11-30', place: 'D', office: OFFICE_SHORT, signatory: { title: 'E', name: 'F', nip: NIP } };
  return { label: 'shortest', resident, issuance };
}

/** The longest and the shortest input the validator admits, with the given photo. */
export function extremeInputs(photo: Uint8Array): ExtremeInput[] {
  return [longestInput(photo), shortestInput(photo)];
}
