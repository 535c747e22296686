/**
 * The HTTP service as a Fastify instance: body parsers with fixed error
 * messages (a JSON parser's own message quotes the body), one JSON log line
 * per request without personal data, errors in one shape, and the routes.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import cookie from '@fastify/cookie';
import type { CounterRole } from '../register/accounts.js';
import { LoginThrottle, requireStaff, type Staff } from './counter-auth.js';
import { Authenticator, type Caller } from './auth.js';
import type { Scope } from '../register/clients.js';
import secureJson from 'secure-json-parse';
import { Metrics } from './metrics.js';
import { HttpProblem, toProblem } from './problems.js';
import { languageOfRequest } from '../language/language.js';
import { openApiDocument } from './openapi.js';
import { mountRoutes } from './route.js';
import { ROUTES } from './routes/index.js';
import { DEFAULT_LIMITS, RevokedNumbers, type ServiceDeps, type ServiceLimits } from './context.js';
export { DEFAULT_LIMITS, type OfferedTemplate, type ServiceContext, type ServiceDeps, type ServiceLimits } from './context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The scope a route needs (null: any valid key). The key is checked in
     * onRequest, before the body is read: an unknown client costs the
     * service no parsing (SECURITY.md).
     */
    scope?: Scope | null;
    /** The counter roles a route needs (a session cookie), checked in onRequest like a scope. */
    roles?: readonly CounterRole[];
  }
  interface FastifyRequest {
    /** The client system that called, once its key is checked. */
    client?: string;
    /** The caller and its scopes, set before the body is read on every route that names a scope. */
    caller?: Caller;
    /** The staff member at the counter, set before the body is read on every counter route. */
    staff?: Staff;
    /** The certificate the request was about, for the log line. */
    certificate?: string;
    /** The error code answered, for the log line. */
    problem?: string;
  }
}

/** A request id from the caller (a proxy's or an office system's), or a new one. */
const requestId = (req: { headers: Record<string, unknown> }): string => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
};

function logger(log: ServiceDeps['log']): FastifyServerOptions['logger'] {
  if (log === false) return false;
  const base = { level: 'info', base: { service: 'suket' }, messageKey: 'msg', serializers: { req: () => ({}), res: () => ({}) } };
  return typeof log === 'object' ? { ...base, stream: log.destination } : base;
}

/**
 * JSON with no `__proto__` or `constructor.prototype` keys (secure-json-parse
 * scans the text once and walks the value only when such a key appears),
 * and an error that never quotes the body.
 */
function parseJson(text: string): unknown {
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new HttpProblem(400, { error: 'BAD_REQUEST', message: 'the body is not valid JSON' });
  }
}

function bodyParsers(app: FastifyInstance, limits: ServiceLimits): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: limits.bodyBytes }, (_req, body, done) => {
    try {
      done(null, parseJson(String(body)));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser(
    ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
    { parseAs: 'buffer', bodyLimit: limits.bodyBytes },
    (_req, body, done) => done(null, body),
  );
  // Parts: the photo, resident and issuance (each a file or a field), template, paper, secondReason.
  app.register(multipart, { limits: { fileSize: limits.bodyBytes, files: 3, fields: 6, parts: 7, fieldSize: 1024 * 1024, headerPairs: 100 } });
}

/** One line per request: id, route pattern (never the raw URL), status, time, client, certificate. */
function requestLog(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    metrics.request(req.method, route, reply.statusCode, ms / 1000);
    req.log.info(
      { method: req.method, route, status: reply.statusCode, ms: Math.round(ms * 10) / 10, client: req.client, number: req.certificate, error: req.problem },
      'request',
    );
  });
}

function errors(app: FastifyInstance): void {
  app.setErrorHandler(async (error, req, reply) => {
    const { status, headers, body } = toProblem(error, languageOfRequest(req.headers['accept-language']));
    req.problem = body.error;
    // The stack and the error's class, not its message: an unexpected error's message may quote input.
    if (status >= 500 && body.error === 'INTERNAL')
      req.log.error({ error: (error as Error)?.name, stack: (error as Error)?.stack?.split('\n').slice(1, 8).join('\n') }, 'unexpected failure');
    return reply.code(status).headers(headers).type('application/json').send(body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const { status, headers, body } = toProblem(
      new HttpProblem(404, { error: 'NOT_FOUND', message: 'no such route (see /openapi.json)' }),
      languageOfRequest(req.headers['accept-language']),
    );
    return reply.code(status).headers(headers).send(body);
  });
}

/**
 * A client that asks `Expect: 100-continue` before a body larger than the
 * service takes gets 413 instead of 100, so it never sends the body (Node
 * answers 100 by itself otherwise, and a client then sending megabytes may
 * see the connection end before the 413). Every other request goes on as Node
 * would take it.
 */
function refuseLargeBeforeContinue(app: FastifyInstance, limits: ServiceLimits): void {
  app.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > limits.bodyBytes) {
      const body = JSON.stringify({ error: 'TOO_LARGE', message: 'the body is larger than the service accepts', issues: [] });
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
      return;
    }
    res.writeContinue();
    app.server.emit('request', req, res);
  });
}

/** Fastify's own answer to a malformed URL or an over-long path value quotes the URL, which may hold a NIK: ours quotes nothing. */
const badUrl = (_error: Error, _req: unknown, reply: { code(n: number): { type(t: string): { send(b: unknown): void } } }) =>
  reply.code(400).type('application/json; charset=utf-8').send({ error: 'BAD_REQUEST', message: 'the request URL is not valid', issues: [] });

/** Before the body is read or parsed: a route that names a scope answers 401/403 to a wrong key at once, a counter route to a missing session. */
function authenticateFirst(app: FastifyInstance, auth: Authenticator, register: ServiceDeps['register']): void {
  app.addHook('onRequest', async (req) => {
    const roles = req.routeOptions.config?.roles;
    if (roles) {
      req.staff = await requireStaff(req, register.accounts, roles);
      return;
    }
    const scope = req.routeOptions.config?.scope;
    if (scope === undefined) return;
    req.caller = await auth.require(req.headers.authorization, scope ?? undefined);
    req.client = req.caller.name;
  });
}

const nodeTimeouts = (limits: ServiceLimits) => ({ headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1000 });

/**
 * Builds the service without listening: routes, parsers, limits, logs.
 * @example const app = buildService({ register, pool, generate, templates, defaultTemplate: 'suket-ktp-el' }); await app.listen({ port: 8080 });
 */
export function buildService(deps: ServiceDeps): FastifyInstance {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const app = Fastify({
    logger: logger(deps.log),
    // Our own line per request replaces Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: limits.bodyBytes,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveMs,
    connectionTimeout: limits.requestTimeoutMs + 5_000,
    routerOptions: { maxParamLength: 300 },
    frameworkErrors: badUrl,
    // Our own 503 while stopping (below): Fastify's has no Retry-After and not the service's problem shape.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Node checks these timeouts every 30 s by default: every second, so a slow client is cut off near its time.
    ...(deps.https ? { https: { ...deps.https, ...nodeTimeouts(limits) } } : { http: nodeTimeouts(limits) }),
  } as FastifyServerOptions);
  refuseLargeBeforeContinue(app, limits);
  const metrics = new Metrics();
  const auth = new Authenticator(deps.register.clients);
  app.decorateRequest('client', undefined);
  app.decorateRequest('certificate', undefined);
  app.decorateRequest('problem', undefined);
  app.decorateRequest('caller', undefined);
  app.decorateRequest('staff', undefined);
  const lifecycle = { stopping: false };
  app.addHook('preClose', async () => {
    lifecycle.stopping = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // A request that reaches a stopping server (on a kept-alive connection) is sent elsewhere, in the usual shape.
    if (lifecycle.stopping)
      throw new HttpProblem(
        503,
        { error: 'SHUTTING_DOWN', message: 'this server is stopping: send the request again (another server, or this one once restarted)', issues: [] },
        { 'retry-after': '2', connection: 'close' },
      );
  });
  app.register(cookie);
  authenticateFirst(app, auth, deps.register);
  bodyParsers(app, limits);
  requestLog(app, metrics);
  errors(app);
  const context = {
    ...deps,
    auth,
    metrics,
    limits,
    lifecycle,
    revoked: new RevokedNumbers(deps.register),
    logins: new LoginThrottle(),
    apiDocument: () => openApiDocument(ROUTES),
  };
  app.register(async (scope) => mountRoutes(scope, context, ROUTES));
  return app;
}
