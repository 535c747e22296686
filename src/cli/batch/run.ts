/**
 * `suket batch`: thousands of certificates from CSV or JSON Lines, spread
 * over worker threads. Each row is known by its content: a rerun, or the
 * same rows exported again in another order, issues exactly the rows that
 * have no certificate yet, and a row keeps the number it was given first.
 * Numbers come from the register (the row's content is its idempotency
 * key); a row is taken (pending), rendered by a worker, recorded issued,
 * then listed in the folder. Safe to kill at any instant: a rerun finishes
 * a pending row with its number, and writes a recorded certificate the
 * folder lacks from the register.
 */
import { createHash } from 'node:crypto';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../../io/atomic.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SuketError, type Issue, type IssueCode, type SuketErrorCode } from '../../errors.js';
import { CIVIL_DATE } from '../../dates.js';
import { issueOf, messageIn, say, type MessageKey, type MessageParams } from '../../language/catalogue.js';
import type { Language } from '../../language/language.js';
import type { GenerateOptions } from '../../generate.js';
import { pathInside } from '../../io/files.js';
import { photoFileProblem } from '../../render/plan/photo-file.js';
import { DEFAULT_TIME_ZONE, resolveTimeZone } from '../../time-zones.js';
import { issueDay } from '../../validate/issuance.js';
import { checkResident } from '../../validate/resident.js';
import type { Register, Reservation } from '../../register/register.js';
import type { CounterReset } from '../../register/counter.js';
import type { CertificateRecord } from '../../register/types.js';
import { fileFor, Ledger } from './ledger.js';
import { lockFolder } from './folder-lock.js';
import { GroupCommit } from './group-commit.js';
import { JOBS_PER_THREAD, renderThreads, WorkerPool } from '../../worker-pool.js';
import { Progress, type Counts } from './progress.js';
import { rowSource, type InputRow } from './input.js';
import type { JobMessage, RenderedRow, ResultMessage, RowProblem } from './protocol.js';

export interface BatchOptions {
  input: string;
  /** A workbook's sheet, by name or 1-based position (default: the first). */
  sheet?: string | undefined;
  /** The photo folder; default: the input file's folder. */
  photos?: string | undefined;
  outDir: string;
  options: GenerateOptions;
  /** Where the numbers come from and the certificates are recorded. */
  register: Register;
  operator?: string | undefined;
  reset?: CounterReset | undefined;
  /** Why these residents get a second valid certificate (else a resident holding one is a failed row). */
  secondReason?: string | undefined;
  jobs?: number | undefined;
  json: boolean;
  debug: boolean;
  /** The language the clerk is told things in. */
  language: Language;
  /** Where the worker script is (the built dist/batch-worker.js). */
  workerUrl: URL;
}

export interface BatchSummary extends Counts {
  total: number;
  /**
   * Rows the register had issued already (an earlier run, into this folder or another): their certificate is written
   * into this folder again under its number, and no new number is taken. Not counted in `issued`.
   */
  again: number;
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

/** The row's photo inside the photo folder: its `photo` column, else <nik>.jpg/.png/.webp; or why there is none. */
async function findPhoto(named: unknown, nik: unknown, dir: string): Promise<{ file: string } | { problem: Issue }> {
  const problem = (key: MessageKey, params?: MessageParams): { problem: Issue } => ({ problem: issueOf('photo', 'io', key, params) });
  if (typeof named === 'string' && named) {
    const file = await pathInside(dir, named);
    if (file) return { file };
    return named.split(/[\\/]/).includes('..') || isAbsolute(named) ? problem('photo.outside') : problem('photo.not_in_folder');
  }
  if (typeof nik === 'string' && /^\d{16}$/.test(nik))
    for (const ext of PHOTO_EXTENSIONS) {
      const file = await pathInside(dir, nik + ext);
      if (file) return { file };
    }
  return problem('photo.missing', { extensions: PHOTO_EXTENSIONS.join(', ') });
}

async function countRows(rows: () => AsyncGenerator<InputRow>): Promise<number> {
  let n = 0;
  for await (const _ of rows()) n++;
  return n;
}

/** The issue day a new batch folder fixes: the settings' issuedAt, else today in the office's zone. */
function issueDayOf(o: BatchOptions): string {
  const zone = resolveTimeZone(String(o.options.issuance?.timeZone ?? DEFAULT_TIME_ZONE)) ?? DEFAULT_TIME_ZONE;
  const day = issueDay(o.options.issuance?.issuedAt, zone);
  if (!day) throw new SuketError('INVALID_INPUT', [issueOf('issuance.issuedAt', 'date', CIVIL_DATE.key, CIVIL_DATE.params)]);
  return day;
}

/**
 * Runs a batch and returns its summary.
 * @throws SuketError for a bad header, folder or settings (before any row); Interrupted on SIGINT/SIGTERM.
 */
export async function runBatch(o: BatchOptions, log: (line: string) => void): Promise<BatchSummary> {
  const started = Date.now();
  const outDir = resolve(o.outDir);
  const photoDir = await checkPaths(o, outDir);
  const issuedAt = issueDayOf(o);
  // The header is checked, and the rows counted, before any work.
  const rows = rowSource(o.input, o.sheet);
  const total = await countRows(rows);
  const lock = await lockFolder(outDir);
  if (lock.tookOver)
    log(`the batch that was writing this folder (process ${lock.tookOver.pid}, started ${lock.tookOver.started}) is gone: going on from where it stopped`);
  try {
    return await runLocked(o, outDir, photoDir, issuedAt, { rows, total }, log, started);
  } finally {
    await lock.release();
  }
}

async function runLocked(
  o: BatchOptions,
  outDir: string,
  photoDir: string,
  issuedAt: string,
  { rows, total }: { rows: () => AsyncGenerator<InputRow>; total: number },
  log: (line: string) => void,
  started: number,
): Promise<BatchSummary> {
  const ledger = await Ledger.open(outDir, { issuedAt });
  const run = new BatchRun(
    o,
    outDir,
    photoDir,
    ledger,
    new Progress(total, { tty: Boolean(process.stderr.isTTY), quiet: o.json, language: o.language }, log),
    log,
  );
  try {
    await run.checkOffice();
  } catch (e) {
    await run.close();
    throw e;
  }
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    for await (const r of rows()) {
      if (interrupted) break;
      await run.row(r);
    }
    await run.settled();
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await run.close();
  }
  run.summary.seconds = (Date.now() - started) / 1000;
  if (interrupted) throw new Interrupted('interrupted: what was finished is kept; run the same command again to finish');
  return run.summary;
}

/** One run of a batch: each row checked, numbered, rendered by a worker and recorded. */
class BatchRun {
  readonly summary: BatchSummary;
  readonly #pool: WorkerPool<JobMessage, ResultMessage>;
  readonly #inFlight = new Set<Promise<void>>();
  /** Row keys seen in this input, to tell a repeated row from a new one. */
  readonly #seen = new Map<string, number>();
  readonly #options: GenerateOptions;
  /** Finished rows recorded together, one synced transaction per group. */
  readonly #commits = new GroupCommit<{ reservation: Reservation; issued: RenderedRow }, CertificateRecord>((items) => this.o.register.finishMany(items));

  constructor(
    private readonly o: BatchOptions,
    private readonly outDir: string,
    private readonly photoDir: string,
    private readonly ledger: Ledger,
    private readonly progress: Progress,
    private readonly log: (line: string) => void,
  ) {
    const options: GenerateOptions = { ...o.options, issuance: { ...o.options.issuance, issuedAt: ledger.issuedAt } };
    this.#options = options;
    this.#pool = new WorkerPool<JobMessage, ResultMessage>(
      o.workerUrl,
      { options, outDir },
      { threads: o.jobs ?? renderThreads(), jobsPerThread: JOBS_PER_THREAD },
      (job) => ({
        row: job.row,
        ok: false,
        issues: [{ path: '', code: 'internal', message: 'the worker stopped while rendering this row (run again to retry)' }],
      }),
    );
    const files = { manifest: join(outDir, 'manifest.jsonl'), report: join(outDir, 'report.jsonl') };
    this.summary = { total: 0, issued: 0, again: 0, skipped: 0, failed: 0, duplicates: 0, seconds: 0, ...files };
  }

  /** Each field's column as the input file heads it (`TGL. LAHIR` for birthDate), for messages a clerk can find in the sheet. */
  #headers: Readonly<Record<string, string>> = {};

  /** Where each row is in the file, as a person finds it (`sheet row 4`), by row. */
  readonly #places = new Map<number, NonNullable<InputRow['place']>>();

  #tell(row: number, list: readonly RowProblem[], warning = false): void {
    const language = this.o.language;
    const label = (path: string) => {
      const header = this.#headers[path];
      return header && header !== path ? `${header} (${path})` : path || say(language, 'cli.the_row');
    };
    const place = this.#places.get(row);
    const where = !place
      ? say(language, 'cli.row', { row })
      : 'sheetRow' in place
        ? say(language, 'cli.row_in_sheet', { row, sheetRow: place.sheetRow })
        : say(language, 'cli.row_in_lines', { row, line: place.line });
    const prefix = warning ? say(language, 'cli.warning') : '';
    for (const i of list) this.progress.say(`${where}: ${prefix}${label(i.path)}: ${messageIn(language, { ...i, code: i.code as IssueCode })} [${i.code}]`);
  }

  /** For the progress bar: rows done, written again or not. */
  #counts(): Counts {
    const { issued, again, skipped, failed } = this.summary;
    return { issued: issued + again, skipped, failed };
  }

  async #fail(row: number, issues: readonly RowProblem[]): Promise<void> {
    this.summary.failed++;
    this.#tell(row, issues);
    await this.ledger.note(row, 'issues', issues);
  }

  /**
   * The office's template, logo, seal key and signer, tried by a render thread on the invented sample
   * resident: what would fail every row fails once, here, before any row takes a number.
   * @throws SuketError as the render thread found it.
   */
  async checkOffice(): Promise<void> {
    const render = await this.#pool.acquire();
    const res = await render({ row: 0, number: '', file: '', resident: {}, check: true });
    if (!res.ok && res.issues.length)
      throw new SuketError(
        (res.error ?? 'INVALID_INPUT') as SuketErrorCode,
        res.issues.map((i) => ({ ...i, code: i.code as Issue['code'] })),
      );
  }

  /** Takes one input row: skipped, failed before any work, or sent to a worker (waiting for a free one). */
  async row(r: InputRow): Promise<void> {
    this.summary.total++;
    if (r.headers) this.#headers = r.headers;
    if (r.place) this.#places.set(r.row, r.place);
    await this.#take(r);
    this.progress.update(this.#counts());
  }

  async #take(r: InputRow): Promise<void> {
    if (!r.value) return this.#fail(r.row, [issueOf('', 'format', r.error?.key ?? 'code.empty', r.error?.params)]);
    const key = rowKey(r.value);
    const earlier = this.#seen.get(key);
    if (earlier !== undefined) {
      this.summary.duplicates++;
      this.summary.skipped++;
      return this.ledger.note(r.row, 'warnings', [issueOf('', 'duplicate', 'cli.same_row', { earlier })]);
    }
    this.#seen.set(key, r.row);
    if (this.ledger.done(key)) {
      this.summary.skipped++;
      return;
    }
    // Every problem of the row's data before a number is taken (the register checks the row), so a number is never spent on a row that cannot print.
    const found = await findPhoto(r.value.photo, r.value.nik, this.photoDir);
    const photoProblem = 'problem' in found ? found.problem : await photoFileProblem(found.file);
    // Cells read wrong (a date month first, a NIK Excel made a number) with the row's other problems, all at once.
    const read = r.issues ?? [];
    if (photoProblem || read.length) {
      const others = checkResident({ ...r.value, photo: 'checked' }).issues.filter((i) => !read.some((x) => x.path === i.path));
      return this.#fail(r.row, [...read, ...others, ...(photoProblem ? [photoProblem] : [])]);
    }
    const photo = (found as { file: string }).file;
    const resident = { ...r.value, photo };
    let reservation: Reservation;
    try {
      reservation = await this.o.register.reserve(resident, this.#issueOptions(key));
    } catch (e) {
      if (e instanceof SuketError) return this.#fail(r.row, e.issues);
      throw e;
    }
    if (reservation.state === 'issued' && (await this.#fromRegister(r.row, key, reservation))) return;
    const render = await this.#pool.acquire();
    const file = fileFor(reservation.sequence ?? r.row);
    const job = render({ row: r.row, number: reservation.number, file, resident }).then((res) => this.#finish(res, key, reservation));
    this.#inFlight.add(job);
    void job.finally(() => this.#inFlight.delete(job));
  }

  #issueOptions(key: string) {
    return {
      ...this.#options,
      idempotencyKey: `batch:${this.ledger.issuedAt}:${key}`,
      ...(this.o.operator ? { operator: this.o.operator } : {}),
      ...(this.o.reset ? { reset: this.o.reset } : {}),
      ...(this.o.secondReason ? { secondReason: this.o.secondReason } : {}),
    };
  }

  /** A row the register issued before (an earlier run killed before listing it): its stored PDF goes into the folder. */
  async #fromRegister(row: number, key: string, reservation: Reservation): Promise<boolean> {
    const record = await this.o.register.get(reservation.number);
    const pdf = await this.o.register.reprint(reservation.number).catch(() => undefined);
    if (!record?.sha256 || !pdf) return false; // no stored PDF: rendered again, and the bytes must match the record
    const file = fileFor(reservation.sequence ?? row);
    await writeFileAtomic(join(this.outDir, file), pdf);
    const listed = await this.ledger.issued({
      row,
      key,
      sequence: reservation.sequence ?? 0,
      number: record.number,
      file,
      sha256: record.sha256,
      warnings: [],
    });
    if (listed) this.summary.again++;
    else await this.#fail(row, [{ path: 'output', code: 'io', message: 'could not be listed in manifest.jsonl (disk full?); run again to redo it' }]);
    return true;
  }

  async #finish(res: ResultMessage, key: string, reservation: Reservation): Promise<void> {
    if (!res.ok) {
      if (this.o.debug && res.debug) this.log(res.debug);
      if (reservation.state !== 'issued') await this.o.register.release(reservation, `row failed: ${res.issues.map((i) => `${i.path} ${i.code}`).join(', ')}`);
      await this.#fail(res.row, res.issues);
    } else if (await this.#record(res, reservation)) {
      if (
        await this.ledger.issued({
          row: res.row,
          key,
          sequence: reservation.sequence ?? 0,
          number: res.number,
          file: res.file,
          sha256: res.sha256,
          warnings: res.warnings.map((w) => w.code),
        })
      ) {
        // A number the register had issued before (rendered again here, the same bytes) is not a new one.
        if (reservation.state === 'issued') this.summary.again++;
        else this.summary.issued++;
        if (res.warnings.length) {
          this.#tell(res.row, res.warnings, true);
          await this.ledger.note(res.row, 'warnings', res.warnings);
        }
      } else {
        // Listed means in the manifest: a PDF that could not be listed is removed, and the next run writes it from the register.
        await unlink(join(this.outDir, res.file)).catch(() => {});
        await this.#fail(res.row, [{ path: 'output', code: 'io', message: 'could not be listed in manifest.jsonl (disk full?); run again to redo it' }]);
      }
    }
    this.progress.update(this.#counts());
  }

  /** The rendered row into the register; a PDF that could not be recorded is removed (the next run finishes its number). */
  async #record(res: RenderedRow, reservation: Reservation): Promise<boolean> {
    try {
      if (reservation.state === 'issued') {
        const record = await this.o.register.get(reservation.number);
        if (record?.sha256 === res.sha256) return true;
        throw new SuketError('IO_FAILED', [
          {
            path: 'register',
            code: 'conflict',
            message: `${reservation.number} was recorded with other bytes than this run renders (another template or key?)`,
          },
        ]);
      }
      await this.#commits.add({ reservation, issued: res });
      return true;
    } catch (e) {
      await unlink(join(this.outDir, res.file)).catch(() => {});
      await this.#fail(res.row, e instanceof SuketError ? e.issues : [{ path: 'register', code: 'io', message: 'could not be recorded (run with --debug)' }]);
      if (this.o.debug) this.log(String((e as Error)?.stack ?? e));
      return false;
    }
  }

  /** Waits for the rows in the workers. */
  async settled(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  async close(): Promise<void> {
    this.progress.stop(this.summary.report);
    await this.#pool.close();
    await this.ledger.close();
  }
}
