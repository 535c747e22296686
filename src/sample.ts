/**
 * An invented resident and office for the demo, previews and tests. No real
 * person: the portrait is drawn here from shapes.
 * @module suket/sample
 */
import sharp from 'sharp';
import type { ResidentInput } from './validate/resident.js';
import type { IssuanceInput } from './validate/issuance.js';

export function sampleResident(): ResidentInput {
  return {
    nik: '3274045708900042',
    kk: '3274041203150007',
    name: 'Sekar Ayu Larasati',
    birthPlace: 'Cirebon',
    birthDate: '1990-08-17',
    sex: 'PEREMPUAN',
    bloodType: 'O',
    address: {
      street: 'Jl. Kesambi Raya No. 12',
      rt: '3',
      rw: '12',
      village: 'Kesambi',
      district: 'Kesambi',
      regency: 'Kota Cirebon',
      province: 'Jawa Barat',
      postalCode: '45134',
    },
    religion: 'ISLAM',
    maritalStatus: 'KAWIN',
    occupation: 'KARYAWAN SWASTA',
    citizenship: 'WNI',
  };
}

export function sampleIssuance(): IssuanceInput {
  return {
    numbering: '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}',
    sequence: 1,
    issuedAt: '2026-11-30',
    place: 'Cirebon',
    timeZone: 'Asia/Jakarta',
    office: {
      government: 'PEMERINTAH KOTA CIREBON',
      name: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
      address: 'Jl. Dr. Sudarsono No. 40, Kesambi, Cirebon 45134',
      contact: 'Telp. (0231) 208440',
      regionCode: '3274',
    },
    signatory: {
      title: 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA CIREBON',
      onBehalf: 'a.n. WALI KOTA CIREBON',
      name: 'Drs. H. Bagus Wiratmaja, M.Si.',
      nip: '196805121990031005',
    },
  };
}

/** A pass-photo-like portrait drawn from shapes: background by birth year (red odd, blue even). */
export async function samplePortrait(options: { width?: number; height?: number; background?: string; seed?: number } = {}): Promise<Uint8Array> {
  const w = options.width ?? 354;
  const h = options.height ?? 472;
  const bg = options.background ?? '#1f4fa8';
  const s = options.seed ?? 0;
  const shirt = ['#2d2d2d', '#6b2f1a', '#1d5e3a', '#3d3d7a'][s % 4];
  const skin = ['#c68b59', '#b5784a', '#d7a47a', '#a8693e'][Math.floor(s / 4) % 4];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 354 472">
    <rect width="354" height="472" fill="${bg}"/>
    <path d="M20 472 C30 360 100 330 177 330 C254 330 324 360 334 472 Z" fill="${shirt}"/>
    <rect x="150" y="270" width="54" height="70" fill="${skin}"/>
    <ellipse cx="177" cy="190" rx="78" ry="98" fill="${skin}"/>
    <path d="M99 180 C95 90 140 70 177 70 C214 70 259 90 255 180 C240 130 210 115 177 115 C144 115 114 130 99 180 Z" fill="#1a1410"/>
    <ellipse cx="148" cy="190" rx="9" ry="6" fill="#1a1410"/><ellipse cx="206" cy="190" rx="9" ry="6" fill="#1a1410"/>
    <path d="M155 245 Q177 260 199 245" stroke="#7a3b2a" stroke-width="5" fill="none"/>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer());
}

/** An invented emblem for the demo letterhead. */
export async function sampleLogo(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="270" viewBox="0 0 240 270">
    <path d="M120 5 L230 45 L215 180 C200 230 150 255 120 265 C90 255 40 230 25 180 L10 45 Z" fill="#0b5d1e" stroke="#d4a017" stroke-width="8"/>
    <circle cx="120" cy="120" r="55" fill="#d4a017"/>
    <path d="M120 80 L132 112 L166 112 L139 132 L149 165 L120 145 L91 165 L101 132 L74 112 L108 112 Z" fill="#0b5d1e"/>
    <rect x="55" y="195" width="130" height="26" fill="#ffffff"/>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}
