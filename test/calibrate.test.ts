/** The printer test sheet, measured from its rendered pixels as a clerk measures the printed one with a ruler. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import { encodeQr } from '../src/codecs/qr.js';
import { CALIBRATION_LINE, CALIBRATION_PHOTO, CALIBRATION_QR, calibrationSheet, MODULE_MM } from '../src/cli/calibrate.js';
import { decodeQrImage, fold, pdfText, renderPdf } from './helpers.js';

const DPI = 300;
const px = DPI / 25.4;

describe.each([['F4'], ['A4']] as const)('the %s sheet', async (paper) => {
  const pdf = await calibrationSheet(paper);
  const r = renderPdf(pdf, DPI);
  const dark = (xMm: number, yMm: number) => {
    const o = (Math.round(yMm * px) * r.width + Math.round(xMm * px)) * 3;
    return r.pixels[o]! < 128;
  };
  /** The dark run along a row, from where it starts to where it ends, in mm. */
  const runAlong = (yMm: number, fromMm: number) => {
    let x = Math.round(fromMm * px);
    while (x > 0 && dark((x - 1) / px, yMm)) x--;
    const start = x;
    while (dark(x / px, yMm)) x++;
    return (x - start) / px;
  };

  it('is the paper size, asks for 100%, and says how to check it', () => {
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf') as mupdf.PDFDocument;
    const [x0, y0, x1, y1] = doc.loadPage(0).getBounds();
    expect((x1 - x0) / (72 / 25.4)).toBeCloseTo(paper === 'F4' ? 215 : 210, 1);
    expect((y1 - y0) / (72 / 25.4)).toBeCloseTo(paper === 'F4' ? 330 : 297, 1);
    expect(doc.getTrailer().get('Root').get('ViewerPreferences').get('PrintScaling').asName()).toBe('None');
    const text = fold(pdfText(pdf));
    expect(text).toContain('ukuran sebenarnya (100%');
    expect(text).toContain('garis acuan: 100 mm');
    expect(text).toContain(paper === 'F4' ? 'dicetak di kertas A4' : 'kertas A4 (210 x 297 mm)');
  });

  it('draws a 100 mm line that measures 100 mm, and the photo box at 30 x 40 mm', () => {
    const l = CALIBRATION_LINE;
    expect(runAlong(l.y + 0.25, l.x + 50)).toBeCloseTo(100, 0);
    const p = CALIBRATION_PHOTO;
    // Outer edges of the box's outline: its left and right sides along the middle, top and bottom down the middle.
    let left = Math.round((p.x - 2) * px);
    while (!dark(left / px, p.y + 10)) left++;
    let right = Math.round((p.x + p.w + 2) * px);
    while (!dark(right / px, p.y + 10)) right--;
    expect((right - left) / px).toBeCloseTo(p.w, 0);
    let top = Math.round((p.y - 2) * px);
    while (!dark(p.x + 5, top / px)) top++;
    let bottom = Math.round((p.y + p.h + 2) * px);
    while (!dark(p.x + 5, bottom / px)) bottom--;
    expect((bottom - top) / px).toBeCloseTo(p.h, 0);
  });

  it('prints a QR code at 0.423 mm a module that a scanner reads', async () => {
    const q = CALIBRATION_QR;
    expect(await decodeQrImage(r.png)).toEqual([q.text]);
    const size = encodeQr(q.text, 'Q').size;
    // The finder pattern's top edge is dark across 7 modules from the code's corner.
    expect(runAlong(q.y + MODULE_MM / 2, q.x + 1) / 7).toBeCloseTo(MODULE_MM, 2);
    // The 10-module bar below the code.
    expect(runAlong(q.y + size * MODULE_MM + 4 + MODULE_MM / 2, q.x + 1)).toBeCloseTo(4.23, 1);
  });
});

describe('suket calibrate', () => {
  it('writes the sheet for the paper asked, and refuses to replace a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suket-calibrate-'));
    const cli = new URL('../dist/cli.js', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [cli, 'calibrate', '--paper', 'A4'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('print it on A4 at 100%');
    const file = join(dir, 'kalibrasi-A4.pdf');
    expect(statSync(file).size).toBeGreaterThan(5000);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(spawnSync(process.execPath, [cli, 'calibrate', '--paper', 'A4'], { cwd: dir, encoding: 'utf8' }).status).toBe(1);
  });
});
