/**
 * Batch input from an Excel workbook (.xlsx), as offices keep their
 * residents: the first sheet or a named one, each cell read by its type
 * (text, number, date). The archive is measured before any XML is read: a
 * workbook that would unpack to more than the bounds here is refused, so a
 * small hostile file cannot make the batch spend gigabytes.
 */
import { readFile, stat } from 'node:fs/promises';
import { SuketError, type Issue } from '../../errors.js';
import { issueOf, type MessageKey, type MessageParams } from '../../language/catalogue.js';

/** A workbook of 100,000 residents is about 10 MB; more than this is not a resident list. */
const MAX_WORKBOOK_BYTES = 32 * 1024 * 1024;
/** What its parts may unpack to, together, and how many there may be. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 2000;

/** One sheet row as read: its number in the sheet (1-based) and its cells by type. */
export interface SheetRow {
  sheetRow: number;
  cells: readonly (string | number | boolean | Date | null)[];
}

const refused = (key: MessageKey, params?: MessageParams, cause?: unknown) =>
  new SuketError('INVALID_INPUT', [issueOf('input', 'format', key, params)], cause === undefined ? undefined : { cause });

/**
 * The rows of one sheet of a workbook, blank ones included (the caller skips them, counting them as the sheet does).
 * @param sheet a sheet's name or its 1-based position; the first sheet when absent.
 * @throws SuketError INVALID_INPUT (`input`) for a file that is not an .xlsx workbook, too large, unpacking beyond the bounds, or without the sheet.
 */
export async function readSheetRows(file: string, sheet?: string): Promise<SheetRow[]> {
  if (/\.xls$/i.test(file)) throw refused('sheet.xls');
  if ((await stat(file)).size > MAX_WORKBOOK_BYTES) throw refused('sheet.workbook_too_large', { mb: MAX_WORKBOOK_BYTES / 1024 / 1024 });
  const bytes = await readFile(file);
  await checkArchive(bytes);
  const { readSheet, SheetNotFoundError } = await import('read-excel-file/node');
  let data: import('read-excel-file/node').SheetData;
  try {
    data = await readSheet(bytes, sheetArgument(sheet), { trim: true });
  } catch (e) {
    if (e instanceof SheetNotFoundError) throw refused('sheet.no_sheet', { sheet: String(sheet) });
    throw refused('sheet.not_workbook', undefined, e);
  }
  return data.map((cells, i) => ({ sheetRow: i + 1, cells: cells as SheetRow['cells'] }));
}

/** A sheet named by digits only is taken as its position: Excel names new sheets "Sheet1", never "1". */
const sheetArgument = (sheet: string | undefined): string | number => (sheet === undefined ? 1 : /^\d+$/.test(sheet) ? Number(sheet) : sheet);

/**
 * Measures the archive with yauzl, which checks each part's unpacked size
 * against its header while unpacking, so the sizes summed here are the
 * true ones: a part that claims little and unpacks to much is an error.
 */
async function checkArchive(bytes: Buffer): Promise<void> {
  const yauzl = (await import('yauzl')).default;
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (e, z) => (e || !z ? reject(e) : resolve(z))),
  ).catch((e: unknown) => {
    throw refused('sheet.not_zip', undefined, e);
  });
  try {
    await unpackCounting(zip);
  } finally {
    zip.close();
  }
}

function unpackCounting(zip: import('yauzl').ZipFile): Promise<void> {
  return new Promise((resolve, reject) => {
    let entries = 0;
    let unpacked = 0;
    const tooBig = () => refused('sheet.unpacks_too_much', { mb: MAX_UNPACKED_BYTES / 1024 / 1024, parts: MAX_ENTRIES });
    zip.on('error', (e: unknown) => reject(refused('sheet.damaged', undefined, e)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: import('yauzl').Entry) => {
      entries++;
      unpacked += entry.uncompressedSize;
      if (entries > MAX_ENTRIES || unpacked > MAX_UNPACKED_BYTES) return reject(tooBig());
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (e, stream) => {
        if (e || !stream) return reject(refused('sheet.damaged', undefined, e));
        stream.on('error', (err) => reject(refused('sheet.part_size', undefined, err)));
        stream.on('end', () => zip.readEntry());
        stream.resume();
      });
    });
    zip.readEntry();
  });
}

/** Whether a file is read as a workbook (by its name, as Excel names them). */
export const isWorkbook = (file: string): boolean => /\.xlsx?$/i.test(file);

/** A workbook cell as the text a CSV cell would hold; a number or date where text belongs is a problem of its own. */
export function cellText(value: SheetRow['cells'][number], field: string | undefined): { text: string; issue?: Issue } {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10) };
  if (typeof value === 'number') {
    if (field === 'nik') return { text: '', issue: numberNik };
    return { text: String(value) };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  return { text: value };
}

const numberNik: Issue = issueOf('nik', 'nik_format', 'sheet.nik_workbook_number');
