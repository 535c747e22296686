/**
 * What the service's parts share, apart from them: its dependencies and
 * limits, the context every route gets, the trust it verifies with and the
 * register's voided numbers. Routes import this, never the app.
 */
import type { GenerateOptions } from '../options.js';
import type { CounterReset } from '../register/counter.js';
import type { Register, RegisterIdentity } from '../register/register.js';
import type { Revocation } from '../register/types.js';
import type { SealPublicJwk, TrustList } from '../seal/keys.js';
import type { Authenticator } from './auth.js';
import type { LoginThrottle } from './counter-auth.js';
import type { ClientIssuancePolicy } from './client-issuance.js';
import type { HostedVerifier } from './hosted-verifier.js';
import type { Metrics } from './metrics.js';
import type { Readers } from './reading.js';
import type { RenderPool } from './render-pool.js';

/** A template a client may ask for by name, and the papers it offers. */
export interface OfferedTemplate {
  name: string;
  /** What `generateCertificate` takes: a built-in name or the office's folder. */
  source: string;
  papers: string[];
}

export interface ServiceLimits {
  /** Largest request body (JSON with a base64 photo, a form's photo, a picture to verify). */
  bodyBytes: number;
  /** Time to receive a whole request; a slow client is cut off after it. */
  requestTimeoutMs: number;
  /** Time to receive the headers. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
}

export const DEFAULT_LIMITS: ServiceLimits = Object.freeze({
  bodyBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveMs: 5_000,
});

export interface ServiceDeps {
  register: Register;
  /** Which register this is (id, kind, location without a password): /ready shows it. */
  identity?: Pick<RegisterIdentity, 'id' | 'kind' | 'location'>;
  pool: RenderPool;
  /** The threads that read the PDFs and pictures sent to be verified. */
  readers: Readers;
  /** The office's settings: issuance, template, paper, seal. */
  generate: GenerateOptions;
  /** When the counter starts again (the settings' register.reset). */
  reset?: CounterReset;
  templates: OfferedTemplate[];
  /** The default template's name. */
  defaultTemplate: string;
  trust?: VerifyTrust;
  /** What a client may choose of an issuance (default: DEFAULT_CLIENT_POLICY). */
  clientPolicy?: ClientIssuancePolicy;
  /** The counter page's built files (dist/counter), hosted at /loket/; none: the counter is not hosted. */
  counter?: { dir: string };
  /** The verifier site to host at /periksa/, with the revocation list the service signs. */
  verifier?: HostedVerifier;
  limits?: Partial<ServiceLimits>;
  /** Where log lines go (default stdout); false for none. */
  log?: boolean | { destination: NodeJS.WritableStream };
  https?: { cert: Buffer; key: Buffer };
}

/** What the service trusts: a JWK Set (the office's own key by default) or a signed list with its roots, and published revocations. */
export interface VerifyTrust {
  trustList: TrustList | string;
  roots?: SealPublicJwk[];
  revocations?: string;
}

/** How long the register's voided numbers are reused before they are read again. */
const REVOKED_CACHE_MS = 10_000;
/** The register's voided certificates, read at most every few seconds (at once after this process voids one). */
export class RevokedNumbers {
  #cache: { at: number; list: Promise<Revocation[]> } | undefined;

  constructor(private readonly register: Register) {}

  /** Oldest first, as the revocation list publishes them. */
  list(): Promise<Revocation[]> {
    if (!this.#cache || Date.now() - this.#cache.at > REVOKED_CACHE_MS) {
      const list = this.register.revocations();
      list.catch(() => this.forget());
      this.#cache = { at: Date.now(), list };
    }
    return this.#cache.list;
  }

  get(): Promise<string[]> {
    return this.list().then((list) => list.map((r) => r.number));
  }

  forget(): void {
    this.#cache = undefined;
  }
}

/** What the routes share. */
export type ServiceContext = ServiceDeps & {
  auth: Authenticator;
  metrics: Metrics;
  limits: ServiceLimits;
  revoked: RevokedNumbers;
  /** true from the moment the service begins to stop. */
  lifecycle: { stopping: boolean };
  /** Wrong counter logins by address. */
  logins: LoginThrottle;
  /** The OpenAPI document of the routes served. */
  apiDocument: () => Record<string, unknown>;
};
