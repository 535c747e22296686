/** What the commands share: output, flags, settings, the resident file, and lazy loading. */
import { dirname, resolve } from 'node:path';
import { type Command, CommanderError, Option } from 'commander';
import { SuketError } from '../errors.js';
import { BUILTIN_TEMPLATES } from '../template/builtins.js';
import { loadSettings, readJson } from './settings.js';

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

export const example = (cmd: Command, text: string): Command => cmd.addHelpText('after', `\nExample:\n  ${text}`);

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
    .option('--issued-at <date>', 'issue date, YYYY-MM-DD (default: today in the office time zone)');

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
}

export const settingsFrom = (f: GenerateFlags) =>
  loadSettings(f.office, { template: f.template, paper: f.paper, key: f.key, number: f.number, sequence: f.sequence, issuedAt: f.issuedAt });

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
