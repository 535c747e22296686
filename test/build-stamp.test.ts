/**
 * `npm run demo` does not rebuild a current build (issue 35): the build
 * stamps dist/ with a digest of what it read, and the demo builds only
 * when the sources differ from it.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the build, without types.
import { isCurrent, sourcesDigest } from '../scripts/build-stamp.mjs';

describe('the build stamp', () => {
  it('says the build the suite made is current, and the demo then runs without rebuilding', () => {
    expect(isCurrent()).toBe(true);
    const before = statSync('dist/cli.js').mtimeMs;
    const r = spawnSync(process.execPath, ['scripts/build-stamp.mjs', 'ensure'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('dist/ is current: not rebuilt');
    expect(statSync('dist/cli.js').mtimeMs).toBe(before);
  });

  it('is the same for a copy of the sources, and changes when one source byte does', () => {
    const copy = mkdtempSync(join(tmpdir(), 'suket-stamp-'));
    for (const p of ['src', 'web', 'templates', 'fonts', 'scripts', 'tsup.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'])
      cpSync(p, join(copy, p), { recursive: true, filter: (f) => !f.includes('node_modules') });
    expect(sourcesDigest(copy)).toBe(sourcesDigest());
    appendFileSync(join(copy, 'src', 'index.ts'), '\n');
    expect(sourcesDigest(copy)).not.toBe(sourcesDigest());
    expect(isCurrent(copy)).toBe(false);
  });
});
