/**
 * Printing keeps the seal: an F4 file printed on A4 at 100% loses the part
 * of the page outside the sheet, either at the bottom (a printer that
 * aligns the page at the top) or at both ends (one that centres it), and a
 * few millimetres more at each edge that the printer cannot reach. What
 * must survive: the seal (scanned from the cropped pixels), the photo, the
 * signatory's name and NIP, the letterhead.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { generateSealKeys, issueCertificate, verifySeal } from '../src/index.js';
import { decodeQrImage, issuance, renderPdf, resident } from './helpers.js';

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
const trustList = { keys: [keys.publicJwk] };
const A4 = { w: 210, h: 297 };
/** What an office laser printer leaves unprinted at each edge of the sheet. */
const PRINTER_MARGIN = 4;

/** The rectangle of an F4 page (mm) that lands printable on an A4 sheet. */
function printedPart(page: { w: number; h: number }, align: 'top' | 'centre') {
  const dx = (page.w - A4.w) / 2;
  const dy = align === 'top' ? 0 : (page.h - A4.h) / 2;
  return { x: dx + PRINTER_MARGIN, y: dy + PRINTER_MARGIN, w: A4.w - 2 * PRINTER_MARGIN, h: A4.h - 2 * PRINTER_MARGIN };
}

/** The page's pixels that an A4 printer prints, as a PNG. */
async function printedPixels(pdf: Uint8Array, align: 'top' | 'centre'): Promise<Buffer> {
  const dpi = 200;
  const px = dpi / 25.4;
  const part = printedPart({ w: 215, h: 330 }, align);
  return sharp(renderPdf(pdf, dpi).png)
    .extract({ left: Math.round(part.x * px), top: Math.round(part.y * px), width: Math.round(part.w * px), height: Math.round(part.h * px) })
    .png()
    .toBuffer();
}

interface Line {
  text: string;
  y0: number;
  y1: number;
}

/** Every text line of the page with its top and bottom in mm. */
function textLines(pdf: Uint8Array): Line[] {
  const page = mupdf.Document.openDocument(pdf, 'application/pdf').loadPage(0);
  const json = JSON.parse(page.toStructuredText('preserve-whitespace').asJSON()) as {
    blocks: Array<{ lines?: Array<{ text: string; bbox: { y: number; h: number } }> }>;
  };
  const mm = 25.4 / 72;
  return json.blocks.flatMap((b) => (b.lines ?? []).map((l) => ({ text: l.text, y0: l.bbox.y * mm, y1: (l.bbox.y + l.bbox.h) * mm })));
}

describe('an F4 certificate printed on A4 at 100%', async () => {
  const r = await resident();
  const issued = await issueCertificate(r, { issuance: issuance(), seal: { privateKey: keys.privateKeyPem }, paper: 'F4' });
  const lines = textLines(issued.pdf);

  it.each([['top'], ['centre']] as const)('aligned at the %s: the seal scans from what is printed, and it verifies', async (align) => {
    const found = await decodeQrImage(await printedPixels(issued.pdf, align));
    expect(found).toEqual([issued.barcodeText]);
    expect(verifySeal(found[0], { trustList, today: '2026-12-15' }).valid).toBe(true);
  });

  it.each([['top'], ['centre']] as const)('aligned at the %s: the letterhead, biodata, photo label and signatory are all on the sheet', (align) => {
    const part = printedPart({ w: 215, h: 330 }, align);
    const on = (needle: string) => {
      const line = lines.find((l) => l.text.toUpperCase().includes(needle.toUpperCase()));
      expect(line, needle).toBeDefined();
      return line!.y0 >= part.y && line!.y1 <= part.y + part.h;
    };
    for (const needle of [
      'PEMERINTAH KOTA CIREBON',
      'SURAT KETERANGAN PENGGANTI KTP-EL',
      'SEKAR AYU LARASATI',
      'Kewarganegaraan',
      'DRS. H. BAGUS WIRATMAJA',
      'NIP. 196805121990031005',
    ])
      expect(on(needle), needle).toBe(true);
  });

  it('the file asks the print dialogue for 100% and the tray of its own paper', () => {
    const doc = mupdf.Document.openDocument(issued.pdf, 'application/pdf') as mupdf.PDFDocument;
    const prefs = doc.getTrailer().get('Root').get('ViewerPreferences');
    expect(prefs.get('PrintScaling').asName()).toBe('None');
    expect(prefs.get('PickTrayByPDFSize').asBoolean()).toBe(true);
  });
});

describe('the same page laid out from the sheet edges (no safe area)', () => {
  it('loses the seal and the NIP on A4: the checks above can fail', async () => {
    const definition = JSON.parse(readFileSync(new URL('../templates/suket-ktp-el/template.json', import.meta.url), 'utf8')) as { paper: unknown };
    definition.paper = [{ name: 'F4-edges', width: 215, height: 330 }];
    const r = await resident();
    const issued = await issueCertificate(r, { issuance: issuance(), seal: { privateKey: keys.privateKeyPem }, template: definition });
    const part = printedPart({ w: 215, h: 330 }, 'top');
    expect(await decodeQrImage(await printedPixels(issued.pdf, 'top'))).toEqual([]);
    const nip = textLines(issued.pdf).find((l) => l.text.includes('NIP.'))!;
    expect(nip.y1).toBeGreaterThan(part.y + part.h);
  });
});
