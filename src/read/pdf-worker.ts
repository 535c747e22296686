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
  return { ok: true, width: r.width, height: r.height, rgba: new Uint8Array(r.data), jpegs: images };
}

run().then(
  (result) => parentPort!.postMessage(result),
  () => parentPort!.postMessage({ ok: false, message: 'could not be rendered' } satisfies PdfResult),
);
