/** The package version, printed in the PDF's producer and by `suket --version`; from package.json at build time. */
declare const __SUKET_VERSION__: string;
export const VERSION: string = __SUKET_VERSION__;
