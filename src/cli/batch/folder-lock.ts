/**
 * One batch per output folder at a time. Two runs writing one folder would
 * interleave its manifest and report and count rows twice; the register
 * alone keeps the numbers unique, not the folder. The lock is a file linked
 * into place whole (so it exists only with its content), naming the host, process and start of the run that
 * holds it, and touched every few seconds while it runs: a lock whose process
 * is gone (on this host) or that nobody touched for two minutes (a folder
 * shared with another host) was left by a run that was killed, and is taken
 * over, saying so.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { SuketError } from '../../errors.js';

export const LOCK_FILE = '.suket-batch.lock';
/** A running batch touches its lock this often... */
const HEARTBEAT_MS = 10_000;
/** ...so one untouched for this long was left by a run that is gone. */
const STALE_MS = 120_000;

interface Holder {
  host: string;
  pid: number;
  started: string;
}

export interface FolderLock {
  /** Set when a lock left by a killed run was taken over: who held it. */
  tookOver?: Holder;
  release(): Promise<void>;
}

const me = (): Holder => ({ host: hostname(), pid: process.pid, started: new Date().toISOString() });

/** True when the process that holds the lock is known to be gone, or its lock was not touched for STALE_MS. */
function gone(holder: Holder, touchedMs: number): boolean {
  if (Date.now() - touchedMs > STALE_MS) return true;
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Creates the lock whole: written beside, then linked into place, which fails when a lock is there (never an empty lock to read). */
async function create(file: string, holder: Holder): Promise<boolean> {
  const beside = `${file}.${process.pid}.new`;
  try {
    await writeFile(beside, JSON.stringify(holder), { mode: 0o600, flag: 'w' });
    await link(beside, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SuketError('IO_FAILED', [{ path: 'out', code: 'io', message: 'the output folder cannot be locked for this batch (no permission?)' }]);
  } finally {
    await unlink(beside).catch(() => {});
  }
}

const busy = (h: Holder) =>
  new SuketError('IO_FAILED', [
    {
      path: 'out',
      code: 'conflict',
      message: `another batch is writing this folder (process ${h.pid} on ${h.host}, started ${h.started}): wait for it, or give another --out`,
    },
  ]);

/**
 * Takes the folder's lock, or refuses naming the run that holds it.
 * @throws SuketError IO_FAILED (`out`, conflict) while another live batch holds it.
 * @example const lock = await lockFolder(outDir); try { ... } finally { await lock.release(); }
 */
export async function lockFolder(dir: string): Promise<FolderLock> {
  const file = join(dir, LOCK_FILE);
  const mine = me();
  let tookOver: Holder | undefined;
  for (let attempt = 0; !(await create(file, mine)); attempt++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const touched = await stat(file).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    let holder: Holder;
    try {
      holder = JSON.parse(text) as Holder;
    } catch {
      holder = { host: '?', pid: 0, started: '?' };
    }
    // A lock being written this instant, or one another run is taking over too: look again once.
    if (attempt >= 2 || !gone(holder, touched)) throw busy(holder);
    // Moved aside whole, so two runs that both found it stale cannot both take it: the second finds nothing to move.
    const aside = `${file}.${process.pid}.stale`;
    if (
      await rename(file, aside).then(
        () => true,
        () => false,
      )
    ) {
      const moved = await readFile(aside, 'utf8').catch(() => '');
      await unlink(aside).catch(() => {});
      if (moved !== text) throw busy(holder);
      tookOver = holder;
    }
  }
  const beat = setInterval(() => {
    const t = new Date();
    utimes(file, t, t).catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    ...(tookOver ? { tookOver } : {}),
    release: async () => {
      clearInterval(beat);
      // Only our own lock: never one another run took over after ours went stale.
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text === JSON.stringify(mine)) await unlink(file).catch(() => {});
    },
  };
}
