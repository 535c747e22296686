// Renders a picture of each built-in template for the README (npm run pictures).
import { writeFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import { BUILTIN_TEMPLATES, generateCertificate, generateSealKeys } from '../dist/index.js';

// The sample data lives in src/; the built CLI carries it, so ask it for the demo inputs.
const { sampleIssuance, sampleLogo, samplePortrait, sampleResident } = await import('../dist/sample.js');

const keys = generateSealKeys();
const issuance = sampleIssuance();
issuance.office.logo = await sampleLogo();
for (const template of BUILTIN_TEMPLATES) {
  const pdf = await generateCertificate(
    { ...sampleResident(), photo: await samplePortrait() },
    { issuance, template, seal: { privateKey: keys.privateKeyPem } },
  );
  const page = mupdf.Document.openDocument(pdf, 'application/pdf').loadPage(0);
  const png = page.toPixmap(mupdf.Matrix.scale(70 / 72, 70 / 72), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
  writeFileSync(`docs/${template}.png`, png);
  console.log(`docs/${template}.png`);
}
