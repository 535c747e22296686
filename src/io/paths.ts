/** Where the package's own files (templates/, fonts/) are, from src/ or dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'suket') {
      root = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('suket: cannot find the package folder');
    dir = up;
  }
}

export const builtinTemplatesDir = () => join(packageRoot(), 'templates');
export const builtinFontsDir = () => join(packageRoot(), 'fonts');
/** The counter page as the build wrote it (dist/counter). */
export const builtCounterDir = () => join(packageRoot(), 'dist', 'counter');
