/**
 * Batch input: an Excel workbook (`workbook.ts`), or CSV as an office's Excel saves it (headers in Indonesian or
 * as suket's field names, dates day first, any of the encodings Excel
 * writes) or JSON Lines, one resident a row. Records are split here, before
 * any parser sees them, so that an over-long or broken record is an error
 * for that row and every later row is still read. The CSV header is
 * checked before any row; blank rows are skipped.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { readOfficeDate } from '../../dates.js';
import { SuketError, type Issue } from '../../errors.js';
import { issueOf, type MessageKey, type MessageParams } from '../../language/catalogue.js';
import type { Worded } from '../../validate/fields.js';
import { readHeader, type SheetColumns } from './columns.js';
import { cellText, isWorkbook, readSheetRows, type SheetRow } from './workbook.js';

export interface InputRow {
  /** 1-based data row (CSV: the header is row 0). */
  row: number;
  /** The resident as read, or why the row could not be read. */
  value?: Record<string, unknown>;
  error?: Worded;
  /** Problems of single cells found while reading (a date written month first, a NIK Excel turned into a number). */
  issues?: Issue[];
  /** Each field's column as the file heads it (CSV), for messages. */
  headers?: Readonly<Record<string, string>>;
  /** Where a person finds the row: the sheet's row (a CSV as a spreadsheet numbers it, the header row 1), or the line of JSON Lines. */
  place?: { sheetRow: number } | { line: number };
}

/** A record (a CSV row or a JSON line) may be at most this long. */
const MAX_RECORD_BYTES = 64 * 1024;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** a.b = 1 -> { a: { b: 1 } }; empty cells are left out. */
export function nest(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (value === '') continue;
    const parts = key.trim().split('.');
    if (parts.some((p) => FORBIDDEN_KEYS.has(p))) continue;
    let node = out;
    for (const p of parts.slice(0, -1)) {
      const next = node[p];
      const child = (next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
      node[p] = child;
      node = child;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

type Record_ = { text: string } | { tooLong: true };

/**
 * Splits a file into records: at newlines outside double quotes (CSV) or at
 * every newline (JSON Lines). A record over the limit is reported as such
 * and skipped up to the next newline, whatever its quotes.
 */
export async function* records(file: string, quoted: boolean, encoding: TextEncoding = 'utf-8'): AsyncGenerator<Record_> {
  // Fatal: a file that is not the encoding throughout is refused, never read with replacement characters.
  const decoder = new TextDecoder(encoding, { ignoreBOM: false, fatal: true });
  let current = '';
  let bytes = 0;
  let inQuotes = false;
  let skipping = false;
  for await (const chunk of createReadStream(file)) {
    const text = decode(decoder, chunk as Buffer, encoding);
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 && quoted && !skipping) inQuotes = !inQuotes;
      else if (c === 0x0a && (!inQuotes || skipping)) {
        if (skipping) skipping = false;
        else {
          const record = current + text.slice(start, i);
          yield Buffer.byteLength(record) > MAX_RECORD_BYTES ? { tooLong: true } : { text: stripCr(record) };
        }
        current = '';
        bytes = 0;
        inQuotes = false;
        start = i + 1;
      }
    }
    if (skipping) continue;
    current += text.slice(start);
    bytes += Buffer.byteLength(text.slice(start));
    if (bytes > MAX_RECORD_BYTES) {
      yield { tooLong: true };
      current = '';
      bytes = 0;
      skipping = true;
    }
  }
  const rest = current + decode(decoder, undefined, encoding);
  if (!skipping && rest.trim() !== '') yield { text: stripCr(rest) };
}

const stripCr = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** The encodings a resident file is read in: what Excel's "CSV UTF-8", "Unicode text" and "CSV" write. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const ENCODING_NAMES: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

const encodingError = (key: MessageKey, params?: MessageParams) => new SuketError('INVALID_INPUT', [issueOf('input', 'format', key, params)]);

function decode(decoder: TextDecoder, chunk: Buffer | undefined, encoding: TextEncoding): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw encodingError('sheet.not_encoding', { encoding: ENCODING_NAMES[encoding] });
  }
}

/** How much of a file its encoding is told from. */
const SNIFF_BYTES = 64 * 1024;

/**
 * A resident file's encoding: its byte-order mark (UTF-8, UTF-16 as Excel's
 * "Unicode text" writes it); else UTF-8 when its start is UTF-8 (plain ASCII
 * is); else Windows-1252, what Excel's plain "CSV" writes on Indonesian and
 * English Windows. A file with NUL bytes and no mark is UTF-16 without one,
 * and refused by name.
 * @throws SuketError INVALID_INPUT (`input`) for UTF-16 without a byte-order mark.
 */
export async function detectEncoding(file: string): Promise<TextEncoding> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.includes(0)) throw encodingError('sheet.utf16_without_mark');
  try {
    // A character cut at the sniffed end is not a reason to doubt the rest.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length === SNIFF_BYTES });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The delimiter of a CSV header: `;` (as Indonesian Excel writes it), tab, or `,`. */
export function detectDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: header.replace(/"[^"]*"/g, '').split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best)).d;
}

/**
 * Rows of a workbook, CSV or JSON Lines file; a broken row is an error row, never the end of the file; a blank row is skipped.
 * @param sheet a workbook's sheet, by name or 1-based position (the first when absent).
 */
export async function* readRows(file: string, sheetName?: string): AsyncGenerator<InputRow> {
  if (isWorkbook(file)) {
    yield* workbookRows(await readSheetRows(file, sheetName));
    return;
  }
  const jsonLines = /\.(jsonl|ndjson)$/i.test(file);
  let sheet: SheetColumns | undefined;
  let delimiter = ',';
  let row = 0;
  // Every record counts here, the header and blank ones too, as a spreadsheet numbers its rows.
  let record = 0;
  for await (const rec of records(file, !jsonLines, jsonLines ? 'utf-8' : await detectEncoding(file))) {
    record++;
    if ('text' in rec && rec.text.trim() === '') continue;
    if (!jsonLines && !sheet) {
      if (!('text' in rec)) throw new SuketError('INVALID_INPUT', [issueOf('input.header', 'too_long', 'sheet.first_line_too_long')]);
      delimiter = detectDelimiter(rec.text);
      sheet = readHeader(cellsOf(rec.text, delimiter) ?? []);
      continue;
    }
    // A CSV row's cells, parsed once: a blank row is skipped, any other is read from them.
    const cells = 'text' in rec && !jsonLines ? cellsOf(rec.text, delimiter) : undefined;
    if (cells?.every((c) => c.trim() === '')) continue;
    row++;
    const place = jsonLines ? { line: record } : { sheetRow: record };
    if (!('text' in rec)) {
      yield { row, place, error: { key: 'sheet.row_too_long', params: { kb: MAX_RECORD_BYTES / 1024 } } };
      continue;
    }
    yield { ...(jsonLines ? jsonRow(row, rec.text) : sheetRow(row, cells, sheet!)), place };
  }
}

/**
 * A file's rows, to be read more than once (counted, then issued): a
 * workbook is unpacked and parsed once and its rows kept; a CSV or JSON Lines
 * file is streamed again each time.
 */
export function rowSource(file: string, sheetName?: string): () => AsyncGenerator<InputRow> {
  if (!isWorkbook(file)) return () => readRows(file, sheetName);
  let sheet: Promise<SheetRow[]> | undefined;
  return async function* () {
    sheet ??= readSheetRows(file, sheetName);
    yield* workbookRows(await sheet);
  };
}

/** A workbook's rows as a CSV's: the first non-blank row the header, blank rows skipped, each cell read by its type. */
function* workbookRows(rows: readonly SheetRow[]): Generator<InputRow> {
  let sheet: SheetColumns | undefined;
  let row = 0;
  for (const r of rows) {
    if (r.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
    if (!sheet) {
      sheet = readHeader(r.cells.map((c) => cellText(c, undefined).text));
      continue;
    }
    row++;
    const read = r.cells.map((c, i) => cellText(c, sheet!.fields[i]));
    const issues = read.flatMap((c) => (c.issue ? [c.issue] : []));
    yield {
      ...sheetRow(
        row,
        read.map((c) => c.text),
        sheet,
        issues,
      ),
      place: { sheetRow: r.sheetRow },
    };
  }
}

function cellsOf(text: string, delimiter: string): string[] | undefined {
  try {
    const rows = parse(text, { delimiter, bom: true, trim: true, relax_column_count: true }) as string[][];
    return rows.length === 1 ? rows[0] : undefined;
  } catch {
    return undefined;
  }
}

/** A NIK as Excel shows it once it took the column for numbers: 3,27404E+15 or 3.27404E+15, its last digits gone. */
const EXCEL_NUMBER = /^\d[.,]\d+E\+?\d+$/i;

/** The cells as the resident's fields: a date written day first as ISO, a NIK that Excel turned into a number as a problem. */
function officeCells(fields: Record<string, string>): { fields: Record<string, string>; issues: Issue[] } {
  const issues: Issue[] = [];
  const out = { ...fields };
  if (out.nik && EXCEL_NUMBER.test(out.nik.trim())) issues.push(issueOf('nik', 'nik_format', 'sheet.nik_excel_number'));
  if (out.birthDate) {
    const read = readOfficeDate(out.birthDate);
    if (read && 'date' in read) out.birthDate = read.date;
    else if (read) issues.push(issueOf('birthDate', 'date', read.problem.key, read.problem.params));
  }
  return { fields: out, issues };
}

/** A row's cells, as text, as the resident's fields; `read` holds problems found reading the cells (a workbook's number where a NIK belongs). */
function sheetRow(row: number, cells: string[] | undefined, sheet: SheetColumns, read: Issue[] = []): InputRow {
  if (!cells) return { row, error: { key: 'sheet.row_not_csv' }, headers: sheet.headers };
  // Empty cells past the header's columns are what Excel leaves; anything there is an error.
  if (cells.slice(sheet.fields.length).some((c) => c !== ''))
    return { row, error: { key: 'sheet.row_cells', params: { cells: cells.length, columns: sheet.fields.length } }, headers: sheet.headers };
  const named = Object.fromEntries(cells.slice(0, sheet.fields.length).flatMap((v, i) => (sheet.fields[i] ? [[sheet.fields[i]!, v]] : [])));
  const { fields, issues } = officeCells(named);
  const all = [...read, ...issues];
  return { row, value: nest(fields), headers: sheet.headers, ...(all.length ? { issues: all } : {}) };
}

function jsonRow(row: number, text: string): InputRow {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { row, error: { key: 'sheet.row_not_json_object' } };
    return { row, value: v as Record<string, unknown> };
  } catch {
    return { row, error: { key: 'sheet.row_not_json' } };
  }
}
