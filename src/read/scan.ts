/**
 * Reading what a person holds: a PDF page rendered to pixels (PDFium, in a
 * worker thread that is stopped after a time limit), an image of the paper
 * (sharp), and the QR codes in them (zxing-wasm, whose WASM file is loaded
 * from node_modules, never from the network). Loaded lazily: only verify
 * and preview need them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { SuketError } from '../errors.js';
import type { PdfJob, PdfResult } from './pdf-protocol.js';

const require = createRequire(import.meta.url);
let zxing: Promise<typeof import('zxing-wasm/reader')> | undefined;

async function reader() {
  zxing ??= (async () => {
    const mod = await import('zxing-wasm/reader');
    const wasm = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await mod.prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
      fireImmediately: true,
    });
    return mod;
  })();
  return zxing;
}

/** Bounds on reading a PDF someone hands us. */
const PDF_LIMITS = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  /** A certificate's page is 609 x 935 pt; 2000 pt is 70 cm. */
  maxPageSide: 2000,
  maxPixels: 30_000_000,
  maxObjects: 20_000,
  timeoutMs: 10_000,
});

export interface ReadPdf {
  /** The first page as PNG. */
  png: Uint8Array;
  /** The JPEG images drawn on the first page, as embedded (a certificate's photo is one). */
  jpegs: Uint8Array[];
  /** Each PAdES signature's byte range. */
  signedRanges: number[][];
  /** Revisions of the file. */
  revisions: number;
  /** The first page's text. */
  text: string;
}

const pdfError = (message: string) => new SuketError('INVALID_INPUT', [{ path: 'input', code: 'format', message }]);

/**
 * Renders the first page of a PDF within the limits.
 * @throws SuketError INVALID_INPUT (`input`) for a file that is not a readable PDF, too large, or too slow to render.
 */
export async function readPdf(pdf: Uint8Array, dpi: number, timeoutMs: number = PDF_LIMITS.timeoutMs): Promise<ReadPdf> {
  if (pdf.length > PDF_LIMITS.maxBytes) throw pdfError(`is larger than ${PDF_LIMITS.maxBytes / 1024 / 1024} MB: not a certificate`);
  const job: PdfJob = { pdf, dpi, maxPixels: PDF_LIMITS.maxPixels, maxPageSide: PDF_LIMITS.maxPageSide, maxObjects: PDF_LIMITS.maxObjects };
  const worker = new Worker(new URL('./pdf-worker.js', import.meta.url), { workerData: job });
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await new Promise<PdfResult>((resolve, reject) => {
      timer = setTimeout(() => reject(pdfError(`took longer than ${timeoutMs / 1000} s to render and was stopped: not a certificate`)), timeoutMs);
      worker.once('message', resolve);
      worker.once('error', () => reject(pdfError('could not be rendered')));
      worker.once('exit', () => reject(pdfError('could not be rendered')));
    });
    if (!result.ok) throw pdfError(result.message);
    const png = await sharp(result.rgba, { raw: { width: result.width, height: result.height, channels: 4 } })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
    return { png: new Uint8Array(png), jpegs: result.jpegs, signedRanges: result.signedRanges, revisions: result.revisions, text: result.text };
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

/** The first page of a PDF as PNG bytes. */
export async function renderPdfPage(pdf: Uint8Array, dpi: number): Promise<Uint8Array> {
  return (await readPdf(pdf, dpi)).png;
}

/** QR texts found in an image (PNG, JPEG, WebP), e.g. a phone photo of the paper. */
export async function scanImage(image: Uint8Array): Promise<string[]> {
  const { readBarcodes } = await reader();
  let png: Buffer;
  try {
    // Normalise through sharp: orientation, and a size zxing handles quickly.
    png = await sharp(image, { limitInputPixels: 100_000_000 }).autoOrient().resize(3000, 3000, { fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  } catch {
    throw new SuketError('INVALID_INPUT', [{ path: 'input', code: 'format', message: 'is an image that cannot be decoded (damaged, or over 100 megapixels)' }]);
  }
  const found = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'], tryHarder: true });
  return found.filter((b) => b.isValid).map((b) => b.text);
}
