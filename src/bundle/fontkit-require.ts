/**
 * Loads one of fontkit's own dependencies from fontkit's install, where npm
 * puts it: the build's stand-ins (brotli-lazy.ts, unicode-trie-lazy.ts)
 * load the real module on first use, outside the bundle.
 * @throws Error from Node's resolver if fontkit or the module is not installed.
 * @example const decompress = requireFromFontkit('brotli/decompress.js');
 */
import { createRequire } from 'node:module';

export function requireFromFontkit(id: string): unknown {
  const fromHere = createRequire(import.meta.url);
  return createRequire(fromHere.resolve('fontkit'))(id);
}
