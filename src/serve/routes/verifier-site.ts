/**
 * GET /periksa/...: the verifier site, public (a bank teller's phone has no
 * key), read-only, and nothing but the site's own files: names are checked
 * before any is read, and the revocation list is the service's own.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import { PublishedRevocations } from '../hosted-verifier.js';

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

export function verifierSiteRoutes(app: FastifyInstance, c: ServiceContext): void {
  const site = c.verifier;
  if (!site) return;
  const published = new PublishedRevocations(site, () => c.revoked.list());
  app.get('/periksa', async (_req, reply) => reply.redirect(VERIFIER_PATH, 301));
  app.get(VERIFIER_PATH, async (_req, reply) => siteFile(site.dir, 'index.html', reply));
  app.get(`${VERIFIER_PATH}revocations.jws`, async (_req, reply) =>
    reply
      .type(TYPES['.jws']!)
      .header('cache-control', 'no-cache')
      .send(await published.get()),
  );
  app.get<{ Params: { '*': string } }>(`${VERIFIER_PATH}*`, async (req, reply) => siteFile(site.dir, req.params['*'], reply));
}
