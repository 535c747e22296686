/**
 * `suket serve`: the HTTP service for office systems, and `suket serve keys`
 * for the client systems allowed to call it.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { CommanderError, type Command } from 'commander';
import { SuketError } from '../../errors.js';
import { err, example, out, positiveInt, registerFlag, settingsFrom, withRegister, type RegisterFlags } from '../common.js';
import { loadRegisterSettings, loadServeSettings, type ServeFileSettings } from '../settings.js';
import { readLists } from './verify.js';
import { DEFAULT_CLIENT_POLICY } from '../../serve/client-issuance.js';
import { userCommands } from './serve-users.js';

interface ServeFlags extends RegisterFlags {
  host?: string;
  port?: number;
  threads?: number;
  queue?: number;
  bodyLimit?: number;
  tlsCert?: string;
  tlsKey?: string;
  trust?: string;
  root?: string;
  revocations?: string;
  verifier?: string;
  /** false with --no-counter. */
  counter?: boolean;
}

const port = (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new CommanderError(2, 'suket.usage', 'error: --port must be a whole number from 0 to 65535');
  return n;
};

/** A number from the environment, or undefined; a malformed one is a usage error, not a silent default. */
function fromEnv(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new CommanderError(2, 'suket.usage', `error: ${name} must be a whole number`);
  return Number(v);
}

const readPem = (file: string, path: string) =>
  readFile(file).catch(() => {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: 'cannot be read' }]);
  });

/** Flags over the environment over the settings file over defaults. */
async function settingsOf(f: ServeFlags) {
  const file: ServeFileSettings = await loadServeSettings(f.office);
  const cert = f.tlsCert ?? process.env.SUKET_TLS_CERT ?? file.tls?.cert;
  const key = f.tlsKey ?? process.env.SUKET_TLS_KEY ?? file.tls?.key;
  if (Boolean(cert) !== Boolean(key)) throw new CommanderError(2, 'suket.usage', 'error: give both --tls-cert and --tls-key, or neither');
  const trustFile = f.trust ?? file.trust;
  const trust = trustFile
    ? await readLists({
        trust: trustFile,
        ...((f.root ?? file.root) ? { root: (f.root ?? file.root)! } : {}),
        ...((f.revocations ?? file.revocations) ? { revocations: (f.revocations ?? file.revocations)! } : {}),
      })
    : undefined;
  const bodyMb = f.bodyLimit ?? file.bodyLimitMb;
  const limits = {
    ...(bodyMb ? { bodyBytes: Math.round(bodyMb * 1024 * 1024) } : {}),
    ...(file.headersTimeoutSeconds ? { headersTimeoutMs: file.headersTimeoutSeconds * 1000 } : {}),
    ...(file.requestTimeoutSeconds ? { requestTimeoutMs: file.requestTimeoutSeconds * 1000 } : {}),
  };
  return {
    host: f.host ?? process.env.SUKET_HOST ?? file.host ?? '127.0.0.1',
    port: f.port ?? fromEnv('SUKET_PORT') ?? file.port ?? 8080,
    threads: f.threads ?? fromEnv('SUKET_THREADS') ?? file.threads ?? availableParallelism(),
    queue: f.queue ?? fromEnv('SUKET_QUEUE') ?? file.queue ?? 64,
    poolSize: fromEnv('SUKET_POOL_SIZE') ?? file.poolSize ?? DEFAULT_POOL_SIZE,
    ...(file.claimLeaseSeconds ? { claimLeaseMs: file.claimLeaseSeconds * 1000 } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(cert && key ? { https: { cert: await readPem(cert, 'tls.cert'), key: await readPem(key, 'tls.key') } } : {}),
    ...(trust ? { trust } : {}),
    ...((f.verifier ?? file.verifier) ? { verifier: resolve((f.verifier ?? file.verifier)!) } : {}),
    ...(file.clientIssuance ? { clientPolicy: { ...DEFAULT_CLIENT_POLICY, ...file.clientIssuance } } : {}),
    ...(f.counter === false ? { counter: false as const } : {}),
  };
}

/**
 * PostgreSQL connections a server holds by default: ten servers share a default
 * server's 100 connections with its 3 reserved and room to spare (README).
 */
const DEFAULT_POOL_SIZE = 10;

async function serve(f: ServeFlags): Promise<void> {
  const generate = await settingsFrom(f);
  // A wrong passphrase stops the service at start, not at each request.
  if (generate.sign) (await import('../../sign/index.js')).prepareSigner(generate.sign, new Date());
  const register = await loadRegisterSettings(f.office, typeof f.register === 'string' ? f.register : undefined);
  const { startService } = await import('../../serve/server.js');
  const settings = await settingsOf(f);
  const service = await startService({
    ...settings,
    register,
    generate,
    workerUrl: new URL('./serve-worker.js', import.meta.url),
  });
  const { id, kind, location } = service.identity;
  err(`suket serve: register ${id} (${kind}, ${location})`);
  // One line: a reader waiting for "listening on" has the verifier's address with it.
  const page = settings.verifier ? `; verifier page at ${service.url}/periksa/, its revocations signed by the service` : '';
  err(`suket serve: listening on ${service.url} (OpenAPI at ${service.url}/openapi.json${page})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      err(`suket serve: ${signal}: finishing requests in flight`);
      service.stop().then(resolve, (e: unknown) => {
        err(`suket serve: stopping failed: ${e instanceof Error ? e.name : 'error'}`);
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  err('suket serve: stopped');
}

function keyCommands(serveCommand: Command): void {
  const keys = serveCommand.command('keys').description('the client systems that may call the service (kept in the register)');
  // `serve` itself takes --office and --register too, so commander hands them to it: read them with the parent's.
  const withClients = <T>(cmd: Command, work: (c: import('../../register/clients.js').ApiClients) => Promise<T>) => withRegister(cmd, (r) => work(r.clients));
  example(
    registerFlag(keys.command('add').description('make a client and print its key, once').argument('<name>', 'the client system, e.g. opensid-kesambi'))
      .requiredOption('--scope <scopes>', 'what it may do, comma-separated: issue, void, read, verify')
      .option('--office <file>', 'office settings (where the register is)'),
    'suket serve keys add opensid-kesambi --scope issue,read --office kantor.json',
  ).action((name: string, f: { scope: string }, cmd: Command) =>
    withClients(cmd, async (clients) => {
      const { client, key } = await clients.add(
        name,
        f.scope.split(',').map((s) => s.trim()),
      );
      out(key);
      err(`client ${client.name} may: ${client.scopes.join(', ')}. The key above is shown once; the register keeps only its SHA-256.`);
    }),
  );
  registerFlag(
    keys.command('list').description('the clients, revoked ones too').option('--office <file>', 'office settings').option('--json', 'as JSON'),
  ).action((f: { json?: boolean }, cmd: Command) =>
    withClients(cmd, async (clients) => {
      const all = await clients.list();
      if (f.json) return out(JSON.stringify(all, null, 2));
      for (const c of all) out(`${c.name}\t${c.scopes.join(',')}\t${c.createdAt}${c.revokedAt ? `\trevoked ${c.revokedAt}` : ''}`);
    }),
  );
  registerFlag(keys.command('revoke').description("stop a client's key working").argument('<name>').option('--office <file>', 'office settings')).action(
    (name: string, _f: unknown, cmd: Command) =>
      withClients(cmd, async (clients) => {
        await clients.revoke(name);
        err(`revoked ${name}: its key stops working on every server within 10 s`);
      }),
  );
}

export function addTo(program: Command): void {
  const command = example(
    registerFlag(
      program
        .command('serve')
        .description('the HTTP service for office systems (PHP, Java, .NET ...): issue, read, void, verify')
        .option('--office <file>', 'office settings (JSON): issuance, template, key, register, serve')
        .option('--host <address>', 'address to listen on (default 127.0.0.1: put a reverse proxy in front, or give 0.0.0.0)')
        .option('--port <n>', 'port (default 8080)', port)
        .option('--threads <n>', 'render threads (default: one per core)', (v) => positiveInt(v, '--threads'))
        .option('--queue <n>', 'requests that may wait for a thread before the service answers 503 (default 64)', (v) => Number(positiveInt(v, '--queue')))
        .option('--body-limit <mb>', 'largest request body in MB (default 8)', (v) => positiveInt(v, '--body-limit'))
        .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM) ...')
        .option('--tls-key <file>', '... and this private key (PEM)')
        .option('--trust <file>', "what /v1/verify trusts: a trust list (default: the office's own seal key)")
        .option('--root <file>', 'the root key of a signed trust list')
        .option('--revocations <file>', 'a signed revocation list (the register voids are used in any case)')
        .option('--verifier <dir>', 'host this verifier site (suket verifier build) at /periksa/, with a revocation list the service signs')
        .option('--no-counter', 'do not host the counter page at /loket/'),
    ),
    'suket serve --office kantor.json --register postgres://suket@db/suket --port 8080',
  ).action((f: ServeFlags) => serve(f));
  keyCommands(command);
  userCommands(command);
}
