/** The built package, imported by an ES module and by a CommonJS program, and type-checked as both. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplePortrait } from '../src/sample.js';

const here = new URL('./consumers/', import.meta.url).pathname;

describe('consumers of the built package', () => {
  it.each([['esm.mjs'], ['cjs.cjs']])('%s imports suket and renders a certificate', async (file) => {
    const photo = join(mkdtempSync(join(tmpdir(), 'suket-consumer-')), 'p.jpg');
    writeFileSync(photo, await samplePortrait());
    const out = JSON.parse(execFileSync(process.execPath, [join(here, file), photo], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'SEKAR AYU LARASATI', pdf: '%PDF-', verdict: 'malformed' });
    expect(out.bytes).toBeGreaterThan(10_000);
  });

  it('types resolve for ESM and CommonJS TypeScript hosts', () => {
    execFileSync(process.execPath, [new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname, '-p', join(here, 'tsconfig.json')], {
      encoding: 'utf8',
    });
  });
});
