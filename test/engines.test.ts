/**
 * The Node version the README promises (`engines`: >=20.19) is one every
 * installed package accepts: `npm ci` on Node 20.19 warns of no engine
 * (EBADENGINE). cookie 2 wants Node 22 (through fastify's light-my-request);
 * package.json overrides it with cookie 1.1.1, which has the same functions.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { engines?: { node?: unknown } | string[] }>;
};

describe('the Node version suket supports', () => {
  it('is accepted by every package the lockfile installs', () => {
    const lowest = semver.minVersion(pkg.engines.node)!.version;
    expect(lowest).toBe('20.19.0');
    const refusing = Object.entries(lock.packages).flatMap(([name, p]) => {
      const node = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      return typeof node === 'string' && !semver.satisfies(lowest, node) ? [`${name} wants node ${node}`] : [];
    });
    expect(refusing).toEqual([]);
  });
});
