/** The built CLI, run as a subprocess the way a clerk or an IT person runs it. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as mupdf from 'mupdf';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { samplePortrait } from '../src/sample.js';
import { sampleIssuance, sampleResident } from '../src/sample.js';
import { verifySeal } from '../src/index.js';
import sharp from 'sharp';
import { decodeQrCodes, decodeQrImage, meanColour, pdfText, renderPdf } from './helpers.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-cli-'));
const today = '2026-12-15';

function run(args: string[], opts: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? dir, encoding: 'buffer', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, out: r.stdout.toString(), err: r.stderr.toString() };
}

function runAsync(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: dir });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('close', (code) => resolve({ code, out }));
  });
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
  expect(run(['register', 'init', '--office', 'office.json']).code).toBe(0);
});

describe('conventions', () => {
  it('--version and --help on every command, with an example', async () => {
    expect(run(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const commands = [
      'init',
      'generate',
      'batch',
      'register find',
      'register void',
      'register replace',
      'register export',
      'register backup',
      'serve',
      'serve keys add',
      'keygen',
      'verify',
      'preview',
      'calibrate',
      'demo',
      'templates list',
      'templates check',
      'templates schema',
    ];
    // All at once: each is a process start, and they do not depend on each other.
    const helps = await Promise.all(commands.map((cmd) => runAsync([...cmd.split(' '), '--help'])));
    for (const [i, r] of helps.entries()) {
      expect(r.code, commands[i]).toBe(0);
      expect(r.out, commands[i]).toContain('Example:');
    }
  });

  it('exit 2 for usage mistakes', () => {
    expect(run(['generate']).code).toBe(2);
    expect(run(['generate', 'resident.json', '--paper', 'B5']).code).toBe(2);
    expect(run(['nonsense']).code).toBe(2);
    expect(run(['batch', 'x.csv']).code).toBe(2);
  });
});

/** The top-left corner (mm) of the strongly blue area of a page: the sample portrait's background. */
function firstBlue(r: ReturnType<typeof renderPdf>): [number, number] {
  let [minX, minY] = [r.width, r.height];
  for (let i = 0; i < r.width * r.height; i++) {
    const [red, blue] = [r.pixels[i * 3]!, r.pixels[i * 3 + 2]!];
    if (blue <= red + 80) continue;
    minX = Math.min(minX, i % r.width);
    minY = Math.min(minY, Math.floor(i / r.width));
  }
  expect(minX).toBeLessThan(r.width);
  const mm = 25.4 / r.dpi;
  return [minX * mm, minY * mm];
}

describe('generate, verify, keygen', () => {
  beforeAll(async () => writeFileSync(join(dir, 'photo.jpg'), await samplePortrait()));

  it('writes a sealed PDF that verify accepts; the key is owner-only', () => {
    expect(statSync(join(dir, 'office.key.pem')).mode & 0o777).toBe(0o600);
    const r = run([
      'generate',
      'resident.json',
      '--office',
      'office.json',
      '--no-register',
      '--sequence',
      '7',
      '--issued-at',
      '2026-11-30',
      '-o',
      'one.pdf',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const details = JSON.parse(r.out) as { number: string; sha256: string; sealed: boolean };
    expect(details).toMatchObject({ number: '471.13/0007/Disdukcapil/XI/2026', sealed: true, paper: 'F4' });
    expect(isCompletePdf(join(dir, 'one.pdf'))).toBe(true);
    const v = run(['verify', 'one.pdf', '--trust', 'office.jwk.json', '--today', today]);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toContain('VALID');
    expect(v.out).toContain('SEKAR AYU LARASATI');
  });

  it('writes the PDF to standard output with -o -, the same bytes as the file', () => {
    const args = ['generate', 'resident.json', '--office', 'office.json', '--no-register', '--sequence', '7', '--issued-at', '2026-11-30'];
    const r = run([...args, '-o', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout.subarray(0, 5).toString()).toBe('%PDF-');
    const toFile = run([...args, '-o', 'same.pdf']);
    expect(toFile.err).toContain('print on F4 (215 x 330 mm) at 100%');
    expect(r.stdout.equals(readFileSync(join(dir, 'same.pdf')))).toBe(true);
    expect(pdfText(new Uint8Array(r.stdout))).toContain('471.13/0007/Disdukcapil/XI/2026');
  });

  it('bad input: every problem on one line each, no stack, no personal data, no file', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...sampleResident(), nik: '32740457089000', birthDate: '1990-02-31', photo: 'photo.jpg' }));
    const r = run(['generate', 'bad.json', '--office', 'office.json', '-o', 'bad.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nik: must be exactly 16 digits [nik_format]');
    expect(r.err).toContain('birthDate:');
    expect(r.err).not.toContain('32740457089000');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
    expect(JSON.parse(run(['register', 'list', '--office', 'office.json', '--json']).out)).toEqual([]); // nor a number
    expect(run(['generate', 'bad.json', '--office', 'office.json', '--debug', '-o', 'bad.pdf']).err).toMatch(/\n\s+at /);
  });

  it('generate refuses to seal with a key outside its window (read from the .jwk.json keygen wrote beside it)', () => {
    const r = run(['generate', 'resident.json', '--office', 'office.json', '--no-register', '--sequence', '8', '--issued-at', '2028-01-05', '-o', 'late.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('seal: the key may sign from 2026-01-01 to 2027-12-31, and the issue date 2028-01-05 is outside');
    expect(r.err).toContain('[key_not_valid]');
    expect(existsSync(join(dir, 'late.pdf'))).toBe(false);
  });

  it('a key copied without its .jwk.json keeps its window (written in the key file) and takes no number outside it; a key that says nothing of its window is refused', () => {
    const copied = join(dir, 'copied');
    spawnSync('mkdir', ['-p', copied]);
    const pem = readFileSync(join(dir, 'office.key.pem'), 'utf8');
    expect(pem.split('\n')[0]).toMatch(/^suket-seal-key: kid=[\w-]+; alg=ES256; notBefore=2026-01-01; notAfter=2027-12-31$/);
    writeFileSync(join(copied, 'kantor.key.pem'), pem, { mode: 0o600 });
    writeFileSync(join(copied, 'bare.key.pem'), pem.split('\n').slice(1).join('\n'), { mode: 0o600 });
    const settings = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
    for (const key of ['kantor', 'bare']) writeFileSync(join(copied, `${key}.json`), JSON.stringify({ ...settings, key: `${key}.key.pem` }));
    const gen = (office: string, day: string) =>
      run(['generate', '../resident.json', '--office', office, '--issued-at', day, '--force', '-o', 'c.pdf', '--json'], { cwd: copied });
    expect(run(['register', 'init', '--office', 'kantor.json'], { cwd: copied }).code).toBe(0);
    const late = gen('kantor.json', '2028-01-05');
    expect(late.code).toBe(1);
    expect(late.err).toContain('seal: the key may sign from 2026-01-01 to 2027-12-31, and the issue date 2028-01-05 is outside');
    // Refused before a number was taken: the first good issue gets number 1.
    const inside = gen('kantor.json', '2026-11-30');
    expect(inside.code, inside.err).toBe(0);
    expect(JSON.parse(inside.out)).toMatchObject({ number: '471.13/0001/Disdukcapil/XI/2026', sealed: true });
    const bare = gen('bare.json', '2026-11-30');
    expect(bare.code).toBe(1);
    expect(bare.err).toContain('key: does not say which days it may sign, and no .jwk.json is beside it');
    expect(bare.err).toContain('[key_window_unknown]');
    // A window line pasted from another key is not believed.
    const other = readFileSync(join(dir, 'copied', 'kantor.key.pem'), 'utf8')
      .split('\n')[0]!
      .replace(/kid=[\w-]+/, 'kid=AAAAAAAAAAA');
    writeFileSync(join(copied, 'bare.key.pem'), `${other}\n${pem.split('\n').slice(1).join('\n')}`, { mode: 0o600 });
    expect(gen('bare.json', '2026-11-30').err).toContain('key: has a signing window above its PEM block that names another key');
  });

  it('with the verifier page in the settings, the QR is its link (#SK1U:) and verify reads it, and the earlier form', async () => {
    const settings = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
    writeFileSync(
      join(dir, 'office-link.json'),
      JSON.stringify({ ...settings, issuance: { ...settings.issuance, verifyUrl: 'https://dukcapil.cirebonkota.go.id/periksa/' } }),
    );
    const g = run([
      'generate',
      'resident.json',
      '--office',
      'office-link.json',
      '--no-register',
      '--sequence',
      '9',
      '--issued-at',
      '2026-11-30',
      '-o',
      'link.pdf',
    ]);
    expect(g.code, g.err).toBe(0);
    const [text] = await decodeQrCodes(new Uint8Array(readFileSync(join(dir, 'link.pdf'))));
    expect(text!.startsWith('https://dukcapil.cirebonkota.go.id/periksa/#SK1U:')).toBe(true);
    // The earlier link form (the seal's text after '#', spaces and all), as papers printed before carry it.
    const earlier = `https://dukcapil.cirebonkota.go.id/periksa/#${(await import('../src/seal/link.js')).sealReadings(text)[0]}`;
    expect(run(['verify', earlier, '--trust', 'office.jwk.json', '--today', today]).code).toBe(0);
    const v = run(['verify', 'link.pdf', '--trust', 'office.jwk.json', '--today', today]);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toContain('VALID');
    expect(run(['verify', text!, '--trust', 'office.jwk.json', '--today', today]).code).toBe(0);
  });

  it("preview is a specimen: SPESIMEN on the page, a seal no verifier accepts, and the PDF's own colours", async () => {
    const p = run([
      'preview',
      'resident.json',
      '--office',
      'office.json',
      '--sequence',
      '7',
      '--issued-at',
      '2026-11-30',
      '--dpi',
      '150',
      '-o',
      'specimen.png',
    ]);
    expect(p.code, p.err).toBe(0);
    const png = new Uint8Array(readFileSync(join(dir, 'specimen.png')));
    const [code] = await decodeQrImage(png);
    expect(code).toMatch(/^SK1:/);
    const verdict = run(['verify', 'specimen.png', '--trust', 'office.jwk.json', '--today', today, '--json']);
    expect(verdict.code).toBe(1);
    expect(JSON.parse(verdict.out)).toMatchObject({ valid: false, reason: 'unknown_key' });
    // The photo's blue background, found in the PDF's pixels: its top-left corner (clear of the diagonal SPESIMEN) as the PDF prints it.
    const pdf = renderPdf(new Uint8Array(readFileSync(join(dir, 'one.pdf'))), 150);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const preview = { width: info.width, height: info.height, pixels: new Uint8Array(data), png, dpi: 150 };
    // PDFium and MuPDF round the page's size apart by a pixel or two.
    expect(Math.abs(preview.width - pdf.width) + Math.abs(preview.height - pdf.height)).toBeLessThan(6);
    const [x, y] = firstBlue(pdf);
    const printed = meanColour(pdf, x + 1, y + 1, 3, 3);
    const shown = meanColour(preview, x + 1, y + 1, 3, 3);
    expect(Math.max(...shown.map((c, i) => Math.abs(c - printed[i]!)))).toBeLessThan(12);
    // SPESIMEN across the page: a pale red over a good part of the page that the PDF does not have (its only reds are the portrait's face).
    const pink = (r: { pixels: Uint8Array }) => {
      let n = 0;
      for (let i = 0; i < r.pixels.length; i += 3) if (r.pixels[i]! > 180 && r.pixels[i]! - r.pixels[i + 1]! > 30) n++;
      return n / (r.pixels.length / 3);
    };
    expect(pink(preview) - pink(pdf)).toBeGreaterThan(0.03);
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
    // A "scan": the page rendered at 150 dpi.
    writeFileSync(join(dir, 'scan.png'), renderPdf(new Uint8Array(readFileSync(join(dir, 'one.pdf'))), 150).png);
    expect(await decodeQrImage(new Uint8Array(readFileSync(join(dir, 'scan.png'))))).toEqual([seal]);
    const fromImage = run(['verify', 'scan.png', '--trust', 'office.jwk.json', '--today', today, '--json']);
    expect(JSON.parse(fromImage.out)).toMatchObject({ valid: true, fields: { number: '471.13/0007/Disdukcapil/XI/2026' } });
    expect(run(['verify', 'resident.json', '--trust', 'office.jwk.json']).code).toBe(1);
  });
});

describe('register', () => {
  const reg = join(dir, 'reg');
  const inReg = (args: string[]) => run(args, { cwd: reg });
  const office = ['--office', 'office.json'];
  const N = (n: number) => `471.13/000${n}/Disdukcapil/XI/2026`;
  /** The same resident printed again into a register, as a deliberate second paper. */
  const again = (register: string, output: string, ...more: string[]) =>
    inReg(['generate', '../resident.json', '--register', register, ...office, '--issued-at', '2026-11-30', '--second-reason', 'uji', '-o', output, ...more]);

  beforeAll(() => {
    spawnSync('mkdir', ['-p', reg]);
    const settings = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
    writeFileSync(join(reg, 'office.json'), JSON.stringify({ ...settings, key: '../office.key.pem' }));
  });

  it('a register is made on purpose: generate refuses where there is none, register init makes it (owner-only) with an id that status shows', () => {
    const none = inReg(['generate', '../resident.json', ...office, '--issued-at', '2026-11-30', '-o', 'a.pdf']);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`register: there is no register at ${join(reg, 'suket.db')}: create it once with suket register init`);
    expect(existsSync(join(reg, 'suket.db'))).toBe(false);
    const init = inReg(['register', 'init', ...office]);
    expect(init.code, init.err).toBe(0);
    expect(init.err).toMatch(new RegExp(`^register [0-9a-f-]{36} created sqlite ${join(reg, 'suket.db')} \\(owner-only`));
    expect(statSync(join(reg, 'suket.db')).mode & 0o777).toBe(0o600);
    const id = /^register ([0-9a-f-]{36})/.exec(init.err)![1];
    expect(inReg(['register', 'init', ...office]).err).toContain(`register ${id} is there already, unchanged:`);
    const status = JSON.parse(inReg(['register', 'status', ...office, '--json']).out);
    expect(status).toMatchObject({ id, kind: 'sqlite', location: join(reg, 'suket.db'), schemaVersion: 6, counts: { issued: 0 } });
  });

  it('generate numbers from the register beside the settings; a given number is recorded once', () => {
    const a = inReg(['generate', '../resident.json', ...office, '--issued-at', '2026-11-30', '-o', 'a.pdf', '--json']);
    expect(a.code, a.err).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({ number: N(1), registered: true, sealed: true });
    // The same resident again: one valid paper per resident, unless a reason for the second is recorded.
    const twice = inReg(['generate', '../resident.json', ...office, '--issued-at', '2026-11-30', '-o', 'b.pdf']);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain(
      `nik: holds certificate ${N(1)}, valid until 2027-05-30: replace it (the old one is voided), or give a reason for a second one [already_issued]`,
    );
    const b = inReg(['generate', '../resident.json', ...office, '--issued-at', '2026-11-30', '--operator', '=1+2', '--second-reason', 'uji', '-o', 'b.pdf']);
    expect(b.err).toContain(`(${N(2)}, sealed, recorded in the register)`);
    expect(inReg(['generate', '../resident.json', ...office, '--sequence', '5', '-o', 'x.pdf']).code).toBe(2);
    const dup = inReg(['generate', '../resident.json', ...office, '--number', N(1), '--second-reason', 'uji', '-o', 'x.pdf']);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain(`issuance.number: ${N(1)} is in the register already (issued) [conflict]`);
    expect(existsSync(join(reg, 'x.pdf'))).toBe(false);
  });

  it('find, show, reprint the same bytes, void, replace, stats', () => {
    const found = JSON.parse(inReg(['register', 'find', ...office, '--name', 'sékar ayu', '--json']).out) as Array<{ number: string }>;
    expect(found.map((r) => r.number)).toEqual([N(1), N(2)]);
    expect(inReg(['register', 'find', ...office, '--nik', '3274045708900099']).err).toContain('no records');
    // Two residents of one name are told apart by NIK and birth date.
    const table = inReg(['register', 'find', ...office, '--name', 'sekar ayu']).out.split('\n');
    expect(table[0]).toMatch(/^NUMBER\s+STATUS\s+ISSUED\s+NIK\s+BORN\s+OPERATOR\s+NAME$/);
    expect(table[1]).toMatch(new RegExp(`^${N(1)}\\s+issued\\s+2026-11-30\\s+\\d{16}\\s+\\d{4}-\\d{2}-\\d{2}\\s+\\S+\\s+SEKAR AYU LARASATI$`));
    const show = inReg(['register', 'show', N(1), ...office]);
    expect(show.out).toMatch(/status\s+issued/);
    expect(show.out).toContain('SEKAR AYU LARASATI');
    expect(inReg(['register', 'reprint', N(1), ...office, '-o', 're.pdf']).code).toBe(0);
    expect(readFileSync(join(reg, 're.pdf')).equals(readFileSync(join(reg, 'a.pdf')))).toBe(true);
    // A reason a spreadsheet splitting the export on ',' (not ';') would cut into formulas, and quotes to keep exactly.
    expect(inReg(['register', 'void', N(2), ...office, '--reason', "salah cetak,=1+1,X;-2,'=y,''"]).err).toContain(`voided ${N(2)}`);
    const again = inReg(['register', 'void', N(2), ...office, '--reason', 'lagi']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('is voided, not issued');
    const replaced = inReg(['register', 'replace', N(1), '../resident.json', ...office, '--issued-at', '2026-11-30', '--reason', 'salah ketik', '-o', 'c.pdf']);
    expect(replaced.err, replaced.err).toContain(`wrote ${join(reg, 'c.pdf')} (${N(3)}, replacing ${N(1)}, which is voided)`);
    expect(JSON.parse(inReg(['register', 'show', N(1), ...office, '--json']).out)).toMatchObject({ status: 'voided', replacedBy: N(3) });
    expect(JSON.parse(inReg(['register', 'stats', ...office, '--json']).out)).toEqual([
      { month: '2026-11', status: 'issued', count: 1 },
      { month: '2026-11', status: 'voided', count: 2 },
    ]);
  });

  it('exports Excel keeps: a workbook of text cells and a CSV whose NIK stays 16 digits, each read back by another reader', async () => {
    const records = inReg(['register', 'export', ...office, '--format', 'jsonl'])
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { number: string; resident: { nik: string }; reason: string | null });
    expect(inReg(['register', 'export', ...office, '-o', 'excel.xlsx']).code).toBe(0);
    expect(statSync(join(reg, 'excel.xlsx')).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(reg, 'excel.xlsx'));
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(records.length + 1);
    for (const [i, record] of records.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(at('number')).value).toBe(record.number);
      // Every NIK digit, in a text cell formatted as Text: Excel neither rounds it nor reads it as a number once edited.
      const nik = row.getCell(at('resident.nik'));
      expect(nik.value).toBe(record.resident.nik);
      expect(nik.type).toBe(ExcelJS.ValueType.String);
      expect(nik.numFmt).toBe('@');
      row.eachCell((c) => expect(c.type, String(c.address)).toBe(ExcelJS.ValueType.String));
      // A reason that starts a formula is text in a workbook, as written.
      expect(row.getCell(at('reason')).value ?? null).toBe(record.reason);
    }
    expect(inReg(['register', 'export', ...office, '-o', 'excel.csv']).code).toBe(0);
    const csvRows = parse(readFileSync(join(reg, 'excel.csv'), 'utf8'), { bom: true, columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(csvRows.map((r) => r['resident.nik'])).toEqual(records.map((r) => `'${r.resident.nik}`));
    // What Excel takes for a number when it opens a CSV (and keeps 15 digits of): no NIK cell is that.
    for (const r of csvRows) expect(r['resident.nik']).not.toMatch(/^[+-]?\d+([.,]\d+)?(E[+-]?\d+)?$/i);
  });

  it('export for Excel and as JSON Lines, import into an empty register loses nothing, backup is a working copy', () => {
    expect(inReg(['register', 'export', ...office, '-o', 'all.csv']).code).toBe(0);
    const csv = readFileSync(join(reg, 'all.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFnumber;status;sequence;')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv).toContain(";'=1+2;"); // a formula is shown, never run
    // Split on ',' or ';' (whichever the spreadsheet's locale takes), no field starts a formula, quoted or not.
    for (const line of csv.split('\r\n')) for (const field of line.split(/[,;]/)) expect(field.replace(/^"/, ''), line).not.toMatch(/^[=+\-@\t\r]/);
    expect(statSync(join(reg, 'all.csv')).mode & 0o777).toBe(0o600);
    expect(inReg(['register', 'export', ...office, '--with-pdf', '-o', 'all.jsonl']).code).toBe(0);
    const imported = inReg(['register', 'import', 'all.jsonl', '--register', 'copy.db']);
    expect(imported.err).toContain('imported 3 records');
    expect(inReg(['register', 'export', '--register', 'copy.db', '--with-pdf', '-o', 'copy.jsonl']).code).toBe(0);
    const sha = (f: string) =>
      createHash('sha256')
        .update(readFileSync(join(reg, f)))
        .digest('hex');
    expect(sha('copy.jsonl')).toBe(sha('all.jsonl'));
    const fromCsv = inReg(['register', 'import', 'all.csv', '--register', 'csv.db']);
    expect(fromCsv.err).toContain('imported 3 records (without PDFs');
    const plain = (where: string[]) => inReg(['register', 'export', ...where, '--format', 'jsonl']).out;
    const digest = (t: string) => createHash('sha256').update(t).digest('hex');
    expect(digest(plain(['--register', 'csv.db']))).toBe(digest(plain(office)));
    expect(inReg(['register', 'import', 'all.jsonl', '--register', 'copy.db']).err).toContain('holds certificates already');
    // The next number follows the imported counter.
    const next = again('copy.db', 'd.pdf', '--json');
    expect(JSON.parse(next.out).number).toBe(N(4));
    expect(inReg(['register', 'backup', 'copy-backup.db', ...office]).code).toBe(0);
    expect(statSync(join(reg, 'copy-backup.db')).mode & 0o777).toBe(0o600);
    expect(inReg(['register', 'list', '--register', 'copy-backup.db']).out.split('\n').filter(Boolean)).toHaveLength(4);
    // A leftover or planted '<file>.partial' (world-readable, or a link to another file) is never written through.
    writeFileSync(join(reg, 'victim.txt'), 'untouched');
    symlinkSync(join(reg, 'victim.txt'), join(reg, 'planted.csv.partial'));
    writeFileSync(join(reg, 'open.csv.partial'), 'old', { mode: 0o644 });
    symlinkSync(join(reg, 'victim.txt'), join(reg, 'planted.db.partial'));
    expect(inReg(['register', 'export', ...office, '-o', 'planted.csv']).code).toBe(0);
    expect(inReg(['register', 'export', ...office, '-o', 'open.csv']).code).toBe(0);
    expect(inReg(['register', 'backup', 'planted.db', ...office]).code).toBe(0);
    expect(readFileSync(join(reg, 'victim.txt'), 'utf8')).toBe('untouched');
    for (const f of ['planted.csv', 'open.csv', 'planted.db']) {
      expect(lstatSync(join(reg, f)).isFile(), f).toBe(true);
      expect(statSync(join(reg, f)).mode & 0o777, f).toBe(0o600);
    }
    expect(readFileSync(join(reg, 'open.csv'), 'utf8').startsWith('\uFEFFnumber;')).toBe(true);
    const none = inReg(['register', 'list', '--register', 'nothing.db']);
    expect(none.code).toBe(1);
    expect(none.err).toContain('there is no register at');
    expect(existsSync(join(reg, 'nothing.db'))).toBe(false);
  });

  it('a --number by hand is read against the office pattern: the counter steps over it, and another padding is the same number', () => {
    expect(inReg(['register', 'init', '--register', 'byhand.db']).code).toBe(0);
    let call = 0;
    // Each a command of its own (its own output): the very same command again gives the same certificate.
    const gen = (...more: string[]) => again('byhand.db', `h${++call}.pdf`, ...more);
    const number = (...more: string[]) => JSON.parse(gen('--json', ...more).out).number;
    expect(number()).toBe(N(1));
    expect(number('--number', '471.13/2/Disdukcapil/XI/2026')).toBe(N(2));
    expect(gen('--number', '471.13/002/disdukcapil/xi/2026').err).toContain(`issuance.number: ${N(2)} is in the register already (issued) [conflict]`);
    expect(number()).toBe(N(3));
  });

  it('generate killed at random points and run again: each resident one issued number, and its file', async () => {
    expect(inReg(['register', 'init', '--register', 'kill.db']).code).toBe(0);
    const base = JSON.parse(readFileSync(join(dir, 'resident.json'), 'utf8'));
    const delays: number[] = [];
    for (let i = 1; i <= 6; i++) {
      writeFileSync(join(reg, `kill-${i}.json`), JSON.stringify({ ...base, nik: `327404570890${6000 + i}`, photo: '../photo.jpg' }));
      const args = [CLI, 'generate', `kill-${i}.json`, ...office, '--register', 'kill.db', '--issued-at', '2026-11-30', '-o', `kill-${i}.pdf`];
      // Killed somewhere between start and finish: before the claim, holding it, after the record, after the file.
      const delay = 100 + Math.floor(Math.random() * 1400);
      delays.push(delay);
      const child = spawn(process.execPath, args, { cwd: reg, stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const again = run(args.slice(1), { cwd: reg });
      expect(again.code, `killed after ${delay} ms: ${again.err}`).toBe(0);
    }
    console.log(`generate killed after ${delays.join(', ')} ms, each run again`);
    const records = JSON.parse(inReg(['register', 'list', '--register', 'kill.db', '--json']).out) as Array<{
      status: string;
      sha256: string;
      resident: { nik: string } | null;
    }>;
    for (let i = 1; i <= 6; i++) {
      const mine = records.filter((r) => r.status === 'issued' && r.resident?.nik === `327404570890${6000 + i}`);
      expect(mine, `resident ${i}`).toHaveLength(1);
      const file = createHash('sha256')
        .update(readFileSync(join(reg, `kill-${i}.pdf`)))
        .digest('hex');
      expect(file).toBe(mine[0]!.sha256);
    }
    expect(records.filter((r) => r.status === 'pending')).toEqual([]);
    // Run once more: the file is this command's, so nothing is issued or written.
    const twice = inReg(['generate', 'kill-1.json', ...office, '--register', 'kill.db', '--issued-at', '2026-11-30', '-o', 'kill-1.pdf']);
    expect(twice.err).toContain('already wrote');
    expect(twice.err).toContain('issued before by this same command');
  });

  it('a broken import names each bad line and writes nothing', () => {
    const good = readFileSync(join(reg, 'all.jsonl'), 'utf8').split('\n')[0]!;
    writeFileSync(join(reg, 'bad.jsonl'), [good, good, '{"number": "x"}', 'not json'].join('\n'));
    const r = inReg(['register', 'import', 'bad.jsonl', '--register', 'bad.db']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('import.line[2].number: is the number of line 1 too [conflict]');
    expect(r.err).toContain('import.line[3].sequence: is required [required]');
    expect(r.err).toContain('import.line[4]: is not valid JSON [format]');
    expect(r.err).not.toContain('SEKAR');
    expect(existsSync(join(reg, 'bad.db'))).toBe(false);
  });
});

describe('trust', () => {
  const tr = (args: string[]) => run(['trust', ...args]);

  it('init, add, sign; verify takes the signed list with its root, warns when it is stale, refuses another root', () => {
    const init = tr(['init', '--issuer', 'DISDUKCAPIL KOTA CIREBON', '--dir', 'tr']);
    expect(init.code, init.err).toBe(0);
    expect(statSync(join(dir, 'tr', 'root.key.pem')).mode & 0o777).toBe(0o600);
    expect(tr(['init', '--issuer', 'X', '--dir', 'tr']).code).toBe(1);
    expect(tr(['add', 'office.jwk.json', '--dir', 'tr']).code).toBe(0);
    expect(tr(['add', 'office.jwk.json', '--dir', 'tr']).err).toContain('is in the trust list already');
    const sign = tr(['sign', '--dir', 'tr', '--issued-at', '2026-12-01', '--next-update', '2027-06-01', '-o', 'trust-list.jws']);
    expect(sign.err).toContain('edition 1, 1 key(s)');
    const v = run(['verify', 'one.pdf', '--trust', 'trust-list.jws', '--root', 'tr/root.jwk.json', '--today', today]);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toContain('VALID');
    expect(v.out).toContain('trust list: DISDUKCAPIL KOTA CIREBON, edition 1 of 2026-12-01, next update 2027-06-01');
    const stale = run(['verify', 'one.pdf', '--trust', 'trust-list.jws', '--root', 'tr/root.jwk.json', '--today', '2027-06-02']);
    expect(stale.out).toContain('PAST its next update (2027-06-01)');
    expect(run(['verify', 'one.pdf', '--trust', 'trust-list.jws', '--today', today]).code).toBe(2);
    tr(['init', '--issuer', 'PALSU', '--dir', 'tr-other']);
    const other = run(['verify', 'one.pdf', '--trust', 'trust-list.jws', '--root', 'tr-other/root.jwk.json', '--today', today]);
    expect(other.code).toBe(1);
    expect(other.err).toContain('trustList: is not signed by a trusted root key [list_signature]');
  });

  it("with the office's signed trust list in the settings, a key that is not in it does not seal", () => {
    const settings = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
    expect(run(['keygen', '--out', 'stranger', '--not-before', '2026-01-01', '--not-after', '2027-12-31']).code).toBe(0);
    const withList = (key: string) => ({ ...settings, key, serve: { trust: 'trust-list.jws', root: 'tr/root.jwk.json' } });
    writeFileSync(join(dir, 'office-listed.json'), JSON.stringify(withList('office.key.pem')));
    writeFileSync(join(dir, 'office-stranger.json'), JSON.stringify(withList('stranger.key.pem')));
    const gen = (office: string) =>
      run(['generate', 'resident.json', '--office', office, '--no-register', '--sequence', '12', '--issued-at', '2026-11-30', '--force', '-o', 'listed.pdf']);
    expect(gen('office-listed.json').code).toBe(0);
    const stranger = gen('office-stranger.json');
    expect(stranger.code).toBe(1);
    expect(stranger.err).toContain("key: is not in the office's trust list (serve.trust)");
    expect(stranger.err).toContain('[key_not_trusted]');
  });

  it("revocations from the register: a voided certificate's paper reads revoked, its replacement valid", () => {
    const r = run([
      'trust',
      'revocations',
      '--office',
      'reg/office.json',
      '--key',
      'office.key.pem',
      '--issuer',
      'DISDUKCAPIL KOTA CIREBON',
      '--issued-at',
      '2026-12-01',
      '--next-update',
      '2026-12-31',
      '-o',
      'revocations.jws',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('(2 of 2 revocations)');
    const args = ['--trust', 'trust-list.jws', '--root', 'tr/root.jwk.json', '--revocations', 'revocations.jws', '--today', today];
    const voided = run(['verify', 'reg/a.pdf', ...args]);
    expect(voided.code).toBe(1);
    expect(voided.out).toContain("INVALID: revoked: the certificate is on the office's revocation list");
    const replacement = run(['verify', 'reg/c.pdf', ...args]);
    expect(replacement.code, replacement.out).toBe(0);
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
    expect(r.err).toContain('row 3 (sheet row 4): nik: must be exactly 16 digits [nik_format]');
    expect(r.err).toContain('row 4 (sheet row 5): photo:');
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
    // The clerk corrects row 3 and runs the same command: exactly that row is issued, into the same folder.
    lines[3] = row(3);
    writeFileSync(join(dir, 'rows.csv'), lines.join('\n') + '\n');
    expect(run(args).err).toMatch(/1 issued, 4 already done, 1 failed of 6 rows/);
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5);
    const v = run(['verify', join(out, manifest[0]!.file), '--trust', 'office.jwk.json', '--today', today, '--json']);
    expect(JSON.parse(v.out)).toMatchObject({ valid: true, fields: { number: manifest[0]!.number } });
  });

  it('--print-file: every certificate of the folder in one PDF, in row order, each seal still scanning', async () => {
    // The folder of the test above: rows 1 to 5 issued (row 4's photo is broken), in the order the rows came.
    const r = run(['batch', 'rows.csv', '--photos', 'photos', '--office', 'office.json', '--out', 'out1', '--print-file', 'cetak.pdf']);
    expect(r.err).toContain(`print file: ${join(dir, 'cetak.pdf')} (5 certificates in row order`);
    const file = join(dir, 'cetak.pdf');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const manifest = readFileSync(join(dir, 'out1', 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; number: string })
      .sort((a, b) => a.row - b.row);
    const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
    expect(doc.countPages()).toBe(5);
    for (const [i, m] of manifest.entries()) {
      const page = doc.loadPage(i);
      expect(page.toStructuredText('preserve-whitespace').asText()).toContain(m.number);
      const png = page.toPixmap(mupdf.Matrix.scale(200 / 72, 200 / 72), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
      const [text] = await decodeQrImage(png);
      expect(verifySeal(text, { trustList: JSON.parse(readFileSync(join(dir, 'office.jwk.json'), 'utf8')), today })).toMatchObject({
        valid: true,
        fields: { number: m.number },
      });
    }
    // A certificate voided since: a rerun's print file leaves it out, and says so (a register of its own, so later tests keep theirs).
    const own = ['--office', 'office.json', '--register', 'voids.db'];
    expect(run(['register', 'init', ...own]).code).toBe(0);
    const batch = (print: string) => run(['batch', 'rows.csv', '--photos', 'photos', ...own, '--out', 'out-voids', '--print-file', print]);
    expect(batch('cetak-a.pdf').code).toBe(1); // row 4's photo is broken, as above
    const ours = readFileSync(join(dir, 'out-voids', 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; number: string })
      .sort((a, b) => a.row - b.row);
    const voided = ours[1]!.number;
    expect(run(['register', 'void', voided, ...own, '--reason', 'salah cetak']).code).toBe(0);
    const again = batch('cetak2.pdf');
    expect(again.err).toContain('(4 certificates in row order');
    expect(again.err).toContain(`left out of the print file, no longer issued (voided or replaced): ${voided}`);
    const second = mupdf.Document.openDocument(readFileSync(join(dir, 'cetak2.pdf')), 'application/pdf');
    expect(second.countPages()).toBe(4);
    for (let i = 0; i < 4; i++) expect(second.loadPage(i).toStructuredText('preserve-whitespace').asText()).not.toContain(voided);
  });

  it('reads JSON Lines, with a broken line reported', () => {
    const r0 = { ...sampleResident(), photo: 'p1.jpg' };
    writeFileSync(join(dir, 'rows.jsonl'), [JSON.stringify(r0), '{not json', JSON.stringify({ ...r0, nik: '3274045708900099' })].join('\n'));
    const r = run(['batch', 'rows.jsonl', '--photos', 'photos', '--office', 'office.json', '--out', 'out2', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ total: 3, issued: 2, failed: 1 });
  });

  it('a row for a resident who holds a valid certificate fails, naming it; --second-reason issues it and records why', () => {
    writeFileSync(join(dir, 'again.csv'), [header, row(1, { name: 'Warga Contoh Baru' }), row(40)].join('\n') + '\n');
    const args = ['batch', 'again.csv', '--photos', 'photos', '--office', 'office.json', '--jobs', '1'];
    const r = run([...args, '--out', 'out-again']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/row 1 \(sheet row 2\): nik: holds certificate 471\.13\/\d{4}\/Disdukcapil\/\S+, valid until \S+: replace it/);
    expect(r.err).toMatch(/1 issued, 0 already done, 1 failed of 2 rows/);
    const report = readFileSync(join(dir, 'out-again', 'report.jsonl'), 'utf8');
    expect(report).toContain('"code":"already_issued"');
    const second = run([...args, '--out', 'out-again2', '--second-reason', 'cetak ulang atas permintaan kelurahan']);
    expect(second.code, second.err).toBe(0);
    const listed = JSON.parse(run(['register', 'list', '--office', 'office.json', '--json']).out) as Array<{
      secondReason: string | null;
      resident: { name: string };
    }>;
    expect(listed.find((x) => x.resident?.name === 'WARGA CONTOH BARU')!.secondReason).toBe('cetak ulang atas permintaan kelurahan');
  });

  it('a manifest with repeated lines (an interrupted run) is healed by the next run: each certificate listed once', () => {
    const manifest = join(dir, 'out1', 'manifest.jsonl');
    const before = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, before + before);
    const r = run(['batch', 'rows.csv', '--photos', 'photos', '--office', 'office.json', '--out', 'out1', '--jobs', '2']);
    expect(r.err).toMatch(/^0 issued, \d+ already done/m);
    expect(readFileSync(manifest, 'utf8')).toBe(before);
  });

  it('one batch per output folder: a second run refuses, naming the first; a lock left by a killed run is taken over', async () => {
    writeFileSync(join(dir, 'locked.csv'), [header, ...Array.from({ length: 12 }, (_, i) => row(i + 1))].join('\n') + '\n');
    const args = ['batch', 'locked.csv', '--photos', 'photos', '--office', 'office.json', '--out', 'out-lock', '--jobs', '1'];
    const lock = join(dir, 'out-lock', '.suket-batch.lock');
    const first = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: 'ignore' });
    for (let i = 0; i < 400 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(lock)).toBe(true);
    // Paused, not gone: its lock still holds.
    first.kill('SIGSTOP');
    const second = run(args);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`out: another batch is writing this folder (process ${first.pid} on `);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const third = run(args);
    expect(third.code, third.err).toBe(0);
    expect(third.err).toContain(`the batch that was writing this folder (process ${first.pid}, started `);
    const manifest = readFileSync(join(dir, 'out-lock', 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(new Set(manifest.map((l) => JSON.parse(l).number)).size).toBe(12);
    expect(manifest).toHaveLength(12);
    expect(existsSync(lock)).toBe(false);
    // A lock of another machine (a shared folder): held while it is refreshed, taken over once untouched for two minutes.
    writeFileSync(lock, JSON.stringify({ host: 'kantor-b', pid: 4242, started: '2026-12-05T08:00:00.000Z' }));
    const held = run(args);
    expect(held.code).toBe(1);
    expect(held.err).toContain('out: another batch is writing this folder (process 4242 on kantor-b');
    const old = new Date(Date.now() - 3 * 60_000);
    utimesSync(lock, old, old);
    const taken = run(args);
    expect(taken.code, taken.err).toBe(0);
    expect(taken.err).toContain('the batch that was writing this folder (process 4242, started 2026-12-05T08:00:00.000Z) is gone');
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
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, m.file)))
          .digest('hex'),
      ).toBe(m.sha256);
    }
    // The register agrees: each row's certificate recorded once with the file's SHA-256, nothing pending, every gap explained.
    const { openRegister } = await import('../src/index.js');
    const register = await openRegister(join(dir, 'suket.db'));
    const records = await register.list();
    await register.close();
    const byNumber = new Map(records.map((r) => [r.number, r]));
    for (const m of manifest) expect(byNumber.get(m.number)).toMatchObject({ status: 'issued', sha256: m.sha256 });
    expect(records.filter((r) => r.status === 'pending')).toEqual([]);
    const counter = byNumber.get(manifest[0]!.number)!.counter;
    const sequences = records.filter((r) => r.counter === counter).map((r) => r.sequence!);
    expect(sequences.sort((a, b) => a - b)).toEqual(sequences.map((_, i) => i + 1));
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
