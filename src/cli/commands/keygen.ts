/** `suket keygen`: a seal key pair, the private half owner-only. */
import { chmod, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SuketError } from '../../errors.js';
import { err, example, lib } from '../common.js';

export function addTo(program: Command): void {
  example(
    program
      .command('keygen')
      .description('a key pair for the seal: private key (owner-only) and public JWK with its kid')
      .option('--out <prefix>', 'file prefix', 'suket-seal')
      .addOption(new Option('--alg <alg>', 'algorithm').choices(['ES256', 'EdDSA']).default('ES256'))
      .option('--not-before <date>', 'first day the key may sign (YYYY-MM-DD)')
      .option('--not-after <date>', 'last day the key may sign (YYYY-MM-DD)')
      .option('--force', 'overwrite existing files'),
    'suket keygen --out cirebon-2027 --not-before 2027-01-01 --not-after 2027-12-31',
  ).action(async (f: { out: string; alg: 'ES256' | 'EdDSA'; notBefore?: string; notAfter?: string; force?: boolean }) => {
    const keyFile = resolve(`${f.out}.key.pem`);
    const jwkFile = resolve(`${f.out}.jwk.json`);
    if (!f.force && (existsSync(keyFile) || existsSync(jwkFile))) {
      throw new SuketError('IO_FAILED', [{ path: 'out', code: 'io', message: 'key files exist already (use --force to replace them)' }]);
    }
    const { generateSealKeys } = await lib();
    const pair = generateSealKeys({ alg: f.alg, ...(f.notBefore ? { notBefore: f.notBefore } : {}), ...(f.notAfter ? { notAfter: f.notAfter } : {}) });
    await writeFile(keyFile, pair.privateKeyPem, { mode: 0o600 });
    await chmod(keyFile, 0o600);
    await writeFile(jwkFile, JSON.stringify({ keys: [pair.publicJwk] }, null, 2) + '\n');
    err(
      `private key: ${keyFile} (keep it secret; owner-only)\npublic key:  ${jwkFile} (publish it: a trust list of one key)\nkid: ${pair.publicJwk.kid}, ${pair.publicJwk.alg}`,
    );
  });
}
