/**
 * Reading threads: everything heavy that checking a paper does (rendering a
 * PDF's page, decoding a picture, searching it for QR codes) runs in a fixed
 * set of threads, one job each, so the caller's event loop stays free and
 * memory is bounded by the threads, not by the requests. A job that runs
 * past its time is stopped with its thread, which is replaced.
 */
import { sniffImage } from '../codecs/sniff.js';
import { SuketError } from '../errors.js';
import { WorkerPool } from '../worker-pool.js';
import type { Held, PdfLimits, ReadJob, ReadResult } from './read-protocol.js';

/**
 * A certificate's page (F4, 609 x 935 pt, the largest paper) is 4.4
 * megapixels at the 200 dpi a seal is read at; a larger page is read at a
 * lower resolution, so no file makes a thread hold more than 24 MB of pixels.
 */
export const CERTIFICATE_PDF: PdfLimits = Object.freeze({ maxPixels: 6_000_000, maxPageSide: 2000, maxObjects: 20_000 });
/** A preview is our own page at up to 600 dpi. */
const PREVIEW_PDF: PdfLimits = Object.freeze({ ...CERTIFICATE_PDF, maxPixels: 40_000_000 });
/** A certificate is some 30 KB; a larger file is not read. */
const MAX_PDF_BYTES = 20 * 1024 * 1024;
/** The resolution a PDF's page is searched for the seal at. */
const SEAL_DPI = 200;

const refused = (message: string) => new SuketError('INVALID_INPUT', [{ path: 'input', code: 'format', message }]);

export class ReadPool {
  readonly #pool: WorkerPool<ReadJob, ReadResult>;

  /**
   * @param threads reading threads (each reads one file at a time).
   * @param timeoutMs how long one file may take before its thread is stopped.
   */
  constructor(
    readonly threads: number,
    readonly timeoutMs: number,
  ) {
    const seconds = timeoutMs / 1000;
    this.#pool = new WorkerPool<ReadJob, ReadResult>(
      new URL('./read-worker.js', import.meta.url),
      undefined,
      { threads },
      () => ({ kind: 'refused', message: 'could not be read (the reading thread stopped: out of memory or a native crash)' }),
      { ms: timeoutMs, onTimeout: () => ({ kind: 'refused', message: `took longer than ${seconds} s to read and was stopped: not a certificate` }) },
    );
  }

  /**
   * Reads the QR codes of a PDF or a picture of the paper, and a PDF's photos and facts.
   * @throws SuketError INVALID_INPUT (`input`) for bytes that are neither a PDF nor a PNG, JPEG or WebP picture, or that cannot be read within the limits; checked before the bytes wait for a thread where it can be.
   * @example const { texts } = await readers.held(await readFile('foto-surat.jpg'));
   */
  async held(bytes: Uint8Array): Promise<Held> {
    const isPdf = bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
    if (!isPdf && !sniffImage(bytes)) throw refused('is not seal text (SK1:...), a PDF, or a PNG, JPEG or WebP picture of the paper');
    if (isPdf && bytes.length > MAX_PDF_BYTES) throw refused(`is larger than ${MAX_PDF_BYTES / 1024 / 1024} MB: not a certificate`);
    const result = await this.#run({ kind: 'held', bytes, isPdf, dpi: SEAL_DPI, limits: CERTIFICATE_PDF });
    if (result.kind !== 'held') throw refused('could not be read');
    return result.held;
  }

  /**
   * A PDF's first page as PNG bytes.
   * @throws SuketError INVALID_INPUT (`input`) for a PDF that cannot be rendered within the limits.
   */
  async page(pdf: Uint8Array, dpi: number): Promise<Uint8Array> {
    const result = await this.#run({ kind: 'page', pdf, dpi, limits: PREVIEW_PDF });
    if (result.kind !== 'page') throw refused('could not be rendered');
    return result.png;
  }

  async #run(job: ReadJob): Promise<ReadResult> {
    const result = await (await this.#pool.acquire())(job);
    if (result.kind === 'refused') throw refused(result.message);
    return result;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/**
 * One reading thread for one use (the CLI reads one file), stopped after it.
 * @example const held = await withReader(10_000, (r) => r.held(bytes));
 */
export async function withReader<T>(timeoutMs: number, use: (reader: ReadPool) => Promise<T>): Promise<T> {
  const reader = new ReadPool(1, timeoutMs);
  try {
    return await use(reader);
  } finally {
    await reader.close();
  }
}
