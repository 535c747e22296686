/** Writing a certificate to disk: all or nothing, owner-only (it holds personal data). */
import { writeFileAtomic } from './io/atomic.js';
import { issueCertificate, type GenerateOptions, type IssuedCertificate } from './generate.js';

/**
 * Renders a certificate into `file` atomically (a temporary file beside it,
 * fsync, rename, mode 0600) and returns its details.
 * @throws SuketError as `issueCertificate` does; IO_FAILED (`output`) when the file cannot be written.
 * @example
 * const issued = await writeCertificateFile('hasil/surat.pdf', resident, { issuance });
 */
export async function writeCertificateFile(file: string, resident: unknown, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  const issued = await issueCertificate(resident, options);
  await writeFileAtomic(file, issued.pdf);
  return issued;
}
