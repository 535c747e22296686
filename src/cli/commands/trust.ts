/**
 * `suket trust ...`: the office's published keys and revocations. A trust
 * folder holds the root key (kept offline, owner-only), its public JWK (what
 * verifiers carry) and `trust.json`, the seal keys of the next edition.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { SealPublicJwk } from '../../seal/keys.js';
import { err, example, positiveInt, registerFlag, registerFrom, type RegisterFlags } from '../common.js';
import { readJson } from '../settings.js';

interface TrustState {
  issuer: string;
  /** The edition last signed (0 before the first). */
  sequence: number;
  keys: SealPublicJwk[];
}

const day = (name: string) => (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new CommanderError(2, 'suket.usage', `error: ${name} must be a date written YYYY-MM-DD`);
  return v;
};
const today = () => new Date().toISOString().slice(0, 10);
const files = (dir: string) => ({ key: join(dir, 'root.key.pem'), jwk: join(dir, 'root.jwk.json'), state: join(dir, 'trust.json') });
const text = (s: string) => new TextEncoder().encode(s);

async function loadState(dir: string): Promise<TrustState> {
  const s = (await readJson(files(dir).state, 'trust')) as Partial<TrustState>;
  if (typeof s?.issuer !== 'string' || !Number.isInteger(s.sequence) || !Array.isArray(s.keys))
    throw new SuketError('INVALID_INPUT', [
      { path: 'trust', code: 'format', message: 'trust.json is not a trust folder of this suket (run suket trust init)' },
    ]);
  return s as TrustState;
}

const saveState = (dir: string, s: TrustState) => writeFileAtomic(files(dir).state, text(`${JSON.stringify(s, null, 2)}\n`), 0o644);

async function readKey(file: string, path: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: 'the key file cannot be read' }]);
  }
}

/** Adds the trust folder's flag to a subcommand. */
const dirFlag = (c: Command) => c.option('--dir <folder>', 'the trust folder', 'trust');

export function addTo(program: Command): void {
  const cmd = program.command('trust').description('the published keys: a root key signs the trust list of seal keys; seal keys sign revocations');
  initCommand(cmd);
  keyCommands(cmd);
  signCommand(cmd);
  revocationsCommand(cmd);
}

/** `init`: the root key and an empty trust folder. */
function initCommand(cmd: Command): void {
  example(
    dirFlag(cmd.command('init').description('make the root key (keep it offline) and an empty trust folder'))
      .requiredOption('--issuer <name>', 'who publishes the lists, as verifiers show it')
      .option('--force', 'replace an existing root key'),
    'suket trust init --issuer "DISDUKCAPIL KOTA CIREBON" --dir trust-cirebon',
  ).action(async (f: { dir: string; issuer: string; force?: boolean }) => {
    const dir = resolve(f.dir);
    const p = files(dir);
    if (!f.force && existsSync(p.key))
      throw new SuketError('IO_FAILED', [{ path: 'dir', code: 'io', message: 'holds a root key already (use --force to replace it)' }]);
    if (!f.issuer.trim() || f.issuer.length > 200) throw new CommanderError(2, 'suket.usage', 'error: --issuer must be 1 to 200 characters');
    await mkdir(dir, { recursive: true });
    const { generateSealKeys } = await import('../../seal/keys.js');
    const root = generateSealKeys();
    await writeFileAtomic(p.key, text(root.privateKeyPem));
    await writeFileAtomic(p.jwk, text(`${JSON.stringify(root.publicJwk, null, 2)}\n`), 0o644);
    await saveState(dir, { issuer: f.issuer.trim(), sequence: 0, keys: [] });
    err(`root key: ${p.key} (owner-only: keep it offline)\nroot public key: ${p.jwk} (give it to verifiers)\nkid: ${root.publicJwk.kid}`);
  });
}

/** `sign`: the next edition of the trust list, signed with the root key. */
function signCommand(cmd: Command): void {
  example(
    dirFlag(cmd.command('sign').description('sign the next edition of the trust list with the root key'))
      .requiredOption('--next-update <date>', 'by when the next edition will be out (verifiers warn after it)', day('--next-update'))
      .option('--issued-at <date>', 'default today', day('--issued-at'))
      .option('-o, --output <file>', 'the signed list', 'trust-list.jws'),
    'suket trust sign --dir trust-cirebon --next-update 2027-03-01 -o site/trust-list.jws',
  ).action(async (f: { dir: string; nextUpdate: string; issuedAt?: string; output: string }) => {
    const dir = resolve(f.dir);
    const state = await loadState(dir);
    const { signTrustList } = await import('../../trust/sign.js');
    const sequence = state.sequence + 1;
    const jws = await signTrustList(
      { issuer: state.issuer, issuedAt: f.issuedAt ?? today(), nextUpdate: f.nextUpdate, sequence, keys: state.keys },
      { privateKey: await readKey(files(dir).key, 'root') },
    );
    await writeFileAtomic(resolve(f.output), text(jws), 0o644);
    await saveState(dir, { ...state, sequence });
    err(`wrote ${resolve(f.output)} (edition ${sequence}, ${state.keys.length} key(s), next update ${f.nextUpdate})`);
  });
}

/** `add` and `retire`: the seal keys of the next edition. */
function keyCommands(cmd: Command): void {
  example(
    dirFlag(cmd.command('add').description('add seal keys (a .jwk.json from keygen) to the next edition').argument('<jwk.json>')),
    'suket trust add cirebon-2027.jwk.json --dir trust-cirebon',
  ).action(async (file: string, f: { dir: string }) => {
    const dir = resolve(f.dir);
    const state = await loadState(dir);
    const given = (await readJson(resolve(file), 'key')) as { keys?: SealPublicJwk[] } & SealPublicJwk;
    const keys = Array.isArray(given?.keys) ? given.keys : [given];
    const { readTrustList } = await import('../../seal/trust.js');
    readTrustList({ keys });
    for (const k of keys) {
      if (state.keys.some((h) => h.kid === k.kid))
        throw new SuketError('INVALID_INPUT', [{ path: 'key', code: 'conflict', message: `${k.kid} is in the trust list already` }]);
      state.keys.push(k);
    }
    await saveState(dir, state);
    err(`${keys.length} key(s) added: ${keys.map((k) => k.kid).join(', ')}; sign the list to publish them`);
  });

  example(
    dirFlag(cmd.command('retire').description("end a seal key's signing window; papers it sealed before stay valid").argument('<kid>')).option(
      '--last-day <date>',
      'the last day it may have signed (default today)',
      day('--last-day'),
    ),
    'suket trust retire Qm3xV9kT0aY --dir trust-cirebon',
  ).action(async (kid: string, f: { dir: string; lastDay?: string }) => {
    const dir = resolve(f.dir);
    const state = await loadState(dir);
    const key = state.keys.find((k) => k.kid === kid);
    if (!key) throw new SuketError('INVALID_INPUT', [{ path: 'kid', code: 'not_allowed', message: 'is not in the trust list' }]);
    const last = f.lastDay ?? today();
    if (key.notBefore && last < key.notBefore)
      throw new SuketError('INVALID_INPUT', [{ path: 'lastDay', code: 'date', message: `is before the key's first day (${key.notBefore})` }]);
    key.notAfter = key.notAfter && key.notAfter < last ? key.notAfter : last;
    await saveState(dir, state);
    err(`${kid} signs until ${key.notAfter}; sign the list to publish it`);
  });
}

/** `revocations`: the register's voided certificates, signed with a seal key. */
function revocationsCommand(cmd: Command): void {
  example(
    registerFlag(
      cmd
        .command('revocations')
        .description("sign the revocation list of the register's voided certificates with a seal key")
        .option('--office <file>', 'office settings (JSON), which name the register')
        .requiredOption('--key <file>', 'a seal key of the trust list (PKCS#8 PEM)')
        .requiredOption('--issuer <name>', 'as in the trust list')
        .requiredOption('--next-update <date>', 'by when the next edition will be out', day('--next-update'))
        .option('--issued-at <date>', 'default today', day('--issued-at'))
        .option('--since <n>', 'only the entries after this edition (a delta for phones)', (v) => positiveInt(v, '--since'))
        .option('-o, --output <file>', 'the signed list', 'revocations.jws'),
    ),
    'suket trust revocations --office kantor.json --key cirebon-2027.key.pem --issuer "DISDUKCAPIL KOTA CIREBON" --next-update 2026-12-02 -o site/revocations.jws',
  ).action(async (f: RegisterFlags & { key: string; issuer: string; nextUpdate: string; issuedAt?: string; since?: number; output: string }) => {
    const { register } = await registerFrom(f, false);
    try {
      const revocations = await register.revocations();
      const { signRevocations } = await import('../../trust/sign.js');
      const jws = await signRevocations(
        { issuer: f.issuer, issuedAt: f.issuedAt ?? today(), nextUpdate: f.nextUpdate, revocations, ...(f.since ? { since: f.since } : {}) },
        { privateKey: await readKey(f.key, 'key') },
      );
      await writeFileAtomic(resolve(f.output), text(jws), 0o644);
      err(`wrote ${resolve(f.output)} (${revocations.length - (f.since ?? 0)} of ${revocations.length} revocations)`);
    } finally {
      await register.close();
    }
  });
}
