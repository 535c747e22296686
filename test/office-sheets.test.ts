/**
 * An office's own resident sheet through `suket batch` (issue 34): headers
 * in Indonesian, dates day first, a row-number column, a blank tail row,
 * and the encodings Excel writes (Windows-1252 "CSV", UTF-16 "Unicode
 * text") print the same numbers and fields as a clean UTF-8 CSV; each
 * broken form Excel makes gets a message that names its cause and the
 * column as the sheet heads it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHeader, SHEET_HEADERS } from '../src/cli/batch/columns.js';
import { readOfficeDate } from '../src/dates.js';
import type { SuketError } from '../src/errors.js';
import { samplePortrait } from '../src/sample.js';
import { CLI, officeFolder } from './service.js';

const root = mkdtempSync(join(tmpdir(), 'suket-sheets-'));
const runIn = (dir: string) => (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** Three invented residents: NIK, name (one with é), birth date as [day, month, year]. */
const PEOPLE = [
  ['3274045708900001', 'Désirée Wulandari', [17, 8, 1990], 'PEREMPUAN'],
  ['3274040102850002', 'Budi Santoso', [1, 2, 1985], 'LAKI-LAKI'],
  ['3274046512990003', 'Citra Anggraini', [25, 12, 1999], 'PEREMPUAN'],
] as const;
const pad = (n: number) => String(n).padStart(2, '0');
/** RT, RW, village, district, regency, province, religion, marital status: the same for everyone here. */
const PLACE = [3, 12, 'Kesambi', 'Kesambi', 'Kota Cirebon', 'Jawa Barat', 'ISLAM', 'KAWIN'];

const CLEAN_HEADER =
  'nik,name,birthPlace,birthDate,sex,address.street,address.rt,address.rw,address.village,address.district,address.regency,address.province,religion,maritalStatus,occupation,citizenship,photo';
const clean = () =>
  [
    CLEAN_HEADER,
    ...PEOPLE.map(
      ([nik, name, [d, m, y], sex], i) =>
        `${nik},"${name}",Cirebon,${y}-${pad(m)}-${pad(d)},${sex},"Jl. Kesambi No. ${i + 1}",3,12,Kesambi,Kesambi,Kota Cirebon,Jawa Barat,ISLAM,KAWIN,${i + 1},WNI,p${i}.jpg`,
    ),
  ].join('\n');

// The headers `suket init` writes, with a row-number column and the date's header as many sheets abbreviate it.
const OFFICE_HEADER = ['NO', ...SHEET_HEADERS.map((h) => (h === 'TANGGAL LAHIR' ? 'TGL. LAHIR' : h))];
/** The same residents as an Indonesian Excel writes them: `;`, CRLF, day-first dates, a row number, a blank tail row. */
const office = (sep: string, date = (d: number, m: number, y: number) => `${pad(d)}/${pad(m)}/${y}`, nik = (n: string) => n) =>
  `${[
    OFFICE_HEADER.join(sep),
    ...PEOPLE.map(([n, name, [d, m, y], sex], i) =>
      [i + 1, nik(n), name, 'Cirebon', date(d, m, y), sex, `Jl. Kesambi No. ${i + 1}`, ...PLACE, i + 1, 'WNI', `p${i}.jpg`].join(sep),
    ),
    sep.repeat(OFFICE_HEADER.length - 1),
  ].join('\r\n')}\r\n`;

/** An office folder of its own (settings, seal key, register) with the residents' photos. */
async function folder(name: string): Promise<{ dir: string; run: ReturnType<typeof runIn> }> {
  const dir = join(root, name);
  mkdirSync(join(dir, 'foto'), { recursive: true });
  const run = runIn(dir);
  await officeFolder(dir, run);
  for (let i = 0; i < PEOPLE.length; i++) writeFileSync(join(dir, 'foto', `p${i}.jpg`), await samplePortrait({ seed: i }));
  return { dir, run };
}

/** The register's records as numbers and residents (the photo's path aside). */
function issued(run: ReturnType<typeof runIn>): Array<{ number: string; resident: Record<string, unknown> }> {
  const out = run(['register', 'export', '--office', 'office.json', '--format', 'jsonl']).out;
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { number: string; resident: Record<string, unknown> })
    .map(({ number, resident: { photo: _p, ...resident } }) => ({ number, resident }));
}

const batch = (run: ReturnType<typeof runIn>, file: string) => run(['batch', file, '--photos', 'foto', '--office', 'office.json', '--out', `hasil-${file}`]);

let expected: ReturnType<typeof issued>;
let cleanRun: ReturnType<typeof runIn>;

beforeAll(async () => {
  const { dir, run } = await folder('bersih');
  cleanRun = run;
  writeFileSync(join(dir, 'warga.csv'), clean());
  const r = batch(run, 'warga.csv');
  expect(r.code, r.err).toBe(0);
  expected = issued(run);
  expect(expected).toHaveLength(3);
}, 180_000);

describe("an office's own sheet prints what the clean CSV prints", () => {
  it.each([
    ['Windows-1252 (Excel\'s "CSV"), `;`, day-first dates, a NO column, a blank tail row', (t: string) => Buffer.from(t, 'latin1'), ';'],
    ['UTF-8 with a BOM ("CSV UTF-8")', (t: string) => Buffer.from(`\uFEFF${t}`, 'utf8'), ';'],
    [
      'UTF-16 with its mark, tab-separated (Excel\'s "Unicode text")',
      (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
      '\t',
    ],
  ])(
    '%s',
    async (_name, encode, sep) => {
      const { dir, run } = await folder(`kantor-${sep === '\t' ? 'utf16' : encode('é').length === 1 ? 'cp1252' : 'utf8'}`);
      writeFileSync(join(dir, 'warga.csv'), encode(office(sep)));
      const r = batch(run, 'warga.csv');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/3 issued, 0 already done, 0 failed of 3 rows/);
      expect(issued(run)).toEqual(expected);
    },
    120_000,
  );
});

describe("an office's own workbook prints what the clean CSV prints", () => {
  it('an .xlsx with Indonesian headers, NIKs as Text cells, date cells and day-first date text, RT and RW as numbers, a title sheet first', async () => {
    const { dir, run } = await folder('kantor-xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Petunjuk').addRow(['Isi data warga di lembar berikutnya']);
    const ws = wb.addWorksheet('Data Warga');
    ws.addRow(OFFICE_HEADER);
    PEOPLE.forEach(([nik, name, [d, m, y], sex], i) => {
      // The first resident's date is a date cell, the others' text as a clerk types it.
      const date = i === 0 ? new Date(Date.UTC(y, m - 1, d)) : `${pad(d)}/${pad(m)}/${y}`;
      const row = ws.addRow([i + 1, nik, name, 'Cirebon', date, sex, `Jl. Kesambi No. ${i + 1}`, ...PLACE, i + 1, 'WNI', `p${i}.jpg`]);
      row.getCell(2).numFmt = '@';
      if (i === 0) row.getCell(5).numFmt = 'dd/mm/yyyy';
    });
    ws.addRow([]);
    await wb.xlsx.writeFile(join(dir, 'warga.xlsx'));
    const r = run(['batch', 'warga.xlsx', '--sheet', 'Data Warga', '--photos', 'foto', '--office', 'office.json', '--out', 'hasil']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/3 issued, 0 already done, 0 failed of 3 rows/);
    expect(issued(run)).toEqual(expected);
  }, 120_000);
});

describe('a batch run again into a new folder', () => {
  it('says it took no new number: the certificates were issued before and are written again under their numbers', () => {
    const r = cleanRun(['batch', 'warga.csv', '--photos', 'foto', '--office', 'office.json', '--out', 'hasil-lagi']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^0 issued, 0 already done, 0 failed of 3 rows/m);
    expect(r.err).toContain('3 were issued before (no new number): written into this folder again under their numbers');
    expect(issued(cleanRun)).toEqual(expected);
  }, 60_000);
});

describe('each broken form Excel makes says its cause, naming the column as the sheet heads it', () => {
  let run: ReturnType<typeof runIn>;
  let dir: string;
  beforeAll(async () => {
    ({ dir, run } = await folder('rusak'));
  }, 60_000);

  it('a NIK Excel turned into a number, a date month first, a two-digit year', () => {
    const excelNik = (n: string) => (n.endsWith('1') ? '3,27404E+15' : n);
    const monthFirst = (d: number, m: number, y: number) => (d === 1 ? `${pad(d)}/${pad(m)}/${String(y).slice(2)}` : `${pad(m)}/${pad(d)}/${y}`);
    writeFileSync(join(dir, 'rusak.csv'), office(';', monthFirst, excelNik));
    const r = batch(run, 'rusak.csv');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'row 1 (sheet row 2): NIK (nik): was turned into a number by Excel, which keeps 15 digits and dropped the rest: format the column as Text',
    );
    expect(r.err).toContain('row 1 (sheet row 2): TGL. LAHIR (birthDate): is written month first (MM/DD/YYYY)');
    expect(r.err).toContain('row 2 (sheet row 3): TGL. LAHIR (birthDate): has a two-digit year');
    expect(r.err).toContain('row 3 (sheet row 4): TGL. LAHIR (birthDate): is written month first');
    expect(r.err).not.toContain('3274'); // never a NIK in a message
  });

  it('the same broken sheet in Indonesian: the same rows, columns, paths and codes in Indonesian words, and still no NIK', () => {
    const inLanguage = (lang: string, out: string) =>
      spawnSync(process.execPath, [CLI, 'batch', 'rusak.csv', '--photos', 'foto', '--office', 'office.json', '--out', out], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '', SUKET_LANG: '' },
        timeout: 120_000,
      }).stderr;
    const [id, en] = [inLanguage('id_ID.UTF-8', 'hasil-id'), inLanguage('en_US.UTF-8', 'hasil-en')];
    expect(id).toContain('baris 1 (baris lembar 2): NIK (nik): diubah Excel menjadi angka, yang hanya menyimpan 15 digit');
    expect(id).toContain('baris 1 (baris lembar 2): TGL. LAHIR (birthDate): ditulis bulan lebih dulu (BB/HH/TTTT)');
    expect(id).toContain('baris 2 (baris lembar 3): TGL. LAHIR (birthDate): tahunnya dua digit');
    expect(id).toMatch(/^0 diterbitkan, 0 sudah selesai sebelumnya, 3 gagal dari 3 baris/m);
    const shape = (text: string, row: string, sheetRow: string) =>
      [...text.matchAll(new RegExp(`^${row} (\\d+) \\(${sheetRow} (\\d+)\\): (.+?) \\((\\S+)\\): .* \\[(\\w+)\\]$`, 'gm'))].map((m) => m.slice(1));
    expect(shape(id, 'baris', 'baris lembar')).toEqual(shape(en, 'row', 'sheet row'));
    expect(shape(en, 'row', 'sheet row').length).toBeGreaterThanOrEqual(4);
    expect(id).not.toContain('3274');
    // --json is the same in both languages: what a script reads does not follow the locale.
    const summary = (lang: string, out: string) => {
      const r = spawnSync(process.execPath, [CLI, 'batch', 'rusak.csv', '--photos', 'foto', '--office', 'office.json', '--out', out, '--json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '', SUKET_LANG: '' },
        timeout: 120_000,
      });
      const { seconds: _s, manifest: _m, report: _r, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
      return rest;
    };
    expect(summary('id_ID.UTF-8', 'json-id')).toEqual(summary('en_US.UTF-8', 'json-en'));
  });

  it('headers: an unknown one with the closest known; a file without a header row, quoting nothing of it', () => {
    writeFileSync(join(dir, 'salah.csv'), office(';').replace('TGL. LAHIR', 'TANGAL LAHIR').replace('KECAMATAN', 'KECAMATN'));
    const wrong = batch(run, 'salah.csv');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('column 5 ("TANGAL LAHIR") is not a known field: did you mean TANGGAL LAHIR?');
    expect(wrong.err).toContain('column 11 ("KECAMATN") is not a known field: did you mean KECAMATAN?');
    writeFileSync(join(dir, 'tanpa.csv'), office(';').split('\r\n').slice(1).join('\r\n'));
    const none = batch(run, 'tanpa.csv');
    expect(none.code).toBe(1);
    expect(none.err).toContain('the first row does not name the columns');
    expect(none.err).not.toContain('Wulandari');
  });

  it('settings with a syntax error say the file, line and column; a missing file says which and that it is missing', () => {
    writeFileSync(join(dir, 'kantor-rusak.json'), '{\n  "template": "suket-ktp-el",\n  "paper": "F4",,\n}\n');
    const broken = run(['generate', 'resident.json', '--office', 'kantor-rusak.json', '-o', 'x.pdf']);
    expect(broken.code).not.toBe(0);
    expect(broken.err).toContain('office: kantor-rusak.json is not valid JSON at line 3, column 17');
    const missing = run(['generate', 'warga-tidak-ada.json', '--office', 'office.json', '-o', 'x.pdf']);
    expect(missing.err).toContain('resident: warga-tidak-ada.json does not exist');
    // A resident's file named by a NIK is not named back.
    const byNik = run(['generate', '3274045708900001.json', '--office', 'office.json', '-o', 'x.pdf']);
    expect(byNik.err).toContain('resident: the file given does not exist');
    expect(byNik.err).not.toContain('3274045708900001');
  });

  it('UTF-16 without its mark is refused by name; a missing photo says it is missing', () => {
    writeFileSync(join(dir, 'u16.csv'), Buffer.from(office('\t'), 'utf16le'));
    const u16 = batch(run, 'u16.csv');
    expect(u16.code).not.toBe(0);
    expect(u16.err).toContain('looks like UTF-16 without a byte-order mark');
    writeFileSync(join(dir, 'foto.csv'), office(';').replace('p1.jpg', 'tidak-ada.jpg'));
    const photo = batch(run, 'foto.csv');
    expect(photo.err).toContain('row 2 (sheet row 3): FOTO (photo): names a file that is not in the photo folder');
  });
});

describe('the rules themselves', () => {
  it('dates: day first in the forms offices write, ISO, and never month first', () => {
    expect(readOfficeDate('17/08/1990')).toEqual({ date: '1990-08-17' });
    expect(readOfficeDate('7/8/1990')).toEqual({ date: '1990-08-07' });
    expect(readOfficeDate('17-08-1990')).toEqual({ date: '1990-08-17' });
    expect(readOfficeDate('17.08.1990')).toEqual({ date: '1990-08-17' });
    expect(readOfficeDate('1990-08-17')).toEqual({ date: '1990-08-17' });
    expect(readOfficeDate('08/17/1990')).toMatchObject({ problem: { key: 'sheet.month_first' } });
    expect(readOfficeDate('31/02/1990')).toMatchObject({ problem: { key: 'sheet.not_a_date' } });
    expect(readOfficeDate('17/08/90')).toMatchObject({ problem: { key: 'sheet.two_digit_year' } });
    expect(readOfficeDate('kemarin')).toBeUndefined();
  });

  it('headers: Indonesian and English, any case, spacing and punctuation', () => {
    // Each header as a clerk may write it, and the field it names.
    const written: Array<[string, string]> = [
      ['nik', 'nik'],
      ['Nama', 'name'],
      ['tmpt lahir', 'birthPlace'],
      ['Tgl Lahir', 'birthDate'],
      ['JK', 'sex'],
      ['alamat', 'address.street'],
      ['RT', 'address.rt'],
      ['r.w', 'address.rw'],
      ['Kelurahan', 'address.village'],
      ['Kec', 'address.district'],
      ['Kabupaten/Kota', 'address.regency'],
      ['province', 'address.province'],
      ['Status Kawin', 'maritalStatus'],
      ['WNI/WNA', 'citizenship'],
      ['gol_darah', 'bloodType'],
      ['agama', 'religion'],
      ['pekerjaan', 'occupation'],
    ];
    expect(readHeader(written.map(([h]) => h)).fields).toEqual(written.map(([, f]) => f));
    const e = (() => {
      try {
        readHeader(['NIK', 'NAMA', 'NAMA LENGKAP']);
      } catch (x) {
        return x as SuketError;
      }
    })();
    expect(e?.issues.map((i) => i.message)).toContain('has two columns for NAMA LENGKAP (name)');
  });
});
