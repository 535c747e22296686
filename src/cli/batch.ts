/**
 * `suket batch`: thousands of certificates from CSV or JSON Lines, spread
 * over worker threads. Safe to interrupt and run again: each PDF is written
 * to a temporary file and renamed, a manifest line is appended only after,
 * finished rows are skipped, and a row's number comes from its position, so
 * a rerun never issues a number twice.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { SuketError } from '../errors.js';
import { CIVIL_DATE_MESSAGE } from '../dates.js';
import { DEFAULT_TIME_ZONE, resolveTimeZone } from '../time-zones.js';
import { issueDay } from '../validate/issuance.js';
import type { GenerateOptions } from '../generate.js';
import { writeFileAtomic } from '../atomic.js';
import type { JobMessage, ResultMessage } from './batch-protocol.js';
import { readRows } from './rows.js';

export interface BatchOptions {
  input: string;
  photos?: string | undefined;
  outDir: string;
  options: GenerateOptions;
  jobs?: number | undefined;
  /** Sequence of the first row; row N gets first + N - 1. */
  firstSequence: number;
  json: boolean;
  debug: boolean;
  /** Where the worker script is (the built dist/batch-worker.js). */
  workerUrl: URL;
}

export interface BatchSummary {
  total: number;
  issued: number;
  skipped: number;
  failed: number;
  seconds: number;
  manifest: string;
  report: string;
}

interface State {
  /** The issue day is fixed on the first run, so a rerun tomorrow prints the same papers. */
  issuedAt: string;
  firstSequence: number;
  input: string;
}

const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'];

/** File name of a row's PDF: from its sequence, never from personal data. */
const fileFor = (sequence: number) => `suket-${String(sequence).padStart(6, '0')}.pdf`;

export async function runBatch(o: BatchOptions, log: (line: string) => void): Promise<BatchSummary> {
  const started = Date.now();
  const outDir = resolve(o.outDir);
  try {
    await mkdir(outDir, { recursive: true });
  } catch {
    throw new SuketError('IO_FAILED', [{ path: 'out', code: 'io', message: 'the output folder cannot be created' }]);
  }
  if (o.photos && !existsSync(o.photos)) throw new SuketError('IO_FAILED', [{ path: 'photos', code: 'io', message: 'the photo folder does not exist' }]);
  if (!existsSync(o.input)) throw new SuketError('IO_FAILED', [{ path: 'input', code: 'io', message: 'the input file does not exist' }]);

  // Leftovers of a run killed mid-write are never complete certificates.
  for (const f of await readdir(outDir)) if (f.startsWith('.') && f.endsWith('.tmp')) await unlink(join(outDir, f)).catch(() => {});

  const state = await loadState(outDir, o);
  const options: GenerateOptions = { ...o.options, issuance: { ...o.options.issuance, issuedAt: state.issuedAt } };
  const manifestFile = join(outDir, 'manifest.jsonl');
  const reportFile = join(outDir, 'report.jsonl');
  const done = await readManifest(manifestFile, outDir);
  await writeFile(reportFile, '');

  const jobs = Math.max(1, o.jobs ?? availableParallelism());
  const spawnWorker = () => new Worker(o.workerUrl, { workerData: { options, outDir } });
  const workers = Array.from({ length: jobs }, spawnWorker);
  const idle = [...workers];
  const waiting: Array<(w: Worker) => void> = [];
  const acquire = () => new Promise<Worker>((res) => (idle.length ? res(idle.pop()!) : waiting.push(res)));
  const release = (w: Worker) => (waiting.length ? waiting.shift()!(w) : idle.push(w));

  const summary: BatchSummary = { total: 0, issued: 0, skipped: 0, failed: 0, seconds: 0, manifest: manifestFile, report: reportFile };
  const tty = Boolean(process.stderr.isTTY) && !o.json;
  const bar = tty
    ? new cliProgress.SingleBar({ format: ' {bar} {value} rows | {rate}/s | ETA {eta_formatted} | {failed} failed', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  const totalRows = await countRows(o.input);
  bar?.start(totalRows, 0, { rate: '0.0', failed: 0 });
  let lastPlain = Date.now();
  const progress = () => {
    const done = summary.issued + summary.skipped + summary.failed;
    const secs = (Date.now() - started) / 1000;
    bar?.update(done, { rate: (summary.issued / Math.max(secs, 0.001)).toFixed(1), failed: summary.failed });
    if (!bar && !o.json && (Date.now() - lastPlain > 2000 || done === totalRows)) {
      lastPlain = Date.now();
      const rate = summary.issued / Math.max(secs, 0.001);
      const eta = rate > 0 ? Math.round((totalRows - done) / rate) : 0;
      log(`progress: ${done}/${totalRows} rows, ${rate.toFixed(1)}/s, ETA ${eta}s, ${summary.failed} failed`);
    }
  };

  // Manifest and report are appended in one place, in order of completion.
  // A failed append (a full disk) resolves false instead of breaking the chain.
  let writes: Promise<boolean> = Promise.resolve(true);
  const record = (file: string, line: object): Promise<boolean> =>
    (writes = writes.then(() => appendFile(file, JSON.stringify(line) + '\n')).then(
      () => true,
      () => false,
    ));
  const fail = (row: number, issues: Array<{ path: string; code: string; message: string }>) => {
    summary.failed++;
    for (const i of issues) {
      const line = `row ${row}: ${i.path || '(row)'}: ${i.message} [${i.code}]`;
      // Under a progress bar, lines wait until it stops so they do not tear it.
      if (!o.json) bar ? held.push(line) : log(line);
    }
    void record(reportFile, { row, issues });
  };

  const held: string[] = [];
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const inFlight = new Set<Promise<void>>();
  try {
    for await (const r of safeRows(o.input)) {
      if (interrupted) break;
      summary.total++;
      const sequence = o.firstSequence + r.row - 1;
      const file = fileFor(sequence);
      if (r.error || !r.value) {
        fail(r.row, [{ path: r.row ? '' : 'input', code: 'format', message: `row ${r.error ?? 'is empty'}` }]);
        progress();
        continue;
      }
      if (done.has(file)) {
        summary.skipped++;
        progress();
        continue;
      }
      const resident = { ...r.value };
      const photo = await findPhoto(resident.photo, resident.nik, o.photos);
      if (photo) resident.photo = photo;
      const worker = await acquire();
      const job: JobMessage = { row: r.row, sequence, file, resident };
      const p = new Promise<{ res: ResultMessage; next: Worker }>((resolveJob) => {
        // A worker that dies (a native crash, out of memory) fails its row
        // and is replaced; the batch goes on.
        let settled = false;
        const onDeath = () => {
          if (settled) return;
          settled = true;
          worker.off('message', onMessage);
          const next = spawnWorker();
          workers[workers.indexOf(worker)] = next;
          resolveJob({ res: { row: job.row, ok: false, issues: [{ path: '', code: 'internal', message: 'the worker stopped while rendering this row (run again to retry)' }] }, next });
        };
        const onMessage = (res: ResultMessage) => {
          if (settled) return;
          settled = true;
          worker.off('error', onDeath);
          worker.off('exit', onDeath);
          resolveJob({ res, next: worker });
        };
        worker.once('message', onMessage);
        worker.on('error', onDeath);
        worker.on('exit', onDeath);
        worker.postMessage(job);
      }).then(({ res, next }) => {
        release(next);
        if (res.ok) {
          summary.issued++;
          progress();
          // Part of the job's promise, so the batch waits for it before it ends.
          return record(manifestFile, { row: res.row, number: res.number, file: res.file, sha256: res.sha256, warnings: res.warnings }).then(async (ok) => {
            if (ok) return;
            // Issued means listed in the manifest: a PDF that could not be listed is removed and redone on the next run.
            summary.issued--;
            await unlink(join(outDir, res.file)).catch(() => {});
            fail(res.row, [{ path: 'output', code: 'io', message: 'could not be recorded in manifest.jsonl (disk full?); run again to redo it' }]);
            progress();
          });
        } else {
          fail(res.row, res.issues);
          if (o.debug && res.debug) log(res.debug);
        }
        progress();
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    await writes;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    bar?.stop();
    for (const line of held.slice(0, 100)) log(line);
    if (held.length > 100) log(`... and ${held.length - 100} more in ${reportFile}`);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  summary.seconds = (Date.now() - started) / 1000;
  if (interrupted) throw new SuketError('IO_FAILED', [{ path: 'batch', code: 'io', message: 'interrupted: run the same command again to finish' }]);
  return summary;
}

async function loadState(outDir: string, o: BatchOptions): Promise<State> {
  const file = join(outDir, 'batch.json');
  const input = createHash('sha256').update(resolve(o.input)).digest('hex').slice(0, 16);
  if (existsSync(file)) {
    const s = JSON.parse(await readFile(file, 'utf8')) as State;
    if (s.firstSequence !== o.firstSequence || s.input !== input)
      throw new SuketError('INVALID_INPUT', [{ path: 'out', code: 'conflict', message: 'holds another batch (other input or first sequence): use a new folder' }]);
    return s;
  }
  const given = o.options.issuance?.issuedAt;
  const zone = resolveTimeZone(String(o.options.issuance?.timeZone ?? DEFAULT_TIME_ZONE)) ?? DEFAULT_TIME_ZONE;
  const issuedAt = issueDay(given, zone);
  if (!issuedAt) throw new SuketError('INVALID_INPUT', [{ path: 'issuance.issuedAt', code: 'date', message: CIVIL_DATE_MESSAGE }]);
  const s: State = { issuedAt, firstSequence: o.firstSequence, input };
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(s, null, 2) + '\n'));
  return s;
}

/** Files already issued: in the manifest and present with the recorded hash size > 0. */
async function readManifest(file: string, outDir: string): Promise<Set<string>> {
  const done = new Set<string>();
  if (!existsSync(file)) return done;
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const good: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as { file: string };
      if ((await stat(join(outDir, m.file))).size > 0) {
        done.add(m.file);
        good.push(line);
      }
    } catch {
      // A line cut by a kill: its certificate is redone and recorded again.
    }
  }
  // Rewrite without torn lines, so the manifest stays one clean line per certificate.
  if (good.length !== lines.filter((l) => l.trim()).length) await writeFileAtomic(file, new TextEncoder().encode(good.map((l) => l + '\n').join('')));
  return done;
}

async function* safeRows(input: string) {
  let last = 0;
  try {
    for await (const r of readRows(input)) {
      last = r.row;
      yield r;
    }
  } catch {
    yield { row: last + 1, error: 'and the rest of the file cannot be parsed (unbalanced quotes?)' };
  }
}

async function countRows(input: string): Promise<number> {
  let n = 0;
  for await (const _ of safeRows(input)) n++;
  return n;
}

/** The photo named in the row (relative to the photo folder), else <nik>.jpg/.png/.webp there. */
async function findPhoto(named: unknown, nik: unknown, dir: string | undefined): Promise<string | undefined> {
  if (typeof named === 'string' && named) return dir ? resolve(dir, named) : resolve(named);
  if (!dir || typeof nik !== 'string' || !/^\d{16}$/.test(nik)) return undefined;
  for (const ext of PHOTO_EXTENSIONS) {
    const p = join(dir, nik + ext);
    if (existsSync(p)) return p;
  }
  return undefined;
}
