/**
 * GET /loket/...: the counter page's files, built into dist/counter. Public
 * (the page asks the clerk to log in), served with a policy that lets it
 * load nothing but its own files and be framed by no other site.
 */
import type { ServiceContext } from '../context.js';
import { COUNTER_PATH } from '../counter-auth.js';
import type { Route } from '../route.js';
import { siteFile } from '../site-files.js';

/** Its own scripts, styles and pictures only; the camera's pictures and the page shown before sending as blobs; no framing of it, no referrer. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; frame-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(self), microphone=()',
};

/** Whether this service hosts the counter (`--no-counter` turns it off): every counter route is served only then. */
export const counterHosted = (c: ServiceContext): boolean => c.counter !== undefined;
const page = (summary: string) => ({ summary, responses: { '200': { description: 'the file' }, '404': { description: 'not hosted, or no such file' } } });

export const counterSiteRoutes: Route[] = [
  {
    method: 'GET',
    url: COUNTER_PATH,
    served: counterHosted,
    doc: { summary: 'The counter page, at its address with the slash', responses: { '301': { description: 'to /loket/' } } },
    handler: async (_c, _req, reply) => reply.redirect(`${COUNTER_PATH}/`, 301),
  },
  {
    method: 'GET',
    url: `${COUNTER_PATH}/`,
    served: counterHosted,
    doc: page('The counter page: log in, draft, approve, print (Bahasa Indonesia, English on a toggle)'),
    handler: async (c, _req, reply) => siteFile(c.counter!.dir, 'index.html', reply, 'the counter page', PAGE_HEADERS),
  },
  {
    method: 'GET',
    url: `${COUNTER_PATH}/*`,
    served: counterHosted,
    doc: page("The counter page's scripts, styles and icons"),
    handler: async (c, req, reply) => siteFile(c.counter!.dir, req.params['*']!, reply, 'the counter page', PAGE_HEADERS),
  },
];
