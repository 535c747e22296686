/**
 * The service's rendering: a fixed pool of worker threads behind a bounded
 * queue. A request is admitted before its number is taken, so a full queue
 * answers "busy" (503) without spending a number or growing memory.
 */
import { SuketError } from '../errors.js';
import type { GenerateOptions, IssuedCertificate } from '../generate.js';
import { WorkerPool } from '../worker-pool.js';
import { Admission } from './admission.js';
import type { RenderJob, RenderResult } from './render-protocol.js';

export class RenderPool extends Admission {
  readonly #pool: WorkerPool<RenderJob, RenderResult>;
  #rendering = 0;

  /**
   * @param workerUrl the built render thread (dist/serve-worker.js).
   * @param threads render threads, one request each (one per core is the sweet spot: with the usual small photo rendering is CPU-bound, and
   *   a request per thread keeps the queue's order and each request's latency; the batch holds three rows a thread, for memory).
   * @param queue requests that may wait for a thread beyond those rendering.
   */
  constructor(workerUrl: URL, threads: number, queue: number) {
    super(threads, queue);
    this.#pool = new WorkerPool<RenderJob, RenderResult>(workerUrl, undefined, { threads }, () => ({
      ok: false,
      unexpected: 'the render thread stopped (out of memory or a native crash)',
    }));
  }

  /** Requests admitted and not yet done, rendering or waiting. */
  get depth(): { admitted: number; waiting: number; rendering: number } {
    return { admitted: this.admitted, waiting: Math.max(0, this.admitted - this.#rendering), rendering: this.#rendering };
  }

  /**
   * Renders in a thread: what `issueCertificate` gives, or its error.
   * @throws SuketError as `issueCertificate` does.
   */
  async render(resident: unknown, options: GenerateOptions): Promise<IssuedCertificate> {
    return (await this.thread()).render(resident, options);
  }

  /**
   * Waits for a free thread and holds it for one certificate, so a register
   * takes a number only once its rendering can start (none waits in the
   * queue holding a number a kill or an outage would strand).
   */
  async thread(): Promise<{ render: (resident: unknown, options: GenerateOptions) => Promise<IssuedCertificate>; release: () => void }> {
    const slot = await this.#pool.take();
    const render = async (resident: unknown, options: GenerateOptions): Promise<IssuedCertificate> => {
      this.#rendering++;
      let result: RenderResult;
      try {
        result = await slot.run({ resident, options });
      } finally {
        this.#rendering--;
      }
      if (result.ok) return result.issued;
      if ('error' in result) throw new SuketError(result.error.code, result.error.issues);
      throw new Error(`rendering failed unexpectedly: ${result.unexpected}`);
    };
    return { render, release: slot.release };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
