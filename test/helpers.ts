/** Reading a PDF back as a person would: text, pixels, and the barcode from the pixels. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as mupdf from 'mupdf';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { samplePortrait, sampleIssuance, sampleResident } from '../src/sample.js';
import { expect } from 'vitest';
import { SuketError, type IssuanceInput, type ResidentInput } from '../src/index.js';

const require = createRequire(import.meta.url);
let zxingReady: Promise<unknown> | undefined;

/** zxing's WASM file comes from node_modules, never from the network. */
function zxing() {
  zxingReady ??= prepareZXingModule({
    overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer },
    fireImmediately: true,
  });
  return zxingReady;
}

export function pdfPageCount(pdf: Uint8Array): number {
  return mupdf.Document.openDocument(pdf, 'application/pdf').countPages();
}

/** The page's text as a reader's copy-paste would give it. */
export function pdfText(pdf: Uint8Array): string {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  return doc.loadPage(0).toStructuredText('preserve-whitespace').asText();
}

export interface Raster {
  width: number;
  height: number;
  /** RGB, row by row */
  pixels: Uint8Array;
  png: Uint8Array;
  dpi: number;
}

export function renderPdf(pdf: Uint8Array, dpi = 150): Raster {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pix = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceRGB, false, true);
  return { width: pix.getWidth(), height: pix.getHeight(), pixels: new Uint8Array(pix.getPixels()), png: pix.asPNG(), dpi };
}

/** Mean colour of a box given in mm from the top-left. */
export function meanColour(r: Raster, x: number, y: number, w: number, h: number): [number, number, number] {
  const s = r.dpi / 25.4;
  const sum: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let py = Math.round(y * s); py < Math.round((y + h) * s); py++)
    for (let px = Math.round(x * s); px < Math.round((x + w) * s); px++) {
      const o = (py * r.width + px) * 3;
      sum[0] += r.pixels[o]!;
      sum[1] += r.pixels[o + 1]!;
      sum[2] += r.pixels[o + 2]!;
      n++;
    }
  return sum.map((v) => v / n) as [number, number, number];
}

/** Every QR code a scanner finds in the rendered page. */
export async function decodeQrCodes(pdf: Uint8Array, dpi = 200): Promise<string[]> {
  await zxing();
  const r = renderPdf(pdf, dpi);
  const found = await readBarcodes(r.png, { formats: ['QRCode'], tryHarder: true });
  return found.filter((b) => b.isValid).map((b) => b.text);
}

export async function decodeQrImage(image: Uint8Array): Promise<string[]> {
  await zxing();
  const found = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true });
  return found.filter((b) => b.isValid).map((b) => b.text);
}

let portrait: Promise<Uint8Array> | undefined;
export const photo = () => (portrait ??= samplePortrait());

export async function resident(over: Partial<ResidentInput> = {}): Promise<ResidentInput> {
  return { ...sampleResident(), photo: await photo(), ...over };
}

export function issuance(over: Partial<IssuanceInput> = {}): IssuanceInput {
  return { ...sampleIssuance(), ...over };
}

/** Text with runs of white space folded, for searching. */
export const fold = (s: string) => s.replace(/\s+/g, ' ');

/** The SuketError a promise rejects with (the assertion fails if it resolves or rejects with anything else). */
export async function failure(p: Promise<unknown>): Promise<SuketError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SuketError);
  return e as SuketError;
}
