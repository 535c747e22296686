/** The README's JavaScript examples run as written, against the built package. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Inside the package folder, so `import 'suket'` resolves to this package.
const work = join(root, 'test', '.readme-run');

describe('README examples', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(3));

  it.each(blocks.map((b, i) => [i, b] as const))('example %i runs', (i, code) => {
    mkdirSync(work, { recursive: true });
    const file = join(work, `example-${i}.mjs`);
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8' });
    // Each `// expected` comment right after a console.log names text the output must hold.
    for (const m of code.matchAll(/console\.log\([^\n]*\);\s*\/\/ ([^\n…]+)/g)) expect(out).toContain(m[1]!.trim().split(' ')[0]);
  });
});
