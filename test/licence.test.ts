/**
 * What an office ships when it installs suket: every package in the
 * production tree has a licence, none of the GPL family that would bind the
 * office's own system (GPL, AGPL). LGPL is allowed: it covers libvips,
 * which sharp loads as a separate, replaceable shared library.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** The licence a package declares, or the one its LICENSE file names when package.json has none. */
function licenceOf(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { license?: unknown; licenses?: Array<{ type?: string }> };
  if (typeof pkg.license === 'string') return pkg.license;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type).join(' OR ');
  for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license']) {
    const file = join(dir, f);
    if (!existsSync(file)) continue;
    const head = readFileSync(file, 'utf8').slice(0, 200);
    if (/^\s*(The )?MIT License/i.test(head)) return 'MIT (LICENSE file)';
    if (/^\s*ISC License/i.test(head)) return 'ISC (LICENSE file)';
  }
  return '';
}

describe('licences of what users install', () => {
  it('every production package has a licence, none GPL or AGPL', () => {
    const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' }).trim().split('\n').slice(1);
    expect(paths.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const dir of paths) {
      const licence = licenceOf(dir);
      const name = dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (!licence) bad.push(`${name}: no licence`);
      else if (/(^|[^L])GPL/i.test(licence)) bad.push(`${name}: ${licence}`);
    }
    expect(bad).toEqual([]);
  });

  it('the package carries its own LICENSE, as package.json says', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string; files: string[] };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

describe('what a host loads', () => {
  it('importing the library loads none of the CLI packages, nor the renderer (pdfkit, fontkit, sharp load with the first certificate)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suket-load-'));
    const log = join(dir, 'loaded.txt');
    // A resolve hook records every module the import pulls in, ES or CommonJS.
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
    );
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});`);
    const probe = `import * as suket from ${JSON.stringify(join(root, 'dist/index.js'))};
const cjs = (await import('node:module')).createRequire(import.meta.url);
const loaded = Object.keys(cjs.cache ?? {});
console.log(JSON.stringify({ exports: Object.keys(suket).length, cjs: loaded }));`;
    const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), '--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const loaded = readFileSync(log, 'utf8') + r.stdout;
    // The hook sees the packages that are loaded: dayjs is one.
    expect(loaded).toContain('node_modules/dayjs');
    for (const cliOnly of ['@hyzyla/pdfium', 'zxing-wasm', 'commander', 'csv-parse', 'cli-progress', 'mupdf', 'pdfkit', 'fontkit', 'sharp'])
      expect(loaded, cliOnly).not.toContain(`node_modules/${cliOnly}/`);
    // pdfkit and fontkit are bundled into dist/: none of the dist files the
    // import loaded holds their code (names of their own internals).
    const distFiles = [...new Set(loaded.match(/file:\/\/\S*\/dist\/[^\s"]+\.js/g) ?? [])];
    expect(distFiles.length).toBeGreaterThan(1);
    for (const url of distFiles) {
      const code = readFileSync(new URL(url), 'utf8');
      expect(code.includes('registerStdFontLoaders'), `pdfkit in ${url}`).toBe(false);
      expect(code.includes('TTFFont'), `fontkit in ${url}`).toBe(false);
    }
    // The control: the renderer's chunks do hold them, so the check can fail.
    const all = readdirSync(join(root, 'dist'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(root, 'dist', f), 'utf8'));
    expect(all.some((c) => c.includes('registerStdFontLoaders'))).toBe(true);
    expect(all.some((c) => c.includes('TTFFont'))).toBe(true);
  });

  it('dist/ carries the licence of every package bundled into it', () => {
    const notices = readFileSync(join(root, 'dist/THIRD-PARTY-LICENSES.md'), 'utf8');
    for (const name of ['pdfkit', 'fontkit', 'restructure', 'linebreak', 'unicode-properties', 'zod', 'cborg', '@noble/hashes'])
      expect(notices, name).toMatch(new RegExp(`^## ${name} \\d`, 'm'));
    expect(notices).toContain('Permission is hereby granted');
    expect(notices).toContain('Apache License');
  });
});
