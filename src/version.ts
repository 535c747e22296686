/** The package version, printed in the PDF's producer and by `suket --version`; from package.json at build time. */
declare const __SUKET_VERSION__: string | undefined;
// Scripts run from source (tsx) have no build step: they say so instead of a version.
export const VERSION: string = typeof __SUKET_VERSION__ === 'string' ? __SUKET_VERSION__ : '0.0.0-source';
