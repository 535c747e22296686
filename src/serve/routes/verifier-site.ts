/**
 * GET /periksa/...: the verifier site, public (a bank teller's phone has no
 * key), read-only, and nothing but the site's own files: names are checked
 * before any is read, and the revocation list is the service's own. Four
 * routes in one module: one site, served where `--verifier` hosts it.
 */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import { PublishedRevocations } from '../hosted-verifier.js';
import type { Route, RouteRequest } from '../route.js';
import { siteFile, SITE_TYPES } from '../site-files.js';

export const VERIFIER_PATH = '/periksa/';

/** The list each service signs, made once per service (a cache). */
const lists = new WeakMap<ServiceContext, PublishedRevocations>();

async function revocations(c: ServiceContext, _req: RouteRequest, reply: FastifyReply) {
  const published = lists.get(c) ?? new PublishedRevocations(c.verifier!, () => c.revoked.list());
  lists.set(c, published);
  return reply
    .type(SITE_TYPES['.jws']!)
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
    handler: async (c, _req, reply) => siteFile(c.verifier!.dir, 'index.html', reply, 'the verifier site'),
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
    handler: async (c, req, reply) => siteFile(c.verifier!.dir, req.params['*']!, reply, 'the verifier site'),
  },
];
