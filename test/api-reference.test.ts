/**
 * The API reference in docs/api/ is the doc comments' (issue 35): typedoc
 * writes it again into a temporary folder, with every warning an error (a
 * public signature naming a type the package does not export fails here),
 * and each file must be the committed one. When it is stale:
 *   npm run docs:api      (and commit docs/api/)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

describe('the API reference', () => {
  it('is generated from the doc comments without a warning, and committed as generated', () => {
    const out = mkdtempSync(join(tmpdir(), 'suket-api-'));
    execFileSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--out', out, '--logLevel', 'Warn'], { encoding: 'utf8' });
    const committed = 'docs/api';
    expect(files(out)).toEqual(files(committed));
    const stale = files(out).filter((f) => readFileSync(join(out, f), 'utf8') !== readFileSync(join(committed, f), 'utf8'));
    expect(stale, 'docs/api is stale: run npm run docs:api and commit it').toEqual([]);
  }, 120_000);
});
