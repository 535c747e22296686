import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// The version printed in PDFs and by `suket --version`, taken from package.json when built.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __SUKET_VERSION__: JSON.stringify(version) };

// pdfkit and fontkit (with their own dependencies) are bundled too: Node 20
// loads some sixty ES module files for them, and the loader's per-file work
// was most of the 250 ms `import('pdfkit')` took. One file: about 100 ms.
// scripts/after-build.mjs then copies pdfkit's sRGB profile beside the bundle
// and writes the bundled packages' licences to dist/THIRD-PARTY-LICENSES.md.
const BUNDLED = ['zod', 'cborg', /^@noble\//, 'pdfkit', 'fontkit'];

// fontkit's brotli (WOFF2 only) is loaded on first use, not at start-up.
const lazyBrotli: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'lazy-brotli',
  setup(build) {
    build.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, () => ({
      path: fileURLToPath(new URL('./src/assets/brotli-lazy.ts', import.meta.url)),
    }));
  },
};

// zod's locale index (all forty-odd languages, 370 KB) becomes English only.
const englishOnlyZod: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'english-only-zod',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: fileURLToPath(new URL('./src/validate/zod-locales.ts', import.meta.url)) } : undefined,
    );
  },
};

const common: Options = {
  sourcemap: true,
  target: 'node20',
  define,
  noExternal: BUNDLED,
  esbuildPlugins: [lazyBrotli, englishOnlyZod],
};
const lib: Options = { ...common, entry: { index: 'src/index.ts', sample: 'src/sample.ts' }, shims: true };

export default defineConfig([
  // zod, cborg and @noble/* are bundled: loading zod's hundred module files
  // was most of the library's import time (126 ms alone); one file loads
  // faster (import 195 -> 150 ms).
  { ...lib, format: ['esm'], dts: true, clean: true },
  // CommonJS hosts: cborg and @noble/* ship ES modules only, with no
  // "require" export, so the CommonJS build carries them inside.
  { ...lib, format: ['cjs'], dts: true },
  {
    entry: {
      cli: 'src/cli/main.ts',
      'batch-worker': 'src/cli/batch/worker.ts',
      'pdf-worker': 'src/read/pdf-worker.ts',
      'serve-worker': 'src/serve/render-worker.ts',
    },
    ...common,
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
