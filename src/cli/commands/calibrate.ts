/** `suket calibrate`: the printer test sheet, to check before a print run. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../../io/atomic.js';
import { SuketError } from '../../errors.js';
import type { PaperName } from '../../template/papers.js';
import { err, example } from '../common.js';

export function addTo(program: Command): void {
  example(
    program
      .command('calibrate')
      .description('a printer test sheet: mm rulers, a 100 mm line, the 30 x 40 mm photo box, a QR at 0.423 mm modules; print it at 100% and measure')
      .addOption(new Option('--paper <size>', 'paper size').choices(['F4', 'A4']).default('F4'))
      .option('-o, --output <file>', 'PDF file (default: kalibrasi-<paper>.pdf)')
      .option('--force', 'replace an existing output file'),
    'suket calibrate --paper A4 -o kalibrasi-a4.pdf',
  ).action(async (f: { paper: PaperName; output?: string; force?: boolean }) => {
    const file = resolve(f.output ?? `kalibrasi-${f.paper}.pdf`);
    if (!f.force && existsSync(file))
      throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: 'exists already (use --force to replace it)' }]);
    const { calibrationSheet } = await import('../calibrate.js');
    // Not personal data: readable by everyone, like any printed form.
    await writeFileAtomic(file, await calibrationSheet(f.paper), 0o644);
    err(`wrote ${file}: print it on ${f.paper} at 100% (actual size), then measure the 100 mm line, the photo box and the 10-module bar`);
  });
}
