/**
 * The build's module swaps (tsup.config.ts) are checked after every build
 * (issue 35): a swap that stops matching, because a dependency moved a file,
 * fails the build by name instead of silently bundling what it replaced.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the build, without types.
import { SWAPS, swapProblems } from '../scripts/check-swaps.mjs';

/** Every source of every bundle in dist/, as after-build reads them. */
const built = () =>
  readdirSync('dist')
    .filter((f) => f.endsWith('.map'))
    .flatMap((f) => (JSON.parse(readFileSync(join('dist', f), 'utf8')) as { sources: string[] }).sources.map((s) => join('dist', s)));

describe("the build's module swaps", () => {
  it('all applied in the build the suite made: each stand-in bundled, nothing it replaces', () => {
    expect(SWAPS).toHaveLength(4);
    expect(swapProblems(built())).toEqual([]);
  });

  it('a swap that matched nothing is named: its stand-in missing, or what it replaces bundled', () => {
    const sources = built().filter((s) => !s.endsWith('src/bundle/brotli-lazy.ts'));
    sources.push('node_modules/zod/v4/locales/fr.js', 'node_modules/@noble/ciphers/esm/aes.js');
    expect(swapProblems(sources)).toEqual([
      'lazy-brotli: its stand-in src/bundle/brotli-lazy.ts is in no bundle (the swap matched nothing)',
      'no-pdf-encryption: node_modules/@noble/ciphers/esm/aes.js is bundled, which the swap was to replace',
      'english-only-zod: node_modules/zod/v4/locales/fr.js is bundled, which the swap was to replace',
    ]);
  });
});
