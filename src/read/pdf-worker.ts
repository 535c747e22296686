/**
 * Renders the first page of a PDF with PDFium (WebAssembly, BSD-3 licensed
 * engine, MIT wrapper) in its own thread, so that the caller can stop a
 * hostile file by terminating the thread. Bounds: page size and pixels.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { PDFiumLibrary } from '@hyzyla/pdfium';
import type { PdfJob, PdfResult } from './pdf-protocol.js';

const job = workerData as PdfJob;

async function run(): Promise<PdfResult> {
  const require = createRequire(import.meta.url);
  const wasm = await readFile(require.resolve('@hyzyla/pdfium/pdfium.wasm'));
  const library = await PDFiumLibrary.init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  let doc: Awaited<ReturnType<typeof library.loadDocument>>;
  try {
    doc = await library.loadDocument(job.pdf);
  } catch {
    return { ok: false, message: 'is not a readable PDF' };
  }
  if (doc.getPageCount() < 1) return { ok: false, message: 'has no page' };
  const page = doc.getPage(0);
  const { originalWidth: w, originalHeight: h } = page.getOriginalSize();
  if (!(w > 0 && h > 0) || Math.max(w, h) > job.maxPageSide)
    return { ok: false, message: `has a page larger than ${Math.round((job.maxPageSide / 72) * 2.54)} cm: not a certificate` };
  // Read first: PDFium's text page fails once the page's objects were walked and rendered.
  const text = page.getText().slice(0, MAX_TEXT);
  // The resolution asked for, lowered until the page is within the pixel bound.
  const scale = Math.min(job.dpi / 72, Math.sqrt(job.maxPixels / (w * h)));
  const images: Uint8Array[] = [];
  let seen = 0;
  for (const o of page.objects()) {
    if (++seen > job.maxObjects) return { ok: false, message: `has more than ${job.maxObjects} objects on its page: not a certificate` };
    if (o.type !== 'image') continue;
    const raw = await o.getImageDataRaw();
    if (raw.filters.length === 1 && raw.filters[0] === 'DCTDecode') images.push(new Uint8Array(raw.data));
  }
  const r = await page.render({ scale, render: 'bitmap' });
  // RGBA: the wrapper renders with PDFium's REVERSE_BYTE_ORDER flag.
  return {
    ok: true,
    width: r.width,
    height: r.height,
    rgba: new Uint8Array(r.data),
    jpegs: images,
    signedRanges: signedRanges(doc),
    revisions: revisions(doc),
    text,
  };
}

/** A certificate's page holds a few thousand characters; more is read no further. */
const MAX_TEXT = 100_000;
/** A certificate carries one signature; a file with more is read up to this many. */
const MAX_SIGNATURES = 8;

interface SignatureApi {
  _FPDF_GetSignatureCount(doc: number): number;
  _FPDF_GetSignatureObject(doc: number, index: number): number;
  _FPDFSignatureObj_GetByteRange(sig: number, buffer: number, length: number): number;
  _FPDF_GetTrailerEnds(doc: number, buffer: number, length: number): number;
  wasmExports: { malloc(size: number): number; free(ptr: number): void };
  HEAP32: Int32Array;
}

/**
 * Each PAdES signature's /ByteRange, as PDFium reads it. The wrapper has no
 * call for it, so PDFium's own functions are called on the document handle
 * (the wrapper's version is pinned; test/pdf-signature.test.ts checks this
 * against pdfsig on every run).
 */
function signedRanges(doc: unknown): number[][] {
  const { module: m, documentIdx } = doc as { module: SignatureApi; documentIdx: number };
  const out: number[][] = [];
  const count = Math.min(m._FPDF_GetSignatureCount(documentIdx), MAX_SIGNATURES);
  for (let i = 0; i < count; i++) {
    const sig = m._FPDF_GetSignatureObject(documentIdx, i);
    const n = Math.min(m._FPDFSignatureObj_GetByteRange(sig, 0, 0), 16);
    if (n <= 0) continue;
    const ptr = m.wasmExports.malloc(n * 4);
    try {
      m._FPDFSignatureObj_GetByteRange(sig, ptr, n);
      out.push(Array.from(m.HEAP32.subarray(ptr >> 2, (ptr >> 2) + n)));
    } finally {
      m.wasmExports.free(ptr);
    }
  }
  return out;
}

run().then(
  (result) => parentPort!.postMessage(result),
  () => parentPort!.postMessage({ ok: false, message: 'could not be rendered' } satisfies PdfResult),
);

/** How many revisions the file has (the ends of its trailers): a file as suket writes it has one, or two when signed. */
function revisions(doc: unknown): number {
  const { module: m, documentIdx } = doc as { module: SignatureApi; documentIdx: number };
  return m._FPDF_GetTrailerEnds(documentIdx, 0, 0);
}
