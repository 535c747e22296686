// The same from a CommonJS TypeScript program (dist/index.d.cts).
import suket = require('suket');

export const v: Promise<Uint8Array> = suket.generateCertificate({
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
});
