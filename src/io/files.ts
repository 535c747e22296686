/**
 * Reading a file that a caller names (a photo, a logo, a font): only a
 * regular file, never more than its limit, and never blocking. A FIFO or a
 * device (/dev/zero) is refused before a byte is read, and a file that
 * grows while it is read stops at the limit.
 */
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { SuketError, type IssueCode, type SuketErrorCode } from '../errors.js';

export interface ReadLimits {
  /** Bytes at most. */
  maxBytes: number;
  /** Where the problem is reported (`photo`, `issuance.office.logo`, `fonts.bold`). */
  path: string;
  /** How a file over the limit is reported; default IO_FAILED / too_big. */
  tooLarge?: { error: SuketErrorCode; code: IssueCode };
}

const REASONS: Record<string, string> = {
  ENOENT: 'no file at the given path',
  EACCES: 'the file may not be read (permissions)',
  EPERM: 'the file may not be read (permissions)',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'the given path runs through something that is not a folder',
  ELOOP: 'the given path has a symbolic link loop',
};

/** Why a file could not be opened, in plain words (never the path itself: it may hold a NIK). */
const ioReason = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  return REASONS[code] ?? `cannot be read (${code || 'I/O error'})`;
};

/**
 * Reads a regular file of at most `maxBytes`.
 * @throws SuketError IO_FAILED (or `limits.tooLarge`) naming `limits.path`, without the file name.
 */
export async function readLimitedFile(file: string, limits: ReadLimits): Promise<Uint8Array> {
  const fail = (code: IssueCode, message: string) => new SuketError('IO_FAILED', [{ path: limits.path, code, message }]);
  const tooLarge = () =>
    new SuketError(limits.tooLarge?.error ?? 'IO_FAILED', [
      { path: limits.path, code: limits.tooLarge?.code ?? 'too_big', message: `is larger than ${formatBytes(limits.maxBytes)}` },
    ]);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fail('io', ioReason(e));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fail('io', 'is not a regular file');
    if (info.size > limits.maxBytes) throw tooLarge();
    const buffer = new Uint8Array(Math.min(info.size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limits.maxBytes) throw tooLarge();
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof SuketError) throw e;
    throw fail('io', ioReason(e));
  } finally {
    await handle.close().catch(() => {});
  }
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${Math.round(n / 1024)} KB`);

/**
 * A path named inside a folder, resolved and kept there: no absolute path,
 * no `..`, and no symbolic link that leads out. Returns the real path, or
 * undefined when the name is missing or leads out; the two are not told
 * apart, so an answer never says whether a file outside the folder exists.
 */
export async function pathInside(folder: string, name: string): Promise<string | undefined> {
  if (!name || isAbsolute(name) || name.split(/[\\/]/).includes('..') || name.includes('\0')) return undefined;
  try {
    const root = await realpath(folder);
    const real = await realpath(resolve(root, name));
    const rel = relative(root, real);
    return rel && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? real : undefined;
  } catch {
    return undefined;
  }
}
