import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The version printed in PDFs and by `suket --version`, taken from package.json when built.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __SUKET_VERSION__: JSON.stringify(version) };

const lib = { entry: { index: 'src/index.ts', sample: 'src/sample.ts' }, sourcemap: true, target: 'node20', shims: true, define } as const;

export default defineConfig([
  { ...lib, format: ['esm'], dts: true, clean: true },
  // CommonJS hosts: cborg and @noble/* ship ES modules only, with no
  // "require" export, so the CommonJS build carries them inside.
  { ...lib, format: ['cjs'], dts: true, noExternal: ['cborg', /^@noble\//] },
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
  },
]);
