/** Batch input: CSV (dotted headers nest: address.rt) or JSON Lines, one resident a row. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export interface InputRow {
  /** 1-based data row (CSV: the header is row 0). */
  row: number;
  /** The resident as read, or why the row could not be read. */
  value?: Record<string, unknown>;
  error?: string;
}

/** a.b = 1 -> { a: { b: 1 } }; empty cells are left out. */
export function nest(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (value === '') continue;
    const parts = key.trim().split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) {
      if (p === '__proto__' || p === 'constructor' || p === 'prototype') break;
      const next = node[p];
      node = (node[p] = next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (last !== '__proto__' && last !== 'constructor' && last !== 'prototype') node[last] = value;
  }
  return out;
}

export async function* readRows(file: string): AsyncGenerator<InputRow> {
  if (/\.(jsonl|ndjson)$/i.test(file)) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let row = 0;
    for await (const line of lines) {
      if (line.trim() === '') continue;
      row++;
      try {
        const v: unknown = JSON.parse(line);
        if (!v || typeof v !== 'object' || Array.isArray(v)) yield { row, error: 'is not a JSON object' };
        else yield { row, value: v as Record<string, unknown> };
      } catch {
        yield { row, error: 'is not valid JSON' };
      }
    }
    return;
  }
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 64 * 1024 }),
  );
  let row = 0;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    row++;
    yield { row, value: nest(record) };
  }
}
