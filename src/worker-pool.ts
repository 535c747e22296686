/**
 * A fixed set of worker threads. A worker that dies (a native crash, out of
 * memory) fails the job it held and is replaced; the others go on.
 */
import { Worker } from 'node:worker_threads';

/**
 * A rendering thread's heap. A certificate keeps about 30 MB live, but left
 * alone V8 let each thread's heap grow past 130 MB over a long batch (it
 * collects late while memory is plentiful): RSS rose from 280 to 480 MB over
 * 1,500 certificates. With these limits it collects sooner, at no measured
 * cost in speed; a thread that still runs out fails its job and is replaced.
 */
const WORKER_HEAP = Object.freeze({ maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 });

export class WorkerPool<Job, Result> {
  readonly #workers: Worker[];
  readonly #idle: Worker[];
  readonly #waiting: Array<(w: Worker) => void> = [];
  #closing = false;

  /**
   * @param onDeath the result a job gets when its worker dies under it.
   */
  constructor(
    private readonly url: URL,
    private readonly workerData: unknown,
    size: number,
    private readonly onDeath: (job: Job) => Result,
  ) {
    this.#workers = Array.from({ length: Math.max(1, size) }, () => this.#spawn());
    this.#idle = [...this.#workers];
  }

  #spawn(): Worker {
    return new Worker(this.url, { workerData: this.workerData, resourceLimits: WORKER_HEAP });
  }

  /** Waits until a worker is free; the returned run() gives it back when the job ends. */
  async acquire(): Promise<(job: Job) => Promise<Result>> {
    const worker = this.#idle.pop() ?? (await new Promise<Worker>((resolve) => this.#waiting.push(resolve)));
    return (job) => this.#run(worker, job);
  }

  #run(worker: Worker, job: Job): Promise<Result> {
    return new Promise<{ result: Result; next: Worker }>((resolve) => {
      let settled = false;
      const onMessage = (result: Result) => {
        if (settled) return;
        settled = true;
        worker.off('error', onDeath).off('exit', onDeath);
        resolve({ result, next: worker });
      };
      const onDeath = () => {
        if (settled) return;
        settled = true;
        worker.off('message', onMessage);
        // A worker stopped by close() is not replaced: a replacement would keep the process alive.
        const next = this.#closing ? worker : this.#spawn();
        this.#workers[this.#workers.indexOf(worker)] = next;
        resolve({ result: this.onDeath(job), next });
      };
      worker.once('message', onMessage).on('error', onDeath).on('exit', onDeath);
      worker.postMessage(job);
    }).then(({ result, next }) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(next);
      else this.#idle.push(next);
      return result;
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
