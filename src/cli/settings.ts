/**
 * The office settings file, so nobody retypes office, signatory, template,
 * key and numbering: JSON, paths in it relative to the file.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { SuketError } from '../errors.js';
import { fromZod } from '../validate/fields.js';
import type { GenerateOptions } from '../generate.js';
import { mergeIssuance, type IssuanceOverrides } from '../validate/issuance.js';
import { BUILTIN_TEMPLATES } from '../template/builtins.js';

const settingsSchema = z
  .object({
    $schema: z.string().optional(),
    issuance: z.record(z.string(), z.unknown()).optional(),
    template: z.string().optional(),
    paper: z.string().optional(),
    /** PKCS#8 PEM file of the seal key. */
    key: z.string().optional(),
    alg: z.enum(['ES256', 'EdDSA']).optional(),
  })
  .strict();

export interface CliOverrides {
  template?: string | undefined;
  paper?: string | undefined;
  key?: string | undefined;
  number?: string | undefined;
  sequence?: number | undefined;
  issuedAt?: string | undefined;
}

export async function readJson(file: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: 'cannot be read' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SuketError('INVALID_INPUT', [{ path, code: 'format', message: 'is not valid JSON' }]);
  }
}

/** Loads settings (if a file is given) and applies the command-line overrides. */
export async function loadSettings(file: string | undefined, over: CliOverrides): Promise<GenerateOptions> {
  let raw: z.infer<typeof settingsSchema> = {};
  const base = file ? dirname(resolve(file)) : process.cwd();
  if (file) {
    const parsed = settingsSchema.safeParse(await readJson(file, 'office'), { reportInput: true });
    if (!parsed.success) throw new SuketError('INVALID_INPUT', fromZod(parsed.error.issues, ['office']));
    raw = parsed.data;
  }
  const fromFile = { ...(raw.issuance ?? {}) } as IssuanceOverrides & Record<string, unknown>;
  const office = fromFile.office as Record<string, unknown> | undefined;
  if (office && typeof office.logo === 'string') fromFile.office = { ...office, logo: resolve(base, office.logo) };
  // The flags override the file by the library's own rule (a given number replaces the pattern and sequence).
  const flags: IssuanceOverrides = {};
  if (over.number !== undefined) flags.number = over.number;
  if (over.sequence !== undefined) flags.sequence = over.sequence;
  if (over.issuedAt !== undefined) flags.issuedAt = over.issuedAt;
  const issuance = mergeIssuance(fromFile, flags);
  const template = over.template ?? (raw.template !== undefined ? resolveTemplate(raw.template, base) : undefined);
  const keyFile = over.key ?? (raw.key !== undefined ? resolve(base, raw.key) : undefined);
  const options: GenerateOptions = { issuance };
  if (template) options.template = template;
  if (over.paper ?? raw.paper) options.paper = over.paper ?? raw.paper;
  if (keyFile) {
    let pem: string;
    try {
      pem = await readFile(keyFile, 'utf8');
    } catch {
      throw new SuketError('IO_FAILED', [{ path: 'key', code: 'io', message: 'the key file cannot be read' }]);
    }
    options.seal = raw.alg ? { privateKey: pem, alg: raw.alg } : { privateKey: pem };
  }
  return options;
}

/** A template named in a settings file: a built-in name, or a folder relative to the file. */
function resolveTemplate(t: string, base: string): string {
  return (BUILTIN_TEMPLATES as readonly string[]).includes(t) ? t : resolve(base, t);
}
