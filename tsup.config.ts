import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The version printed in PDFs and by `suket --version`, taken from package.json when built.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __SUKET_VERSION__: JSON.stringify(version) };

const BUNDLED = ['zod', 'cborg', /^@noble\//];

const lib = { entry: { index: 'src/index.ts', sample: 'src/sample.ts' }, sourcemap: true, target: 'node20', shims: true, define } as const;

export default defineConfig([
  // zod, cborg and @noble/* are bundled: loading zod's hundred module files
  // was most of the library's import time (126 ms alone); one file loads
  // faster (import 195 -> 150 ms).
  { ...lib, format: ['esm'], dts: true, clean: true, noExternal: BUNDLED },
  // CommonJS hosts: cborg and @noble/* ship ES modules only, with no
  // "require" export, so the CommonJS build carries them inside.
  { ...lib, format: ['cjs'], dts: true, noExternal: BUNDLED },
  {
    entry: {
      cli: 'src/cli/main.ts',
      'batch-worker': 'src/cli/batch/worker.ts',
      'pdf-worker': 'src/read/pdf-worker.ts',
      'serve-worker': 'src/serve/render-worker.ts',
    },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    define,
    banner: { js: '#!/usr/bin/env node' },
    noExternal: BUNDLED,
  },
]);
