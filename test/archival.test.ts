/**
 * The archival PDF (PDF/A-2b) and the tagged structure. No PDF/A validator
 * is installable here, so each clause suket relies on is checked on its
 * own (README "Archival PDF" lists them), reading the file back with mupdf
 * and poppler as an archive's checker would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import { generateCertificate, generateSealKeys } from '../src/index.js';
import { sampleLogo } from '../src/sample.js';
import { issuance, resident } from './helpers.js';

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
const seal = { privateKey: keys.privateKeyPem };
const dir = mkdtempSync(join(tmpdir(), 'suket-archival-'));

type Obj = mupdf.PDFObject;
const open = (pdf: Uint8Array) => mupdf.Document.openDocument(pdf, 'application/pdf') as mupdf.PDFDocument;

async function certificate(options: { pdfA?: boolean } = {}): Promise<Uint8Array> {
  const base = issuance();
  // An office name with XML's special characters, and a logo with transparency.
  const office = { ...base.office, name: 'Dinas Kependudukan & Pencatatan <Sipil> "Kota"', logo: await sampleLogo() };
  return generateCertificate(await resident(), { issuance: { ...base, office }, seal, ...options });
}

function poppler(tool: string, args: string[], pdf: Uint8Array): string {
  const file = join(dir, `${tool}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(tool, [...args, file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Every text node of an XML packet holds only characters and the five predefined entities. */
function textNodesEscaped(xml: string): boolean {
  return [...xml.matchAll(/>([^<]*)</g)].every(([, t]) => /^(?:[^&<>]|&(?:amp|lt|gt|quot|apos);)*$/.test(t!));
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const xmpValue = (xmp: string, tag: string) => xmlText(new RegExp(`<${tag}>(?:<rdf:(?:Alt|Seq)><rdf:li[^>]*>)?([^<]*)<`).exec(xmp)?.[1] ?? '');
/** PDF date D:YYYYMMDDHHmmssZ as XMP writes it. */
const asXmpDate = (d: string) => d.replace(/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');

describe('PDF/A-2b, by default', async () => {
  const pdf = await certificate();
  const doc = open(pdf);
  const root = doc.getTrailer().get('Root');
  const info = doc.getTrailer().get('Info');
  const metadata = root.get('Metadata');
  const xmp = metadata.readStream().asString();

  it('identifies itself as PDF/A-2b in an uncompressed XMP packet that is well-formed with awkward values', () => {
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp.startsWith('<?xpacket begin="\ufeff"')).toBe(true);
    expect(xmp.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(metadata.get('Filter').isNull()).toBe(true);
    expect(metadata.get('Subtype').asName()).toBe('XML');
    expect(textNodesEscaped(xmp)).toBe(true);
  });

  it('says in XMP what the info dictionary says, entry for entry (title, author, subject, tool, producer, dates)', () => {
    expect(xmpValue(xmp, 'dc:title')).toBe(info.get('Title').asString());
    expect(xmpValue(xmp, 'dc:creator')).toBe('Dinas Kependudukan & Pencatatan <Sipil> "Kota"');
    expect(xmpValue(xmp, 'dc:creator')).toBe(info.get('Author').asString());
    expect(xmpValue(xmp, 'dc:description')).toBe(info.get('Subject').asString());
    expect(xmpValue(xmp, 'xmp:CreatorTool')).toBe(info.get('Creator').asString());
    expect(xmpValue(xmp, 'pdf:Producer')).toBe(info.get('Producer').asString());
    expect(xmpValue(xmp, 'xmp:CreateDate')).toBe(asXmpDate(info.get('CreationDate').asString()));
    expect(xmpValue(xmp, 'xmp:ModifyDate')).toBe(asXmpDate(info.get('ModDate').asString()));
  });

  it('has an sRGB output intent with an embedded ICC profile', () => {
    const intent = root.get('OutputIntents').get(0);
    expect(intent.get('S').asName()).toBe('GTS_PDFA1');
    expect(intent.get('OutputConditionIdentifier').asString()).toBe('sRGB IEC61966-2.1');
    const icc = intent.get('DestOutputProfile');
    expect(icc.get('N').asNumber()).toBe(3);
    const profile = Buffer.from(icc.readStream().asUint8Array());
    expect(profile.subarray(36, 40).toString('latin1')).toBe('acsp'); // an ICC profile's signature
    expect(profile.subarray(16, 20).toString('latin1')).toBe('RGB ');
  });

  it('embeds every font, with widths and an identity glyph map', () => {
    const fonts = doc.loadPage(0).getObject().get('Resources').get('Font');
    let count = 0;
    fonts.forEach((font: Obj) => {
      count++;
      expect(font.get('Subtype').asName()).toBe('Type0');
      const cid = font.get('DescendantFonts').get(0);
      expect(cid.get('Subtype').asName()).toBe('CIDFontType2');
      expect(cid.get('CIDToGIDMap').asName()).toBe('Identity');
      expect(cid.get('W').length).toBeGreaterThan(0);
      const file = cid.get('FontDescriptor').get('FontFile2');
      expect(file.isStream()).toBe(true);
      expect(file.readStream().getLength()).toBeGreaterThan(500); // a subset
      expect(font.get('ToUnicode').isStream()).toBe(true);
    });
    expect(count).toBeGreaterThanOrEqual(2);
    // pdffonts: every font "emb yes".
    const rows = poppler('pdffonts', [], pdf).trim().split('\n').slice(2);
    expect(rows.length).toBe(count);
    for (const row of rows) expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it('has no encryption, no JavaScript, no actions, no embedded files, and a file ID', () => {
    const trailer = doc.getTrailer();
    expect(trailer.get('Encrypt').isNull()).toBe(true);
    expect(trailer.get('ID').length).toBe(2);
    for (const key of ['AA', 'OpenAction', 'AcroForm']) expect(root.get(key).isNull(), key).toBe(true);
    expect(root.get('Names').get('JavaScript').isNull()).toBe(true);
    expect(root.get('Names').get('EmbeddedFiles').isNull()).toBe(true);
    expect(poppler('pdfinfo', [], pdf)).toMatch(/Encrypted:\s+no/);
    expect(poppler('pdfinfo', [], pdf)).toMatch(/JavaScript:\s+no/);
  });

  it("uses no blend mode other than Normal and no transfer functions (the logo's alpha is a soft mask, which 2b allows)", () => {
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).not.toMatch(/\/BM\s*\/(?!Normal)/);
    expect(raw).not.toMatch(/(?<!\/S )\/TR2?\s/); // a transfer function, not the table-row tag
    expect(raw).not.toMatch(/\/LZWDecode/);
  });

  it('is the same bytes for the same input', async () => {
    expect(Buffer.from(await certificate()).equals(Buffer.from(pdf))).toBe(true);
  });

  it('pdfA: false leaves out the output intent and the identification, and nothing else changes in the text', async () => {
    const plain = await certificate({ pdfA: false });
    const p = open(plain);
    expect(p.getTrailer().get('Root').get('OutputIntents').isNull()).toBe(true);
    expect(p.getTrailer().get('Root').get('Metadata').readStream().asString()).not.toContain('pdfaid');
    expect(pdf.length - plain.length).toBeGreaterThan(3000); // the ICC profile
    expect(poppler('pdftotext', ['-layout'], plain)).toBe(poppler('pdftotext', ['-layout'], pdf));
  });
});

describe('tagged: false', () => {
  it('leaves out the structure tree and the marked flag, and prints the same text', async () => {
    const plain = await generateCertificate(await resident(), { issuance: issuance(), seal, tagged: false });
    const root = open(plain).getTrailer().get('Root');
    expect(root.get('StructTreeRoot').isNull()).toBe(true);
    expect(root.get('MarkInfo').isNull()).toBe(true);
    expect(poppler('pdftotext', ['-layout'], plain)).toBe(
      poppler('pdftotext', ['-layout'], await generateCertificate(await resident(), { issuance: issuance(), seal })),
    );
  });
});

describe('tagged PDF', async () => {
  const pdf = await certificate();
  const tree = poppler('pdfinfo', ['-struct-text'], pdf);

  it('is marked, in Indonesian, with the title as a heading', () => {
    const root = open(pdf).getTrailer().get('Root');
    expect(root.get('MarkInfo').get('Marked').asBoolean()).toBe(true);
    expect(root.get('Lang').asString()).toBe('id-ID');
    expect(poppler('pdfinfo', [], pdf)).toMatch(/Tagged:\s+yes/);
    expect(tree).toMatch(/H1 \(block\)\n\s+"SURAT KETERANGAN PENGGANTI KTP-EL"/);
  });

  it('reads the biodata as a table of label and value, without the colon between them', () => {
    expect(tree).toMatch(/TR\n\s+TH:\n\s+\/Scope \/Row\n\s+"NIK"\n\s+TD\n\s+"3274045708900042"/);
    expect(tree).toMatch(/"Nama"\n\s+TD\n\s+"SEKAR AYU LARASATI"/);
    expect(tree).toMatch(/"Berlaku Hingga"\n\s+TD\n\s+"30-05-2027"/);
    expect(tree).not.toContain('":"');
    expect((tree.match(/^\s+TR$/gm) ?? []).length).toBe(16);
  });

  it('names the photo, the logo and the seal for a reader, in reading order', () => {
    const doc = open(pdf);
    const alts: string[] = [];
    const walk = (node: Obj, depth: number) => {
      if (depth > 6 || !node.isDictionary()) return;
      if (!node.get('Alt').isNull()) alts.push(node.get('Alt').asString());
      const kids = node.get('K');
      if (kids.isArray())
        kids.forEach((k: Obj) => {
          walk(k, depth + 1);
        });
      else walk(kids, depth + 1);
    };
    walk(doc.getTrailer().get('Root').get('StructTreeRoot'), 0);
    expect(alts).toEqual(['Logo', 'Pas foto', 'Segel digital (kode QR)']);
  });
});
