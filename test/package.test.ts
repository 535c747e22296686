/**
 * The package as an office installs it: packed, installed into an empty
 * project with nothing but TypeScript and Node's types beside it, checked by
 * publint and are-the-types-wrong, type-checked strictly (skipLibCheck
 * false), and the README's examples and `suket demo` run from there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'suket-pkg-'));
const app = join(work, 'app');
let tarball = '';

beforeAll(() => {
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'ignore' });
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  cpSync(join(root, 'test', 'consumers'), app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'kantor-app', private: true, type: 'module' }));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  // The versions this project already uses, so the install comes from npm's cache.
  const deps = [tarball, `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies['@types/node']}`];
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...deps], { cwd: app, stdio: 'ignore' });
  // better-sqlite3's install script compiles SQLite (two minutes here, where no prebuilt binary can be fetched):
  // the binary npm ci built for this project is the same version for the same Node, so it is reused.
  cpSync(join(root, 'node_modules', 'better-sqlite3', 'build'), join(app, 'node_modules', 'better-sqlite3', 'build'), { recursive: true });
}, 300_000);

describe('the packed package', () => {
  it('publint finds no error', () => {
    const out = execFileSync(bin('publint'), ['run', join(app, 'node_modules', 'suket'), '--strict'], { encoding: 'utf8' });
    expect(out).not.toMatch(/error/i);
  });

  it('are-the-types-wrong finds no problem for Node 16+ resolution, ESM and CommonJS', () => {
    execFileSync(bin('attw'), [tarball, '--profile', 'node16', '--format', 'ascii'], { encoding: 'utf8' });
  });

  it('its declarations compile under strict with skipLibCheck false, in a project that has only suket', () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['typed.mts', 'typed.cts'],
      }),
    );
    execFileSync(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });
  });

  it.each([...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m, i) => [i, m[1]!] as const))(
    'README example %i runs from the installed package',
    (i, code) => {
      const file = join(app, `readme-${i}.mjs`);
      writeFileSync(file, code);
      const out = execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
      // Each `// expected` comment right after a console.log names text the output must hold.
      for (const m of code.matchAll(/console\.log\([^\n]*\);\s*\/\/ ([^\n…]+)/g)) expect(out).toContain(m[1]!.trim().split(' ')[0]);
    },
  );

  it('`npx suket demo` prints a sealed sample from the installed package', () => {
    const out = execFileSync('npx', ['--no-install', 'suket', 'demo', '--out-dir', 'demo'], { cwd: app, encoding: 'utf8' });
    expect(out).toContain('suket-demo.pdf');
    const verify = execFileSync(
      'npx',
      ['--no-install', 'suket', 'verify', 'demo/suket-demo.pdf', '--trust', 'demo/suket-demo.jwk.json', '--today', '2026-12-01'],
      { cwd: app, encoding: 'utf8' },
    );
    expect(verify).toMatch(/^VALID/);
  });

  it('`suket trust` and `suket verifier build` make an office a verifier site from the installed package, offline', () => {
    const run = (...args: string[]) =>
      execFileSync('npx', ['--no-install', 'suket', ...args], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    run('trust', 'init', '--issuer', 'DISDUKCAPIL KOTA CIREBON', '--dir', 'trust');
    run('trust', 'add', 'demo/suket-demo.jwk.json', '--dir', 'trust');
    run('trust', 'sign', '--dir', 'trust', '--issued-at', '2026-11-01', '--next-update', '2027-06-01', '-o', 'trust-list.jws');
    run('verifier', 'build', '--root', 'trust/root.jwk.json', '--trust', 'trust-list.jws', '--out', 'site');
    const files = readdirSync(join(app, 'site'));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'sw.js', 'config.json', 'trust-list.jws', 'assets']));
    expect(readdirSync(join(app, 'site', 'assets')).some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(readdirSync(join(app, 'site'))).toEqual(expect.arrayContaining(['manifest.webmanifest', 'icon-192.png']));
    // An installation whose page is incomplete (a build that stopped half-way): refused, naming what is missing, and no site written.
    const page = join(app, 'node_modules', 'suket', 'dist', 'verifier');
    const worker = readFileSync(join(page, 'sw.js'));
    rmSync(join(page, 'sw.js'));
    try {
      const r = spawnSync('npx', ['--no-install', 'suket', 'verifier', 'build', '--root', 'trust/root.jwk.json', '--out', 'site-broken'], {
        cwd: app,
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('the built page is incomplete in this installation');
      expect(r.stderr).toContain('sw.js');
      expect(existsSync(join(app, 'site-broken'))).toBe(false);
    } finally {
      writeFileSync(join(page, 'sw.js'), worker);
    }
  });
});
