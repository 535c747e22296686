/** `suket preview`: a certificate (or the sample resident) as PNG, to look before printing. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GenerateOptions } from '../../generate.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { err, example, generateFlags, lib, positiveInt, residentFrom, sample, settingsFrom, type GenerateFlags } from '../common.js';

export function addTo(program: Command): void {
  example(
    generateFlags(
      program
        .command('preview')
        .description(
          'render a specimen (SPESIMEN across the page, a seal no verifier accepts) of a certificate or the sample resident to PNG, to look before printing',
        )
        .argument('[resident.json]', 'default: the invented sample resident')
        .option('--photo <file>', 'the photo')
        .option('-o, --output <file>', 'PNG file', 'suket-preview.png')
        .option('--dpi <n>', 'resolution', (v) => positiveInt(v, '--dpi'), 100),
    ),
    'suket preview --template ./templat-kantor --paper A4 -o lihat.png',
  ).action(async (file: string | undefined, f: GenerateFlags & { photo?: string; output: string; dpi: number }) => {
    const options = await settingsFrom(f);
    const { issueCertificate } = await lib();
    const { sampleIssuance, samplePortrait, sampleResident } = await sample();
    if (!f.office) options.issuance = { ...sampleIssuance(), ...options.issuance } as GenerateOptions['issuance'];
    const resident = file ? await residentFrom(file, f.photo) : { ...sampleResident(), photo: f.photo ? resolve(f.photo) : await samplePortrait() };
    // A specimen: SPESIMEN across the page, and, where the office seals, a seal made with a key made for this
    // preview alone, in no trust list, so the code is the office's size and no verifier accepts it.
    const { generateSealKeys } = await lib();
    const seal = options.seal
      ? { privateKey: generateSealKeys({ alg: options.seal.alg ?? 'ES256' }).privateKeyPem, alg: options.seal.alg ?? 'ES256' }
      : undefined;
    const issued = await issueCertificate(resident as never, { ...options, specimen: true, ...(seal ? { seal } : {}) });
    const { withReader } = await import('../../read/read-pool.js');
    await writeFileAtomic(resolve(f.output), await withReader(30_000, (reader) => reader.page(issued.pdf, Math.min(f.dpi, 600))));
    err(`wrote ${resolve(f.output)}`);
  });
}
