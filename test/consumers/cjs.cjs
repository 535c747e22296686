// A CommonJS program that depends on suket.
const { generateCertificate, validateResident, verifySeal, generateSealKeys } = require('suket');
const { readFileSync } = require('node:fs');
const path = require('node:path');

(async () => {
  const input = JSON.parse(readFileSync(path.join(__dirname, 'resident.json'), 'utf8'));
  const { value } = validateResident(input);
  const keys = generateSealKeys();
  const pdf = await generateCertificate(
    { ...input, photo: new Uint8Array(readFileSync(process.argv[2])) },
    { issuance: JSON.parse(readFileSync(path.join(__dirname, 'issuance.json'), 'utf8')), seal: { privateKey: keys.privateKeyPem } },
  );
  console.log(
    JSON.stringify({
      kind: 'cjs',
      name: value.name,
      pdf: Buffer.from(pdf.subarray(0, 5)).toString(),
      bytes: pdf.length,
      verdict: verifySeal('nope', { trustList: { keys: [keys.publicJwk] } }).reason,
    }),
  );
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
