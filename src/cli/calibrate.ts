/**
 * The printer test sheet (`suket calibrate`): millimetre rulers, a 100 mm
 * line, the photo box at 30 x 40 mm, a QR code at the seal's 0.423 mm
 * module with a 10-module bar, corner marks, and on F4 the part that an A4
 * printer keeps. A clerk prints it at 100% and measures before a print
 * run. A document of its own, drawn with pdfkit directly (draw.ts draws
 * certificates).
 */
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { encodeQr } from '../codecs/qr.js';
import { pdfBytes } from '../render/draw/draw.js';
import { setFileId, setViewerPreferences } from '../render/draw/pdfkit-door.js';
import { PT_PER_MM } from '../elements/common.js';
import { builtinFontsDir } from '../io/paths.js';
import { PAPERS, type PaperName } from '../template/papers.js';

/** The seal's module size, as the built-in templates print it. */
export const MODULE_MM = 0.423;
/** Where the test QR sits, so a test can find it: mm from the top-left. */
export const CALIBRATION_QR = Object.freeze({ x: 120, y: 160, text: 'KALIBRASI SUKET: MODUL 0,423 MM' });
/** The photo box drawn on the sheet, mm from the top-left of the page. */
export const CALIBRATION_PHOTO = Object.freeze({ x: 163, y: 95, w: 30, h: 40 });
/** The reference line: 100 mm long, from x = 20 mm. */
export const CALIBRATION_LINE = Object.freeze({ x: 20, y: 95, w: 100 });

const mm = (v: number) => v * PT_PER_MM;

/**
 * The test sheet for a paper, as PDF bytes (the same bytes every time).
 * @example writeFileSync('kalibrasi-F4.pdf', await calibrationSheet('F4'));
 */
export async function calibrationSheet(paper: PaperName): Promise<Uint8Array> {
  const size = PAPERS[paper];
  const doc = new PDFDocument({
    size: [mm(size.width), mm(size.height)],
    margin: 0,
    pdfVersion: '1.7',
    lang: 'id-ID',
    displayTitle: true,
    font: null as unknown as string,
    info: { Title: `Lembar uji cetak suket (${paper})`, Creator: 'suket', Producer: 'suket', CreationDate: new Date(0), ModDate: new Date(0) },
  });
  setViewerPreferences(doc, { PrintScaling: 'None' });
  doc.registerFont('regular', join(builtinFontsDir(), 'Arimo-Regular.ttf'));
  doc.registerFont('bold', join(builtinFontsDir(), 'Arimo-Bold.ttf'));
  header(doc, paper, size);
  rulers(doc, size);
  referenceShapes(doc);
  testCode(doc);
  cornerMarks(doc, size);
  if ('safeArea' in size) safeArea(doc, size as (typeof PAPERS)['F4']);
  setFileId(doc, Buffer.alloc(16, paper.charCodeAt(0)));
  const bytes = pdfBytes(doc);
  doc.end();
  return bytes;
}

function header(doc: PDFKit.PDFDocument, paper: string, size: { width: number; height: number }): void {
  doc
    .font('bold')
    .fontSize(13)
    .fillColor('black')
    .text(`LEMBAR UJI CETAK - kertas ${paper} (${size.width} x ${size.height} mm)`, mm(20), mm(14), { width: mm(175) });
  doc
    .font('regular')
    .fontSize(9.5)
    .text(
      'Cetak lembar ini dengan ukuran sebenarnya (100%, "Actual size"), bukan "Fit to page" atau "Sesuaikan dengan halaman". ' +
        'Lalu ukur dengan penggaris: garis acuan harus tepat 100 mm, kotak foto 30 x 40 mm, dan batang 10 modul di samping kode QR 4,23 mm. ' +
        'Kode QR harus terbaca oleh kamera ponsel, dan keempat tanda sudut harus tercetak. Jika ada yang meleset, perbaiki pengaturan printer sebelum mencetak surat.',
      mm(20),
      mm(22),
      { width: mm(175), lineGap: 1.5 },
    );
}

/** A ruler along the top (x from 20 mm) and one down the left (y from 60 mm), ticks every mm, labels every 10. */
function rulers(doc: PDFKit.PDFDocument, size: { width: number; height: number }): void {
  const top = 60;
  const along = Math.floor(size.width - 40);
  for (let i = 0; i <= along; i++) {
    const len = i % 10 === 0 ? 5 : i % 5 === 0 ? 3.5 : 2;
    doc.rect(mm(20 + i) - 0.2, mm(top), 0.4, mm(len)).fill('black');
    if (i % 10 === 0)
      doc
        .font('regular')
        .fontSize(6)
        .text(String(i), mm(20 + i) - 6, mm(top + 5.5), { width: 12, align: 'center', lineBreak: false });
  }
  const down = Math.floor(size.height - top - 20);
  for (let i = 0; i <= down; i++) {
    const len = i % 10 === 0 ? 5 : i % 5 === 0 ? 3.5 : 2;
    doc.rect(mm(8), mm(top + i) - 0.2, mm(len), 0.4).fill('black');
    if (i % 10 === 0 && i)
      doc
        .font('regular')
        .fontSize(6)
        .text(String(i), mm(13.5), mm(top + i) - 3, { lineBreak: false });
  }
  doc
    .font('regular')
    .fontSize(7)
    .text('mm', mm(20), mm(top - 4), { lineBreak: false });
}

function referenceShapes(doc: PDFKit.PDFDocument): void {
  const l = CALIBRATION_LINE;
  doc.rect(mm(l.x), mm(l.y), mm(l.w), mm(0.5)).fill('black');
  doc
    .font('regular')
    .fontSize(8)
    .text('garis acuan: 100 mm', mm(l.x), mm(l.y + 2), { lineBreak: false });
  const p = CALIBRATION_PHOTO;
  doc.rect(mm(p.x), mm(p.y), mm(p.w), mm(p.h)).lineWidth(0.6).stroke('black');
  doc.fontSize(8).text('kotak foto', mm(p.x), mm(p.y + p.h / 2 - 3), { width: mm(p.w), align: 'center' });
  doc.text('30 x 40 mm', { width: mm(p.w), align: 'center' });
}

/** A QR code at the seal's module size, and a bar of 10 modules to measure. */
function testCode(doc: PDFKit.PDFDocument): void {
  const q = CALIBRATION_QR;
  const code = encodeQr(q.text, 'Q');
  const m = mm(MODULE_MM);
  for (let r = 0; r < code.size; r++) for (let c = 0; c < code.size; c++) if (code.modules[r * code.size + c]) doc.rect(mm(q.x) + c * m, mm(q.y) + r * m, m, m);
  doc.fill('black');
  const barY = mm(q.y) + code.size * m + mm(4);
  doc.rect(mm(q.x), barY, 10 * m, m).fill('black');
  doc
    .font('regular')
    .fontSize(8)
    .text(`10 modul = ${(10 * MODULE_MM).toFixed(2).replace('.', ',')} mm (1 modul = 0,423 mm, seperti segel digital)`, mm(q.x), barY + mm(2), {
      width: mm(75),
    });
}

/** L-shaped marks 5 mm in from each corner: a missing one means the printer cuts that edge. */
function cornerMarks(doc: PDFKit.PDFDocument, size: { width: number; height: number }): void {
  const w = mm(size.width);
  const h = mm(size.height);
  const d = mm(5);
  const arm = mm(8);
  doc.lineWidth(0.8);
  for (const [x, y, sx, sy] of [
    [d, d, 1, 1],
    [w - d, d, -1, 1],
    [d, h - d, 1, -1],
    [w - d, h - d, -1, -1],
  ] as const)
    doc
      .moveTo(x + sx * arm, y)
      .lineTo(x, y)
      .lineTo(x, y + sy * arm)
      .stroke('black');
}

/** On F4: what an A4 printer at 100% keeps, where suket lays out the certificate. */
function safeArea(doc: PDFKit.PDFDocument, size: (typeof PAPERS)['F4']): void {
  const { top, bottom } = size.safeArea;
  doc
    .rect(mm(2), mm(top), mm(size.width - 4), mm(size.height - top - bottom))
    .dash(4, { space: 3 })
    .lineWidth(0.5)
    .stroke('#555555')
    .undash();
  doc
    .font('regular')
    .fontSize(7)
    .fillColor('#555555')
    .text('garis putus-putus: bagian surat yang tetap tercetak utuh bila lembar F4 dicetak di kertas A4 (100%)', mm(20), mm(size.height - bottom - 5), {
      lineBreak: false,
    });
}
