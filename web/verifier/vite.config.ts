// The offline verifier page: a static site built into dist/verifier, which
// `suket verifier build` copies for an office with its root key and lists.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Writes sw.js with this build's id (a hash of every file it ships) and the
 * list of those files: a rebuilt page gets a new worker, which the browser
 * installs, and a cache of its own (docs/seal-v1.md: the page must update).
 */
function serviceWorker(): Plugin {
  return {
    name: 'suket-service-worker',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = new Map<string, string | Uint8Array>();
      for (const [name, out] of Object.entries(bundle)) files.set(name, out.type === 'chunk' ? out.code : out.source);
      for (const name of readdirSync(here('public'))) files.set(name, readFileSync(here(`public/${name}`)));
      const hash = createHash('sha256');
      for (const name of [...files.keys()].sort()) hash.update(name).update('\0').update(files.get(name)!).update('\0');
      const source = readFileSync(here('sw.js'), 'utf8')
        .replace("'__BUILD__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
        .replace('__FILES__', JSON.stringify([...files.keys()].sort()));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: 'public',
  plugins: [serviceWorker()],
  build: {
    outDir: here('../../dist/verifier'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
