/**
 * Batch rows from Excel workbooks (issue 34): workbooks written by another
 * library (exceljs, as Excel writes them: shared strings, styled date
 * cells, numbers) read cell by cell by type; each broken form refused with
 * its cause; hostile archives refused before any XML is read.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRows, rowSource, type InputRow } from '../src/cli/batch/input.js';
import { SHEET_HEADERS } from '../src/cli/batch/columns.js';
import { isSuketError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-workbook-'));
let n = 0;

/** A workbook with the given sheets, each a list of rows; a cell may carry a number format. */
async function workbook(sheets: Record<string, unknown[][]>, formats: Record<string, string> = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const [r, cells] of rows.entries())
      for (const [c, v] of cells.entries()) {
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = v as ExcelJS.CellValue;
        const format = formats[`${r + 1}:${c + 1}`];
        if (format) cell.numFmt = format;
      }
  }
  const file = join(dir, `w${n++}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

const rowsOf = async (file: string, sheet?: string) => {
  const out: InputRow[] = [];
  for await (const r of readRows(file, sheet)) out.push(r);
  return out;
};

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (!isSuketError(e)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
  }
  throw new Error('was not refused');
}

const HEADER = ['NO', ...SHEET_HEADERS];
/** One invented resident as a sheet row, after the row number. */
const resident = (nik: unknown, birthDate: unknown, rt: unknown = 3) => [
  1,
  nik,
  'Désirée Wulandari',
  'Cirebon',
  birthDate,
  'PEREMPUAN',
  'Jl. Kesambi No. 1',
  rt,
  12,
  'Kesambi',
  'Kesambi',
  'Kota Cirebon',
  'Jawa Barat',
  'ISLAM',
  'KAWIN',
  1,
  'WNI',
  'p0.jpg',
];

describe('a workbook as Excel keeps it', () => {
  it('reads each cell by its type: a NIK as text, a date cell and a day-first date text, numbers for RT and RW', async () => {
    const file = await workbook(
      { Warga: [[], HEADER, resident('3274045708900001', new Date(Date.UTC(1990, 7, 17))), resident('3274045708900001', '17/08/1990', '003'), []] },
      { '3:2': '@', '3:5': 'dd/mm/yyyy' },
    );
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.issues).toBeUndefined();
      expect(r.value).toMatchObject({ nik: '3274045708900001', birthDate: '1990-08-17', address: { rw: '12' } });
    }
    expect(rows[0]!.value).toMatchObject({ address: { rt: '3' } });
    expect(rows[1]!.value).toMatchObject({ address: { rt: '003' } });
    // The sheet's own row numbers, the blank first row counted.
    expect(rows.map((r) => r.place)).toEqual([{ sheetRow: 3 }, { sheetRow: 4 }]);
    expect(rows[0]!.headers).toMatchObject({ birthDate: 'TANGGAL LAHIR', nik: 'NIK' });
  });

  it('reads the sheet --sheet names, by name or by position', async () => {
    const file = await workbook({ Catatan: [['bukan data']], 'Data Warga': [HEADER, resident('3274045708900001', '17/08/1990')] });
    expect(await rowsOf(file, 'Data Warga')).toHaveLength(1);
    expect(await rowsOf(file, '2')).toHaveLength(1);
    // The first sheet is the default: here a note, whose one cell is no known column.
    expect(await refusal(rowsOf(file))).toMatch(/not a known field/);
    expect(await refusal(rowsOf(file, 'Warga'))).toMatch(/^input: has no sheet "Warga"/);
  });

  it('is unpacked and read once for a batch that counts its rows and then issues them', async () => {
    const file = await workbook({ Warga: [HEADER, resident('3274045708900001', '17/08/1990')] });
    const rows = rowSource(file);
    const first = [];
    for await (const r of rows()) first.push(r);
    // The file is gone: the second pass reads the rows kept from the first.
    rmSync(file);
    const second = [];
    for await (const r of rows()) second.push(r);
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('refuses a NIK stored as a number, saying Excel dropped its digits, without the number', async () => {
    const file = await workbook({ Warga: [HEADER, resident(3274045708900001, '17/08/1990')] });
    const [row] = await rowsOf(file);
    expect(row!.issues).toEqual([
      expect.objectContaining({ path: 'nik', code: 'nik_format', message: expect.stringMatching(/stored as a number.*15 digits.*Text/) }),
    ]);
    expect(JSON.stringify(row)).not.toMatch(/32740/);
  });

  it('refuses a date cell written month first as text, and an old .xls by name', async () => {
    const file = await workbook({ Warga: [HEADER, resident('3274045708900001', '08/17/1990')] });
    const [row] = await rowsOf(file);
    expect(row!.issues).toEqual([expect.objectContaining({ path: 'birthDate', code: 'date', message: expect.stringMatching(/month first/) })]);
    const xls = join(dir, 'lama.xls');
    writeFileSync(xls, 'whatever');
    expect(await refusal(rowsOf(xls))).toMatch(/Excel 97-2003 workbook \(\.xls\)/);
  });
});

/** A little-endian record of 16- and 32-bit fields, as a zip header is: [offset, bytes, value] each. */
function record(length: number, fields: ReadonlyArray<readonly [number, 2 | 4, number]>): Buffer {
  const b = Buffer.alloc(length);
  for (const [at, bytes, value] of fields) bytes === 2 ? b.writeUInt16LE(value, at) : b.writeUInt32LE(value, at);
  return b;
}

/** A zip archive of deflated parts, each's unpacked size as given (a hostile file's may lie). */
function zipOfParts(parts: ReadonlyArray<{ name: string; content: Buffer; claimed?: number }>): Buffer {
  const bodies: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, content, claimed = content.length } of parts) {
    const data = deflateRawSync(content);
    const file = Buffer.from(name);
    const crc = crc32(content);
    const sizes: Array<[number, 2 | 4, number]> = [
      [10, 2, 8],
      [16, 4, crc],
      [20, 4, data.length],
      [24, 4, claimed],
      [28, 2, file.length],
    ];
    const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], ...sizes.map(([at, n, v]): [number, 2 | 4, number] => [at - 2, n, v])]);
    centrals.push(record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], ...sizes, [42, 4, offset]]), file);
    bodies.push(local, file, data);
    offset += local.length + file.length + data.length;
  }
  const central = Buffer.concat(centrals);
  const end = record(22, [
    [0, 4, 0x06054b50],
    [8, 2, parts.length],
    [10, 2, parts.length],
    [12, 4, central.length],
    [16, 4, offset],
  ]);
  return Buffer.concat([...bodies, central, end]);
}

const zipOf = (name: string, content: Buffer, claimed?: number) => zipOfParts([{ name, content, ...(claimed === undefined ? {} : { claimed }) }]);

describe('a hostile workbook is refused before any XML is read', () => {
  const write = (bytes: Buffer) => {
    const file = join(dir, `h${n++}.xlsx`);
    writeFileSync(file, bytes);
    return file;
  };

  it('a file that is no zip archive', async () => {
    expect(await refusal(rowsOf(write(Buffer.from('NIK;NAMA\r\n'))))).toMatch(/not an Excel workbook \(\.xlsx\)/);
  });

  it('a part that says it unpacks to more than the bound', async () => {
    expect(await refusal(rowsOf(write(zipOf('xl/worksheets/sheet1.xml', Buffer.from('<x/>'), 300 * 1024 * 1024))))).toMatch(/unpacks to more than 256 MB/);
  });

  it('a part that claims a few bytes and unpacks to megabytes', async () => {
    expect(await refusal(rowsOf(write(zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(8 * 1024 * 1024), 100))))).toMatch(
      /does not unpack to the size it claims/,
    );
  });

  it('a file over 32 MB, before reading it', async () => {
    const file = write(Buffer.from('PK'));
    truncateSync(file, 32 * 1024 * 1024 + 1);
    expect(await refusal(rowsOf(file))).toMatch(/larger than 32 MB/);
  });

  it('an archive of more than 2,000 parts', async () => {
    const parts = Array.from({ length: 2001 }, (_, i) => ({ name: `xl/p${i}.xml`, content: Buffer.from('<x/>') }));
    expect(await refusal(rowsOf(write(zipOfParts(parts))))).toMatch(/unpacks to more than 256 MB or 2000 parts/);
  });

  it('a well-formed zip that holds no workbook', async () => {
    expect(await refusal(rowsOf(write(zipOf('readme.txt', Buffer.from('halo')))))).toMatch(/cannot be read as an Excel workbook/);
  });
});
