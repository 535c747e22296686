/**
 * A bound on the work in progress. A host may fire a thousand calls at
 * once; only a few render at a time and the rest wait in line, holding
 * nothing but their input, so memory stays flat whatever the caller does.
 */
import { availableParallelism } from 'node:os';

export class WorkQueue {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Runs `task` when a place is free; the place is released however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The place passes straight to the next in line.
      if (next) next();
      else this.#running--;
    }
  }

  /** Calls waiting for a place. */
  get depth(): number {
    return this.#waiting.length;
  }
}

/**
 * Certificates rendered at once in one process: enough to keep sharp's
 * threads and the main thread busy together, few enough that each holds
 * its photo and PDF only briefly.
 */
export const renderQueue = new WorkQueue(Math.max(2, availableParallelism()));
