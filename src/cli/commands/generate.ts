/** `suket generate`: one certificate from a resident (JSON) and a photo. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../atomic.js';
import { err, example, generateFlags, lib, out, residentFrom, settingsFrom, withPhotoSource, type GenerateFlags } from '../common.js';

export function register(program: Command): void {
  example(
    generateFlags(
      program
        .command('generate')
        .description('one certificate from a resident (JSON) and a photo')
        .argument('<resident.json>', 'the resident, as in the README')
        .option('--photo <file>', 'the photo (else the path in the resident file)')
        .option('-o, --output <file>', 'PDF file, or - for standard output', 'suket.pdf')
        .option('--force', 'replace an existing output file')
        .option('--json', 'print the details (number, file, SHA-256, warnings) as JSON'),
    ),
    'suket generate warga.json --photo foto.jpg --office kantor.json --sequence 12 -o surat.pdf',
  ).action(async (file: string, f: GenerateFlags & { photo?: string; output: string; force?: boolean; json?: boolean }) => {
    // Refused before any work: a PDF already printed is never replaced by surprise.
    if (f.output !== '-' && !f.force && existsSync(resolve(f.output)))
      throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: 'exists already (use --force to replace it)' }]);
    const options = await settingsFrom(f);
    const { issueCertificate } = await lib();
    const resident = await residentFrom(file, f.photo);
    const issued = await withPhotoSource(Boolean(f.photo), () => issueCertificate(resident, options));
    if (f.output === '-') process.stdout.write(issued.pdf);
    else await writeFileAtomic(resolve(f.output), issued.pdf);
    const details = {
      number: issued.number,
      file: f.output === '-' ? null : resolve(f.output),
      sha256: issued.sha256,
      sealed: issued.sealed,
      warnings: issued.warnings,
    };
    if (f.json && f.output !== '-') out(JSON.stringify(details, null, 2));
    else {
      for (const w of issued.warnings) err(`warning: ${w.path}: ${w.message} [${w.code}]`);
      if (f.output !== '-') err(`wrote ${details.file} (${issued.number}${issued.sealed ? ', sealed' : ', NOT sealed: no --key'})`);
    }
  });
}
