/**
 * The office settings file, so nobody retypes office, signatory, template,
 * key and numbering: JSON, paths in it relative to the file.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CLIENT_FIELDS } from '../serve/client-issuance.js';
import { SuketError } from '../errors.js';
import { jsonErrorPlace } from '../json-place.js';
import { fromZod } from '../validate/fields.js';
import type { GenerateOptions } from '../generate.js';
import { mergeIssuance, type IssuanceOverrides } from '../validate/issuance.js';
import { BUILTIN_TEMPLATES } from '../template/builtins.js';
import type { CounterReset } from '../register/counter.js';
import type { KeyWindow } from '../seal/keys.js';

const settingsSchema = z
  .object({
    $schema: z.string().optional(),
    issuance: z.record(z.string(), z.unknown()).optional(),
    template: z.string().optional(),
    paper: z.string().optional(),
    /** PKCS#8 PEM file of the seal key. */
    key: z.string().optional(),
    alg: z.enum(['ES256', 'EdDSA']).optional(),
    /** Sign the PDF (PAdES): a PKCS#12 file, the environment variable with its passphrase, an optional time-stamp authority and roots. */
    sign: z
      .object({
        p12: z.string().min(1),
        passphraseEnv: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
          .optional(),
        timestampUrl: z.string().url().optional(),
        roots: z.array(z.string().min(1)).max(10).optional(),
        reason: z.string().max(200).optional(),
        location: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
    /** The register: a file (relative to the settings) or a postgres:// URL; default suket.db beside the settings. */
    register: z
      .object({
        location: z.string().min(1).optional(),
        storePdf: z.boolean().optional(),
        reset: z.enum(['year', 'month', 'never']).optional(),
      })
      .strict()
      .optional(),
    /** `suket serve`: where it listens and what it trusts; paths relative to the file. */
    serve: z
      .object({
        host: z.string().min(1).optional(),
        port: z.number().int().min(0).max(65535).optional(),
        threads: z.number().int().min(1).max(256).optional(),
        queue: z.number().int().min(0).max(10_000).optional(),
        /** PostgreSQL connections this server may hold: servers x poolSize must stay within max_connections less its reserve. */
        poolSize: z.number().int().min(1).max(100).optional(),
        /** How long a claim is held without its server renewing it (every quarter of this); then any server may settle it. */
        claimLeaseSeconds: z.number().min(2).max(3600).optional(),
        bodyLimitMb: z.number().min(1).max(50).optional(),
        headersTimeoutSeconds: z.number().min(1).max(600).optional(),
        requestTimeoutSeconds: z.number().min(1).max(3600).optional(),
        tls: z
          .object({ cert: z.string().min(1), key: z.string().min(1) })
          .strict()
          .optional(),
        trust: z.string().min(1).optional(),
        root: z.string().min(1).optional(),
        revocations: z.string().min(1).optional(),
        /** A folder `suket verifier build` wrote: hosted at /periksa/, with a revocation list the service signs. */
        verifier: z.string().min(1).optional(),
        /** What a client system may choose of an issuance; default: issuedAt (today or yesterday), validUntil/validMonths (up to 6 months), place. */
        clientIssuance: z
          .object({
            fields: z.array(z.enum(CLIENT_FIELDS)).max(CLIENT_FIELDS.length).optional(),
            backdateDays: z.number().int().min(0).max(366).optional(),
            maxValidMonths: z.number().int().min(1).max(120).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The numbering pattern of a settings file, if it has one: a number given by hand is read against it. */
export async function officeNumbering(file: string | undefined): Promise<string | undefined> {
  const numbering = (await readSettings(file)).issuance?.numbering;
  return typeof numbering === 'string' ? numbering : undefined;
}

/** The settings' serve section, its paths made absolute. */
export type ServeFileSettings = NonNullable<z.infer<typeof settingsSchema>['serve']>;

/** Where the register is and how it keeps its records. */
export interface RegisterSettings {
  location: string;
  storePdf: boolean;
  reset?: CounterReset;
}

export interface CliOverrides {
  template?: string | undefined;
  paper?: string | undefined;
  key?: string | undefined;
  number?: string | undefined;
  sequence?: number | undefined;
  issuedAt?: string | undefined;
  /** From the flags; the settings file's `sign` fills what they leave out. */
  sign?: { p12?: string | undefined; passphraseEnv?: string | undefined; timestampUrl?: string | undefined; root?: string | undefined };
}

/** A file's name for a message: its name, unless it holds a run of 16 digits (a resident's file named by its NIK). */
const fileLabel = (file: string) => (/\d{16}/.test(basename(file)) ? 'the file given' : basename(file));

/** Why a file cannot be read, in words, from Node's error code. */
function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (no permission)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return 'cannot be read';
}

/**
 * A JSON file the command was given (settings, a resident, a key list).
 * @throws SuketError IO_FAILED naming the file and why it cannot be read; INVALID_INPUT naming the file and the line and column of a syntax error (never its text).
 */
export async function readJson(file: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: `${fileLabel(file)} ${readFailure(e)}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SuketError('INVALID_INPUT', [{ path, code: 'format', message: `${fileLabel(file)} is not valid JSON${jsonErrorPlace(text, e)}` }]);
  }
}

async function readSettings(file: string | undefined): Promise<z.infer<typeof settingsSchema>> {
  if (!file) return {};
  const parsed = settingsSchema.safeParse(await readJson(file, 'office'), { reportInput: true });
  if (!parsed.success) throw new SuketError('INVALID_INPUT', fromZod(parsed.error.issues, ['office']));
  return parsed.data;
}

/**
 * The register a command uses: `--register`, else SUKET_REGISTER, else the
 * settings' `register.location` (relative to the settings file), else
 * `suket.db` beside the settings file (or in the current folder). A URL's
 * password belongs in SUKET_REGISTER or PGPASSWORD, not in a settings file.
 */
export async function loadRegisterSettings(file: string | undefined, flag: string | undefined): Promise<RegisterSettings> {
  const raw = (await readSettings(file)).register ?? {};
  const base = file ? dirname(resolve(file)) : process.cwd();
  const given = flag ?? process.env.SUKET_REGISTER ?? raw.location;
  const location =
    given === undefined ? resolve(base, 'suket.db') : /^postgres(ql)?:\/\//i.test(given) ? given : resolve(flag !== undefined ? process.cwd() : base, given);
  return { location, storePdf: raw.storePdf ?? true, ...(raw.reset ? { reset: raw.reset } : {}) };
}

/** The settings file's `serve` section, with its file paths resolved against the file's folder. */
export async function loadServeSettings(file: string | undefined): Promise<ServeFileSettings> {
  const raw = (await readSettings(file)).serve ?? {};
  const base = file ? dirname(resolve(file)) : process.cwd();
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(base, p));
  return {
    ...raw,
    ...(raw.tls ? { tls: { cert: at(raw.tls.cert)!, key: at(raw.tls.key)! } } : {}),
    ...(raw.trust ? { trust: at(raw.trust)! } : {}),
    ...(raw.root ? { root: at(raw.root)! } : {}),
    ...(raw.revocations ? { revocations: at(raw.revocations)! } : {}),
    ...(raw.verifier ? { verifier: at(raw.verifier)! } : {}),
  };
}

/** Loads settings (if a file is given) and applies the command-line overrides. */
export async function loadSettings(file: string | undefined, over: CliOverrides): Promise<GenerateOptions> {
  const raw = await readSettings(file);
  const base = file ? dirname(resolve(file)) : process.cwd();
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
    const window = await sealWindow(pem, keyFile, raw.serve, base);
    options.seal = { privateKey: pem, ...window, ...(raw.alg ? { alg: raw.alg } : {}) };
  }
  const sign = await signFrom(raw.sign, base, over.sign);
  if (sign) options.sign = sign;
  return options;
}

const readFor = async (file: string, path: string, what: string) => {
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: `the ${what} cannot be read` }]);
  }
};

/** The PDF signature's options from flags over the settings file; the passphrase only from the environment. */
async function signFrom(
  raw: z.infer<typeof settingsSchema>['sign'],
  base: string,
  over: CliOverrides['sign'] = {},
): Promise<NonNullable<GenerateOptions['sign']> | undefined> {
  const p12File = over.p12 ? resolve(over.p12) : raw?.p12 ? resolve(base, raw.p12) : undefined;
  if (!p12File) return undefined;
  const envName = over.passphraseEnv ?? raw?.passphraseEnv ?? 'SUKET_SIGN_PASS';
  const passphrase = process.env[envName];
  if (passphrase === undefined)
    throw new SuketError('INVALID_KEY', [
      { path: 'sign.passphrase', code: 'required', message: `is read from the environment variable ${envName}, which is not set` },
    ]);
  const rootFiles = over.root ? [resolve(over.root)] : (raw?.roots ?? []).map((r) => resolve(base, r));
  const roots = await Promise.all(rootFiles.map((f, i) => readFor(f, `sign.roots[${i}]`, 'root certificate')));
  const timestampUrl = over.timestampUrl ?? raw?.timestampUrl;
  return {
    p12: await readFor(p12File, 'sign.p12', 'PKCS#12 file'),
    passphrase,
    ...(roots.length ? { roots } : {}),
    ...(timestampUrl ? { timestampUrl } : {}),
    ...(raw?.reason ? { reason: raw.reason } : {}),
    ...(raw?.location ? { location: raw.location } : {}),
  };
}

/** A template named in a settings file: a built-in name, or a folder relative to the file. */
function resolveTemplate(t: string, base: string): string {
  return (BUILTIN_TEMPLATES as readonly string[]).includes(t) ? t : resolve(base, t);
}

/**
 * The days a seal key may sign, from everywhere that says: the line
 * `keygen` writes above the key's PEM block (the library applies it
 * itself), the `.jwk.json` beside the key, and the office's own signed trust
 * list (`serve.trust` with `serve.root`), in which the key must then be.
 * Each that is there narrows the window; a key that says nothing of its
 * window is refused, so a key copied alone never seals outside it.
 * @throws SuketError INVALID_KEY (`key_window_unknown`, `key_not_trusted`, `seal_key`).
 */
async function sealWindow(pem: string, keyFile: string, serve: ServeFileSettings | undefined, base: string): Promise<KeyWindow> {
  const { keyFileWindow, narrowestWindow, publicJwk } = await import('../seal/keys.js');
  const kid = publicJwk(pem).kid;
  const written = keyFileWindow(pem);
  const beside = await keyWindowBeside(keyFile, kid);
  if (!written && !beside)
    throw new SuketError('INVALID_KEY', [
      {
        path: 'key',
        code: 'key_window_unknown',
        message:
          'does not say which days it may sign, and no .jwk.json is beside it: put the .jwk.json keygen wrote beside the key, or make a new key with suket keygen',
      },
    ]);
  const listed = serve?.trust && serve.root ? await trustListWindow(resolve(base, serve.trust), resolve(base, serve.root), kid) : undefined;
  return narrowestWindow(beside, listed);
}

/** The key's window in the office's signed trust list; a key not in it does not seal. */
async function trustListWindow(listFile: string, rootFile: string, kid: string): Promise<KeyWindow> {
  const { openTrustList } = await import('../trust/lists.js');
  const root = (await readJson(rootFile, 'serve.root')) as { keys?: unknown[] };
  const roots = (Array.isArray(root?.keys) ? root.keys : [root]) as Parameters<typeof openTrustList>[1];
  let jws: string;
  try {
    jws = (await readFile(listFile, 'utf8')).trim();
  } catch {
    throw new SuketError('IO_FAILED', [{ path: 'serve.trust', code: 'io', message: 'the trust list cannot be read' }]);
  }
  const { trustList } = openTrustList(jws, roots, new Date().toISOString().slice(0, 10));
  const mine = trustList.keys.find((k) => k.kid === kid) as KeyWindow | undefined;
  if (!mine)
    throw new SuketError('INVALID_KEY', [
      {
        path: 'key',
        code: 'key_not_trusted',
        message: "is not in the office's trust list (serve.trust): a verifier would refuse its seals; add it with suket trust add and sign a new edition",
      },
    ]);
  return { ...(mine.notBefore ? { notBefore: mine.notBefore } : {}), ...(mine.notAfter ? { notAfter: mine.notAfter } : {}) };
}

/**
 * The signing window of a key from the public key file `keygen` wrote beside
 * it (`kantor.key.pem` and `kantor.jwk.json`); undefined when there is none.
 * @throws SuketError INVALID_KEY when that file names another key.
 */
async function keyWindowBeside(keyFile: string, kid: string): Promise<KeyWindow | undefined> {
  const jwkFile = keyFile.replace(/\.key\.pem$/, '.jwk.json');
  if (jwkFile === keyFile) return undefined;
  let list: unknown;
  try {
    list = JSON.parse(await readFile(jwkFile, 'utf8'));
  } catch {
    return undefined;
  }
  const entries = (Array.isArray((list as { keys?: unknown })?.keys) ? (list as { keys: unknown[] }).keys : [list]) as Array<KeyWindow & { kid?: string }>;
  const mine = entries.find((k) => k && k.kid === kid);
  if (!mine) throw new SuketError('INVALID_KEY', [{ path: 'key', code: 'seal_key', message: 'the .jwk.json file beside the key is for another key' }]);
  return { ...(mine.notBefore ? { notBefore: mine.notBefore } : {}), ...(mine.notAfter ? { notAfter: mine.notAfter } : {}) };
}
