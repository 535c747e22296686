/**
 * GET /periksa/...: the verifier site, public (a bank teller's phone has no
 * key), read-only, and nothing but the site's own files: names are checked
 * before any is read, and the revocation list is the service's own. Four
 * routes in one module: one site, served where `--verifier` hosts it.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import { PublishedRevocations } from '../hosted-verifier.js';
import type { Route, RouteRequest } from '../route.js';

export const VERIFIER_PATH = '/periksa/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.jws': 'text/plain; charset=utf-8',
};

// A file of the site: a name, or assets/ and a name; nothing else is ever read.
const SITE_FILE = /^(?:assets\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Built files are named by their content and never change; the page, the worker and the lists are asked for again each time. */
const cacheControl = (name: string) => (name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');

async function siteFile(dir: string, name: string, reply: FastifyReply) {
  const type = TYPES[extname(name)];
  if (!SITE_FILE.test(name) || !type) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such file in the verifier site' });
  try {
    // A link inside the site folder that leads out of it is not the site's.
    const real = await realpath(join(dir, name));
    if (!real.startsWith((await realpath(dir)) + sep)) throw new Error('outside');
    const body = await readFile(real);
    return reply.type(type).header('cache-control', cacheControl(name)).header('x-content-type-options', 'nosniff').send(body);
  } catch {
    return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such file in the verifier site' });
  }
}

/** The list each service signs, made once per service (a cache). */
const lists = new WeakMap<ServiceContext, PublishedRevocations>();

async function revocations(c: ServiceContext, _req: RouteRequest, reply: FastifyReply) {
  const published = lists.get(c) ?? new PublishedRevocations(c.verifier!, () => c.revoked.list());
  lists.set(c, published);
  return reply
    .type(TYPES['.jws']!)
    .header('cache-control', 'no-cache')
    .send(await published.get());
}

const hosted = (c: ServiceContext) => c.verifier !== undefined;
const page = (summary: string, description: string) => ({
  summary,
  responses: { '200': { description }, '404': { description: 'not hosted, or no such file' } },
});

/** The offline verifier page, where the service hosts it (`--verifier`; else these answer 404). */
export const verifierSiteRoutes: Route[] = [
  {
    method: 'GET',
    url: '/periksa',
    served: hosted,
    doc: { summary: 'The verifier page, at its address with the slash', responses: { '301': { description: 'to /periksa/' } } },
    handler: async (_c, _req, reply) => reply.redirect(VERIFIER_PATH, 301),
  },
  {
    method: 'GET',
    url: VERIFIER_PATH,
    served: hosted,
    doc: page('The verifier page (works offline once visited)', 'text/html'),
    handler: async (c, _req, reply) => siteFile(c.verifier!.dir, 'index.html', reply),
  },
  {
    method: 'GET',
    url: `${VERIFIER_PATH}revocations.jws`,
    served: hosted,
    doc: page('The revocation list, signed by the service from the register, fresh on every request', 'application/jose'),
    handler: revocations,
  },
  {
    method: 'GET',
    url: `${VERIFIER_PATH}*`,
    served: hosted,
    doc: page("The page's other files: script, styles, icons, manifest, service worker, trust list", 'the file'),
    handler: async (c, req, reply) => siteFile(c.verifier!.dir, req.params['*']!, reply),
  },
];
