/** What the commands share: output, flags, settings, the resident file, and lazy loading. */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { type Command, CommanderError, Option } from 'commander';
import { SuketError } from '../errors.js';
import { say } from '../language/catalogue.js';
import { languageOf, type Language } from '../language/language.js';
import { BUILTIN_TEMPLATES } from '../template/builtins.js';
import type { Register } from '../register/register.js';
import { loadRegisterSettings, loadSettings, readJson, type RegisterSettings } from './settings.js';

// Each command loads what it needs when it runs: --help stays quick, and a
// batch's main thread (which only reads rows) never loads pdfkit or sharp.
export const lib = () => import('../index.js');
export const sample = () => import('../sample.js');

export const out = (s: string): void => void process.stdout.write(`${s}\n`);
export const err = (s: string): void => void process.stderr.write(`${s}\n`);

/** Exit status 1 (or the given one) without a message of our own: the command said what failed. */
export class Failed extends Error {
  constructor(readonly status = 1) {
    super('failed');
  }
}

/**
 * The language of this run: `--lang`, else `SUKET_LANG`, else the locale.
 * Read from the command line itself, so help (written before the flags are
 * parsed) speaks it too.
 */
export function cliLanguage(argv: readonly string[] = process.argv): Language {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.slice('--lang='.length) : argv[at + 1];
  return languageOf(flag, process.env);
}

export const example = (cmd: Command, text: string): Command => cmd.addHelpText('after', () => `\n${say(cliLanguage(), 'cli.example')}\n  ${text}`);

export function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1) throw new CommanderError(2, 'suket.usage', `error: ${name} must be a whole number from 1`);
  return n;
}

/** Flags every printing command takes. */
export const officeFlags = (cmd: Command): Command =>
  cmd
    .option('--office <file>', 'office settings (JSON): issuance, template, paper, key')
    .option('--template <name|dir>', `template: ${BUILTIN_TEMPLATES.join(', ')}, or a folder`)
    .addOption(new Option('--paper <size>', 'paper size').choices(['F4', 'A4']))
    .option('--key <file>', 'seal private key (PKCS#8 PEM); without one the barcode is not a seal')
    .option('--issued-at <date>', 'issue date, YYYY-MM-DD (default: today in the office time zone)')
    .option('--sign-p12 <file>', 'also sign the PDF (PAdES) with this PKCS#12 file')
    .option('--sign-pass-env <name>', "the environment variable holding the PKCS#12 file's passphrase (never a flag; default SUKET_SIGN_PASS)")
    .option('--sign-tsa <url>', 'RFC 3161 time-stamp authority for the PDF signature (PAdES B-T)')
    .option('--sign-root <file>', "the signing certificate's chain must lead to this root (PEM or DER)");

/** One certificate's own number: given, or the pattern's sequence. */
export const generateFlags = (cmd: Command): Command =>
  officeFlags(cmd)
    .option('--number <text>', 'certificate number (instead of the numbering pattern)')
    .option('--sequence <n>', 'sequence for the numbering pattern', (v) => positiveInt(v, '--sequence'));

export interface GenerateFlags {
  office?: string;
  template?: string;
  paper?: string;
  key?: string;
  number?: string;
  sequence?: number;
  issuedAt?: string;
  signP12?: string;
  signPassEnv?: string;
  signTsa?: string;
  signRoot?: string;
}

export const settingsFrom = (f: GenerateFlags) =>
  loadSettings(f.office, {
    template: f.template,
    paper: f.paper,
    key: f.key,
    number: f.number,
    sequence: f.sequence,
    issuedAt: f.issuedAt,
    sign: { p12: f.signP12, passphraseEnv: f.signPassEnv, timestampUrl: f.signTsa, root: f.signRoot },
  });

/** A resident JSON file; its photo path is relative to the file. */
export async function residentFrom(file: string, photo: string | undefined): Promise<Record<string, unknown>> {
  const r = await readJson(file, 'resident');
  if (!r || typeof r !== 'object' || Array.isArray(r))
    throw new SuketError('INVALID_INPUT', [{ path: 'resident', code: 'type', message: 'must be a JSON object' }]);
  const resident = { ...(r as Record<string, unknown>) };
  if (photo) resident.photo = resolve(photo);
  else if (typeof resident.photo === 'string') resident.photo = resolve(dirname(resolve(file)), resident.photo);
  return resident;
}

/**
 * Says which photo an unreadable-photo error is about, without printing
 * its path (a photo file is often named by the NIK).
 */
export async function withPhotoSource<T>(fromFlag: boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof SuketError) || !e.issues.some((i) => i.path === 'photo' && i.code === 'io')) throw e;
    const where = fromFlag ? 'the file given with --photo' : "the file named in the resident's photo field";
    throw new SuketError(
      e.code,
      e.issues.map((i) => (i.path === 'photo' && i.code === 'io' ? { ...i, message: `${i.message} (${where})` } : i)),
      { cause: e },
    );
  }
}

/** The register flag every command that issues or reads records takes. */
export const registerFlag = (cmd: Command): Command =>
  cmd.option('--register <file|url>', 'the register: a file or postgres:// URL (default: SUKET_REGISTER, the settings, or suket.db beside them)');

export interface RegisterFlags {
  office?: string;
  /** false with --no-register */
  register?: string | false;
}

/**
 * Runs `work` with the register a subcommand names (its flags and its parents', e.g. `suket serve keys add --office`), then closes it.
 * @throws as `registerFrom`, and what `work` throws.
 */
export async function withRegister<T>(cmd: Command, work: (register: Register) => Promise<T>): Promise<T> {
  const { register } = await registerFrom(cmd.optsWithGlobals<RegisterFlags>());
  try {
    return await work(register);
  } finally {
    await register.close();
  }
}

/**
 * Opens the register a command names. Only `suket register init` creates
 * one (`create`); every other command refuses a location that holds none,
 * saying where it looked, so a second machine with a missing setting never
 * starts a register of its own.
 * @throws SuketError IO_FAILED (`register`) for a register that is not there or cannot be opened.
 */
export async function registerFrom(f: RegisterFlags, create = false): Promise<{ register: Register; settings: RegisterSettings }> {
  const settings = await loadRegisterSettings(f.office, typeof f.register === 'string' ? f.register : undefined);
  const file = !/^postgres(ql)?:\/\//i.test(settings.location);
  if (file && !create && !existsSync(settings.location))
    throw new SuketError('IO_FAILED', [
      {
        path: 'register',
        code: 'io',
        message: `there is no register at ${settings.location}: create it once with suket register init (same --office or --register), or name the office's register with --register or SUKET_REGISTER`,
      },
    ]);
  const { openRegister } = await import('../register/register.js');
  const register = await openRegister(settings.location, { storePdf: settings.storePdf, create });
  return { register, settings };
}

/** Who is issuing, as recorded: --operator, else the login name. */
export function operatorName(flag: string | undefined): string | undefined {
  if (flag) return flag;
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
