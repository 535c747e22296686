/**
 * `suket init`: a ready office folder in one step: the settings with the
 * office's own details, its register, a seal key with its window, a
 * resident sheet with Indonesian headers and one invented example, a photo
 * folder, and a BACA-SAYA.md with the next steps. Everything is checked
 * before anything is written, and a folder that holds settings already is
 * left alone.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { zoneOfRegion } from '../../time-zones.js';
import { SuketError } from '../../errors.js';
import { cliLanguage, err, example, lib, registerFrom, sample } from '../common.js';
import { issueOf, say } from '../../language/catalogue.js';

interface InitFlags {
  government?: string;
  office?: string;
  region?: string;
  place?: string;
  address?: string;
  contact?: string;
  signatory?: string;
  nip?: string;
  title?: string;
  onBehalf?: string;
  numbering: string;
}

/** The flags an office must give: what its papers print. */
const REQUIRED = ['government', 'office', 'address', 'region', 'place', 'signatory', 'nip', 'title'] as const;

/** An issuance path to the flag that gives it, so a problem names the flag the clerk typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  'office.government': '--government',
  'office.name': '--office',
  'office.regionCode': '--region',
  'office.address': '--address',
  'office.contact': '--contact',
  place: '--place',
  'signatory.name': '--signatory',
  'signatory.nip': '--nip',
  'signatory.title': '--title',
  'signatory.onBehalf': '--on-behalf',
  numbering: '--numbering',
};

/** Asks for each required detail the flags left out, in the reader's language, with its flag's help as the question. */
async function askMissing(command: Command, f: InitFlags): Promise<void> {
  const missing = REQUIRED.filter((k) => !f[k]?.trim());
  if (!missing.length) return;
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // Lines read as an iterator are kept until asked for: answers typed (or pasted) ahead are not lost.
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const k of missing) {
      rl.setPrompt(`${command.options.find((o) => o.long === `--${k}`)?.description ?? k}: `);
      rl.prompt();
      const line = await lines.next();
      if (line.done) break;
      f[k] = String(line.value).trim();
    }
  } finally {
    rl.close();
  }
}

/** The office's issuance from the flags, checked as every certificate will be. */
async function issuanceFrom(f: InitFlags): Promise<Record<string, unknown>> {
  const missing = REQUIRED.filter((k) => !f[k]?.trim());
  if (missing.length) throw new CommanderError(2, 'suket.usage', say(cliLanguage(), 'init.needs', { flags: missing.map((k) => `--${k}`).join(', ') }));
  const timeZone = zoneOfRegion(f.region!.trim());
  const issuance = {
    numbering: f.numbering,
    place: f.place,
    timeZone,
    office: {
      government: f.government,
      name: f.office,
      regionCode: f.region,
      ...(f.address ? { address: f.address } : {}),
      ...(f.contact ? { contact: f.contact } : {}),
    },
    signatory: { title: f.title, name: f.signatory, nip: f.nip, ...(f.onBehalf ? { onBehalf: f.onBehalf } : {}) },
  };
  const [{ validateIssuance }, { todayIn }] = await Promise.all([lib(), import('../../dates.js')]);
  try {
    validateIssuance({ ...issuance, sequence: 1, issuedAt: todayIn(timeZone) });
  } catch (e) {
    if (!(e instanceof SuketError)) throw e;
    throw new SuketError(
      e.code,
      e.issues.map((i) => ({ ...i, path: FLAG_OF[i.path] ?? i.path })),
    );
  }
  return issuance;
}

/** One invented resident as the example row's cells (sample.ts's, written as a clerk would). */
async function exampleCells(): Promise<string[]> {
  const { sampleResident } = await sample();
  const r = sampleResident() as unknown as Record<string, string> & { address: Record<string, string>; birthDate: string };
  const [y, m, d] = r.birthDate.split('-');
  const a = r.address;
  const cells = [r.nik, r.name, r.birthPlace, `${d}/${m}/${y}`, r.sex, a.street, a.rt, a.rw, a.village, a.district, a.regency, a.province];
  return [...cells, r.religion, r.maritalStatus, String(r.occupation), r.citizenship, 'contoh.jpg'].map(String);
}

const csvLineOf = (cells: readonly string[]) => cells.map((c) => (/[;"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';');

/** Rows a new workbook has ready for typing into, each cell formatted as Text (a NIK typed there keeps its 16 digits). */
const BLANK_ROWS = 1000;

/** The resident sheet as a workbook: the headers, the example, and empty rows formatted as Text. */
async function residentWorkbook(headers: readonly string[], example: readonly string[]): Promise<Buffer> {
  const { default: writeXlsx } = await import('write-excel-file/node');
  const text = (value: string) => ({ value, type: String, format: '@' });
  const rows = [
    headers.map((value) => ({ ...text(value), fontWeight: 'bold' as const })),
    example.map(text),
    ...Array.from({ length: BLANK_ROWS }, () => headers.map(() => text(''))),
  ];
  return writeXlsx(rows, { sheet: 'Warga', stickyRowsCount: 1, columns: headers.map((h) => ({ width: Math.max(10, h.length + 4) })) }).toBuffer();
}

const NEXT_STEPS = (office: string) => `# ${office}: folder suket

Isi folder ini:

- \`kantor.json\`: pengaturan kantor (kop, penanda tangan, pola nomor surat). Periksa dan ubah bila perlu.
- \`suket.db\`: register, buku nomor surat. Berisi data pribadi: hanya pemilik yang dapat membacanya. Salin dengan \`npx suket register backup\`.
- \`kunci/segel.key.pem\`: kunci segel (rahasia, hanya pemilik). \`kunci/segel.jwk.json\`: kunci publiknya, untuk memeriksa segel.
- \`warga.xlsx\` dan \`warga.csv\`: daftar warga (pakai salah satu), satu baris satu warga, dengan satu contoh (warga rekaan). Kolom di \`warga.xlsx\` sudah berformat Teks, sehingga NIK tetap 16 digit.
- \`foto/\`: pas foto warga; nama berkas sesuai kolom FOTO, atau \`<NIK>.jpg\`.

Langkah berikutnya:

1. Cetak contoh: \`npx suket batch warga.xlsx --photos foto --office kantor.json --out hasil\` (atau \`warga.csv\`)
2. Periksa segelnya: \`npx suket verify hasil/<berkas>.pdf --trust kunci/segel.jwk.json\`
3. Hapus baris contoh, isi data warga, lalu ulangi langkah 1 dengan folder hasil yang baru.
4. Untuk menerbitkan daftar kunci yang ditandatangani dan daftar pencabutan: \`npx suket trust init\` (simpan kunci akarnya di luar komputer ini).
`;

/** The key's window: from today to the end of next year, as offices renew keys yearly. */
async function keyWindow(timeZone: string): Promise<{ notBefore: string; notAfter: string }> {
  const { todayIn } = await import('../../dates.js');
  const today = todayIn(timeZone as Parameters<typeof todayIn>[0]);
  return { notBefore: today, notAfter: `${Number(today.slice(0, 4)) + 1}-12-31` };
}

async function writeFolder(dir: string, issuance: Record<string, unknown>): Promise<void> {
  await mkdir(join(dir, 'kunci'), { recursive: true });
  await mkdir(join(dir, 'foto'), { recursive: true });
  const { generateSealKeys } = await lib();
  const pair = generateSealKeys(await keyWindow(String(issuance.timeZone)));
  await writeFile(join(dir, 'kunci', 'segel.key.pem'), pair.privateKeyPem, { mode: 0o600 });
  await chmod(join(dir, 'kunci', 'segel.key.pem'), 0o600);
  await writeFile(join(dir, 'kunci', 'segel.jwk.json'), `${JSON.stringify({ keys: [pair.publicJwk] }, null, 2)}\n`);
  const settings = { issuance, template: 'suket-ktp-el', paper: 'F4', key: 'kunci/segel.key.pem', register: { location: 'suket.db' } };
  await writeFile(join(dir, 'kantor.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // Loaded here, not with the CLI: the headers' module brings the resident schema.
  const { SHEET_HEADERS } = await import('../batch/columns.js');
  const example = await exampleCells();
  await writeFile(join(dir, 'warga.csv'), `\uFEFF${csvLineOf(SHEET_HEADERS)}\r\n${csvLineOf(example)}\r\n`, { mode: 0o600 });
  await writeFile(join(dir, 'warga.xlsx'), await residentWorkbook(SHEET_HEADERS, example), { mode: 0o600 });
  const { samplePortrait } = await sample();
  await writeFile(join(dir, 'foto', 'contoh.jpg'), await samplePortrait());
  await writeFile(join(dir, 'BACA-SAYA.md'), NEXT_STEPS(String((issuance.office as { name: string }).name)));
  const { register } = await registerFrom({ office: join(dir, 'kantor.json') }, true);
  await register.close();
}

/** The folder written whole, or, when writing fails (a full disk), what this run wrote taken away again. */
async function writeAll(dir: string, issuance: Record<string, unknown>): Promise<void> {
  const fresh = !existsSync(dir);
  const made = ['kantor.json', 'suket.db', 'warga.csv', 'warga.xlsx', 'BACA-SAYA.md', 'kunci', 'foto'].filter((f) => !existsSync(join(dir, f)));
  try {
    await writeFolder(dir, issuance);
  } catch (e) {
    if (fresh) await rm(dir, { recursive: true, force: true });
    else for (const f of made) await rm(join(dir, f), { recursive: true, force: true });
    if (e instanceof SuketError) throw e;
    const why = (e as NodeJS.ErrnoException)?.code ?? 'an error';
    throw new SuketError('IO_FAILED', [issueOf('folder', 'io', 'init.not_written', { why })], {
      cause: e,
    });
  }
}

export function addTo(program: Command): void {
  example(
    program
      .command('init')
      .argument('[folder]', 'the office folder to make (default: this folder)')
      .description('a ready office folder: settings, register, seal key, a resident sheet with Indonesian headers, next steps')
      .option('--government <text>', 'the government heading the letterhead, e.g. "PEMERINTAH KOTA CIREBON"')
      .option('--office <text>', 'the office\'s name, e.g. "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"')
      .option('--region <code>', "the office's region code (4 digits, as in the NIK): its time zone follows from it")
      .option('--place <text>', 'where papers are issued, e.g. Cirebon')
      .option('--address <text>', "the office's address, as the letterhead prints it")
      .option('--contact <text>', "the office's telephone or e-mail")
      .option('--signatory <name>', "the signatory's name, as printed")
      .option('--nip <nip>', "the signatory's NIP (18 digits)")
      .option('--title <text>', "the signatory's title, as printed")
      .option('--on-behalf <text>', 'a line above the title, e.g. "a.n. WALI KOTA CIREBON"')
      .option('--numbering <pattern>', 'the numbering pattern', '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}'),
    'suket init kantor-cirebon --government "PEMERINTAH KOTA CIREBON" --office "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" --address "Jl. Dr. Sudarsono No. 40, Kesambi, Cirebon 45134" --region 3274 --place Cirebon --signatory "Drs. H. Bagus Wiratmaja, M.Si." --nip 196805121990031005 --title "KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA CIREBON"',
  ).action(async function (this: Command, folder: string | undefined, f: InitFlags) {
    const dir = resolve(folder ?? '.');
    // At a terminal, what the flags left out is asked for; a script gets the one error naming every missing flag.
    if (process.stdin.isTTY && process.stderr.isTTY) await askMissing(this, f);
    const issuance = await issuanceFrom(f);
    if (existsSync(join(dir, 'kantor.json')) || existsSync(join(dir, 'suket.db'))) throw new SuketError('IO_FAILED', [issueOf('folder', 'io', 'init.exists')]);
    await writeAll(dir, issuance);
    err(say(cliLanguage(), 'init.ready', { dir, readme: join(dir, 'BACA-SAYA.md'), folder: folder ?? '.' }));
  });
}
