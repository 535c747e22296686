/** The package version, printed in the PDF's producer and by `suket --version`. */
export const VERSION = '0.1.0';
