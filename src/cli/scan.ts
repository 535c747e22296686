/**
 * Reading what a person holds: a PDF page rendered to pixels (mupdf), an
 * image of the paper (sharp), and the QR codes in them (zxing-wasm, whose
 * WASM file is loaded from node_modules, never from the network).
 * Loaded lazily: only verify and preview need them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
let zxing: Promise<typeof import('zxing-wasm/reader')> | undefined;

async function reader() {
  zxing ??= (async () => {
    const mod = await import('zxing-wasm/reader');
    const wasm = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await mod.prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
    return mod;
  })();
  return zxing;
}

/** The first page of a PDF as PNG bytes. */
export async function renderPdfPage(pdf: Uint8Array, dpi: number): Promise<Uint8Array> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pix = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceRGB, false, true);
  return pix.asPNG();
}

/** QR texts found in an image (PNG, JPEG, WebP), e.g. a phone photo of the paper. */
export async function scanImage(image: Uint8Array): Promise<string[]> {
  const { readBarcodes } = await reader();
  // Normalise through sharp: orientation, and a size zxing handles quickly.
  const png = await sharp(image, { limitInputPixels: 100_000_000 }).autoOrient().resize(3000, 3000, { fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  const found = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'], tryHarder: true });
  return found.filter((b) => b.isValid).map((b) => b.text);
}

export async function scanPdf(pdf: Uint8Array): Promise<string[]> {
  return scanImage(await renderPdfPage(pdf, 200));
}
