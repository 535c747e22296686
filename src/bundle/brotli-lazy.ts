/**
 * Stands in for `brotli/decompress.js` in the bundled build (see
 * tsup.config.ts). fontkit imports brotli at load only to open WOFF2 fonts,
 * and brotli decodes its 120 KB dictionary as soon as it loads: about a
 * quarter of fontkit's load time, paid by every process that never sees a
 * WOFF2 font. suket refuses WOFF fonts before fontkit sees them (fonts.ts),
 * so this is a safety net: brotli is loaded if fontkit ever asks for it.
 */
import { requireFromFontkit } from './fontkit-require.js';

type Decompress = (buffer: Uint8Array, outputSize?: number) => Uint8Array;

let decompress: Decompress | undefined;

/** brotli's `decompress`, loaded on first use from fontkit's own dependency. */
export default function lazyDecompress(buffer: Uint8Array, outputSize?: number): Uint8Array {
  decompress ??= requireFromFontkit('brotli/decompress.js') as Decompress;
  return decompress(buffer, outputSize);
}
