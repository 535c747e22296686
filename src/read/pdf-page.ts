/**
 * The first page of a PDF as pixels, its images and what the file says of
 * itself, with PDFium (WebAssembly, BSD-3 licensed engine, MIT wrapper).
 * Runs in a reading thread, which the pool stops when a hostile file takes
 * too long; bounds: page size, pixels, objects.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFiumLibrary } from '@hyzyla/pdfium';
import type { PdfDocumentFacts, PdfLimits } from './read-protocol.js';

/** One PDFium a thread, made on its first PDF. */
let pdfium: Promise<PDFiumLibrary> | undefined;

function library(): Promise<PDFiumLibrary> {
  pdfium ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasm = await readFile(require.resolve('@hyzyla/pdfium/pdfium.wasm'));
    return PDFiumLibrary.init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  })();
  return pdfium;
}

/** The first page rendered (RGBA), the JPEG images drawn on it as embedded, and the file's facts. */
export interface PdfPage extends Omit<PdfDocumentFacts, 'length'> {
  width: number;
  height: number;
  rgba: Uint8Array;
  jpegs: Uint8Array[];
}

/**
 * Renders the first page at `dpi`, lowered until it is within the pixel bound.
 * @returns the page, or why the file is refused (a sentence that quotes nothing of the file).
 */
export async function readPdfPage(pdf: Uint8Array, dpi: number, limits: PdfLimits): Promise<PdfPage | { refused: string }> {
  const lib = await library();
  let doc: Awaited<ReturnType<typeof lib.loadDocument>>;
  try {
    doc = await lib.loadDocument(pdf);
  } catch {
    return { refused: 'is not a readable PDF' };
  }
  try {
    if (doc.getPageCount() < 1) return { refused: 'has no page' };
    const page = doc.getPage(0);
    const { originalWidth: w, originalHeight: h } = page.getOriginalSize();
    if (!(w > 0 && h > 0) || Math.max(w, h) > limits.maxPageSide)
      return { refused: `has a page larger than ${Math.round((limits.maxPageSide / 72) * 2.54)} cm: not a certificate` };
    // Read first: PDFium's text page fails once the page's objects were walked and rendered.
    const text = page.getText().slice(0, MAX_TEXT);
    const jpegs = await pageJpegs(page, limits.maxObjects);
    if (!jpegs) return { refused: `has more than ${limits.maxObjects} objects on its page: not a certificate` };
    const scale = Math.min(dpi / 72, Math.sqrt(limits.maxPixels / (w * h)));
    const r = await page.render({ scale, render: 'bitmap' });
    // RGBA: the wrapper renders with PDFium's REVERSE_BYTE_ORDER flag.
    return { width: r.width, height: r.height, rgba: new Uint8Array(r.data), jpegs, signedRanges: signedRanges(doc), revisions: revisions(doc), text };
  } finally {
    doc.destroy();
  }
}

type PdfiumPage = ReturnType<Awaited<ReturnType<PDFiumLibrary['loadDocument']>>['getPage']>;

/** The JPEG images on the page as embedded (a certificate's photo is one), or undefined past the object bound. */
async function pageJpegs(page: PdfiumPage, maxObjects: number): Promise<Uint8Array[] | undefined> {
  const images: Uint8Array[] = [];
  let seen = 0;
  for (const o of page.objects()) {
    if (++seen > maxObjects) return undefined;
    if (o.type !== 'image') continue;
    const raw = await o.getImageDataRaw();
    if (raw.filters.length === 1 && raw.filters[0] === 'DCTDecode') images.push(new Uint8Array(raw.data));
  }
  return images;
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

/** How many revisions the file has (the ends of its trailers): a file as suket writes it has one, or two when signed. */
function revisions(doc: unknown): number {
  const { module: m, documentIdx } = doc as { module: SignatureApi; documentIdx: number };
  return m._FPDF_GetTrailerEnds(documentIdx, 0, 0);
}
