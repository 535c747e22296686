/** `suket demo`: a sample certificate for an invented resident, signed with a key made for the demo. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic.js';
import { example, lib, out, sample } from '../common.js';

export function addTo(program: Command): void {
  example(
    program
      .command('demo')
      .description('print a sample certificate for an invented resident, signed with a key made for the demo')
      .option('--out-dir <dir>', 'where to write', '.'),
    'suket demo --out-dir /tmp',
  ).action(async (f: { outDir: string }) => {
    const dir = resolve(f.outDir);
    await mkdir(dir, { recursive: true });
    const { generateSealKeys, issueCertificate } = await lib();
    const { sampleIssuance, sampleLogo, samplePortrait, sampleResident } = await sample();
    const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
    const issuance = sampleIssuance();
    issuance.office.logo = await sampleLogo();
    const issued = await issueCertificate({ ...sampleResident(), photo: await samplePortrait() }, { issuance, seal: { privateKey: keys.privateKeyPem } });
    const pdf = join(dir, 'suket-demo.pdf');
    const jwk = join(dir, 'suket-demo.jwk.json');
    await writeFileAtomic(pdf, issued.pdf);
    await writeFileAtomic(jwk, new TextEncoder().encode(JSON.stringify({ keys: [keys.publicJwk] }, null, 2) + '\n'));
    out(`Sample certificate ${issued.number} for an invented resident:`);
    out(`  PDF:        ${pdf} (${(issued.pdf.length / 1024).toFixed(1)} KB, SHA-256 ${issued.sha256.slice(0, 16)}...)`);
    out(`  public key: ${jwk} (the demo key; its private half was not kept)`);
    out(`Check its seal:  npx suket verify ${pdf} --trust ${jwk} --today 2026-12-01`);
  });
}
