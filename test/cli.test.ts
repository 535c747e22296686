/** The built CLI, run as a subprocess the way a clerk or an IT person runs it. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import { samplePortrait } from '../src/sample.js';
import { sampleIssuance, sampleResident } from '../src/sample.js';
import { verifySeal } from '../src/index.js';
import { decodeQrCodes, decodeQrImage, pdfText } from './helpers.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-cli-'));
const today = '2026-12-15';

function run(args: string[], opts: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? dir, encoding: 'buffer', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, out: r.stdout.toString(), err: r.stderr.toString() };
}

const isCompletePdf = (file: string) => {
  const b = readFileSync(file);
  if (!b.subarray(0, 5).equals(Buffer.from('%PDF-')) || !b.subarray(-6).toString().includes('%%EOF')) return false;
  return mupdf.Document.openDocument(b, 'application/pdf').countPages() === 1;
};

beforeAll(() => {
  expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
  const k = run(['keygen', '--out', 'office', '--not-before', '2026-01-01', '--not-after', '2027-12-31']);
  expect(k.code).toBe(0);
  const { numbering, sequence: _s, issuedAt: _i, ...issuance } = sampleIssuance();
  writeFileSync(
    join(dir, 'office.json'),
    JSON.stringify({ issuance: { ...issuance, numbering }, template: 'suket-ktp-el', paper: 'F4', key: 'office.key.pem' }),
  );
  writeFileSync(join(dir, 'resident.json'), JSON.stringify({ ...sampleResident(), photo: 'photo.jpg' }));
});

describe('conventions', () => {
  it('--version and --help on every command, with an example', () => {
    expect(run(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const cmd of ['generate', 'batch', 'keygen', 'verify', 'preview', 'demo', 'templates list', 'templates check', 'templates schema']) {
      const r = run([...cmd.split(' '), '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.out, cmd).toContain('Example:');
    }
  });

  it('exit 2 for usage mistakes', () => {
    expect(run(['generate']).code).toBe(2);
    expect(run(['generate', 'resident.json', '--paper', 'B5']).code).toBe(2);
    expect(run(['nonsense']).code).toBe(2);
    expect(run(['batch', 'x.csv']).code).toBe(2);
  });
});

describe('generate, verify, keygen', () => {
  beforeAll(async () => writeFileSync(join(dir, 'photo.jpg'), await samplePortrait()));

  it('writes a sealed PDF that verify accepts; the key is owner-only', () => {
    expect(statSync(join(dir, 'office.key.pem')).mode & 0o777).toBe(0o600);
    const r = run(['generate', 'resident.json', '--office', 'office.json', '--sequence', '7', '--issued-at', '2026-11-30', '-o', 'one.pdf', '--json']);
    expect(r.code, r.err).toBe(0);
    const details = JSON.parse(r.out) as { number: string; sha256: string; sealed: boolean };
    expect(details).toMatchObject({ number: '471.13/0007/Disdukcapil/XI/2026', sealed: true });
    expect(isCompletePdf(join(dir, 'one.pdf'))).toBe(true);
    const v = run(['verify', 'one.pdf', '--trust', 'office.jwk.json', '--today', today]);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toContain('VALID');
    expect(v.out).toContain('SEKAR AYU LARASATI');
  });

  it('writes the PDF to standard output with -o -, the same bytes as the file', () => {
    const args = ['generate', 'resident.json', '--office', 'office.json', '--sequence', '7', '--issued-at', '2026-11-30'];
    const r = run([...args, '-o', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout.subarray(0, 5).toString()).toBe('%PDF-');
    run([...args, '-o', 'same.pdf']);
    expect(r.stdout.equals(readFileSync(join(dir, 'same.pdf')))).toBe(true);
    expect(pdfText(new Uint8Array(r.stdout))).toContain('471.13/0007/Disdukcapil/XI/2026');
  });

  it('bad input: every problem on one line each, no stack, no personal data, no file', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...sampleResident(), nik: '32740457089000', birthDate: '1990-02-31', photo: 'photo.jpg' }));
    const r = run(['generate', 'bad.json', '--office', 'office.json', '--sequence', '1', '-o', 'bad.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nik: must be exactly 16 digits [nik_format]');
    expect(r.err).toContain('birthDate:');
    expect(r.err).not.toContain('32740457089000');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
    expect(run(['generate', 'bad.json', '--office', 'office.json', '--sequence', '1', '--debug', '-o', 'bad.pdf']).err).toMatch(/\n\s+at /);
  });

  it('keygen refuses to overwrite a key', () => {
    const r = run(['keygen', '--out', 'office']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--force');
  });

  it('verify: seal text, tampered text, a photo of the paper, and JSON output', async () => {
    const [seal] = await decodeQrCodes(new Uint8Array(readFileSync(join(dir, 'one.pdf'))));
    expect(run(['verify', seal!, '--trust', 'office.jwk.json', '--today', today]).code).toBe(0);
    const tampered = seal!.slice(0, 40) + (seal![40] === 'A' ? 'B' : 'A') + seal!.slice(41);
    const bad = run(['verify', tampered, '--trust', 'office.jwk.json', '--today', today, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).valid).toBe(false);
    const expired = run(['verify', seal!, '--trust', 'office.jwk.json', '--today', '2028-01-01']);
    expect(expired.out).toContain('INVALID: expired');
    writeFileSync(join(dir, 'deny.txt'), '471.13/0007/Disdukcapil/XI/2026\n');
    expect(run(['verify', seal!, '--trust', 'office.jwk.json', '--today', today, '--deny', 'deny.txt']).out).toContain('revoked');
    // A "scan": the page rendered at 150 dpi, as a JPEG.
    const p = run(['preview', 'resident.json', '--office', 'office.json', '--sequence', '7', '--issued-at', '2026-11-30', '--dpi', '150', '-o', 'scan.png']);
    expect(p.code, p.err).toBe(0);
    expect(await decodeQrImage(new Uint8Array(readFileSync(join(dir, 'scan.png'))))).toEqual([seal]);
    const fromImage = run(['verify', 'scan.png', '--trust', 'office.jwk.json', '--today', today, '--json']);
    expect(JSON.parse(fromImage.out)).toMatchObject({ valid: true, fields: { number: '471.13/0007/Disdukcapil/XI/2026' } });
    expect(run(['verify', 'resident.json', '--trust', 'office.jwk.json']).code).toBe(1);
  });
});

describe('templates, preview, demo', () => {
  it('lists, checks and describes templates', () => {
    const l = run(['templates', 'list']);
    expect(l.out).toContain('suket-ktp-el');
    expect(l.out).toContain('surat-domisili');
    const s = JSON.parse(run(['templates', 'schema']).out) as { properties: object };
    expect(s.properties).toHaveProperty('elements');
    writeFileSync(join(dir, 'template.json'), '{"name": 1}');
    const c = run(['templates', 'check', dir]);
    expect(c.code).toBe(1);
    expect(c.err).toContain('name:');
  });

  it('previews the sample resident without any input', () => {
    const r = run(['preview', '--template', 'surat-domisili', '-o', 'p.png', '--dpi', '50']);
    expect(r.code, r.err).toBe(0);
    const png = readFileSync(join(dir, 'p.png'));
    expect(Math.abs(png.readUInt32BE(16) - (210 / 25.4) * 50)).toBeLessThanOrEqual(1);
  });

  it('demo writes a sealed sample and its public key, which verify', () => {
    const r = run(['demo', '--out-dir', 'demo']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('suket-demo.pdf');
    const v = run(['verify', 'demo/suket-demo.pdf', '--trust', 'demo/suket-demo.jwk.json', '--today', today]);
    expect(v.code, v.out + v.err).toBe(0);
  });
});

describe('batch', () => {
  const header =
    'nik,name,birthPlace,birthDate,sex,address.street,address.rt,address.rw,address.village,address.district,address.regency,address.province,religion,maritalStatus,occupation,citizenship,photo';
  const row = (i: number, over: Partial<Record<string, string>> = {}) => {
    const nik = over.nik ?? `32740457089${String(i).padStart(5, '0')}`;
    const v = { nik, name: `Warga Contoh ${String.fromCharCode(65 + (i % 26))}`, photo: `p${i % 3}.jpg`, ...over };
    return `${v.nik},"${v.name}",Cirebon,1990-08-17,PEREMPUAN,"Jl. Kesambi No. ${i}",3,12,Kesambi,Kesambi,Kota Cirebon,Jawa Barat,ISLAM,KAWIN,${(i % 89) + 1},WNI,${v.photo}`;
  };
  let photos: string;

  beforeAll(async () => {
    photos = join(dir, 'photos');
    spawnSync('mkdir', ['-p', photos]);
    for (let i = 0; i < 3; i++) writeFileSync(join(photos, `p${i}.jpg`), await samplePortrait({ seed: i, background: i % 2 ? '#c0262d' : '#1f4fa8' }));
    writeFileSync(join(photos, 'corrupt.jpg'), readFileSync(join(photos, 'p0.jpg')).subarray(0, 500));
  });

  it('reports a bad row and a corrupt photo, issues the rest, and skips them on a rerun', () => {
    const lines = [header, row(1), row(2), row(3, { nik: '123' }), row(4, { photo: 'corrupt.jpg' }), row(5), row(6)];
    writeFileSync(join(dir, 'rows.csv'), lines.join('\n') + '\n');
    const args = ['batch', 'rows.csv', '--photos', 'photos', '--office', 'office.json', '--out', 'out1', '--jobs', '2'];
    const r = run(args);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 3: nik: must be exactly 16 digits [nik_format]');
    expect(r.err).toContain('row 4: photo:');
    expect(r.err).toMatch(/4 issued, 0 already done, 2 failed of 6 rows/);
    const out = join(dir, 'out1');
    const manifest = readFileSync(join(out, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; number: string; file: string; sha256: string });
    expect(manifest.map((m) => m.row).sort()).toEqual([1, 2, 5, 6]);
    expect(new Set(manifest.map((m) => m.number)).size).toBe(4);
    const report = readFileSync(join(out, 'report.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number });
    expect(report.map((x) => x.row).sort()).toEqual([3, 4]);
    for (const m of manifest) expect(isCompletePdf(join(out, m.file))).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(4);
    const again = run(args);
    expect(again.err).toMatch(/0 issued, 4 already done, 2 failed of 6 rows/);
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    const v = run(['verify', join(out, manifest[0]!.file), '--trust', 'office.jwk.json', '--today', today, '--json']);
    expect(JSON.parse(v.out)).toMatchObject({ valid: true, fields: { number: manifest[0]!.number } });
  });

  it('reads JSON Lines, with a broken line reported', () => {
    const r0 = { ...sampleResident(), photo: 'p1.jpg' };
    writeFileSync(join(dir, 'rows.jsonl'), [JSON.stringify(r0), '{not json', JSON.stringify({ ...r0, nik: '3274045708900099' })].join('\n'));
    const r = run(['batch', 'rows.jsonl', '--photos', 'photos', '--office', 'office.json', '--out', 'out2', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ total: 3, issued: 2, failed: 1 });
  });

  it('killed with SIGKILL part-way and run again: every certificate once, complete, numbers unique', async () => {
    const n = 40;
    writeFileSync(join(dir, 'many.csv'), [header, ...Array.from({ length: n }, (_, i) => row(i + 1))].join('\n') + '\n');
    const args = ['batch', 'many.csv', '--photos', 'photos', '--office', 'office.json', '--out', 'out3', '--jobs', '1'];
    const out = join(dir, 'out3');
    // Three kills at random points, the later ones on the resumed run.
    const points = [1 + Math.floor(Math.random() * 6), 10 + Math.floor(Math.random() * 8), 22 + Math.floor(Math.random() * 10)];
    console.log(`SIGKILL after ${points.join(', ')} certificates`);
    for (const after of points) {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: 'ignore' });
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          const m = join(out, 'manifest.jsonl');
          const count = existsSync(m) ? readFileSync(m, 'utf8').split('\n').filter(Boolean).length : 0;
          if (count >= after || child.exitCode !== null) {
            clearInterval(t);
            child.kill('SIGKILL');
            resolve();
          }
        }, 20);
      });
      await new Promise((r) => child.once('exit', r));
    }
    const r = run(args);
    expect(r.code, r.err).toBe(0);
    const manifest = readFileSync(join(out, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { number: string; file: string; sha256: string });
    expect(manifest).toHaveLength(n);
    expect(new Set(manifest.map((m) => m.number)).size).toBe(n);
    const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(n);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const m of manifest) {
      expect(isCompletePdf(join(out, m.file))).toBe(true);
      const { createHash } = await import('node:crypto');
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, m.file)))
          .digest('hex'),
      ).toBe(m.sha256);
    }
    const [seal] = await decodeQrCodes(new Uint8Array(readFileSync(join(out, manifest[n - 1]!.file))));
    const jwk = JSON.parse(readFileSync(join(dir, 'office.jwk.json'), 'utf8'));
    expect(verifySeal(seal, { trustList: jwk, today }).valid).toBe(true);
  });

  it('a missing photo folder is a clear error before any work', () => {
    const r = run(['batch', 'rows.csv', '--photos', 'nowhere', '--office', 'office.json', '--out', 'out4']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('photos: the photo folder does not exist');
  });
});
