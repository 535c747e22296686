import { defineConfig } from 'tsup';

const lib = { entry: { index: 'src/index.ts' }, sourcemap: true, target: 'node20', shims: true } as const;

export default defineConfig([
  { ...lib, format: ['esm'], dts: true, clean: true },
  // CommonJS hosts: cborg and @noble/* ship ES modules only, with no
  // "require" export, so the CommonJS build carries them inside.
  { ...lib, format: ['cjs'], dts: true, noExternal: ['cborg', /^@noble\//] },
  {
    entry: { cli: 'src/cli/main.ts', 'batch-worker': 'src/cli/batch/worker.ts', 'pdf-worker': 'src/cli/pdf-worker.ts', sample: 'src/sample.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
