// Type-checked against the built declarations (dist/index.d.ts), as a TypeScript host sees them.
import { generateCertificate, type ResidentInput, type IssuedCertificate, type SealVerdict } from 'suket';
import { sampleResident } from 'suket/sample';

const sample: ResidentInput = sampleResident();
void sample;

const resident: ResidentInput = {
  nik: '3274045708900042',
  name: 'A',
  birthPlace: 'B',
  birthDate: '1990-08-17',
  sex: 'PEREMPUAN',
  address: { street: 'C', rt: 1, rw: 2, village: 'D', district: 'E', regency: 'F', province: 'G' },
  religion: 'ISLAM',
  maritalStatus: 'KAWIN',
  occupation: 15,
  citizenship: 'WNI',
};
export const pdf: Promise<Uint8Array> = generateCertificate(resident);
export type Archived = Pick<IssuedCertificate, 'number' | 'sha256'>;
export const isValid = (v: SealVerdict): boolean => v.valid;
