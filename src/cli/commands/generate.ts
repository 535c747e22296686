/** `suket generate`: one certificate from a resident (JSON) and a photo. */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import type { GenerateOptions, IssuedCertificate } from '../../generate.js';
import { printAdvice } from '../../template/papers.js';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../atomic.js';
import { officeNumbering } from '../settings.js';
import { photoFileProblem } from '../../assets/photo-file.js';
import {
  err,
  example,
  generateFlags,
  lib,
  operatorName,
  out,
  registerFlag,
  registerFrom,
  residentFrom,
  settingsFrom,
  withPhotoSource,
  type GenerateFlags,
  type RegisterFlags,
} from '../common.js';

export function register(program: Command): void {
  example(
    registerFlag(
      generateFlags(
        program
          .command('generate')
          .description('one certificate from a resident (JSON) and a photo, numbered and recorded by the register')
          .argument('<resident.json>', 'the resident, as in the README')
          .option('--photo <file>', 'the photo (else the path in the resident file)')
          .option('-o, --output <file>', 'PDF file, or - for standard output', 'suket.pdf')
          .option('--force', 'replace an existing output file')
          .option('--operator <name>', 'who issues it, as recorded (default: your login name)')
          .option(
            '--second-reason <text>',
            'why this resident gets a second certificate while one of theirs is still valid (recorded); else replace the old one',
          )
          .option('--no-register', 'print without the register: give --number or --sequence yourself (tests)')
          .option('--draft', 'a draft for approval: KONSEP across the page, no number, no seal, no signature, not recorded')
          .option('--json', 'print the details (number, file, SHA-256, warnings) as JSON'),
      ),
    ),
    'suket generate warga.json --photo foto.jpg --office kantor.json -o surat.pdf',
  ).action(async (file: string, f: Flags) => {
    // Refused before any work: a PDF already printed is never replaced by surprise.
    if (f.output !== '-' && !f.force && existsSync(resolve(f.output)))
      throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: 'exists already (use --force to replace it)' }]);
    // A folder that cannot take the file is found before a number is taken, not after the paper is issued.
    if (f.output !== '-') writableFolder(dirname(resolve(f.output)));
    if (f.register !== false && f.sequence !== undefined)
      throw new CommanderError(
        2,
        'suket.usage',
        'error: the register gives the sequence: drop --sequence, give --number for a fixed number, or use --no-register',
      );
    const options = { ...(await settingsFrom(f)), ...(f.draft ? { draft: true } : {}) };
    const resident = await residentFrom(file, f.photo);
    // A draft takes no number: the register is left alone.
    const withoutRegister = f.register === false || f.draft === true;
    const issued = await withPhotoSource(Boolean(f.photo), () => (withoutRegister ? unregistered(resident, options) : registered(resident, options, f)));
    if (f.output === '-') process.stdout.write(issued.pdf);
    else await writeFileAtomic(resolve(f.output), issued.pdf);
    report(issued, f);
  });
}

/** The output's folder exists and this user may write in it. */
function writableFolder(folder: string): void {
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    accessSync(folder, constants.W_OK);
  } catch {
    throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: 'is in a folder that does not exist or cannot be written' }]);
  }
}

type Flags = GenerateFlags &
  RegisterFlags & { photo?: string; output: string; force?: boolean; json?: boolean; operator?: string; draft?: boolean; secondReason?: string };
type Printed = IssuedCertificate;

async function unregistered(resident: unknown, options: GenerateOptions): Promise<Printed> {
  const { issueCertificate } = await lib();
  return issueCertificate(resident, options);
}

async function registered(resident: unknown, given: GenerateOptions, f: Flags): Promise<Printed> {
  // A --number is read against the office's pattern: one number in any padding, and the counter steps over it.
  const { registerIssuance } = await import('../../register/register.js');
  const options = { ...given, issuance: registerIssuance({ numbering: await officeNumbering(f.office) }, given.issuance) };
  // Bad input, or a photo file that is missing or no photo, opens no register.
  (await lib()).checkForRegister(resident, options);
  const photo = (resident as { photo?: unknown }).photo;
  const problem = typeof photo === 'string' ? await photoFileProblem(photo) : undefined;
  if (problem) throw new SuketError(problem.code === 'io' ? 'IO_FAILED' : 'INVALID_PHOTO', [problem]);
  const { register, settings } = await registerFrom(f);
  try {
    const operator = operatorName(f.operator);
    return await register.issue(resident, {
      ...options,
      ...(operator ? { operator } : {}),
      ...(settings.reset ? { reset: settings.reset } : {}),
      ...(f.secondReason ? { secondReason: f.secondReason } : {}),
    });
  } finally {
    await register.close();
  }
}

function report(issued: Printed, f: Flags): void {
  const details = {
    number: issued.number,
    file: f.output === '-' ? null : resolve(f.output),
    sha256: issued.sha256,
    sealed: issued.sealed,
    registered: f.register !== false && !issued.draft,
    draft: issued.draft,
    warnings: issued.warnings,
    paper: issued.paper,
  };
  if (f.json && f.output !== '-') {
    out(JSON.stringify(details, null, 2));
    return;
  }
  for (const w of issued.warnings) err(`warning: ${w.path}: ${w.message} [${w.code}]`);
  if (f.output === '-') return;
  const what = issued.draft
    ? 'a DRAFT (KONSEP): not numbered, not sealed, not signed, not recorded'
    : `${issued.number}${issued.sealed ? ', sealed' : ', NOT sealed: no --key'}${details.registered ? ', recorded in the register' : ', not recorded'}`;
  err(`wrote ${details.file} (${what})`);
  err(printAdvice(issued.paper));
}
