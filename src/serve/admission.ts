/**
 * A bounded queue in front of a fixed set of threads: a request is admitted
 * (or turned away with 503) before it costs anything, and a stopping server
 * waits until every admitted one is answered.
 */

/** The queue is full: come back later. */
export class Busy extends Error {
  /** @param message the problem's message, naming which threads are busy. */
  constructor(message = 'every render thread is busy and the queue is full: retry after a second') {
    super(message);
  }
}

/** How long a request that finds the queue full waits for a slot before it is turned away. */
export const BUSY_WAIT_MS = 250;

export class Admission {
  #admitted = 0;
  readonly #drained: Array<() => void> = [];

  /**
   * @param threads requests served at once.
   * @param queue requests that may wait for a thread beyond those served.
   * @param busy the message a turned-away request gets.
   */
  constructor(
    readonly threads: number,
    readonly queue: number,
    private readonly busy?: string,
  ) {}

  /** Requests admitted and not yet done. */
  get admitted(): number {
    return this.#admitted;
  }

  /** True when a request arriving now would be turned away: checked before its body is read, so overload costs little. */
  get full(): boolean {
    return this.#admitted >= this.threads + this.queue;
  }

  /**
   * Admits one request, or throws Busy when every thread is busy and the queue is full.
   * @returns the function that lets the slot go (call it once the request is done; again does nothing).
   */
  admit(): () => void {
    if (this.full) throw new Busy(this.busy);
    this.#admitted++;
    let done = false;
    return () => {
      if (!done && --this.#admitted === 0) for (const resolve of this.#drained.splice(0)) resolve();
      done = true;
    };
  }

  /**
   * A route's onRequest hook: turned away before its body is parsed, so overload leaves the main thread to the work
   * admitted; after a short wait, so a client that ignores Retry-After cannot spin on it (and a slot freed meanwhile is taken).
   */
  readonly turnAwayWhenFull = async (): Promise<void> => {
    if (!this.full) return;
    await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    if (this.full) throw new Busy(this.busy);
  };

  /** Resolves once no request is admitted: every one has been answered, even if its client went away. */
  drain(): Promise<void> {
    return this.#admitted === 0 ? Promise.resolve() : new Promise((resolve) => this.#drained.push(resolve));
  }
}
