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

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** A module swapped for one of suket's in the bundle, where `importer` (when given) imports it. */
function swapIn(name: string, filter: RegExp, file: string, importer?: RegExp): Plugin {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return { name, setup: (build) => build.onResolve({ filter }, (args) => (!importer || importer.test(args.importer) ? { path } : undefined)) };
}

// fontkit's brotli (WOFF2 only) is loaded on first use, not at start-up.
const lazyBrotli = swapIn('lazy-brotli', /^brotli\/decompress(\.js)?$/, './src/bundle/brotli-lazy.ts');
// pdfkit's AES (password encryption only, never used) builds 0.5 MB of tables at load.
const noEncryption = swapIn('no-pdf-encryption', /^@noble\/ciphers\/aes(\.js)?$/, './src/bundle/no-pdf-encryption.ts', /[\\/]pdfkit[\\/]/);
// fontkit's, unicode-properties' and linebreak's Unicode tables are unpacked on first lookup, with zlib.
const lazyUnicodeTrie = swapIn('lazy-unicode-trie', /^unicode-trie$/, './src/bundle/unicode-trie-lazy.ts');
// zod's locale index (all forty-odd languages, 370 KB) becomes English only.
const englishOnlyZod = swapIn('english-only-zod', /\/locales\/index\.js$/, './src/bundle/zod-locales.ts', /[\\/]zod[\\/]v4[\\/]/);

const common: Options = {
  sourcemap: true,
  target: 'node20',
  define,
  noExternal: BUNDLED,
  esbuildPlugins: [lazyBrotli, noEncryption, lazyUnicodeTrie, englishOnlyZod],
};
// The subpaths load only their part: suket/seal and suket/signature none of the renderer or a database driver.
const entry = {
  index: 'src/index.ts',
  sample: 'src/sample.ts',
  register: 'src/subpaths/register.ts',
  seal: 'src/subpaths/seal.ts',
  signature: 'src/subpaths/signature.ts',
};
const lib: Options = { ...common, entry, shims: true };

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
      'read-worker': 'src/read/read-worker.ts',
      'serve-worker': 'src/serve/render-worker.ts',
    },
    ...common,
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
