/** The built package, imported by an ES module and by a CommonJS program, and type-checked as both. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

  it('suket/register issues, suket/seal checks its seal and suket/signature refuses a signer, each by its subpath (ES module)', async () => {
    const photo = join(mkdtempSync(join(tmpdir(), 'suket-consumer-')), 'p.jpg');
    writeFileSync(photo, await samplePortrait());
    const out = JSON.parse(execFileSync(process.execPath, [join(here, 'subpaths.mjs'), photo], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({ number: '0001/DUKCAPIL/2026', valid: true, sealedNumber: '0001/DUKCAPIL/2026', refused: 'INVALID_KEY' });
  });

  it('the subpaths load from CommonJS too', () => {
    const out = JSON.parse(execFileSync(process.execPath, [join(here, 'subpaths.cjs')], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({ kind: 'cjs', seal: 'function', verdict: 'malformed', refused: 'INVALID_KEY', statuses: 4 });
  });

  it.each([['seal.js'], ['signature.js'], ['seal.cjs'], ['signature.cjs']])(
    'dist/%s loads none of the renderer (pdfkit, fontkit, sharp) or a database driver, as its doc says',
    (file) => {
      const code = staticClosure(new URL(`../dist/${file}`, import.meta.url).pathname).join('\n');
      expect(code.length).toBeGreaterThan(100);
      for (const part of [/PDFDocument/, /fontkit/, /["']sharp["']/, /["']pg["']/, /["']better-sqlite3["']/]) expect(code, String(part)).not.toMatch(part);
    },
  );
});

/** A built file and every file it imports statically, as text (a dynamic import() is loaded only when called). */
function staticClosure(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  const relative = [
    ...code.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["'](\.\/[^"']+)["']|(?:^|\n)\s*import\s*["'](\.\/[^"']+)["']|require\(["'](\.\/[^"']+)["']\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
  return [code, ...relative.flatMap((r) => staticClosure(join(dirname(file), r!), seen))];
}
