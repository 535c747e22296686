/**
 * Reading an office's resident list: the same 5,000 invented residents as
 * an Excel workbook and as CSV, read by suket's batch input (the workbook's
 * archive measured first, then read-excel-file), beside exceljs reading the
 * same workbook (what a Node programmer would reach for), and what loading
 * each library costs a process. Run: npx tsx bench/workbook.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readRows } from '../src/cli/batch/input.js';
import { SHEET_HEADERS } from '../src/cli/batch/columns.js';
import { sampleResident } from '../src/sample.js';

const ROWS = Number(process.env.ROWS ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'suket-bench-workbook-'));

function sheetRows(): string[][] {
  return Array.from({ length: ROWS }, (_, i) => {
    const r = sampleResident();
    const [y, m, d] = r.birthDate.split('-');
    const a = r.address;
    return [
      // Invented residents, each a NIK of its own (the serial: the last four digits).
      `${r.nik.slice(0, 12)}${String((i % 9999) + 1).padStart(4, '0')}`,
      `${r.name} ${'ABCDEFGHIJ'[i % 10]}`,
      r.birthPlace,
      `${d}/${m}/${y}`,
      r.sex,
      a.street,
      a.rt,
      a.rw,
      a.village,
      a.district,
      a.regency,
      a.province,
      r.religion,
      r.maritalStatus,
      String(r.occupation),
      r.citizenship,
      `p${i}.jpg`,
    ].map(String);
  });
}

async function write(rows: string[][]): Promise<{ xlsx: string; csv: string }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Warga');
  ws.addRow([...SHEET_HEADERS]);
  for (const r of rows) ws.addRow(r).getCell(1).numFmt = '@';
  const xlsx = join(dir, 'warga.xlsx');
  await wb.xlsx.writeFile(xlsx);
  const csv = join(dir, 'warga.csv');
  writeFileSync(csv, `\uFEFF${[SHEET_HEADERS.join(';'), ...rows.map((r) => r.join(';'))].join('\r\n')}\r\n`);
  return { xlsx, csv };
}

async function median(runs: number, work: () => Promise<number>): Promise<{ ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, rows };
}

const suket = async (file: string) => {
  let n = 0;
  for await (const r of readRows(file)) if (r.value && !r.issues) n++;
  return n;
};

async function exceljsRead(file: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let n = 0;
  wb.worksheets[0]!.eachRow((row, i) => {
    if (i > 1 && row.getCell(1).value) n++;
  });
  return n;
}

/** A fresh process's time to load a module, minus an empty one's. */
function loadMs(specifier: string): number {
  const run = (code: string) => {
    const t = performance.now();
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: process.cwd() });
    return performance.now() - t;
  };
  const times = (code: string) => [0, 1, 2, 3, 4].map(() => run(code)).sort((a, b) => a - b)[2]!;
  return times(`await import(${JSON.stringify(specifier)})`) - times('');
}

const { xlsx, csv } = await write(sheetRows());
const results = [
  ['suket batch input, .xlsx (archive measured, read-excel-file)', await median(5, () => suket(xlsx))],
  ['exceljs, the same .xlsx', await median(5, () => exceljsRead(xlsx))],
  ['suket batch input, the same rows as CSV', await median(5, () => suket(csv))],
] as const;
console.log(`reading ${ROWS} residents (median of 5):`);
for (const [name, r] of results) console.log(`  ${name.padEnd(62)} ${r.ms.toFixed(0).padStart(6)} ms  ${r.rows} rows`);
console.log('loading the library (a fresh process, median of 5, minus an empty one):');
for (const specifier of ['read-excel-file/node', 'exceljs']) console.log(`  ${specifier.padEnd(62)} ${loadMs(specifier).toFixed(0).padStart(6)} ms`);
