/**
 * Starting and stopping the service: the render threads, the register
 * (which renders through them), the templates it offers, and a stop that
 * finishes what is in flight before anything closes.
 */
import type { FastifyInstance } from 'fastify';
import type { GenerateOptions } from '../generate.js';
import type { CounterReset } from '../register/counter.js';
import { openRegister, type Register, type RegisterIdentity } from '../register/register.js';
import { publicJwk, type SealKeyOptions } from '../seal/keys.js';
import { BUILTIN_TEMPLATES } from '../template/builtins.js';
import { loadTemplate } from '../template/load.js';
import { buildService, DEFAULT_LIMITS, type OfferedTemplate, type ServiceDeps, type ServiceLimits } from './app.js';
import { RenderPool } from './render-pool.js';
import { Readers } from './reading.js';
import { openHostedVerifier } from './hosted-verifier.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtCounterDir } from '../io/paths.js';
import type { ClientIssuancePolicy } from './client-issuance.js';
import type { VerifyTrust } from './context.js';

export interface ServeSettings {
  host: string;
  port: number;
  /** Render threads (default: one per core). */
  threads: number;
  /** Requests that may wait for a thread; beyond them the service answers 503. */
  queue: number;
  /** PostgreSQL connections this server holds at most (default 10). */
  poolSize?: number;
  /** How long a claim is held without its server renewing it (default 60 s). */
  claimLeaseMs?: number;
  limits?: Partial<ServiceLimits>;
  https?: { cert: Buffer; key: Buffer };
  register: { location: string; storePdf: boolean; reset?: CounterReset };
  generate: GenerateOptions;
  /** What /v1/verify trusts; default: the office's own seal key. */
  trust?: VerifyTrust;
  /** A site `suket verifier build` wrote, to host at /periksa/ with a revocation list the service signs. */
  verifier?: string;
  /** The counter page's built folder to host at /loket/ (default: this installation's dist/counter); false: no counter. */
  counter?: string | false;
  /** What a client may choose of an issuance (default: DEFAULT_CLIENT_POLICY). */
  clientPolicy?: ClientIssuancePolicy;
  /** The built render thread (dist/serve-worker.js). */
  workerUrl: URL;
  log?: ServiceDeps['log'];
}

export interface RunningService {
  app: FastifyInstance;
  register: Register;
  /** Which register it issues from: logged at start and shown by /ready, so two servers can be seen to share one. */
  identity: RegisterIdentity;
  /** Where it listens, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Stops accepting, lets every request in flight finish, then closes threads and register. */
  stop(): Promise<void>;
}

/** How long one PDF or picture sent to be verified may take to read before its thread is stopped. */
const READ_TIMEOUT_MS = 10_000;

/** The built-in templates and the office's own (under its definition's name), with their papers. */
async function offeredTemplates(generate: GenerateOptions): Promise<{ templates: OfferedTemplate[]; defaultTemplate: string }> {
  const sources = new Set<string>(BUILTIN_TEMPLATES);
  const own = typeof generate.template === 'string' ? generate.template : undefined;
  if (own) sources.add(own);
  const templates: OfferedTemplate[] = [];
  let defaultTemplate = BUILTIN_TEMPLATES[0] as string;
  for (const source of sources) {
    const t = await loadTemplate(source);
    const name = t.definition.name;
    if (!templates.some((o) => o.name === name)) templates.push({ name, source, papers: t.papers.map((p) => p.name) });
    if (source === own) defaultTemplate = name;
  }
  return { templates, defaultTemplate };
}

/** The office's own public key, when the settings name a seal key. */
function ownTrust(generate: GenerateOptions): VerifyTrust | undefined {
  const seal = generate.seal as SealKeyOptions | undefined;
  if (!seal || !('privateKey' in seal)) return undefined;
  const { notBefore, notAfter } = seal;
  return { trustList: { keys: [publicJwk(seal.privateKey, { ...(notBefore ? { notBefore } : {}), ...(notAfter ? { notAfter } : {}) })] } };
}

/** The counter page to host: the folder given, or this installation's build when there is one. */
function counterSite(counter: string | false | undefined): { counter?: { dir: string } } {
  if (counter === false) return {};
  const dir = counter ?? builtCounterDir();
  return existsSync(join(dir, 'index.html')) ? { counter: { dir } } : {};
}

/**
 * Starts the service and listens.
 * @throws SuketError as `openRegister` (a register that cannot be reached), `loadTemplate` (the office's template); the listen error (a port in use).
 * @example const service = await startService(settings); process.once('SIGTERM', () => service.stop());
 */
export async function startService(s: ServeSettings): Promise<RunningService> {
  const { templates, defaultTemplate } = await offeredTemplates(s.generate);
  const verifier = s.verifier ? await openHostedVerifier(s.verifier, s.generate.seal as SealKeyOptions | undefined) : undefined;
  const pool = new RenderPool(s.workerUrl, s.threads, s.queue);
  let register: Register;
  try {
    register = await openRegister(s.register.location, {
      // A service never starts a register of its own: a second machine with a missing setting would hand out the same numbers.
      create: false,
      storePdf: s.register.storePdf,
      // A request holds a connection only while it claims or records (a number is claimed once a thread is free), so a
      // small pool serves every thread; several servers share one PostgreSQL within its max_connections.
      poolSize: s.poolSize ?? 10,
      ...(s.claimLeaseMs ? { abandonAfterMs: s.claimLeaseMs } : {}),
      // A number is taken only once a thread is free to render it.
      renderer: () => pool.thread(),
    });
  } catch (e) {
    await pool.close();
    throw e;
  }
  const trust = s.trust ?? ownTrust(s.generate);
  const readers = new Readers(s.threads, s.queue, READ_TIMEOUT_MS, s.limits?.bodyBytes ?? DEFAULT_LIMITS.bodyBytes);
  const identity = await register.identity();
  const app = buildService({
    register,
    identity,
    pool,
    readers,
    generate: s.generate,
    ...(s.register.reset ? { reset: s.register.reset } : {}),
    templates,
    defaultTemplate,
    ...(trust ? { trust } : {}),
    ...(verifier ? { verifier } : {}),
    ...counterSite(s.counter),
    ...(s.clientPolicy ? { clientPolicy: s.clientPolicy } : {}),
    ...(s.limits ? { limits: s.limits } : {}),
    ...(s.https ? { https: s.https } : {}),
    ...(s.log !== undefined ? { log: s.log } : {}),
  });
  try {
    await app.listen({ host: s.host, port: s.port });
  } catch (e) {
    await Promise.allSettled([pool.close(), readers.close(), register.close()]);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      // A client that went away leaves its certificate rendering: it is finished and recorded before the threads stop.
      await Promise.all([pool.drain(), readers.drain()]);
      await Promise.all([pool.close(), readers.close()]);
      await register.close();
    })());
  return { app, register, identity, url: listeningAt(app, s), stop };
}

/** The service's address, with the port the system gave when asked for port 0. */
function listeningAt(app: FastifyInstance, s: ServeSettings): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : s.port;
  const host = s.host.includes(':') ? `[${s.host}]` : s.host;
  return `${s.https ? 'https' : 'http'}://${host}:${port}`;
}
