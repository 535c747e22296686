/**
 * The files of a built static site the service hosts (the verifier page,
 * the counter): a name or assets/ and a name, of a known type, inside the
 * site's folder (a link leading out of it is not the site's); nothing else
 * is ever read.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

export const SITE_TYPES: Record<string, string> = {
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

/**
 * One file of a built site (the verifier page, the counter), by a name checked before any file is read.
 * @example await siteFile(site.dir, 'index.html', reply, 'the verifier site');
 */
export async function siteFile(dir: string, name: string, reply: FastifyReply, site: string, headers: Record<string, string> = {}) {
  const type = SITE_TYPES[extname(name)];
  if (!SITE_FILE.test(name) || !type) return reply.code(404).send({ error: 'NOT_FOUND', message: `no such file in ${site}` });
  try {
    // A link inside the site folder that leads out of it is not the site's.
    const real = await realpath(join(dir, name));
    if (!real.startsWith((await realpath(dir)) + sep)) throw new Error('outside');
    const body = await readFile(real);
    return reply.type(type).header('cache-control', cacheControl(name)).header('x-content-type-options', 'nosniff').headers(headers).send(body);
  } catch {
    return reply.code(404).send({ error: 'NOT_FOUND', message: `no such file in ${site}` });
  }
}
