/** `suket generate`: one certificate from a resident (JSON) and a photo. */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import type { GenerateOptions, IssuedCertificate } from '../../generate.js';
import type { Register } from '../../register/register.js';
import { printAdvice } from '../../template/papers.js';
import { messageIn, say } from '../../language/catalogue.js';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { officeNumbering } from '../settings.js';
import { photoFileProblem } from '../../render/plan/photo-file.js';
import {
  cliLanguage,
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

export function addTo(program: Command): void {
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
          .option('--idempotency-key <key>', 'the same key gives the same certificate (default: made from this command: resident, photo, office, day, output)')
          .option('--no-register', 'print without the register: give --number or --sequence yourself (tests)')
          .option('--draft', 'a draft for approval: KONSEP across the page, no number, no seal, no signature, not recorded')
          .option('--json', 'print the details (number, file, SHA-256, warnings) as JSON'),
      ),
    ),
    'suket generate warga.json --photo foto.jpg --office kantor.json -o surat.pdf',
  ).action(async (file: string, f: Flags) => {
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
    // A PDF already printed is never replaced by surprise (refused before any work), unless it is this very command's.
    if (withoutRegister) refuseExisting(f);
    const issued = await withPhotoSource(Boolean(f.photo), () => (withoutRegister ? unregistered(resident, options) : registered(resident, options, f)));
    if (f.output === '-') process.stdout.write(issued.pdf);
    else if (!('written' in issued)) await writeFileAtomic(resolve(f.output), issued.pdf);
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
  RegisterFlags & {
    photo?: string;
    output: string;
    force?: boolean;
    json?: boolean;
    operator?: string;
    draft?: boolean;
    secondReason?: string;
    idempotencyKey?: string;
  };
/** A certificate to write, or (`written`) one an earlier run of this command wrote to the output already. */
type Printed = (IssuedCertificate & { repeated?: boolean }) | (IssuedCertificate & { repeated: true; written: true });

function refuseExisting(f: Flags): void {
  if (f.output !== '-' && !f.force && existsSync(resolve(f.output)))
    throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: 'exists already (use --force to replace it)' }]);
}

/**
 * The key a one-off print is known by in the register: made from what makes
 * it this request (the resident as checked, the photo's bytes, the office's
 * issuance, template and paper, the issue day, the output), so running the
 * same command again after a crash gives the same number and the same file,
 * never a second number.
 */
async function commandKey(checked: { resident: object; issuance: object }, photo: unknown, options: GenerateOptions, f: Flags): Promise<string> {
  const photoDigest = typeof photo === 'string' ? sha256(await readFile(photo)) : photo instanceof Uint8Array ? sha256(photo) : null;
  const { photo: _p, ...resident } = checked.resident as Record<string, unknown>;
  const { logo: _l, ...office } = (checked.issuance as { office: Record<string, unknown> }).office;
  const request = {
    resident,
    photoDigest,
    issuance: { ...checked.issuance, office },
    template: options.template ?? null,
    paper: options.paper ?? null,
    output: f.output === '-' ? '-' : resolve(f.output),
  };
  return `generate:${sha256(Buffer.from(JSON.stringify(request))).slice(0, 40)}`;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The output holds what an earlier run of this command wrote: that certificate, and nothing to write. */
async function writtenBefore(register: Register, key: string, f: Flags): Promise<Printed | undefined> {
  const record = await register.byIdempotencyKey(key);
  if (record?.status !== 'issued' || f.output === '-' || !existsSync(resolve(f.output))) return undefined;
  if (sha256(await readFile(resolve(f.output))) !== record.sha256) return undefined;
  const pdf = await register.reprint(record.number);
  return {
    ...(record as unknown as IssuedCertificate),
    pdf,
    number: record.number,
    sha256: record.sha256,
    sealed: (record.barcodeText ?? '').includes('SK1:'),
    draft: false,
    warnings: [],
    paper: record.paper ?? '',
    repeated: true,
    written: true,
  };
}

async function unregistered(resident: unknown, options: GenerateOptions): Promise<Printed> {
  const { issueCertificate } = await lib();
  return issueCertificate(resident, options);
}

async function registered(resident: unknown, given: GenerateOptions, f: Flags): Promise<Printed> {
  // A --number is read against the office's pattern: one number in any padding, and the counter steps over it.
  const { registerIssuance } = await import('../../register/register.js');
  const options = { ...given, issuance: registerIssuance({ numbering: await officeNumbering(f.office) }, given.issuance) };
  // Bad input, or a photo file that is missing or no photo, opens no register.
  const checked = (await lib()).checkForRegister(resident, options);
  const photo = (resident as { photo?: unknown }).photo;
  const problem = typeof photo === 'string' ? await photoFileProblem(photo) : undefined;
  if (problem) throw new SuketError(problem.code === 'io' ? 'IO_FAILED' : 'INVALID_PHOTO', [problem]);
  const key = f.idempotencyKey ?? (await commandKey(checked, photo, options, f));
  const { register, settings } = await registerFrom(f);
  try {
    const before = await writtenBefore(register, key, f);
    if (before) return before;
    refuseExisting(f);
    const operator = operatorName(f.operator);
    return await register.issue(resident, {
      idempotencyKey: key,
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
    /** Issued by an earlier run of this same command (after a crash or a retry): the same number, not a second one. */
    repeated: issued.repeated === true,
  };
  if (f.json && f.output !== '-') {
    out(JSON.stringify(details, null, 2));
    return;
  }
  const language = cliLanguage();
  for (const w of issued.warnings) err(`${say(language, 'cli.warning')}${w.path}: ${messageIn(language, w)} [${w.code}]`);
  if (f.output === '-') return;
  const what = issued.draft
    ? say(language, 'cli.draft')
    : `${issued.number}${say(language, issued.sealed ? 'cli.sealed' : 'cli.not_sealed')}${say(language, details.registered ? 'cli.recorded' : 'cli.not_recorded')}`;
  const again = issued.repeated ? say(language, 'cli.repeated') : '';
  err(say(language, 'written' in issued ? 'cli.already_wrote' : 'cli.wrote', { file: String(details.file), what: what + again }));
  err(printAdvice(issued.paper, language));
}
