// An ES module program that depends on suket, as an office system would.
import { generateCertificate, validateResident, verifySeal, generateSealKeys } from 'suket';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(new URL('./resident.json', import.meta.url), 'utf8'));
const { value } = validateResident(input);
const keys = generateSealKeys();
const pdf = await generateCertificate(
  { ...input, photo: new Uint8Array(readFileSync(process.argv[2])) },
  { issuance: JSON.parse(readFileSync(new URL('./issuance.json', import.meta.url), 'utf8')), seal: { privateKey: keys.privateKeyPem } },
);
console.log(
  JSON.stringify({
    kind: 'esm',
    name: value.name,
    pdf: Buffer.from(pdf.subarray(0, 5)).toString(),
    bytes: pdf.length,
    verdict: verifySeal('nope', { trustList: { keys: [keys.publicJwk] } }).reason,
  }),
);
