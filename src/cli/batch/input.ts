/**
 * Batch input: CSV (dotted headers nest: address.rt) or JSON Lines, one
 * resident a row. Records are split here, before any parser sees them, so
 * that an over-long or broken record is an error for that row and every
 * later row is still read. The CSV header is checked before any row.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { SuketError, type Issue } from '../../errors.js';
import { RESIDENT_COLUMNS } from '../../validate/resident.js';

export interface InputRow {
  /** 1-based data row (CSV: the header is row 0). */
  row: number;
  /** The resident as read, or why the row could not be read. */
  value?: Record<string, unknown>;
  error?: string;
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
export async function* records(file: string, quoted: boolean): AsyncGenerator<Record_> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let current = '';
  let bytes = 0;
  let inQuotes = false;
  let skipping = false;
  for await (const chunk of createReadStream(file)) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
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
  const rest = current + decoder.decode();
  if (!skipping && rest.trim() !== '') yield { text: stripCr(rest) };
}

const stripCr = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** The delimiter of a CSV header: `;` (as Indonesian Excel writes it), tab, or `,`. */
export function detectDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: header.replace(/"[^"]*"/g, '').split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best)).d;
}

/** Edit distance, to suggest the column a header cell was meant to be. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

const KNOWN = new Map(RESIDENT_COLUMNS.map((c) => [c.name.toLowerCase(), c.name]));

/**
 * Checks a CSV header and returns the column names. Unknown cells are named
 * by position, never by content (a header-less file's first line is a
 * resident), with the known column they resemble, if any.
 * @throws SuketError INVALID_INPUT listing every problem of the header at once.
 */
export function checkHeader(cells: string[]): string[] {
  const issues: Issue[] = [];
  const names = cells.map((raw, i) => {
    const known = KNOWN.get(raw.trim().toLowerCase());
    if (known) return known;
    const near = [...KNOWN.values()].find((k) => distance(k.toLowerCase(), raw.trim().toLowerCase()) <= 2);
    issues.push({
      path: `input.header[${i + 1}]`,
      code: 'unknown_field',
      message: `column ${i + 1} is not a known field${near ? ` (did you mean ${near}?)` : ''}`,
    });
    return '';
  });
  if (issues.length * 2 >= cells.length)
    issues.unshift({
      path: 'input.header',
      code: 'format',
      message: 'the first line does not name the columns: a CSV starts with a header row (nik, name, birthPlace, ...)',
    });
  for (const c of RESIDENT_COLUMNS)
    if (c.required && !names.includes(c.name)) issues.push({ path: 'input.header', code: 'required', message: `has no ${c.name} column` });
  const dup = names.find((n, i) => n && names.indexOf(n) !== i);
  if (dup) issues.push({ path: 'input.header', code: 'conflict', message: `names ${dup} twice` });
  if (issues.length) throw new SuketError('INVALID_INPUT', issues);
  return names;
}

/** Rows of a CSV or JSON Lines file; a broken row is an error row, never the end of the file. */
export async function* readRows(file: string): AsyncGenerator<InputRow> {
  const jsonLines = /\.(jsonl|ndjson)$/i.test(file);
  let columns: string[] | undefined;
  let delimiter = ',';
  let row = 0;
  for await (const rec of records(file, !jsonLines)) {
    if ('text' in rec && rec.text.trim() === '') continue;
    if (!jsonLines && !columns) {
      if (!('text' in rec)) throw new SuketError('INVALID_INPUT', [{ path: 'input.header', code: 'too_long', message: 'the first line is longer than 64 KB' }]);
      delimiter = detectDelimiter(rec.text);
      columns = checkHeader(cellsOf(rec.text, delimiter) ?? []);
      continue;
    }
    row++;
    if (!('text' in rec)) {
      yield { row, error: `is longer than ${MAX_RECORD_BYTES / 1024} KB` };
      continue;
    }
    yield jsonLines ? jsonRow(row, rec.text) : csvRow(row, rec.text, delimiter, columns!);
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

function csvRow(row: number, text: string, delimiter: string, columns: string[]): InputRow {
  const cells = cellsOf(text, delimiter);
  if (!cells) return { row, error: 'is not valid CSV (unbalanced quotes?)' };
  if (cells.length > columns.length) return { row, error: `has ${cells.length} cells, the header ${columns.length}` };
  return { row, value: nest(Object.fromEntries(cells.map((v, i) => [columns[i]!, v]))) };
}

function jsonRow(row: number, text: string): InputRow {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { row, error: 'is not a JSON object' };
    return { row, value: v as Record<string, unknown> };
  } catch {
    return { row, error: 'is not valid JSON' };
  }
}
