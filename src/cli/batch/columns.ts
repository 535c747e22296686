/**
 * The columns of an office's resident sheet: headed in Indonesian as SIAK
 * and OpenSID exports and clerks write them (`NIK`, `NAMA LENGKAP`,
 * `TGL. LAHIR`, `JK`, `KEL/DESA` ...) or as suket's own field names
 * (`name`, `address.rt`), matched without regard to case, spaces, dots,
 * slashes, dashes or underscores.
 */
import { SuketError, type Issue } from '../../errors.js';
import { issueOf } from '../../language/catalogue.js';
import { RESIDENT_COLUMNS } from '../../validate/resident.js';

/** Each field's names besides its own (and, for the address, its last part), as offices head them. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  nik: ['NO NIK', 'NOMOR NIK', 'NIK KTP'],
  kk: ['NO KK', 'NOMOR KK', 'NKK'],
  name: ['NAMA', 'NAMA LENGKAP', 'NAMA PENDUDUK'],
  birthPlace: ['TEMPAT LAHIR', 'TMPT LAHIR', 'TEMPAT LHR'],
  birthDate: ['TANGGAL LAHIR', 'TGL LAHIR', 'TGL. LAHIR', 'TANGGAL LHR', 'TGL LHR'],
  sex: ['JENIS KELAMIN', 'JK', 'L/P', 'KELAMIN'],
  bloodType: ['GOL. DARAH', 'GOL DARAH', 'GOLONGAN DARAH', 'GOLDAR'],
  'address.street': ['ALAMAT', 'ALAMAT LENGKAP', 'JALAN'],
  'address.rt': ['RT'],
  'address.rw': ['RW'],
  'address.village': ['KEL/DESA', 'KELURAHAN', 'DESA', 'KELURAHAN/DESA', 'DESA/KELURAHAN', 'KEL'],
  'address.district': ['KECAMATAN', 'KEC'],
  'address.regency': ['KAB/KOTA', 'KABUPATEN', 'KOTA', 'KABUPATEN/KOTA', 'KAB'],
  'address.province': ['PROVINSI', 'PROV', 'PROPINSI'],
  'address.postalCode': ['KODE POS', 'KODEPOS'],
  religion: ['AGAMA'],
  maritalStatus: ['STATUS PERKAWINAN', 'STATUS KAWIN', 'PERKAWINAN'],
  occupation: ['PEKERJAAN', 'PEKERJAAN UTAMA'],
  citizenship: ['KEWARGANEGARAAN', 'WNI/WNA'],
  nationality: ['KEBANGSAAN', 'NEGARA', 'NEGARA ASAL'],
  photo: ['FOTO', 'FILE FOTO', 'NAMA FOTO', 'PAS FOTO'],
};

/** The headers of a new resident sheet (`suket init` writes them), as an Indonesian office heads its columns. */
export const SHEET_HEADERS: readonly string[] = Object.freeze([
  'NIK',
  'NAMA LENGKAP',
  'TEMPAT LAHIR',
  'TANGGAL LAHIR',
  'JENIS KELAMIN',
  'ALAMAT',
  'RT',
  'RW',
  'KEL/DESA',
  'KECAMATAN',
  'KAB/KOTA',
  'PROVINSI',
  'AGAMA',
  'STATUS PERKAWINAN',
  'PEKERJAAN',
  'KEWARGANEGARAAN',
  'FOTO',
]);

/** A field as a message names it: the header a new sheet gives it, and its own name (`TEMPAT LAHIR (birthPlace)`). */
const fieldHeader = (field: string): string => {
  const header = [...(ALIASES[field] ?? []), field.toUpperCase()].find((h) => SHEET_HEADERS.includes(h));
  return header ? `${header} (${field})` : field;
};

/** Columns a sheet may have that are not a resident's: a row's number (NO, NO., NOMOR URUT), left out. */
const IGNORED = new Set(['NO', 'NOURUT', 'NOMORURUT']);

/** A header as compared: upper case, letters and digits only (`Tgl. Lahir` and `TGL LAHIR` are one). */
export const headerKey = (header: string): string =>
  header
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/** Every accepted header, by its key, to the field it names. */
const BY_KEY: ReadonlyMap<string, string> = new Map(
  RESIDENT_COLUMNS.flatMap(({ name }) => {
    const last = name.split('.').at(-1)!;
    return [name, last, ...(ALIASES[name] ?? [])].map((h) => [headerKey(h), name] as const);
  }),
);

/** Edit distance, to suggest the header a cell was meant to be. */
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

/** The accepted header closest to one that is not, as a clerk would write it, if any is close. */
function closest(key: string): string | undefined {
  let best: { header: string; d: number } | undefined;
  for (const { name } of RESIDENT_COLUMNS)
    for (const h of [...(ALIASES[name] ?? []), name]) {
      const d = distance(headerKey(h), key);
      if (d <= Math.max(2, Math.floor(key.length / 4)) && (!best || d < best.d)) best = { header: h, d };
    }
  return best?.header;
}

/** The fields a sheet's columns hold, in order ('' for a column left out), and each field's header as the sheet writes it. */
export interface SheetColumns {
  fields: string[];
  headers: Readonly<Record<string, string>>;
}

/**
 * Reads a sheet's header row. An unknown column is named by its position,
 * and by its text only when the row is a header (most of its cells are
 * known): a file without a header has a resident in its first row, and
 * that is never repeated.
 * @throws SuketError INVALID_INPUT listing every problem of the header at once.
 * @example readHeader(['NIK', 'NAMA LENGKAP', 'TGL. LAHIR', ...]).fields // ['nik', 'name', 'birthDate', ...]
 */
export function readHeader(cells: readonly string[]): SheetColumns {
  const fields = cells.map((c) => BY_KEY.get(headerKey(c)) ?? '');
  const unknown = cells.flatMap((c, i) => (fields[i] || !c.trim() || IGNORED.has(headerKey(c)) ? [] : [i]));
  const isHeader = unknown.length * 2 < cells.filter((c) => c.trim()).length;
  const issues: Issue[] = unknown.map((i) => {
    const near = isHeader ? closest(headerKey(cells[i]!)) : undefined;
    const params = { column: i + 1, header: cells[i]!.trim(), ...(near ? { near } : {}) };
    const key = isHeader ? (near ? 'sheet.unknown_column_named_near' : 'sheet.unknown_column_named') : 'sheet.unknown_column';
    return issueOf(`input.header[${i + 1}]`, 'unknown_field', key, isHeader ? params : { column: i + 1 });
  });
  if (!isHeader) issues.unshift(issueOf('input.header', 'format', 'sheet.no_header'));
  for (const c of RESIDENT_COLUMNS)
    if (c.required && !fields.includes(c.name)) issues.push(issueOf('input.header', 'required', 'sheet.no_column_for', { field: fieldHeader(c.name) }));
  const twice = fields.find((f, i) => f && fields.indexOf(f) !== i);
  if (twice) issues.push(issueOf('input.header', 'conflict', 'sheet.two_columns', { field: fieldHeader(twice) }));
  if (issues.length) throw new SuketError('INVALID_INPUT', issues);
  const headers = Object.fromEntries(fields.flatMap((f, i) => (f ? [[f, cells[i]!.trim()]] : [])));
  return { fields, headers };
}
