// npm run bench: what the archival PDF and a certified PDF signature cost per
// certificate, one core, the variants interleaved so drift hits them alike.
// Targets (issue 13): PDF/A under 1 ms extra; a local PKCS#12 signature under 5 ms.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGenerator, signPdf } from '../dist/index.js';
import { samplePortrait } from '../dist/sample.js';
import { issuanceData, residentData, SEAL_KEY } from './common.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 60 : 300;
const log = (s) => process.stderr.write(`${s}\n`);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

// A signer made here with openssl: RSA 2048 (what certified authorities issue to officials) and ECDSA P-256.
const dir = mkdtempSync(join(tmpdir(), 'suket-bench-sign-'));
const ossl = (...a) => execFileSync('openssl', a, { cwd: dir, stdio: 'ignore' });
for (const [name, key] of [
  ['rsa', ['rsa:2048']],
  ['ec', ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']],
]) {
  // An end entity for signing (a CA's certificate is refused as a signer).
  ossl(
    'req',
    '-x509',
    '-newkey',
    ...key,
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '30',
    '-subj',
    `/CN=Bench ${name}`,
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature,nonRepudiation',
  );
  ossl('pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-out', `${name}.p12`, '-passout', 'pass:bench');
}
const p12 = (name) => ({ p12: new Uint8Array(readFileSync(join(dir, `${name}.p12`))), passphrase: 'bench' });

const photo = await samplePortrait({ width: 354, height: 472 });
const seal = { privateKey: SEAL_KEY };
const variants = {
  'plain PDF (pdfA: false)': createGenerator({ seal, pdfA: false }),
  'PDF/A-2b (default)': createGenerator({ seal }),
  'PDF/A-2b + PAdES B-B, RSA 2048 PKCS#12': createGenerator({ seal, sign: p12('rsa') }),
  'PDF/A-2b + PAdES B-B, ECDSA P-256 PKCS#12': createGenerator({ seal, sign: p12('ec') }),
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const sizes = Object.fromEntries(Object.keys(variants).map((k) => [k, 0]));
log(`archive: ${rounds} certificates per variant, 354 x 472 photo, ES256 seal, interleaved, order rotated ...`);
const entries = Object.entries(variants);
for (let i = 0; i < rounds + 20; i++)
  // Each round starts with another variant: the first of a round was measurably slower.
  for (const [k, g] of entries.map((_, j) => entries[(i + j) % entries.length])) {
    const t = performance.now();
    const pdf = await g.generateCertificate({ ...residentData(i), photo }, { issuance: issuanceData(i) });
    if (i >= 20) {
      times[k].push(performance.now() - t);
      sizes[k] += pdf.length;
    }
  }

// The signature step alone, on a drawn PDF: its floor.
const drawn = await variants['PDF/A-2b (default)'].generateCertificate({ ...residentData(1), photo }, { issuance: issuanceData(1) });
const alone = {};
for (const name of ['rsa', 'ec']) {
  const o = p12(name);
  await signPdf(drawn, o);
  const t = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    await signPdf(drawn, o);
    t.push(performance.now() - s);
  }
  alone[name] = median(t);
}

const base = median(times['plain PDF (pdfA: false)']);
const rows = Object.keys(variants).map((k) => {
  const m = median(times[k]);
  return `| ${k} | ${m.toFixed(2)} | ${k.startsWith('plain') ? '' : `${m >= base ? '+' : ''}${(m - base).toFixed(2)}`} | ${(sizes[k] / rounds / 1024).toFixed(1)} |`;
});
console.log(
  [
    '| one core, one after another | median ms | extra ms | PDF KB |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    `signPdf alone on a drawn PDF (the signature's floor, the PKCS#12 file read once): RSA 2048 ${alone.rsa.toFixed(2)} ms, ECDSA P-256 ${alone.ec.toFixed(2)} ms.`,
  ].join('\n'),
);
