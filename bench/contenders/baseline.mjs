// The obvious implementation with the same dependencies: pdfkit with fonts
// loaded per document, the QR as a PNG from bwip-js, the photo through sharp.
import PDFDocument from 'pdfkit';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import { facts, rows, sealText } from '../common.mjs';

export const name = 'pdfkit (obvious)';
const font = (f) => fileURLToPath(new URL(`../../fonts/Arimo-${f}.ttf`, import.meta.url));
const mm = (v) => (v * 72) / 25.4;

export async function setup() {}
export async function render(i, photo) {
  const { resident: r, issuance: iss } = facts(i);
  const seal = await sealText(r, iss);
  const [jpeg, qr] = await Promise.all([
    sharp(photo).rotate().resize(354, 472, { fit: 'cover', position: 'north' }).jpeg({ quality: 85 }).toBuffer(),
    bwipjs.toBuffer({ bcid: 'qrcode', text: seal, eclevel: 'Q', scale: 4 }),
  ]);
  const doc = new PDFDocument({ size: [mm(215), mm(330)], margin: 0 });
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise((res) => doc.on('end', res));
  doc.registerFont('R', font('Regular'));
  doc.registerFont('B', font('Bold'));
  doc
    .font('B')
    .fontSize(14)
    .text(iss.office.government, mm(52), mm(12), { width: mm(143), align: 'center' });
  doc.fontSize(15).text(iss.office.name, { width: mm(143), align: 'center' });
  doc
    .font('R')
    .fontSize(9.5)
    .text(iss.office.address, { width: mm(143), align: 'center' });
  doc.text(iss.office.contact ?? '', { width: mm(143), align: 'center' });
  doc.rect(mm(25), mm(41), mm(170), 2.2).fill('black');
  doc
    .font('B')
    .fontSize(13)
    .text('SURAT KETERANGAN PENGGANTI KTP-EL', mm(25), mm(48), { width: mm(170), align: 'center', underline: true });
  doc
    .font('R')
    .fontSize(11)
    .text(`Nomor: ${iss.number}`, { width: mm(170), align: 'center' });
  doc.text(`Yang bertanda tangan di bawah ini, ${iss.signatory.title}, menerangkan bahwa:`, mm(25), mm(63), { width: mm(170), align: 'justify' });
  let y = mm(77);
  for (const [label, value] of rows(r, iss)) {
    doc.text(label, mm(25), y, { width: mm(42) });
    doc.text(':', mm(67), y);
    doc.text(value, mm(71), y, { width: mm(85) });
    y = doc.y + 2;
  }
  doc.image(jpeg, mm(163), mm(78), { width: mm(30), height: mm(40) });
  doc.text(`Orang tersebut di atas telah melakukan perekaman KTP-el dan terdaftar dalam database kependudukan ${r.address.regency}.`, mm(25), y + mm(6), {
    width: mm(170),
    align: 'justify',
  });
  doc.text(`${iss.place}, ${iss.issuedAt}`, mm(118), mm(250), { width: mm(77), align: 'center' });
  doc.text(iss.signatory.title, { width: mm(77), align: 'center' });
  doc.font('B').text(iss.signatory.name, mm(118), mm(300), { width: mm(77), align: 'center', underline: true });
  doc.font('R').text(`NIP. ${iss.signatory.nip}`, { width: mm(77), align: 'center' });
  doc.image(qr, mm(25), mm(330 - 12 - 29.2), { width: mm(29.2), height: mm(29.2) });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
export async function teardown() {}
