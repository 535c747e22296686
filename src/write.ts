/** Writing a certificate to disk: all or nothing. */
import { writeFileAtomic } from './atomic.js';
import { issueCertificate, type GenerateOptions, type IssuedCertificate } from './generate.js';
import type { ResidentInput } from './validate/resident.js';

/** Renders a certificate into `file` atomically and returns its details. */
export async function writeCertificateFile(file: string, resident: ResidentInput, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  const issued = await issueCertificate(resident, options);
  await writeFileAtomic(file, issued.pdf);
  return issued;
}
