/**
 * The batch folder's own records: `batch.json` (the issue day, fixed on
 * the first run), `manifest.jsonl` (each certificate in the folder, with
 * its SHA-256) and `report.jsonl` (this run's failures and warnings).
 * Numbers and the record of what was issued are the register's; the folder
 * says only which of them it holds.
 *
 * Nothing in the folder is trusted: files are opened without following
 * symbolic links, a manifest line counts only while its PDF is there with
 * the recorded SHA-256, and only our own temporary files are removed.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SuketError } from '../../errors.js';
import type { RowProblem } from './protocol.js';
import { writeFileAtomic } from '../../io/atomic.js';

export interface LedgerEntry {
  row: number;
  /** The row's content key: the same row in any order or any rerun is the same certificate. */
  key: string;
  sequence: number;
  number: string;
  file: string;
  sha256: string;
  warnings: string[];
}

interface State {
  version: 3;
  issuedAt: string;
}

/** File name of a certificate: from its sequence, never from personal data. */
export const fileFor = (sequence: number): string => `suket-${String(sequence).padStart(6, '0')}.pdf`;

// Only what writeFileAtomic leaves behind for our own files.
const OUR_TEMP = /^\.(suket-\d{6,}\.pdf|batch\.json|manifest\.jsonl)\.[0-9a-f]{12}\.tmp$/;

const folderError = (file: string, message: string) => new SuketError('IO_FAILED', [{ path: `out/${file}`, code: 'io', message }]);

/** Opens a file of the folder itself, never through a symbolic link, and only a regular file. */
async function openOwn(dir: string, file: string, flags: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(join(dir, file), flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw folderError(
      file,
      code === 'ELOOP' ? 'is a symbolic link: the batch folder may hold only its own files' : `cannot be opened (${code ?? 'I/O error'})`,
    );
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw folderError(file, 'is not a regular file');
  }
  return handle;
}

/** A file of the folder, or undefined when there is none; a link or a non-file is an error. */
export async function readOwn(dir: string, file: string): Promise<Buffer | undefined> {
  if (!(await lstat(join(dir, file)).catch(() => undefined))) return undefined;
  const h = await openOwn(dir, file, constants.O_RDONLY);
  try {
    return await h.readFile();
  } finally {
    await h.close();
  }
}

const lines = <T>(text: Buffer | string | undefined): T[] =>
  String(text ?? '')
    .split('\n')
    .flatMap((l) => {
      try {
        return l.trim() ? [JSON.parse(l) as T] : [];
      } catch {
        return []; // a line cut by a kill
      }
    });

export class Ledger {
  readonly #done = new Map<string, LedgerEntry>();

  private constructor(
    readonly dir: string,
    readonly issuedAt: string,
    private readonly manifest: FileHandle,
    private readonly report: FileHandle,
  ) {}

  /**
   * Opens (or starts) the ledger of a batch folder, checking every listed
   * certificate against its file.
   * @throws SuketError IO_FAILED for a folder file that is a link or not a file, or a folder of an older batch.
   */
  static async open(dir: string, o: { issuedAt: string }): Promise<Ledger> {
    await removeOurTemps(dir);
    const state = await loadState(dir, o);
    const checked = await checkManifest(dir);
    const manifest = await openOwn(dir, 'manifest.jsonl', constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
    const report = await openOwn(dir, 'report.jsonl', constants.O_WRONLY | constants.O_TRUNC | constants.O_CREAT);
    const ledger = new Ledger(dir, state.issuedAt, manifest, report);
    for (const e of checked) ledger.#done.set(e.key, e);
    return ledger;
  }

  /** The certificate the folder holds for this row key, checked against its file. */
  done(key: string): LedgerEntry | undefined {
    return this.#done.get(key);
  }

  /**
   * Lists a certificate in the folder; false when the line could not be
   * written (a full disk). Not synced: the register is the record, and a
   * rerun lists again what a crash lost.
   */
  async issued(entry: LedgerEntry): Promise<boolean> {
    try {
      await this.manifest.appendFile(`${JSON.stringify(entry)}\n`);
      this.#done.set(entry.key, entry);
      return true;
    } catch {
      return false;
    }
  }

  /** A row's problems (or warnings) for report.jsonl. */
  async note(row: number, kind: 'issues' | 'warnings', issues: readonly RowProblem[]): Promise<void> {
    await this.report.appendFile(`${JSON.stringify({ row, [kind]: issues })}\n`).catch(() => {});
  }

  async close(): Promise<void> {
    await Promise.all([this.manifest.close(), this.report.close()].map((p) => p.catch(() => {})));
  }
}

async function removeOurTemps(dir: string): Promise<void> {
  for (const f of await readdir(dir)) {
    if (!OUR_TEMP.test(f)) continue;
    const info = await lstat(join(dir, f)).catch(() => undefined);
    if (info?.isFile()) await unlink(join(dir, f)).catch(() => {});
  }
}

async function loadState(dir: string, o: { issuedAt: string }): Promise<State> {
  const text = await readOwn(dir, 'batch.json');
  if (text !== undefined) {
    let s: Partial<State> = {};
    try {
      s = JSON.parse(text.toString('utf8')) as Partial<State>;
    } catch {
      // fall through: unreadable state
    }
    if (s.version !== 3 || typeof s.issuedAt !== 'string')
      throw folderError('batch.json', 'is not the record of a batch of this version (numbers now come from the register): use a new folder');
    return s as State;
  }
  const s: State = { version: 3, issuedAt: o.issuedAt };
  await writeFileAtomic(join(dir, 'batch.json'), new TextEncoder().encode(`${JSON.stringify(s, null, 2)}\n`));
  return s;
}

/**
 * Manifest lines whose PDF is there with the recorded SHA-256, each row and
 * each file once; the others are dropped (a line repeated by an interrupted
 * or, before the folder lock, a concurrent run) and a file no line keeps is
 * removed. The manifest is rewritten when anything was dropped.
 */
export async function checkManifest(dir: string): Promise<LedgerEntry[]> {
  const text = await readOwn(dir, 'manifest.jsonl');
  const all = lines<LedgerEntry>(text);
  const good: LedgerEntry[] = [];
  const seen = new Set<string>();
  for (const e of all) {
    if (typeof e.file !== 'string' || !/^suket-\d{6,}\.pdf$/.test(e.file) || typeof e.key !== 'string') continue;
    if (seen.has(`key:${e.key}`) || seen.has(`file:${e.file}`)) continue;
    seen.add(`key:${e.key}`).add(`file:${e.file}`);
    const bytes = await readOwn(dir, e.file).catch(() => undefined);
    if (bytes && createHash('sha256').update(bytes).digest('hex') === e.sha256) good.push(e);
    else await unlink(join(dir, e.file)).catch(() => {});
  }
  const rawLines = String(text ?? '')
    .split('\n')
    .filter((l) => l.trim()).length;
  if (good.length !== rawLines)
    await writeFileAtomic(join(dir, 'manifest.jsonl'), new TextEncoder().encode(good.map((e) => `${JSON.stringify(e)}\n`).join('')));
  return good;
}
