import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as mupdf from 'mupdf';
import {
  BUILTIN_TEMPLATES,
  createGenerator,
  generateCertificate,
  generateSealKeys,
  issueCertificate,
  loadTemplate,
  PAPERS,
  streamCertificate,
  type SuketError,
  templateJsonSchema,
  verifySeal,
  writeCertificateFile,
  type GenerateOptions,
  type ResidentInput,
} from '../src/index.js';
import { sampleLogo, samplePortrait } from '../src/sample.js';
import { decodeQrCodes, failure, fold, issuance, meanColour, pdfPageCount, pdfText, renderPdf, resident } from './helpers.js';

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
const trustList = { keys: [keys.publicJwk] };
const seal = { privateKey: keys.privateKeyPem };
const today = '2026-12-15';
/** Where the F4 page's coordinates start (its safe area for A4 printers). */
const { top: TOP, bottom: BOTTOM } = PAPERS.F4.safeArea;

const codes = (e: SuketError) => e.issues.map((i) => `${i.path}:${i.code}`);

const tmp = () => mkdtempSync(join(tmpdir(), 'suket-test-'));

describe.each(BUILTIN_TEMPLATES.map((t) => [t]))('built-in template %s', (template) => {
  it.each([['F4'], ['A4']])('on %s: every field readable, barcode decodes from the pixels and verifies', async (paper) => {
    const r = await resident();
    const out = await issueCertificate(r, { issuance: issuance(), seal, template, paper });
    expect(pdfPageCount(out.pdf)).toBe(1);
    const doc = mupdf.Document.openDocument(out.pdf, 'application/pdf');
    const bounds = doc.loadPage(0).getBounds();
    const expectMm = paper === 'F4' ? [215, 330] : [210, 297];
    expect((bounds[2] - bounds[0]) / (72 / 25.4)).toBeCloseTo(expectMm[0]!, 1);
    expect((bounds[3] - bounds[1]) / (72 / 25.4)).toBeCloseTo(expectMm[1]!, 1);

    const text = fold(pdfText(out.pdf)).toUpperCase();
    for (const s of [
      '3274045708900042',
      'SEKAR AYU LARASATI',
      'CIREBON',
      'PEREMPUAN',
      'KARYAWAN SWASTA',
      'WNI',
      'JL. KESAMBI RAYA NO. 12',
      '471.13/0001/DISDUKCAPIL/XI/2026',
      'PEMERINTAH KOTA CIREBON',
      'DRS. H. BAGUS WIRATMAJA, M.SI.',
      '196805121990031005',
      '30 NOVEMBER 2026',
      '30 MEI 2027',
    ])
      expect(text).toContain(s);

    const codesFound = await decodeQrCodes(out.pdf);
    expect(codesFound).toEqual([out.barcodeText]);
    const v = verifySeal(codesFound[0], { trustList, today });
    expect(v).toMatchObject({ valid: true, fields: { nik: '3274045708900042', name: 'SEKAR AYU LARASATI', number: out.number, issuedAt: '2026-11-30' } });
    expect(out.pdf.length).toBeLessThan(60 * 1024);
  });
});

describe('suket-ktp-el layout', () => {
  it('puts the colour photo in its box and the barcode in the lower-left corner', async () => {
    const out = await generateCertificate(await resident(), { issuance: issuance(), seal });
    const r = renderPdf(out, 100);
    // The portrait's blue background at the top corners of the photo box (163, 78, 30 x 40 mm in the F4 safe area).
    const [red, green, blue] = meanColour(r, 164, 79 + TOP, 4, 4);
    expect(blue).toBeGreaterThan(140);
    expect(red).toBeLessThan(80);
    expect(green).toBeLessThan(110);
    // Lower-left quarter holds dark modules, lower-right corner is paper white.
    const qr = meanColour(r, 25, 330 - BOTTOM - 12 - 4 * 0.423 - 29, 29, 29);
    expect(qr[0]).toBeLessThan(200);
    expect(qr[0]).toBeGreaterThan(40);
    expect(Math.min(...meanColour(r, 150, 319, 40, 8))).toBeGreaterThan(250);
    const decoded = await decodeQrCodes(out);
    expect(decoded).toHaveLength(1);
  });
});

describe('determinism', () => {
  it('the same input gives the same bytes, through every entry point', async () => {
    const opts: GenerateOptions = { issuance: issuance(), seal };
    const a = await generateCertificate(await resident(), opts);
    const b = await generateCertificate(await resident(), opts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const office = createGenerator({ issuance: { ...issuance(), numbering: undefined, sequence: undefined }, seal });
    const c = await office.generateCertificate(await resident(), { issuance: { number: '471.13/0001/Disdukcapil/XI/2026' } });
    expect(Buffer.from(c).equals(Buffer.from(a))).toBe(true);
    const dir = tmp();
    await writeCertificateFile(join(dir, 'a.pdf'), await resident(), opts);
    expect(readFileSync(join(dir, 'a.pdf')).equals(Buffer.from(a))).toBe(true);
    const { stream } = await streamCertificate(await resident(), opts);
    const chunks: Buffer[] = [];
    for await (const ch of stream) chunks.push(ch as Buffer);
    expect(Buffer.concat(chunks).equals(Buffer.from(a))).toBe(true);
  });

  it('a fresh process, with nothing cached, gives the bytes a warm one gives', async () => {
    const dir = tmp();
    const input = { resident: { ...(await resident()), photo: undefined }, issuance: issuance(), key: keys.privateKeyPem };
    writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
    writeFileSync(join(dir, 'photo.jpg'), (await resident()).photo as Uint8Array);
    const opts: GenerateOptions = { issuance: issuance(), seal };
    // Warm: other residents first, so shaped words and fonts are cached.
    await generateCertificate(await resident({ name: 'Dewi Kartika Sari', nik: '3274045708900043' }), opts);
    const warm = await generateCertificate(await resident(), opts);
    const script = `
      import { readFileSync } from 'node:fs';
      import { createHash } from 'node:crypto';
      import { generateCertificate } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const { resident, issuance, key } = JSON.parse(readFileSync('input.json', 'utf8'));
      const pdf = await generateCertificate({ ...resident, photo: new Uint8Array(readFileSync('photo.jpg')) }, { issuance, seal: { privateKey: key } });
      process.stdout.write(createHash('sha256').update(pdf).digest('hex'));`;
    const cold = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    expect(cold.status, cold.stderr).toBe(0);
    expect(cold.stdout).toBe(createHash('sha256').update(warm).digest('hex'));
  });

  it('a different resident gives a different seal that names that resident', async () => {
    const other = await issueCertificate(await resident({ name: 'Dewi Kartika Sari', nik: '3274045708900043' }), { issuance: issuance(), seal });
    const v = verifySeal((await decodeQrCodes(other.pdf))[0], { trustList, today });
    expect(v).toMatchObject({ valid: true, fields: { name: 'DEWI KARTIKA SARI', nik: '3274045708900043' } });
  });
});

describe('unsealed and metadata', () => {
  it('without a key, the barcode holds the number and the caption says it is not a seal', async () => {
    const out = await issueCertificate(await resident(), { issuance: issuance() });
    expect(out.sealed).toBe(false);
    expect(await decodeQrCodes(out.pdf)).toEqual(['471.13/0001/Disdukcapil/XI/2026']);
    expect(pdfText(out.pdf)).toContain('TIDAK BERSEGEL');
  });

  it('has title, language and producer, and no personal data in its metadata', async () => {
    const pdf = await generateCertificate(await resident(), { issuance: issuance(), seal });
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf') as mupdf.PDFDocument;
    expect(doc.getMetaData('info:Title')).toBe('Surat Keterangan Pengganti KTP-el');
    expect(doc.getMetaData('info:Producer')).toMatch(/^suket /);
    expect(doc.getTrailer().get('Root').get('Lang').asString()).toBe('id-ID');
    const info = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'].map((k) => doc.getMetaData(`info:${k}`)).join(' ');
    expect(info).not.toContain('3274045708900042');
    expect(info.toUpperCase()).not.toContain('SEKAR');
  });
});

describe('text', () => {
  it('prints placeholder syntax inside a value literally', async () => {
    const r = await resident();
    const pdf = await generateCertificate({ ...r, address: { ...r.address, street: 'Jl. {{resident.nik}} No. 5 <b>' } }, { issuance: issuance() });
    expect(fold(pdfText(pdf))).toContain('JL. {{RESIDENT.NIK}} NO. 5 <B>');
  });

  it('wraps and shrinks long values, and fails naming the field past the minimum', async () => {
    const r = await resident();
    const longStreet = 'Jl. Raya Pangeran Diponegoro Gang Kenanga Blok C Nomor 12A Perumahan Griya Asri Sejahtera Tahap II Kavling 7, Dekat Masjid Al-Ikhlas';
    const pdf = await generateCertificate({ ...r, address: { ...r.address, street: longStreet } }, { issuance: issuance() });
    expect(fold(pdfText(pdf))).toContain('KAVLING 7');
    const tiny = {
      name: 'tiny',
      paper: ['A4'],
      fonts: { regular: 'builtin:Arimo-Regular' },
      elements: [{ type: 'text', x: 10, y: 10, w: 30, size: 12, minSize: 10, text: '{{resident.address.street}}' }],
    };
    const e = await failure(generateCertificate({ ...r, address: { ...r.address, street: longStreet } }, { issuance: issuance(), template: tiny }));
    expect(e.code).toBe('RENDER_FAILED');
    expect(codes(e)).toEqual(['address.street:text_overflow']);
    expect(e.message).not.toContain('Kenanga');
  });

  it('fails when a long value pushes text into the element below it', async () => {
    const r = await resident();
    const t = {
      name: 'overlap',
      paper: ['A4'],
      fonts: { regular: 'builtin:Arimo-Regular' },
      elements: [
        { type: 'text', x: 10, y: 10, w: 40, size: 12, maxLines: 4, text: '{{resident.address.street}}' },
        { type: 'text', x: 10, y: 16, w: 40, size: 12, text: 'NEXT' },
      ],
    };
    expect(fold(pdfText(await generateCertificate({ ...r, address: { ...r.address, street: 'Jl. A' } }, { issuance: issuance(), template: t })))).toContain(
      'NEXT',
    );
    const e = await failure(
      generateCertificate({ ...r, address: { ...r.address, street: 'Jalan Panjang Sekali Nomor Dua Belas Blok C' } }, { issuance: issuance(), template: t }),
    );
    expect(codes(e)).toEqual(['template.elements[1]:template_layout']);
  });

  it('refuses a character the font lacks, naming the field', async () => {
    const e = await failure(generateCertificate(await resident({ name: 'Siti 花子' }), { issuance: issuance() }));
    expect(codes(e)).toEqual(['name:missing_glyph']);
  });

  it('prints Latin letters beyond ASCII', async () => {
    const pdf = await generateCertificate(await resident({ name: 'Zoë Ñuñez-Łukasz', citizenship: 'WNA', nationality: 'Polandia' }), { issuance: issuance() });
    expect(fold(pdfText(pdf))).toContain('ZOË ÑUÑEZ-ŁUKASZ');
    expect(fold(pdfText(pdf))).toContain('WNA (POLANDIA)');
  });

  it('keeps a long name within a QR version 13 seal that still verifies', async () => {
    const out = await issueCertificate(await resident({ name: 'Raden Ayu Siti Khadijah Purnamasari Wulan' }), { issuance: issuance(), seal });
    const [text] = await decodeQrCodes(out.pdf);
    expect(text!.length).toBeLessThanOrEqual(352);
    expect(verifySeal(text, { trustList, today }).valid).toBe(true);
  });
});

describe('the QR as a link to the verifier page', () => {
  // The longest address allowed (60 characters) and a 41-letter name: the case the 15-Q promise is measured on.
  const verifyUrl = 'https://dukcapil.cirebonkota.go.id/periksa/surat-keterangan/';
  const RFC3986_URI = /^https:\/\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+#[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;

  it('is a valid URL, read from the pixels: <verifyUrl>#SK1U:..., unchanged by new URL(), at most version 15-Q; verifySeal takes it whole', async () => {
    expect(verifyUrl).toHaveLength(60);
    const long = await resident({ name: 'Raden Ayu Siti Khadijah Purnamasari Wulan' });
    const out = await issueCertificate(long, { issuance: issuance({ verifyUrl }), seal });
    const [text] = await decodeQrCodes(out.pdf);
    expect(text).toBe(out.barcodeText);
    expect(text!.startsWith(`${verifyUrl}#SK1U:`)).toBe(true);
    expect(text).toMatch(RFC3986_URI);
    expect(new URL(text!).href).toBe(text);
    expect(verifySeal(text, { trustList, today })).toMatchObject({ valid: true, fields: { name: 'RADEN AYU SITI KHADIJAH PURNAMASARI WULAN' } });
    // The caption prints the address (wrapped where it is long).
    expect(fold(pdfText(out.pdf)).replace(/\s/g, '')).toContain(verifyUrl);
    const { encodeQr } = await import('../src/codecs/qr.js');
    const version = encodeQr(text!, 'Q').version;
    console.log(`QR with a ${verifyUrl.length}-character link and a 41-letter name: version ${version}`);
    expect(version).toBeLessThanOrEqual(15);
  });

  it('is read however a phone hands it, and links of the earlier form still verify', async () => {
    const out = await issueCertificate(await resident(), { issuance: issuance({ verifyUrl }), seal });
    const link = out.barcodeText;
    const at = link.indexOf('#');
    const fragment = link.slice(at + 1);
    const ok = (t: string) => expect(verifySeal(t, { trustList, today }).valid, t.slice(0, 80)).toBe(true);
    ok(link);
    ok(fragment); // the fragment alone
    ok(`#${fragment}`); // location.hash
    ok(`${link.slice(0, at)}#SK1U%3A${fragment.slice(5)}`); // the colon percent-encoded
    ok(`${link.slice(0, at)}#${[...fragment].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`); // every character, lower-case hex
    ok(`HTTPS://DUKCAPIL.CIREBONKOTA.GO.ID/periksa/surat-keterangan/#${fragment}`); // scheme and host as a reader wrote them
    ok(`${link.slice(0, at)}#${fragment.toLowerCase()}`); // a reader that lower-cased it all
    ok(`${link}/`); // a slash added at the end
    ok(`https://dukcapil.cirebonkota.go.id/periksa/surat-keterangan#${fragment}`); // no slash before the fragment
    // The earlier form: the raw seal after '#', spaces and all.
    const seal45 = (await import('../src/seal/link.js')).sealReadings(link)[0]!;
    expect(seal45.startsWith('SK1:')).toBe(true);
    const earlier = `${verifyUrl}#${seal45}`;
    ok(earlier);
    ok(`${verifyUrl}#${seal45.replace(/ /g, '%20')}`); // as a browser shows it
    ok(`${verifyUrl}#${seal45.replace(/%/g, '%25').replace(/ /g, '%20')}`); // percent-encoded
    ok(`${verifyUrl}#${seal45.replace(/%/g, '%25').replace(/\+/g, '%2B').replace(/ /g, '+')}`); // form-encoded: + for a space
    // A changed character is still caught, in either form.
    const i = link.length - 10;
    expect(verifySeal(link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1), { trustList, today }).valid).toBe(false);
  });

  it('refuses an address that is not a valid https URL as a browser writes it', async () => {
    const r = await resident();
    for (const bad of [
      'http://dukcapil.example/',
      'https://dukcapil.example/#x',
      'https://Dukcapil.example/',
      'https://dukcapil.example',
      'https://dukcapil.example/a b/',
      'https://dukcapil.example/{x}/',
    ]) {
      const e = await failure(issueCertificate(r, { issuance: issuance({ verifyUrl: bad }), seal }));
      expect(e.issues[0], bad).toMatchObject({ path: 'issuance.verifyUrl', message: expect.stringContaining('as a browser writes it') });
    }
  });
});

describe('placeholders and formatters', () => {
  const t = (text: string, extra: object = {}) => ({
    name: 'fmt',
    paper: ['A4'],
    fonts: { regular: 'builtin:Arimo-Regular' },
    elements: [{ type: 'text', x: 10, y: 10, w: 190, size: 10, text, ...extra }],
  });
  it.each([
    ['{{resident.birthDate | date}}', '17 Agustus 1990'],
    ['{{resident.birthDate | dmy}}', '17-08-1990'],
    ['{{resident.birthDate}}', '1990-08-17'],
    ['{{resident.name | title}}', 'Sekar Ayu Larasati'],
    ['{{resident.name | lower}}', 'sekar ayu larasati'],
    ['{{issuance.office.name | title}}', 'Dinas Kependudukan dan Pencatatan Sipil'],
    ['{{resident.occupation | lower | upper}}', 'KARYAWAN SWASTA'],
    ['{{resident.occupationCode | pad:3}}', '015'],
    ['{{resident.nationality | or:-}}', '-'],
    ['{{resident.address.rtRw}}', '003/012'],
    ['{{issuance.timeZoneName}}', 'WIB'],
    ['RT {{resident.address.rt}}', 'RT 003'],
  ])('%s prints %s', async (text, expected) => {
    const pdf = await generateCertificate(await resident(), { issuance: issuance(), template: t(text) });
    expect(fold(pdfText(pdf)).trim()).toBe(expected);
  });
});

describe('template errors, when the template loads', () => {
  const base = { name: 'x', paper: ['A4'], fonts: { regular: 'builtin:Arimo-Regular' } };
  const el = (e: object) => ({ ...base, elements: [{ type: 'text', x: 10, y: 10, w: 100, size: 10, text: 'a', ...e }] });
  it.each([
    ['elements[0].text:template_placeholder', el({ text: '{{resident.password}}' })],
    ['elements[0].text:template_placeholder', el({ text: '{{resident.name | shout}}' })],
    ['elements[0].text:template_placeholder', el({ text: '{{resident.name | pad}}' })],
    ['elements[0].text:template_placeholder', el({ text: '{{resident.name' })],
    ['elements[0].x:template_schema', el({ x: 'ten' })],
    ['elements[0].type:template_schema', el({ type: 'video' })],
    ['elements[0].onclick:template_schema', el({ onclick: 'alert(1)' })],
    ['elements[0]:template_layout', el({ x: 150, w: 100 })],
    ['elements[0].below:template_layout', el({ below: 0 })],
    ['elements:template_schema', { ...base, elements: [] }],
    ['fonts.regular:template_file', { ...base, fonts: { regular: '/etc/passwd' }, elements: el({}).elements }],
    ['fonts.regular:template_file', { ...base, fonts: { regular: 'builtin:../../etc/passwd' }, elements: el({}).elements }],
  ])('%s', async (expected, template) => {
    const e = await failure(loadTemplate(template));
    expect(e.code).toBe('INVALID_TEMPLATE');
    expect(codes(e)).toContain(expected);
  });

  it('reaches only files inside its own folder', async () => {
    const dir = tmp();
    const secret = join(dir, 'secret.ttf');
    writeFileSync(secret, readFileSync(new URL('../fonts/Arimo-Regular.ttf', import.meta.url)));
    const tdir = join(dir, 'tpl');
    mkdirSync(tdir);
    symlinkSync(secret, join(tdir, 'link.ttf'));
    for (const [font, code] of [
      ['../secret.ttf', 'template_file'],
      [secret, 'template_file'],
      ['link.ttf', 'template_file'],
      ['missing.ttf', 'template_file'],
    ] as const) {
      writeFileSync(join(tdir, 'template.json'), JSON.stringify({ ...el({}), fonts: { regular: font } }));
      const e = await failure(loadTemplate(tdir));
      expect(codes(e)).toEqual([`fonts.regular:${code}`]);
    }
  });

  it('says which file is not JSON, and which folder has no template', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'template.json'), '{ "name": ');
    expect(codes(await failure(loadTemplate(dir)))).toEqual(['template.json:template_json']);
    expect(codes(await failure(loadTemplate(join(dir, 'nope'))))).toEqual(['template:template_file']);
  });

  it('loads a folder template with its own logo and wording', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'logo.png'), await sampleLogo());
    writeFileSync(
      join(dir, 'template.json'),
      JSON.stringify({
        ...base,
        elements: [
          { type: 'image', file: 'logo.png', x: 10, y: 10, w: 20, h: 20 },
          { type: 'text', x: 40, y: 10, w: 150, size: 12, text: 'KABUPATEN CONTOH: {{resident.name | title}}' },
        ],
      }),
    );
    const pdf = await generateCertificate(await resident(), { issuance: issuance(), template: dir });
    expect(fold(pdfText(pdf))).toContain('KABUPATEN CONTOH: Sekar Ayu Larasati');
    const [r, g, b] = meanColour(renderPdf(pdf, 100), 17, 20, 4, 4);
    expect(g).toBeGreaterThan(r); // the emblem's green or gold, not white paper
    expect(b).toBeLessThan(200);
  });

  it('publishes a JSON Schema that matches the committed file', () => {
    const committed = JSON.parse(readFileSync(new URL('../schema/template.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(committed).toEqual({ title: 'suket template', ...templateJsonSchema() });
  });
});

describe('input errors come before any work', () => {
  it('lists input, paper and photo problems together', async () => {
    const r: ResidentInput = { ...(await resident()), sex: 'X' };
    delete r.photo;
    const e = await failure(generateCertificate(r, { issuance: { ...issuance(), place: '' }, paper: 'LETTER' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(codes(e).sort()).toEqual(['issuance.place:empty', 'paper:not_allowed', 'photo:required', 'sex:not_allowed']);
  });

  it.each([
    ['a text file', async () => new TextEncoder().encode('hello, I am not a photo'), 'photo_format'],
    ['an empty file', async () => new Uint8Array(0), 'photo_corrupt'],
    ['a truncated JPEG', async () => (await resident()).photo!.slice(0, 2000) as Uint8Array, 'photo_corrupt'],
    [
      'a 1 x 1 PNG',
      async () =>
        new Uint8Array(
          await sharp({ create: { width: 1, height: 1, channels: 3, background: '#f00' } })
            .png()
            .toBuffer(),
        ),
      'photo_too_small',
    ],
    [
      'a GIF',
      async () =>
        new Uint8Array(
          await sharp({ create: { width: 300, height: 400, channels: 3, background: '#f00' } })
            .gif()
            .toBuffer(),
        ),
      'photo_format',
    ],
  ])('refuses %s as the photo', async (_name, make, code) => {
    const e = await failure(generateCertificate(await resident({ photo: (await make()) as Uint8Array }), { issuance: issuance(), seal }));
    expect(e.code).toBe('INVALID_PHOTO');
    expect(codes(e)).toEqual([`photo:${code}`]);
  });

  it('reads a photo path, and names the field when it cannot', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.jpg'), (await resident()).photo as Uint8Array);
    const a = await generateCertificate(await resident({ photo: join(dir, 'p.jpg') }), { issuance: issuance() });
    const b = await generateCertificate(await resident(), { issuance: issuance() });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(codes(await failure(generateCertificate(await resident({ photo: join(dir, 'none.jpg') }), { issuance: issuance() })))).toEqual(['photo:io']);
  });

  it("the usual recording-station photo (plain baseline JPEG, the box's size, no metadata) goes into the PDF as it is; others are re-encoded", async () => {
    const portrait = await samplePortrait({ seed: 5 });
    const plain = new Uint8Array(await sharp(portrait).jpeg({ quality: 92 }).toBuffer());
    const contains = (pdf: Uint8Array, part: Uint8Array) => Buffer.from(pdf).indexOf(Buffer.from(part)) >= 0;
    const out = await issueCertificate(await resident({ photo: plain }), { issuance: issuance(), seal });
    expect(contains(out.pdf, plain)).toBe(true);
    // The seal's photo digest is of the office's own file.
    const digest = createHash('sha256').update(plain).digest().subarray(0, 16).toString('hex');
    expect(verifySeal(out.barcodeText, { trustList, today })).toMatchObject({ valid: true, fields: { photoHash: digest } });
    for (const other of [
      await sharp(portrait).jpeg({ progressive: true }).toBuffer(),
      await sharp(portrait)
        .jpeg()
        .withMetadata({ exif: { IFD0: { Artist: 'kamera' } } })
        .toBuffer(),
      await sharp(portrait).resize(300, 400).jpeg().toBuffer(),
      Buffer.concat([plain, Buffer.from('trailing bytes after the image')]),
      // Whole in its header, cut in its pixels (libjpeg only warns): printed as before, grey where the data ends.
      Buffer.concat([plain.subarray(0, plain.length / 2), Buffer.from([0xff, 0xd9])]),
    ]) {
      const pdf = await generateCertificate(await resident({ photo: new Uint8Array(other) }), { issuance: issuance() });
      expect(contains(pdf, other.subarray(0, 2000))).toBe(false);
    }
  });

  it('applies EXIF orientation and flattens alpha on white', async () => {
    const base = await sharp({ create: { width: 300, height: 400, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } })
      .composite([{ input: { create: { width: 300, height: 200, channels: 4, background: '#ff0000' } }, top: 0, left: 0 }])
      .png()
      .toBuffer();
    const pdf = await generateCertificate(await resident({ photo: new Uint8Array(base) }), { issuance: issuance() });
    const r = renderPdf(pdf, 100);
    expect(meanColour(r, 170, 85 + TOP, 10, 5)).toEqual(expect.arrayContaining([expect.any(Number)]));
    const [tr, , tb] = meanColour(r, 170, 85 + TOP, 10, 5);
    expect(tr).toBeGreaterThan(200);
    expect(tb).toBeLessThan(60);
    const [br, bg, bb] = meanColour(r, 170, 110 + TOP, 10, 5);
    expect(Math.min(br, bg, bb)).toBeGreaterThan(240); // transparent became white
    // Rotated by EXIF (orientation 3 = 180 degrees): red ends up at the bottom.
    const rotated = await sharp(base).flatten({ background: '#00ff00' }).jpeg().withMetadata({ orientation: 3 }).toBuffer();
    const r2 = renderPdf(await generateCertificate(await resident({ photo: new Uint8Array(rotated) }), { issuance: issuance() }), 100);
    expect(meanColour(r2, 170, 110 + TOP, 10, 5)[0]).toBeGreaterThan(200);
    expect(meanColour(r2, 170, 85 + TOP, 10, 5)[1]).toBeGreaterThan(200);
  });
});
