/**
 * A fixed set of worker threads, each holding a few jobs at once. A worker
 * that dies (a native crash, out of memory) fails the jobs it held and is
 * replaced; the others go on.
 *
 * Why more than one job a thread: a certificate's JavaScript (layout,
 * drawing, the seal) is about half of its CPU with a camera photo; sharp
 * decodes and resizes on libvips' own threads. A thread with one job idles
 * while its photo is decoded; with three it lays out one certificate while
 * the photos of the next are in libvips. On 2 cores one such thread renders
 * a batch as fast as two threads of one job each, with small photos and
 * large (BENCHMARKS.md), with one V8 heap instead of two.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * A rendering thread's heap. A certificate keeps about 30 MB live, but left
 * alone V8 let each thread's heap grow past 130 MB over a long batch (it
 * collects late while memory is plentiful): RSS rose from 280 to 480 MB over
 * 1,500 certificates. With these limits it collects sooner, at no measured
 * cost in speed; a thread that still runs out fails its jobs and is replaced.
 */
const WORKER_HEAP = Object.freeze({ maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 });

/** Jobs a render thread holds at once (why: the module's comment). */
export const JOBS_PER_THREAD = 3;

/**
 * Render threads for a batch by default: one for two cores. A thread keeps
 * about one core busy with its JavaScript while libvips uses the other for
 * the photos; each thread more is another V8 heap (about 30 MB).
 */
export function renderThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.round(cores / 2));
}

/** A job as it goes to a thread, and its result as it comes back: the id pairs them. */
export interface JobEnvelope<Job> {
  id: number;
  job: Job;
}
export interface ResultEnvelope<Result> {
  id: number;
  result: Result;
}

export interface PoolSize {
  threads: number;
  /** Jobs a thread holds at once (default 1). */
  jobsPerThread?: number | undefined;
}

/** A job that runs longer is given up: its thread is stopped and replaced, and the job settles with `onTimeout`'s result. */
export interface JobTimeLimit<Job, Result> {
  ms: number;
  onTimeout: (job: Job) => Result;
}

interface Thread<Job, Result> {
  worker: Worker;
  readonly held: Map<number, { job: Job; settle: (result: Result) => void }>;
}

export class WorkerPool<Job, Result> {
  readonly #threads: Array<Thread<Job, Result>>;
  /** One entry per free slot: a thread appears as often as it can take another job. */
  readonly #idle: Array<Thread<Job, Result>>;
  readonly #waiting: Array<(t: Thread<Job, Result>) => void> = [];
  #nextId = 0;
  #closing = false;

  /**
   * @param onDeath the result a job gets when its worker dies under it.
   */
  constructor(
    private readonly url: URL,
    private readonly workerData: unknown,
    size: PoolSize,
    private readonly onDeath: (job: Job) => Result,
    private readonly timeLimit?: JobTimeLimit<Job, Result>,
  ) {
    this.#threads = Array.from({ length: Math.max(1, size.threads) }, () => this.#watch({ worker: this.#spawn(), held: new Map() }));
    const slots = Math.max(1, size.jobsPerThread ?? 1);
    this.#idle = Array.from({ length: slots }, () => this.#threads).flat();
  }

  #spawn(): Worker {
    return new Worker(this.url, { workerData: this.workerData, resourceLimits: WORKER_HEAP });
  }

  /** The thread's worker settles the jobs it holds: with their results, or, if it dies, with onDeath (and is replaced). */
  #watch(thread: Thread<Job, Result>): Thread<Job, Result> {
    const worker = thread.worker;
    worker.on('message', ({ id, result }: ResultEnvelope<Result>) => {
      const held = thread.held.get(id);
      thread.held.delete(id);
      held?.settle(result);
    });
    // 'error' is followed by 'exit', and a worker stopped by #replace exits too: replaced once.
    const onDeath = () => thread.worker === worker && this.#replace(thread);
    worker.on('error', onDeath).on('exit', onDeath);
    return thread;
  }

  /**
   * Puts a new worker in the thread's place before the old one is gone, so
   * a job given to the thread next never reaches the old one; the jobs the
   * old one held settle with onDeath.
   */
  #replace(thread: Thread<Job, Result>): void {
    const old = thread.worker;
    const lost = [...thread.held.values()];
    thread.held.clear();
    // A worker stopped by close() is not replaced: a replacement would keep the process alive.
    if (!this.#closing) {
      thread.worker = this.#spawn();
      this.#watch(thread);
    }
    void old.terminate();
    for (const { job, settle } of lost) settle(this.onDeath(job));
  }

  /** Waits until a slot is free; the returned run() gives it back when the job ends. */
  async acquire(): Promise<(job: Job) => Promise<Result>> {
    return (await this.take()).run;
  }

  /**
   * Waits until a slot is free and holds it: run() gives it back when its one
   * job ends, release() without a job (a caller that needed the slot to be
   * sure before it committed to the job, and then did not run it).
   */
  async take(): Promise<{ run: (job: Job) => Promise<Result>; release: () => void }> {
    const thread = this.#idle.pop() ?? (await new Promise<Thread<Job, Result>>((resolve) => this.#waiting.push(resolve)));
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      const waiter = this.#waiting.shift();
      if (waiter) waiter(thread);
      else this.#idle.push(thread);
    };
    return { run: (job) => this.#run(thread, job).finally(release), release };
  }

  #run(thread: Thread<Job, Result>, job: Job): Promise<Result> {
    const id = this.#nextId++;
    const limit = this.timeLimit;
    return new Promise<Result>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (result: Result) => {
        clearTimeout(timer);
        resolve(result);
      };
      thread.held.set(id, { job, settle });
      thread.worker.postMessage({ id, job } satisfies JobEnvelope<Job>);
      if (!limit) return;
      timer = setTimeout(() => {
        if (!thread.held.delete(id)) return;
        // The thread may be deep in native code (a hostile PDF): only stopping it is sure to end the job.
        settle(limit.onTimeout(job));
        this.#replace(thread);
      }, limit.ms);
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }
}

/**
 * The worker's side: runs each job that arrives (several at once) and posts
 * its result, moving the buffers `transfer` names rather than copying them.
 * `run` must not throw: it turns its failures into results.
 */
export function serveJobs<Job, Result>(run: (job: Job) => Promise<Result>, transfer: (result: Result) => ArrayBuffer[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  port.on('message', async ({ id, job }: JobEnvelope<Job>) => {
    const result = await run(job);
    port.postMessage({ id, result } satisfies ResultEnvelope<Result>, transfer(result));
  });
}

/** The buffer under `bytes` when it is the whole of it (so it can be moved), else none. */
export function wholeBuffer(bytes: Uint8Array | undefined): ArrayBuffer[] {
  return bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
}
