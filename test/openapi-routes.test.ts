/**
 * Every route the service answers is in its OpenAPI document, and every
 * documented path is a route (issue 35: the test checked four paths, so an
 * undocumented route passed). The service is built in-process on a real
 * SQLite register, hosting the verifier page, with the routes collected as
 * Fastify registers them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegister } from '../src/register/register.js';
import { buildService } from '../src/serve/app.js';
import { openApiDocument } from '../src/serve/openapi.js';
import { ROUTES } from '../src/serve/routes/index.js';
import { Readers } from '../src/serve/reading.js';
import { RenderPool } from '../src/serve/render-pool.js';

async function service() {
  const register = await openRegister(join(mkdtempSync(join(tmpdir(), 'suket-routes-')), 'suket.db'), { create: true });
  // Never started: no request reaches them here.
  const pool = new RenderPool(new URL('../dist/serve-worker.js', import.meta.url), 1, 1);
  const verifier = { dir: mkdtempSync(join(tmpdir(), 'suket-site-')), issuer: 'DISDUKCAPIL', key: { privateKey: 'unused here' } };
  const counter = { dir: mkdtempSync(join(tmpdir(), 'suket-counter-')) };
  const deps = { register, pool, readers: new Readers(1, 1, 1000, 1024), generate: {}, templates: [], defaultTemplate: 'suket-ktp-el', verifier, counter };
  return { register, app: buildService(deps) };
}

async function servedRoutes(): Promise<string[]> {
  const { register, app } = await service();
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      if (method !== 'HEAD') routes.push(`${method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{file}')}`);
  });
  await app.ready();
  await app.close();
  await register.close();
  return routes.sort();
}

describe('the OpenAPI document', () => {
  it('documents every route the service answers, and no route it does not', async () => {
    const paths = openApiDocument(ROUTES).paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
      .sort();
    expect(await servedRoutes()).toEqual(documented);
  });

  it('documents the scope each route enforces: no key is 401, a key without that scope 403, both before the body is read', async () => {
    const { register, app } = await service();
    try {
      const paths = openApiDocument(ROUTES).paths as Record<string, Record<string, { 'x-scope'?: string; security?: Array<Record<string, unknown>> }>>;
      const secured = Object.entries(paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.security?.[0]?.clientKey)
          .map(([method, op]) => ({ method: method.toUpperCase() as 'GET' | 'POST', url: path.replace('{number}', 'X%2F1'), scope: op['x-scope'] })),
      );
      expect(secured.map((r) => r.scope).sort()).toEqual(['issue', 'issue', 'read', 'read', 'verify', 'void', undefined]);
      let made = 0;
      for (const { method, url, scope } of secured) {
        const bare = await app.inject({ method, url, payload: method === 'POST' ? 'not json' : undefined, headers: { 'content-type': 'application/json' } });
        expect(bare.statusCode, `${method} ${url}`).toBe(401);
        if (!scope) continue;
        const other = (['issue', 'read', 'verify', 'void'] as const).filter((s) => s !== scope);
        const { key } = await register.clients.add(`lacks-${scope}-${++made}`, other);
        // A body that cannot be parsed: a 403 (not 400) shows the key was refused before it was read.
        const wrong = await app.inject({
          method,
          url,
          payload: method === 'POST' ? 'not json' : undefined,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        });
        expect(wrong.statusCode, `${method} ${url}`).toBe(403);
      }
    } finally {
      await app.close();
      await register.close();
    }
  });

  it('documents the counter routes that need a session: without one each is 401 before the body is read', async () => {
    const { register, app } = await service();
    try {
      const paths = openApiDocument(ROUTES).paths as Record<string, Record<string, { 'x-roles'?: string[]; security?: Array<Record<string, unknown>> }>>;
      const counter = Object.entries(paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.security?.[0]?.counterSession)
          .map(([method, op]) => ({ method: method.toUpperCase() as 'GET' | 'POST', url: path, roles: op['x-roles'] })),
      );
      expect(counter.length).toBeGreaterThanOrEqual(8);
      for (const { method, url, roles } of counter) {
        expect(roles!.length, `${method} ${url}`).toBeGreaterThan(0);
        const path = url.replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{number}', 'X%2F1');
        const r = await app.inject({ method, url: path, payload: method === 'POST' ? 'not json' : undefined, headers: { 'content-type': 'application/json' } });
        expect(r.statusCode, `${method} ${url}`).toBe(401);
      }
    } finally {
      await app.close();
      await register.close();
    }
  });
});
