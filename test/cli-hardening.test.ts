/**
 * The CLI against hostile files and folders (issue 16): PDFs that would
 * render forever or eat memory, a PDF whose photo was swapped, and batch
 * input and output folders that try to escape or mislead.
 */
import { spawnSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSealKeys, issueCertificate } from '../src/index.js';
import { sampleIssuance, samplePortrait, sampleResident } from '../src/sample.js';
import { photo } from './helpers.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-clih-'));
const today = '2026-12-15';

function run(args: string[], timeout = 60_000) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: performance.now() - t0 };
}

/** A one-page PDF around a content stream, written by hand as an attacker would. */
function handPdf(content: string, size = [612, 792]): Buffer {
  const data = deflateSync(Buffer.from(content));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size[0]} ${size[1]}] /Contents 4 0 R >>`,
  ];
  let out = Buffer.from('%PDF-1.7\n');
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out = Buffer.concat([out, Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`)]);
  });
  offsets.push(out.length);
  out = Buffer.concat([out, Buffer.from(`4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n')]);
  const xref = out.length;
  const table = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return Buffer.concat([out, Buffer.from(`xref\n0 5\n0000000000 65535 f \n${table}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`)]);
}

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });

beforeAll(() => {
  writeFileSync(join(dir, 'trust.json'), JSON.stringify({ keys: [keys.publicJwk] }));
});

describe('4. verify on a hostile PDF is bounded', () => {
  it('a PDF that renders for minutes is stopped at the time limit', () => {
    const segments = Array.from({ length: 100 }, (_, i) => `${(i * 37) % 612} ${(i * 91) % 792} l`).join(' ');
    const path = `0 0 m ${Array(1500).fill(segments).join(' ')} h f\n`;
    writeFileSync(join(dir, 'slow.pdf'), handPdf(path.repeat(20)));
    const r = run(['verify', 'slow.pdf', '--trust', 'trust.json', '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('took longer than 2 s to render and was stopped');
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a 5,000-pt page and a page of 300,000 objects are refused, not rendered', () => {
    writeFileSync(join(dir, 'huge.pdf'), handPdf('0 0 10 10 re f', [5000, 5000]));
    writeFileSync(join(dir, 'many.pdf'), handPdf('0.5 g 0 0 612 792 re f\n'.repeat(300_000)));
    const huge = run(['verify', 'huge.pdf', '--trust', 'trust.json']);
    expect(huge.code).toBe(1);
    expect(huge.err).toContain('has a page larger than');
    const many = run(['verify', 'many.pdf', '--trust', 'trust.json']);
    expect(many.code).toBe(1);
    expect(many.err).toContain('objects on its page');
  });

  it('a file that is neither seal, PDF nor picture says what verify takes', () => {
    writeFileSync(join(dir, 'warga.json'), JSON.stringify(sampleResident()));
    const r = run(['verify', 'warga.json', '--trust', 'trust.json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not seal text (SK1:...), a PDF, or a PNG, JPEG or WebP picture of the paper');
    expect(r.err).not.toMatch(/unsupported image format/);
  });
});

describe('8. a PDF whose photo was swapped', () => {
  it('is not valid, and the genuine PDF shows the photo matches', async () => {
    const genuine = await issueCertificate({ ...sampleResident(), photo: await photo() }, { issuance: sampleIssuance(), seal: { privateKey: keys.privateKeyPem } });
    writeFileSync(join(dir, 'genuine.pdf'), genuine.pdf);
    const ok = run(['verify', 'genuine.pdf', '--trust', 'trust.json', '--today', today]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/Foto\s+matches the sealed digest/);
    // The forger prints the genuine seal (as the barcode's plain text) beside another person's photo.
    const { readFileSync } = await import('node:fs');
    const template = JSON.parse(readFileSync(new URL('../templates/suket-ktp-el/template.json', import.meta.url), 'utf8'));
    const barcode = template.elements.find((e: { type: string }) => e.type === 'barcode');
    barcode.text = genuine.barcodeText;
    const otherPhoto = await samplePortrait({ seed: 5, background: '#b02020' });
    const forged = await issueCertificate(
      { ...sampleResident(), photo: otherPhoto },
      { issuance: sampleIssuance(), template, templateDir: new URL('../templates/suket-ktp-el', import.meta.url).pathname },
    );
    writeFileSync(join(dir, 'forged.pdf'), forged.pdf);
    const bad = run(['verify', 'forged.pdf', '--trust', 'trust.json', '--today', today]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('INVALID: photo_mismatch');
    expect(bad.out).toMatch(/Foto\s+is NOT the photo sealed/);
  });
});
