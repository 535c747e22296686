// Writes test/vectors/seal-v1.json: fixed keys and fields with the seal text
// they must give. Run once; the file is a contract that others can test against.
import { writeFileSync } from 'node:fs';
import { generateSealKeys, publicJwk, createSeal, sealLink } from '../src/index.js';
import type { SealFields } from '../src/index.js';

const fields: Omit<SealFields, 'version'>[] = [
  {
    number: '471.13/0001/Disdukcapil/XI/2026',
    nik: '3274045708900042',
    name: 'SEKAR AYU LARASATI',
    birthPlace: 'CIREBON',
    birthDate: '1990-08-17',
    sex: 'PEREMPUAN',
    officeCode: '3274',
    issuedAt: '2026-11-30',
    validUntil: '2027-05-30',
    photoHash: '00112233445566778899aabbccddeeff',
  },
  {
    number: '471.13/0999/Disdukcapil/I/2027',
    nik: '9171011501650003',
    name: "ANDREAS YOHANES MA'RUF",
    birthPlace: 'JAYAPURA',
    birthDate: '1965-01-15',
    sex: 'LAKI-LAKI',
    officeCode: '9171',
    issuedAt: '2027-01-04',
    validUntil: '2027-07-04',
  },
];

/** The verifier page's address the link form of each case is written with (docs/seal-v1.md section 1). */
const LINK_BASE = 'https://dukcapil.example.go.id/periksa/';

const cases: Array<Record<string, unknown> & { seal: string; link?: string }> = [];
for (const alg of ['ES256', 'EdDSA'] as const) {
  const keys = generateSealKeys({ alg, notBefore: '2026-01-01', notAfter: '2027-12-31' });
  for (const f of fields) {
    cases.push({
      alg,
      privateKeyPem: keys.privateKeyPem,
      publicJwk: publicJwk(keys.privateKeyPem, { notBefore: '2026-01-01', notAfter: '2027-12-31' }),
      fields: f,
      seal: await createSeal(f, { privateKey: keys.privateKeyPem }),
    });
    cases.at(-1)!.link = sealLink(LINK_BASE, cases.at(-1)!.seal);
  }
}
writeFileSync(
  'test/vectors/seal-v1.json',
  JSON.stringify({ description: 'suket seal format v1 test vectors (docs/seal-v1.md). Keys are for tests only.', checkedOn: '2027-02-01', cases }, null, 2) +
    '\n',
);
console.log(`wrote ${cases.length} cases`);
