// An ES module program that uses suket's parts by their subpaths: the register issues, the seal checks, the signature refuses.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegister } from 'suket/register';
import { generateSealKeys, verifySeal } from 'suket/seal';
import { isSuketError, prepareSigner } from 'suket/signature';

const keys = generateSealKeys();
const register = await openRegister(join(mkdtempSync(join(tmpdir(), 'suket-subpaths-')), 'suket.db'));
const input = JSON.parse(readFileSync(new URL('./resident.json', import.meta.url), 'utf8'));
const { sequence: _s, ...issuance } = JSON.parse(readFileSync(new URL('./issuance.json', import.meta.url), 'utf8'));
const cert = await register.issue(
  { ...input, photo: new Uint8Array(readFileSync(process.argv[2])) },
  { issuance: { ...issuance, numbering: '{seq:4}/DUKCAPIL/{year}' }, seal: { privateKey: keys.privateKeyPem } },
);
await register.close();
let refused;
try {
  prepareSigner({}, new Date());
} catch (e) {
  refused = isSuketError(e) ? e.code : 'not a SuketError';
}
const verdict = verifySeal(cert.barcodeText, { trustList: { keys: [keys.publicJwk] } });
console.log(JSON.stringify({ number: cert.number, valid: verdict.valid, sealedNumber: verdict.fields?.number, refused }));
