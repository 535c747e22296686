/**
 * Reading what a person holds, inside a reading thread: a PDF's first page
 * rendered to pixels (pdf-page.ts), a picture of the paper normalised by
 * sharp, and the QR codes in them (zxing-wasm, whose WASM file is loaded
 * from node_modules, never from the network).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { readPdfPage, type PdfPage } from './pdf-page.js';
import type { ReadJob, ReadResult } from './read-protocol.js';

let zxing: Promise<typeof import('zxing-wasm/reader')> | undefined;

async function reader() {
  zxing ??= (async () => {
    const require = createRequire(import.meta.url);
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

/** A phone's photo is 12 to 50 megapixels; a picture beyond this is not decoded. */
const MAX_PICTURE_PIXELS = 64_000_000;
/**
 * The longer side a picture is scanned at: the seal's QR code (77 modules)
 * on a photo of the whole page keeps about four pixels a module, and
 * zxing's tryHarder search stays within a second or so.
 */
const SCAN_SIDE = 3000;

/** Pixels as zxing reads them: RGBA, opaque. */
interface Pixmap {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The QR codes' texts in the pixels (passed to zxing as they are: no image file between). */
async function scanPixels(pixels: Pixmap): Promise<string[]> {
  const { readBarcodes } = await reader();
  const found = await readBarcodes(pixels as unknown as ImageData, { formats: ['QRCode'], tryHarder: true });
  return found.filter((b) => b.isValid).map((b) => b.text);
}

const opaque = async (image: Sharp): Promise<Pixmap> => {
  const { data, info } = await image.flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
};

/** QR texts found in an image (PNG, JPEG, WebP), e.g. a phone photo of the paper; undefined for one that cannot be decoded. */
async function scanImage(image: Uint8Array): Promise<string[] | undefined> {
  let pixels: Pixmap;
  try {
    // Normalised through sharp: orientation, and a size zxing handles quickly.
    pixels = await opaque(
      sharp(image, { limitInputPixels: MAX_PICTURE_PIXELS }).autoOrient().resize(SCAN_SIDE, SCAN_SIDE, { fit: 'inside', withoutEnlargement: true }),
    );
  } catch {
    return undefined;
  }
  return scanPixels(pixels);
}

/** The rendered page on white (PDFium leaves what nothing paints transparent). */
const pageOnWhite = (page: PdfPage) => opaque(sharp(page.rgba, { raw: { width: page.width, height: page.height, channels: 4 } }));

const asPng = async (page: PdfPage) =>
  new Uint8Array(
    await sharp(page.rgba, { raw: { width: page.width, height: page.height, channels: 4 } })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer(),
  );

/** One job of a reading thread; never throws (a failure is a `refused` result, or the thread's death). */
export async function readInThread(job: ReadJob): Promise<ReadResult> {
  if (job.kind === 'page') {
    const page = await readPdfPage(job.pdf, job.dpi, job.limits);
    return 'refused' in page ? { kind: 'refused', message: page.refused } : { kind: 'page', png: await asPng(page) };
  }
  if (!job.isPdf) {
    const texts = await scanImage(job.bytes);
    return texts
      ? { kind: 'held', held: { texts } }
      : { kind: 'refused', message: `is an image that cannot be decoded (damaged, or over ${MAX_PICTURE_PIXELS / 1e6} megapixels)` };
  }
  const page = await readPdfPage(job.bytes, job.dpi, job.limits);
  if ('refused' in page) return { kind: 'refused', message: page.refused };
  const { jpegs, signedRanges, revisions, text } = page;
  const texts = await scanPixels(await pageOnWhite(page));
  return { kind: 'held', held: { texts, jpegs, document: { length: job.bytes.length, signedRanges, revisions, text } } };
}
