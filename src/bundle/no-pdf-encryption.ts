/**
 * Stands in for `@noble/ciphers/aes` in the bundled build (see
 * tsup.config.ts). pdfkit imports AES only to encrypt a PDF with a password,
 * and the module builds its lookup tables (two of 65,536 entries) as it
 * loads: about 20 ms of every process's first PDF. suket never encrypts (a
 * certificate is meant to be read by anyone; PDF/A forbids encryption), so
 * asking for it is a bug, and it says so.
 */
const refuse = (): never => {
  throw new Error('PDF encryption is not part of suket (a certificate is public; PDF/A forbids encryption)');
};

export const cbc = refuse;
export const ecb = refuse;
