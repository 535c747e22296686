/** Writing a certificate to disk: all or nothing (temporary file, then rename). */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SuketError } from './errors.js';
import { issueCertificate, type GenerateOptions, type IssuedCertificate } from './generate.js';
import type { ResidentInput } from './validate/resident.js';

/** Writes bytes to `file` atomically: readers see the old file or the whole new one. */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(tmp, 'wx', 0o644);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    const reason = (e as NodeJS.ErrnoException).code ?? 'write failed';
    throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: `cannot be written (${reason})` }]);
  }
}

/** Renders a certificate into `file` atomically and returns its details. */
export async function writeCertificateFile(file: string, resident: ResidentInput, options: GenerateOptions = {}): Promise<IssuedCertificate> {
  const issued = await issueCertificate(resident, options);
  await writeFileAtomic(file, issued.pdf);
  return issued;
}
