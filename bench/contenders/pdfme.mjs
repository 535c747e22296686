// @pdfme/generator with an equivalent template: text fields, image, QR.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { generate } from '@pdfme/generator';
import { text, image, barcodes, line } from '@pdfme/schemas';
import { facts, rows, sealText } from '../common.mjs';

export const name = '@pdfme/generator';
let template;
let font;
const plugins = { text, image, qrcode: barcodes.qrcode, line };

export async function setup() {
  font = {
    Arimo: { data: readFileSync(new URL('../../fonts/Arimo-Regular.ttf', import.meta.url)), fallback: true },
    ArimoBold: { data: readFileSync(new URL('../../fonts/Arimo-Bold.ttf', import.meta.url)) },
  };
  const t = (name, x, y, w, size, extra = {}) => ({
    name,
    type: 'text',
    position: { x, y },
    width: w,
    height: size * 0.5,
    fontSize: size,
    fontName: 'Arimo',
    ...extra,
  });
  const schema = [
    t('government', 52, 12, 143, 14, { alignment: 'center', fontName: 'ArimoBold' }),
    t('office', 52, 18.5, 143, 15, { alignment: 'center', fontName: 'ArimoBold' }),
    t('address', 52, 31, 143, 9.5, { alignment: 'center' }),
    t('contact', 52, 35.5, 143, 9.5, { alignment: 'center' }),
    { name: 'rule', type: 'line', position: { x: 25, y: 41 }, width: 170, height: 0.8, color: '#000000' },
    t('title', 25, 48, 170, 13, { alignment: 'center', fontName: 'ArimoBold' }),
    t('number', 25, 54.5, 170, 11, { alignment: 'center' }),
    t('intro', 25, 63, 170, 11, { height: 10 }),
    ...Array.from({ length: 16 }, (_, k) => [t(`l${k}`, 25, 77 + k * 5.3, 42, 11), t(`v${k}`, 71, 77 + k * 5.3, 85, 11)]).flat(),
    { name: 'photo', type: 'image', position: { x: 163, y: 78 }, width: 30, height: 40 },
    t('statement', 25, 170, 170, 11, { height: 15 }),
    t('place', 118, 250, 77, 11, { alignment: 'center' }),
    t('signTitle', 118, 256, 77, 11, { alignment: 'center', height: 12 }),
    t('signName', 118, 300, 77, 11, { alignment: 'center', fontName: 'ArimoBold' }),
    t('nip', 118, 306, 77, 11, { alignment: 'center' }),
    { name: 'seal', type: 'qrcode', position: { x: 25, y: 288.8 }, width: 29.2, height: 29.2 },
  ];
  template = { basePdf: { width: 215, height: 330, padding: [0, 0, 0, 0] }, schemas: [schema] };
}

export async function render(i, photo) {
  const { resident: r, issuance: iss } = facts(i);
  const seal = await sealText(r, iss);
  const jpeg = await sharp(photo).rotate().resize(354, 472, { fit: 'cover', position: 'north' }).jpeg({ quality: 85 }).toBuffer();
  const input = {
    government: iss.office.government,
    office: iss.office.name,
    address: iss.office.address,
    contact: iss.office.contact ?? '',
    rule: '',
    title: 'SURAT KETERANGAN PENGGANTI KTP-EL',
    number: `Nomor: ${iss.number}`,
    intro: `Yang bertanda tangan di bawah ini, ${iss.signatory.title}, menerangkan bahwa:`,
    photo: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
    statement: `Orang tersebut di atas telah melakukan perekaman KTP-el dan terdaftar dalam database kependudukan ${r.address.regency}.`,
    place: `${iss.place}, ${iss.issuedAt}`,
    signTitle: iss.signatory.title,
    signName: iss.signatory.name,
    nip: `NIP. ${iss.signatory.nip}`,
    seal,
  };
  rows(r, iss).forEach(([l, v], k) => {
    input[`l${k}`] = l;
    input[`v${k}`] = v;
  });
  return generate({ template, inputs: [input], plugins, options: { font } });
}
export async function teardown() {}
