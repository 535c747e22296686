/** All-or-nothing file writes: a temporary file beside the target, fsync, rename. */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SuketError } from '../errors.js';

/**
 * Writes bytes to `file` atomically: readers see the old file or the whole
 * new one. Owner-only by default: what suket writes holds personal data.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx', mode);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    const reason = (e as NodeJS.ErrnoException).code ?? 'write failed';
    throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: `cannot be written (${reason})` }], { cause: e });
  }
}
