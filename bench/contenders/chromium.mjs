// Chromium HTML-to-PDF through puppeteer-core and Debian's chromium: one
// browser, one page reused. Skipped when chromium is not installed.
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import bwipjs from 'bwip-js';
import { facts, rows, sealText } from '../common.mjs';

export const name = 'Chromium (puppeteer-core)';
const EXE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const available = () => existsSync(EXE);
let browser;
let page;
const fontCss = `@font-face { font-family: Arimo; src: url(data:font/ttf;base64,${readFileSync(new URL('../../fonts/Arimo-Regular.ttf', import.meta.url)).toString('base64')}); }`;

export async function setup() {
  const puppeteer = (await import('puppeteer-core')).default;
  browser = await puppeteer.launch({
    executablePath: EXE,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    userDataDir: (await import('node:fs')).mkdtempSync('/tmp/suket-bench-chromium-'),
  });
  page = await browser.newPage();
}

const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);

export async function render(i, photo) {
  const { resident: r, issuance: iss } = facts(i);
  const seal = await sealText(r, iss);
  const jpeg = await sharp(photo).rotate().resize(354, 472, { fit: 'cover', position: 'north' }).jpeg({ quality: 85 }).toBuffer();
  const svg = bwipjs.toSVG({ bcid: 'qrcode', text: seal, eclevel: 'Q' });
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><style>${fontCss}
    @page { size: 215mm 330mm; margin: 0 } body { font-family: Arimo; font-size: 11pt; margin: 12mm 20mm 12mm 25mm }
    h1,h2 { text-align:center; margin:0 } .rule { border-bottom: 2px solid #000; margin: 3mm 0 } td { padding: 0.4mm 1mm; vertical-align: top }
    .photo { position:absolute; left:163mm; top:78mm; width:30mm; height:40mm } .qr { position:absolute; left:25mm; top:288.8mm; width:29.2mm }
    .sign { position:absolute; left:118mm; top:250mm; width:77mm; text-align:center }</style></head><body>
    <h2>${esc(iss.office.government)}</h2><h1>${esc(iss.office.name)}</h1><p style="text-align:center">${esc(iss.office.address)}<br>${esc(iss.office.contact ?? '')}</p>
    <div class="rule"></div><h2><u>SURAT KETERANGAN PENGGANTI KTP-EL</u></h2><p style="text-align:center">Nomor: ${esc(iss.number)}</p>
    <p>Yang bertanda tangan di bawah ini, ${esc(iss.signatory.title)}, menerangkan bahwa:</p>
    <table>${rows(r, iss)
      .map(([l, v]) => `<tr><td style="width:42mm">${esc(l)}</td><td>:</td><td>${esc(v)}</td></tr>`)
      .join('')}</table>
    <p>Orang tersebut di atas telah melakukan perekaman KTP-el dan terdaftar dalam database kependudukan ${esc(r.address.regency)}.</p>
    <img class="photo" src="data:image/jpeg;base64,${jpeg.toString('base64')}"><div class="qr">${svg}</div>
    <div class="sign">${esc(iss.place)}, ${esc(iss.issuedAt)}<br>${esc(iss.signatory.title)}<br><br><br><br><b><u>${esc(iss.signatory.name)}</u></b><br>NIP. ${esc(iss.signatory.nip)}</div>
    </body></html>`;
  await page.setContent(html, { waitUntil: 'load' });
  return new Uint8Array(await page.pdf({ width: '215mm', height: '330mm', printBackground: true }));
}

export async function teardown() {
  await browser?.close();
}
