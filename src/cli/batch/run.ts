/**
 * `suket batch`: thousands of certificates from CSV or JSON Lines, spread
 * over worker threads. Each row is known by its content: a rerun, or the
 * same rows exported again in another order, issues exactly the rows that
 * have no certificate yet, and a row keeps the number it was given first.
 * Safe to kill at any instant (see ledger.ts).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { SuketError, type Issue } from '../../errors.js';
import { CIVIL_DATE_MESSAGE } from '../../dates.js';
import type { GenerateOptions } from '../../generate.js';
import { pathInside } from '../../assets/files.js';
import { DEFAULT_TIME_ZONE, resolveTimeZone } from '../../time-zones.js';
import { issueDay } from '../../validate/issuance.js';
import { checkResident } from '../../validate/resident.js';
import { fileFor, Ledger } from './ledger.js';
import { WorkerPool } from './pool.js';
import { Progress, type Counts } from './progress.js';
import { readRows, type InputRow } from './input.js';
import type { JobMessage, ResultMessage, RowProblem } from './protocol.js';

export interface BatchOptions {
  input: string;
  /** The photo folder; default: the input file's folder. */
  photos?: string | undefined;
  outDir: string;
  options: GenerateOptions;
  jobs?: number | undefined;
  /** Sequence of the first certificate of this folder. */
  firstSequence: number;
  json: boolean;
  debug: boolean;
  /** Where the worker script is (the built dist/batch-worker.js). */
  workerUrl: URL;
}

export interface BatchSummary extends Counts {
  total: number;
  /** Rows that repeat an earlier row of the input (issued once). */
  duplicates: number;
  seconds: number;
  manifest: string;
  report: string;
}

/** The batch stopped on SIGINT or SIGTERM; what was finished is kept. */
export class Interrupted extends Error {}

const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'];

/** A row's identity: SHA-256 of its content, keys sorted, so order and reruns do not matter. */
export function rowKey(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex')
    .slice(0, 32);
}

async function checkPaths(o: BatchOptions, outDir: string): Promise<string> {
  const isDir = (p: string) =>
    stat(p).then(
      (s) => s.isDirectory(),
      () => false,
    );
  const photos = o.photos ?? dirname(o.input);
  if (o.photos && !(await isDir(o.photos))) throw new SuketError('IO_FAILED', [{ path: 'photos', code: 'io', message: 'the photo folder does not exist' }]);
  if (
    !(await stat(o.input).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    throw new SuketError('IO_FAILED', [{ path: 'input', code: 'io', message: 'the input file does not exist' }]);
  await mkdir(outDir, { recursive: true }).catch(() => {
    throw new SuketError('IO_FAILED', [{ path: 'out', code: 'io', message: 'the output folder cannot be created' }]);
  });
  return photos;
}

/** The row's photo inside the photo folder: its `photo` column, else <nik>.jpg/.png/.webp. */
async function findPhoto(named: unknown, nik: unknown, dir: string): Promise<string | undefined> {
  if (typeof named === 'string' && named) return pathInside(dir, named);
  if (typeof nik !== 'string' || !/^\d{16}$/.test(nik)) return undefined;
  for (const ext of PHOTO_EXTENSIONS) {
    const p = await pathInside(dir, nik + ext);
    if (p) return p;
  }
  return undefined;
}

const PHOTO_MISSING: Issue = { path: 'photo', code: 'io', message: 'is not a file inside the photo folder (names may not lead out of it)' };

async function countRows(input: string): Promise<number> {
  let n = 0;
  for await (const _ of readRows(input)) n++;
  return n;
}

/**
 * Runs a batch and returns its summary.
 * @throws SuketError for a bad header, folder or settings (before any row); Interrupted on SIGINT/SIGTERM.
 */
export async function runBatch(o: BatchOptions, log: (line: string) => void): Promise<BatchSummary> {
  const started = Date.now();
  const outDir = resolve(o.outDir);
  const photoDir = await checkPaths(o, outDir);
  const zone = resolveTimeZone(String(o.options.issuance?.timeZone ?? DEFAULT_TIME_ZONE)) ?? DEFAULT_TIME_ZONE;
  const today = issueDay(o.options.issuance?.issuedAt, zone);
  if (!today) throw new SuketError('INVALID_INPUT', [{ path: 'issuance.issuedAt', code: 'date', message: CIVIL_DATE_MESSAGE }]);
  // The header is checked, and the rows counted, before any work.
  const total = await countRows(o.input);
  const ledger = await Ledger.open(outDir, { firstSequence: o.firstSequence, issuedAt: today });
  const options: GenerateOptions = { ...o.options, issuance: { ...o.options.issuance, issuedAt: ledger.issuedAt } };
  const pool = new WorkerPool<JobMessage, ResultMessage>(o.workerUrl, { options, outDir }, o.jobs ?? availableParallelism(), (job) => ({
    row: job.row,
    ok: false,
    issues: [{ path: '', code: 'internal', message: 'the worker stopped while rendering this row (run again to retry)' }],
  }));
  const progress = new Progress(total, { tty: Boolean(process.stderr.isTTY), quiet: o.json }, log);
  const summary: BatchSummary = {
    total: 0,
    issued: 0,
    skipped: 0,
    failed: 0,
    duplicates: 0,
    seconds: 0,
    manifest: join(outDir, 'manifest.jsonl'),
    report: join(outDir, 'report.jsonl'),
  };
  const tell = (row: number, list: readonly RowProblem[], prefix = '') => {
    for (const i of list) progress.say(`row ${row}: ${prefix}${i.path || '(row)'}: ${i.message} [${i.code}]`);
  };
  const fail = async (row: number, issues: readonly RowProblem[]) => {
    summary.failed++;
    tell(row, issues);
    await ledger.note(row, 'issues', issues);
  };

  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const inFlight = new Set<Promise<void>>();
  const seen = new Map<string, number>();
  try {
    for await (const r of readRows(o.input)) {
      if (interrupted) break;
      summary.total++;
      await handleRow(r);
      progress.update(summary);
    }
    await Promise.all(inFlight);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    progress.stop(summary.report);
    await pool.close();
    await ledger.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  if (interrupted) throw new Interrupted('interrupted: what was finished is kept; run the same command again to finish');
  return summary;

  async function handleRow(r: InputRow): Promise<void> {
    if (!r.value) return fail(r.row, [{ path: '', code: 'format', message: `row ${r.error ?? 'is empty'}` }]);
    const key = rowKey(r.value);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      summary.duplicates++;
      summary.skipped++;
      return ledger.note(r.row, 'warnings', [{ path: '', code: 'duplicate', message: `is the same as row ${earlier}: issued once` }]);
    }
    seen.set(key, r.row);
    if (ledger.done(key)) {
      summary.skipped++;
      return;
    }
    // Every problem of the row's data before a number is taken, so a number is never spent on a row that cannot print.
    const checked = checkResident({ ...r.value, photo: 'checked below' });
    const photo = await findPhoto(r.value.photo, r.value.nik, photoDir);
    const issues = [...checked.issues, ...(photo ? [] : [PHOTO_MISSING])];
    if (issues.length) return fail(r.row, issues);
    const sequence = await ledger.allocate(key);
    const run = await pool.acquire();
    const job = run({ row: r.row, sequence, file: fileFor(sequence), resident: { ...r.value, photo } }).then((res) => finish(res, key, sequence));
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  }

  async function finish(res: ResultMessage, key: string, sequence: number): Promise<void> {
    if (!res.ok) {
      if (o.debug && res.debug) log(res.debug);
      await fail(res.row, res.issues);
    } else if (
      await ledger.issued({ row: res.row, key, sequence, number: res.number, file: res.file, sha256: res.sha256, warnings: res.warnings.map((w) => w.code) })
    ) {
      summary.issued++;
      if (res.warnings.length) {
        tell(res.row, res.warnings, 'warning: ');
        await ledger.note(res.row, 'warnings', res.warnings);
      }
    } else {
      // Issued means listed in the manifest: a PDF that could not be listed is removed and redone on the next run.
      const { unlink } = await import('node:fs/promises');
      await unlink(join(outDir, res.file)).catch(() => {});
      await fail(res.row, [{ path: 'output', code: 'io', message: 'could not be recorded in manifest.jsonl (disk full?); run again to redo it' }]);
    }
    progress.update(summary);
  }
}
