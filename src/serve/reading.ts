/**
 * The service's reading of PDFs and pictures sent to /v1/verify: the reading
 * threads (started on the first such request, stopped when reading has been
 * idle a while) behind a bounded queue, with the render pool's discipline:
 * at most `threads` files read at once, a queue beyond them, and 503 with
 * Retry-After beyond the queue. A request takes its place before its body is
 * read and keeps it until it is answered, and the bodies admitted are
 * bounded in bytes as well as in number, so a burst of large pictures is
 * turned away rather than held in memory.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Held } from '../read/read-protocol.js';
import { ReadPool } from '../read/read-pool.js';
import { Admission, BUSY_WAIT_MS, Busy } from './admission.js';

/** Bytes of bodies admitted at once: a queue of certificates (35 KB) fits whole; of 5 MB phone photos, a dozen. */
const QUEUED_BYTES = 64 * 1024 * 1024;
/** Reading threads idle this long are stopped, giving back their memory (some 250 MB each); the next file starts them again. */
const IDLE_STOP_MS = 30_000;
const BUSY = 'every reading thread is busy and the queue is full: retry after a second';

export class Readers extends Admission {
  #pool: ReadPool | undefined;
  #bytes = 0;
  #idle: NodeJS.Timeout | undefined;
  /** Each admitted request's place: hold() it while reading, and call what it returns when done. */
  readonly #places = new WeakMap<FastifyRequest, () => (() => void) | undefined>();

  /**
   * @param threads reading threads (each reads one file at a time).
   * @param queue requests that may wait for a thread beyond those reading.
   * @param timeoutMs how long one file may take before its thread is stopped.
   * @param maxBody the largest body a request may send (the size assumed of one that does not declare its length).
   */
  constructor(
    threads: number,
    queue: number,
    readonly timeoutMs: number,
    private readonly maxBody: number,
  ) {
    super(threads, queue, BUSY);
  }

  #full(declared: number): boolean {
    return this.full || (this.#bytes > 0 && this.#bytes + declared > QUEUED_BYTES);
  }

  /**
   * The route's onRequest hook: takes a place before the body is read (after a short wait when there is none, so a
   * client that ignores Retry-After cannot spin on it), or throws Busy. The place is given back when the response
   * closes: answered, or its connection gone at any step (even while this hook waited).
   */
  readonly takePlace = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const declared = Number(req.headers['content-length']) || this.maxBody;
    if (this.#full(declared)) await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    if (this.#full(declared)) throw new Busy(BUSY);
    const leave = this.admit();
    this.#bytes += declared;
    clearTimeout(this.#idle);
    // Held by the response until it closes and by the reading until it ends: a client that goes away leaves its
    // file in a thread's queue, and that file still counts.
    let holders = 1;
    const release = () => {
      if (--holders > 0) return;
      this.#bytes -= declared;
      leave();
      if (this.admitted === 0) this.#idle = setTimeout(() => void this.#stopThreads(), IDLE_STOP_MS).unref();
    };
    this.#places.set(req, () => {
      if (holders === 0) return undefined;
      holders++;
      return release;
    });
    if (reply.raw.closed) release();
    else reply.raw.once('close', release);
  };

  /**
   * Reads a PDF or a picture in a thread, holding the request's place until it ends.
   * @throws SuketError INVALID_INPUT as `ReadPool.held`; Busy for a request without a place (its client gone).
   */
  async read(req: FastifyRequest, bytes: Uint8Array): Promise<Held> {
    const release = this.#places.get(req)?.();
    // Its client has gone: nobody would read the answer, and a file read without a place would be unbounded.
    if (!release) throw new Busy(BUSY);
    try {
      this.#pool ??= new ReadPool(this.threads, this.timeoutMs);
      return await this.#pool.held(bytes);
    } finally {
      release();
    }
  }

  async #stopThreads(): Promise<void> {
    if (this.admitted > 0) return;
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }

  async close(): Promise<void> {
    clearTimeout(this.#idle);
    await this.#stopThreads();
  }
}
