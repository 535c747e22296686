// Runs after tsup (npm run build, prepare). It fails the build when one of
// tsup.config.ts's module swaps matched nothing (check-swaps.mjs). Two things the bundle needs:
//  - pdfkit reads its sRGB profile (the PDF/A output intent) from data/
//    beside its own code, which in the bundle is dist/;
//  - the licences of every package bundled into dist/, read from the source
//    maps (so the list follows the bundle, never a hand-kept list).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { swapProblems } from './check-swaps.mjs';

// Checked first: mkdirSync below would otherwise make an empty dist/.
if (!existsSync('dist')) throw new Error('dist/ missing: run tsup first');
mkdirSync('dist/data', { recursive: true });
copyFileSync('node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', 'dist/data/sRGB_IEC61966_2_1.icc');

// Every source of every bundle, as a path from the project.
const sources = readdirSync('dist')
  .filter((f) => f.endsWith('.js.map') || f.endsWith('.cjs.map'))
  .flatMap((file) => JSON.parse(readFileSync(join('dist', file), 'utf8')).sources.map((s) => join('dist', s)));

// A swap of tsup.config.ts that matched nothing fails the build, saying which.
const swaps = swapProblems(sources);
if (swaps.length) throw new Error(`after-build: the bundle's module swaps did not all apply:\n  ${swaps.join('\n  ')}`);

// Package folders, nested ones included (a dependency's own copy of a package).
const bundled = new Set();
for (const source of sources) {
  const m = source.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  // tsup: its own shims, not a dependency. A path that is not there came
  // from a dependency's own source map (its build machine's folders).
  if (m && !m[1].endsWith('/tsup') && existsSync(join(m[1], 'package.json'))) bundled.add(m[1]);
}

const sections = [...bundled].sort().map((dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file
    ? readFileSync(join(dir, file), 'utf8').trim()
    : `${pkg.license} licence; copyright ${typeof pkg.author === 'string' ? pkg.author : (pkg.author?.name ?? 'its authors')}.`;
  return `## ${pkg.name} ${pkg.version} (${pkg.license ?? 'see below'})\n\n${text}\n`;
});
writeFileSync('dist/THIRD-PARTY-LICENSES.md', `# Packages bundled into suket's dist/\n\n${sections.join('\n')}`);
console.log(`after-build: ${bundled.size} bundled packages' licences in dist/THIRD-PARTY-LICENSES.md`);
