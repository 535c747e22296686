/**
 * `suket init` (issue 34): a ready office folder, then the next steps it
 * names, run unchanged from that folder as a new office would: the example
 * row prints, and its seal verifies with the key the folder holds.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readRows } from '../src/cli/batch/input.js';
import { CLI } from './service.js';

const root = mkdtempSync(join(tmpdir(), 'suket-init-'));
const run = (args: string[], cwd = root) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const OFFICE = [
  '--government',
  'PEMERINTAH KOTA CIREBON',
  '--office',
  'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
  '--address',
  'Jl. Dr. Sudarsono No. 40, Kesambi, Cirebon 45134',
  '--region',
  '3274',
  '--place',
  'Cirebon',
  '--signatory',
  'Drs. H. Bagus Wiratmaja, M.Si.',
  '--nip',
  '196805121990031005',
  '--title',
  'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA CIREBON',
];
const folder = join(root, 'kantor-cirebon');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(() => {
  const r = run(['init', 'kantor-cirebon', ...OFFICE]);
  expect(r.code, r.err).toBe(0);
  expect(r.err).toContain('office folder ready');
}, 60_000);

describe('suket init', () => {
  it('writes the settings, register, seal key, sheet, photo folder and next steps; personal data and the key owner-only', () => {
    for (const f of ['kantor.json', 'suket.db', 'kunci/segel.key.pem', 'kunci/segel.jwk.json', 'warga.csv', 'warga.xlsx', 'foto/contoh.jpg', 'BACA-SAYA.md'])
      expect(existsSync(join(folder, f)), f).toBe(true);
    for (const f of ['suket.db', 'kunci/segel.key.pem', 'warga.csv', 'warga.xlsx']) expect(statSync(join(folder, f)).mode & 0o777, f).toBe(0o600);
    const settings = JSON.parse(readFileSync(join(folder, 'kantor.json'), 'utf8'));
    expect(settings.issuance).toMatchObject({ place: 'Cirebon', timeZone: 'Asia/Jakarta', office: { regionCode: '3274' } });
    expect(readFileSync(join(folder, 'warga.csv'), 'utf8')).toMatch(/^\uFEFFNIK;NAMA LENGKAP;TEMPAT LAHIR;TANGGAL LAHIR;/);
    expect(readFileSync(join(folder, 'BACA-SAYA.md'), 'utf8')).toContain('npx suket batch warga.xlsx --photos foto --office kantor.json --out hasil');
  });

  it('the workbook and the CSV hold the same example; the workbook is ready to type NIKs into, its cells formatted as Text', async () => {
    const read = async (f: string) => {
      const rows = [];
      for await (const r of readRows(join(folder, f))) rows.push(r);
      return rows;
    };
    const [fromXlsx, fromCsv] = [await read('warga.xlsx'), await read('warga.csv')];
    expect(fromXlsx).toHaveLength(1);
    expect(fromXlsx.map((r) => r.value)).toEqual(fromCsv.map((r) => r.value));
    expect(fromXlsx[0]!.issues).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(folder, 'warga.xlsx'));
    const sheet = wb.getWorksheet('Warga')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('NIK');
    // The rows below the example, where a clerk types or pastes NIKs, are Text before anything is typed.
    for (const r of [3, 500, 1002]) expect(sheet.getRow(r).getCell(1).numFmt, `row ${r}`).toBe('@');
  });

  it("the next steps it names work unchanged: the example prints, and its seal verifies with the folder's key", () => {
    const batch = run(['batch', 'warga.xlsx', '--photos', 'foto', '--office', 'kantor.json', '--out', 'hasil'], folder);
    expect(batch.code, batch.err).toBe(0);
    expect(batch.err).toMatch(/^1 issued, 0 already done, 0 failed of 1 rows/m);
    const pdf = readdirSync(join(folder, 'hasil')).find((f) => f.endsWith('.pdf'))!;
    const verify = run(['verify', join('hasil', pdf), '--trust', 'kunci/segel.jwk.json'], folder);
    expect(verify.code, verify.err + verify.out).toBe(0);
    expect(verify.out + verify.err).toContain('VALID');
  });

  it('leaves a folder that is an office folder already alone', () => {
    const before = sha(join(folder, 'kantor.json'));
    const again = run(['init', 'kantor-cirebon', ...OFFICE]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('holds an office folder already (kantor.json or suket.db): nothing was changed');
    expect(sha(join(folder, 'kantor.json'))).toBe(before);
  });

  it('a folder it cannot finish is left as it was: what the run wrote is taken away again', () => {
    const busy = join(root, 'sibuk');
    mkdirSync(busy);
    writeFileSync(join(busy, 'foto'), 'a file where the photo folder goes');
    const r = run(['init', 'sibuk', ...OFFICE]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('folder: could not be written (EEXIST): what this run wrote was taken away again');
    expect(readdirSync(busy)).toEqual(['foto']);
  });

  it('checks everything before writing anything: missing flags name themselves; a bad NIP names its flag; the zone follows the region', () => {
    const missing = run(['init', 'kosong', '--place', 'Cirebon']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('init needs --government, --office, --address, --region, --signatory, --nip, --title');
    const badNip = run(['init', 'salah', ...OFFICE.map((v) => (v === '196805121990031005' ? '1968' : v))]);
    expect(badNip.code).toBe(1);
    expect(badNip.err).toContain('--nip:');
    expect(existsSync(join(root, 'kosong'))).toBe(false);
    expect(existsSync(join(root, 'salah'))).toBe(false);
    const bali = run(['init', 'kantor-denpasar', ...OFFICE.map((v) => (v === '3274' ? '5171' : v))]);
    expect(bali.code, bali.err).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'kantor-denpasar', 'kantor.json'), 'utf8')).issuance.timeZone).toBe('Asia/Makassar');
  });
});

describe('suket init at a terminal', () => {
  it('asks for what the flags left out, in Indonesian where the locale is, and makes the same settings', () => {
    // `script` gives the command a terminal; the answers are typed into it in the order it asks.
    const flags = new Map<string, string>();
    for (let i = 0; i < OFFICE.length; i += 2) flags.set(OFFICE[i]!, OFFICE[i + 1]!);
    const given = ['--region', '--place'];
    const asked = ['--government', '--office', '--address', '--signatory', '--nip', '--title'];
    const command = [CLI, 'init', 'kantor-tanya', ...given.flatMap((f) => [f, flags.get(f)!])].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', `${process.execPath} ${command}`, '/dev/null'], {
      cwd: root,
      encoding: 'utf8',
      input: `${asked.map((f) => flags.get(f)).join('\n')}\n`,
      env: { ...process.env, LANG: 'id_ID.UTF-8', LC_ALL: '', LC_MESSAGES: '', SUKET_LANG: '' },
      timeout: 60_000,
    });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('pemerintah daerah di kepala kop surat, mis. "PEMERINTAH KOTA CIREBON": ');
    expect(r.stdout).toContain('NIP penanda tangan (18 digit): ');
    expect(r.stdout).toContain('folder kantor siap');
    const settings = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'kantor.json'), 'utf8'));
    expect(settings('kantor-tanya')).toEqual(settings('kantor-cirebon'));
  });
});
