/**
 * The register's export formats and their import: JSON Lines (every field,
 * optionally each PDF) and CSV for Excel (a BOM, `;` as Indonesian Excel
 * expects, CRLF, readable columns, plus the record as JSON so an import
 * loses nothing). No field a spreadsheet could cut from a cell starts a
 * formula (`guardCell`).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { SuketError, type Issue } from '../errors.js';
import { fromZod } from '../validate/fields.js';
import type { StoredRecord } from './sql-store.js';
import { RECORD_STATUSES, type CertificateRecord } from './types.js';

export type ExportFormat = 'csv' | 'jsonl' | 'xlsx';

/** The record's own columns, in CSV order; then the resident's readable ones, then the record as JSON. */
const SCALARS = [
  ['number', 'number'],
  ['status', 'status'],
  ['sequence', 'sequence'],
  ['counter', 'counter'],
  ['idempotency_key', 'idempotencyKey'],
  ['issued_at', 'issuedAt'],
  ['valid_until', 'validUntil'],
  ['template', 'template'],
  ['paper', 'paper'],
  ['operator', 'operator'],
  ['reason', 'reason'],
  ['replaced_by', 'replacedBy'],
  ['replaces', 'replaces'],
  ['voided_at', 'voidedAt'],
  ['voided_by', 'voidedBy'],
  ['second_reason', 'secondReason'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
  ['sha256', 'sha256'],
  ['barcode_text', 'barcodeText'],
] as const satisfies ReadonlyArray<readonly [string, keyof CertificateRecord]>;

const READABLE = ['nik', 'name', 'birthPlace', 'birthDate', 'sex', 'address', 'occupation'] as const;

export const CSV_COLUMNS: readonly string[] = Object.freeze([
  ...SCALARS.map(([c]) => c),
  ...READABLE.map((c) => `resident.${c}`),
  'resident_json',
  'issuance_json',
]);

/**
 * A spreadsheet runs a field starting with `=`, `+`, `-`, `@`, a tab or a
 * CR as a formula. A field starts at the cell's start, and, where the
 * spreadsheet splits on the other separator (an English-locale Excel
 * opening the `;` file splits on `,`, and honours a quote only at a
 * field's start), after any `,` or `;` inside it. A `'` goes before each
 * such start; a `'` already there before one of these or another `'` is
 * doubled, so the import undoes it exactly (`guardCell` and `unguardCell` are
 * inverses).
 */
export const guardCell = (value: string): string => value.replace(/(^|[,;])(?=[=+\-@\t\r]|'[=+\-@\t\r'])/g, "$1'");
export const unguardCell = (value: string): string => value.replace(/(^|[,;])'(?=[=+\-@\t\r'])/g, '$1');

function cell(value: string | null, delimiter: string): string {
  if (value === null) return '';
  const safe = guardCell(value);
  return /["\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function readable(r: CertificateRecord, column: (typeof READABLE)[number]): string | null {
  const p = r.resident;
  if (!p) return null;
  if (column === 'address') {
    const a = p.address;
    return `${a.street} RT ${a.rt}/RW ${a.rw}, ${a.village}, ${a.district}, ${a.regency}, ${a.province}`;
  }
  if (column === 'occupation') return p.occupation.name;
  return String(p[column]);
}

/** The CSV header line (with the BOM Excel needs to read UTF-8). */
export const csvHeader = (delimiter = ';'): string => `\uFEFF${CSV_COLUMNS.map((c) => cell(c, delimiter)).join(delimiter)}\r\n`;

/** A record's cells in `CSV_COLUMNS` order, as text; null where it has none. */
function recordCells(r: CertificateRecord): (string | null)[] {
  return [
    ...SCALARS.map(([, k]) => (r[k] === null ? null : String(r[k]))),
    ...READABLE.map((c) => readable(r, c)),
    r.resident ? JSON.stringify(r.resident) : null,
    r.issuance ? JSON.stringify(r.issuance) : null,
  ];
}

const NIK_COLUMN = CSV_COLUMNS.indexOf('resident.nik');

/**
 * One record as a CSV line. The readable NIK starts with `'`: Excel opening a
 * CSV takes 16 digits for a number and keeps 15 of them; with the mark it is
 * text and all 16 stay. (The import reads the NIK from `resident_json`.)
 */
export function csvLine(r: CertificateRecord, delimiter = ';'): string {
  const cells = recordCells(r).map((c, i) => (i === NIK_COLUMN && c !== null ? `'${c}` : c));
  return `${cells.map((c) => cell(c, delimiter)).join(delimiter)}\r\n`;
}

/** Excel's rows per sheet, the header's included. */
const MAX_SHEET_ROWS = 1_048_576;

/**
 * Records as an Excel workbook: one sheet, the CSV's columns, every cell a
 * text cell formatted as Text, so Excel keeps every NIK digit and never reads
 * a cell as a number, date or formula, even once a clerk edits it.
 * @throws SuketError INVALID_INPUT (`export`) for more records than a sheet holds.
 */
export async function xlsxWorkbook(records: readonly CertificateRecord[]): Promise<Buffer> {
  if (records.length >= MAX_SHEET_ROWS)
    throw new SuketError('INVALID_INPUT', [
      {
        path: 'export',
        code: 'too_big',
        message: `holds more records than an Excel sheet's ${MAX_SHEET_ROWS} rows: export a period at a time (--from, --to) or as CSV`,
      },
    ]);
  const { default: writeXlsx } = await import('write-excel-file/node');
  const text = (value: string | null) => (value === null ? null : { value, type: String, format: '@' });
  const rows = [CSV_COLUMNS.map((c) => ({ value: c, type: String, fontWeight: 'bold' as const })), ...records.map((r) => recordCells(r).map(text))];
  return writeXlsx(rows, { sheet: 'Register', stickyRowsCount: 1 }).toBuffer();
}

/** One record as a JSON line; the PDF as base64 when it is given. */
export function jsonLine(r: StoredRecord): string {
  const { pdf, ...rest } = r;
  return `${JSON.stringify(pdf ? { ...rest, pdf: Buffer.from(pdf).toString('base64') } : rest)}\n`;
}

const text = z.string().max(100_000).nullable();
const instant = z.iso.datetime({ offset: true });
/** A record as the register exports it (and the service answers it). */
export const recordSchema = z
  .object({
    number: z.string().min(1).max(200),
    status: z.enum(RECORD_STATUSES as [string, ...string[]]),
    sequence: z.number().int().positive().nullable(),
    counter: text,
    idempotencyKey: z.string().min(1).max(200).nullable(),
    issuedAt: z.iso.date().nullable(),
    validUntil: z.iso.date().nullable(),
    template: text,
    paper: text,
    resident: z
      .object({ nik: z.string().regex(/^\d{16}$/), name: z.string().min(1) })
      .passthrough()
      .nullable(),
    issuance: z.object({}).passthrough().nullable(),
    barcodeText: text,
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    operator: text,
    reason: text,
    replacedBy: text,
    replaces: text,
    voidedAt: instant.nullable(),
    // Absent in exports of schema version 2.
    voidedBy: text.optional().transform((v) => v ?? null),
    // Absent in exports of schema version 4 and before.
    secondReason: text.optional().transform((v) => v ?? null),
    createdAt: instant,
    updatedAt: instant,
    pdf: z
      .string()
      .regex(/^[A-Za-z0-9+/]*={0,2}$/)
      .nullable()
      .optional(),
  })
  .strict();

/** A CSV line back to a record: the scalar columns and the JSON ones; the readable columns are for people. */
function fromCsv(cells: Record<string, string>): Record<string, unknown> {
  const value = (v: string | undefined) => (v === undefined || v === '' ? null : unguardCell(v));
  const out: Record<string, unknown> = {};
  for (const [c, k] of SCALARS) out[k] = value(cells[c]);
  if (out.sequence !== null) out.sequence = Number(out.sequence);
  for (const [c, k] of [
    ['resident_json', 'resident'],
    ['issuance_json', 'issuance'],
  ] as const) {
    const v = value(cells[c]);
    out[k] = v === null ? null : JSON.parse(v);
  }
  return out;
}

type Line = { line: number; value?: Record<string, unknown>; error?: string };

function parseLines(content: string, csv: boolean): Line[] {
  if (!csv)
    return content.split('\n').flatMap((l, i): Line[] => {
      if (!l.trim()) return [];
      try {
        return [{ line: i + 1, value: JSON.parse(l) as Record<string, unknown> }];
      } catch {
        return [{ line: i + 1, error: 'is not valid JSON' }];
      }
    });
  const delimiter = content.slice(0, content.indexOf('\n')).includes(';') ? ';' : ',';
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(content, { bom: true, columns: true, delimiter, relax_column_count: false }) as Array<Record<string, string>>;
  } catch {
    return [{ line: 1, error: 'is not a CSV export of a suket register (unbalanced quotes or a wrong number of cells)' }];
  }
  return rows.map((r, i) => {
    try {
      return { line: i + 2, value: fromCsv(r) };
    } catch {
      return { line: i + 2, error: 'has a resident_json or issuance_json cell that is not JSON' };
    }
  });
}

/**
 * Reads a whole export (JSON Lines or CSV, told by the file name) and checks
 * every record before any is written.
 * @throws SuketError INVALID_INPUT naming every bad line (`import.line[7].sha256`) and every number that appears twice; IO_FAILED when the file cannot be read.
 */
export async function readExport(file: string): Promise<StoredRecord[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    throw new SuketError('IO_FAILED', [{ path: 'import', code: 'io', message: 'the file cannot be read' }]);
  }
  const issues: Issue[] = [];
  const records: StoredRecord[] = [];
  const seen = new Map<string, number>();
  for (const { line, value, error } of parseLines(content, /\.csv$/i.test(file))) {
    if (error) {
      issues.push({ path: `import.line[${line}]`, code: 'format', message: error });
      continue;
    }
    const parsed = recordSchema.safeParse(value);
    if (!parsed.success) {
      issues.push(...fromZod(parsed.error.issues, ['import', `line[${line}]`]));
      continue;
    }
    const earlier = seen.get(parsed.data.number);
    if (earlier !== undefined) issues.push({ path: `import.line[${line}].number`, code: 'conflict', message: `is the number of line ${earlier} too` });
    seen.set(parsed.data.number, line);
    const { pdf, ...r } = parsed.data;
    // The resident and issuance as written (checked above), in their own key order.
    const raw = value as { resident: unknown; issuance: unknown };
    const record = { ...r, resident: raw.resident, issuance: raw.issuance } as unknown as CertificateRecord;
    records.push({ ...record, pdf: pdf ? new Uint8Array(Buffer.from(pdf, 'base64')) : null });
  }
  if (issues.length) throw new SuketError('INVALID_INPUT', issues.slice(0, 50));
  return records;
}
