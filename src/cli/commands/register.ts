/** `suket register ...`: the office's record of every number, to search, void, replace, reprint, export and back up. */
import { createWriteStream, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { CommanderError, Option, type Command } from 'commander';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Register } from '../../register/register.js';
import type { ExportFormat } from '../../register/transfer.js';
import { isPostgresUrl, shownLocation } from '../../register/location.js';
import { RECORD_STATUSES, type CertificateRecord, type RecordQuery, type RecordStatus } from '../../register/types.js';
import {
  err,
  example,
  generateFlags,
  operatorName,
  out,
  positiveInt,
  registerFlag,
  registerFrom,
  residentFrom,
  settingsFrom,
  withPhotoSource,
  type GenerateFlags,
  type RegisterFlags,
} from '../common.js';

type Flags = RegisterFlags & { json?: boolean };

const date = (name: string) => (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new CommanderError(2, 'suket.usage', `error: ${name} must be a date written YYYY-MM-DD`);
  return v;
};

/** The flags that narrow a search or an export. */
const queryFlags = (cmd: Command): Command =>
  cmd
    .option('--number <text>', 'exactly this certificate number')
    .option('--nik <nik>', 'exactly this NIK')
    .option('--name <text>', 'part of the name, in any case, with or without accents')
    .option('--from <date>', 'issued on or after, YYYY-MM-DD', date('--from'))
    .option('--to <date>', 'issued on or before, YYYY-MM-DD', date('--to'))
    .addOption(new Option('--status <status>', 'only this status').choices([...RECORD_STATUSES]));

type QueryFlags = Flags & { number?: string; nik?: string; name?: string; from?: string; to?: string; status?: RecordStatus; limit?: number };

const queryOf = (f: QueryFlags): RecordQuery => {
  const q: RecordQuery = {};
  for (const k of ['number', 'nik', 'name', 'from', 'to', 'status'] as const) if (f[k] !== undefined) (q as Record<string, unknown>)[k] = f[k];
  return q;
};

/** Opens the register (never creating one), runs the work, closes it. */
async function withRegister<T>(f: Flags, work: (r: Register) => Promise<T>, create = false): Promise<T> {
  const { register } = await registerFrom(f, create);
  try {
    return await work(register);
  } finally {
    await register.close();
  }
}

/** The listing's columns: enough to tell two residents of one name apart (NIK, birth date) at the clerk's own terminal. */
const TABLE_HEAD = ['NUMBER', 'STATUS', 'ISSUED', 'NIK', 'BORN', 'OPERATOR', 'NAME'];

function printTable(records: readonly CertificateRecord[]): void {
  if (!records.length) {
    err('no records');
    return;
  }
  const rows = records.map((r) => [
    r.number,
    r.status,
    r.issuedAt ?? '-',
    r.resident?.nik ?? '-',
    r.resident?.birthDate ?? '-',
    r.operator ?? '-',
    r.resident?.name ?? '-',
  ]);
  const last = TABLE_HEAD.length - 1;
  const widths = TABLE_HEAD.map((head, i) => Math.max(...rows.map((row) => row[i]!.length), head.length));
  const line = (cells: string[]) => cells.map((c, i) => (i < last ? c.padEnd(widths[i]!) : c)).join('  ');
  out(line(TABLE_HEAD));
  for (const row of rows) out(line(row));
}

function printRecord(r: CertificateRecord): void {
  const p = r.resident;
  const lines: Array<[string, string | number | null | undefined]> = [
    ['number', r.number],
    ['status', r.status],
    ['reason', r.reason],
    ['replaced by', r.replacedBy],
    ['replaces', r.replaces],
    ['issued', r.issuedAt],
    ['valid until', r.validUntil],
    ['voided at', r.voidedAt],
    ['voided by', r.voidedBy],
    ['operator', r.operator],
    ['template', r.template && `${r.template} (${r.paper})`],
    ['sha-256', r.sha256],
    ['nik', p?.nik],
    ['name', p?.name],
    ['born', p && `${p.birthPlace}, ${p.birthDate}`],
    ['sealed', r.barcodeText ? (r.barcodeText.includes('SK1:') ? 'yes' : 'no') : null],
  ];
  for (const [k, v] of lines) if (v !== null && v !== undefined) out(`${k.padEnd(12)} ${v}`);
}

async function mustGet(register: Register, number: string): Promise<CertificateRecord> {
  const r = await register.get(number);
  if (!r) throw new SuketError('INVALID_INPUT', [{ path: 'number', code: 'not_allowed', message: `${number} is not in the register` }]);
  return r;
}

function noOverwrite(file: string, force: boolean | undefined): void {
  if (file !== '-' && !force && existsSync(resolve(file)))
    throw new SuketError('IO_FAILED', [{ path: 'output', code: 'io', message: 'exists already (use --force to replace it)' }]);
}

/** Makes a subcommand of `suket register` (`bare`), or one that also takes the office's settings and register (`sub`). */
type Sub = (name: string, description: string) => Command;

export function addTo(program: Command): void {
  const cmd = program.command('register').description('the register: every number issued once, every certificate on record');
  const bare: Sub = (name, description) => cmd.command(name).description(description);
  const sub: Sub = (name, description) => registerFlag(bare(name, description).option('--office <file>', 'office settings (JSON), which name the register'));
  searchCommands(sub);
  changeCommands(sub, bare);
  copyCommands(sub);
  transferCommands(sub);
  identityCommands(sub);

  sub('where', 'which register the settings name').action(async (f: Flags) => {
    const { loadRegisterSettings } = await import('../settings.js');
    out(shownLocation((await loadRegisterSettings(f.office, typeof f.register === 'string' ? f.register : undefined)).location));
  });
}

/** `find`, `list`, `show`: reading the records. */
function searchCommands(sub: Sub): void {
  example(
    queryFlags(sub('find', 'search the records (number, NIK, name, dates, status)'))
      .option('--limit <n>', 'at most this many (default 100)', (v) => positiveInt(v, '--limit'), 100)
      .option('--json', 'print the records as JSON'),
    'suket register find --name "sekar ayu" --from 2026-11-01 --office kantor.json',
  ).action((f: QueryFlags) =>
    withRegister(f, async (r) => {
      const found = await r.find({ ...queryOf(f), limit: f.limit ?? 100 });
      if (f.json) out(JSON.stringify(found, null, 2));
      else printTable(found);
    }),
  );

  sub('list', 'every record, oldest first')
    .addOption(new Option('--status <status>', 'only this status').choices([...RECORD_STATUSES]))
    .option('--json', 'print the records as JSON')
    .action((f: QueryFlags) =>
      withRegister(f, async (r) => {
        const all = await r.list(f.status ? { status: f.status } : {});
        if (f.json) out(JSON.stringify(all, null, 2));
        else printTable(all);
      }),
    );

  sub('show', 'one record in full')
    .argument('<number>')
    .option('--json', 'print the record as JSON')
    .action((number: string, f: Flags) =>
      withRegister(f, async (r) => {
        const record = await mustGet(r, number);
        if (f.json) out(JSON.stringify(record, null, 2));
        else printRecord(record);
      }),
    );
}

/** `void` and `replace`: withdrawing a certificate, alone or for a corrected one. */
function changeCommands(sub: Sub, bare: Sub): void {
  example(
    sub('void', 'withdraw an issued certificate; it then feeds the revocation list')
      .argument('<number>')
      .requiredOption('--reason <text>', 'why (kept in the register, never published)')
      .option('--operator <name>', 'who voids it (default: your login name)')
      .option('--json', 'print the record as JSON'),
    'suket register void 471.13/0007/Disdukcapil/XI/2026 --reason "salah ketik nama" --office kantor.json',
  ).action((number: string, f: Flags & { reason: string; operator?: string }) =>
    withRegister(f, async (r) => {
      const record = await r.void(number, f.reason, { operator: operatorName(f.operator) });
      if (f.json) out(JSON.stringify(record, null, 2));
      else err(`voided ${record.number}`);
    }),
  );

  example(
    registerFlag(
      generateFlags(
        bare('replace', 'issue a corrected certificate in place of an issued one, and void the old one')
          .argument('<number>', 'the certificate it replaces')
          .argument('<resident.json>', 'the corrected resident')
          .option('--photo <file>', 'the photo (else the path in the resident file)')
          .requiredOption('--reason <text>', 'why the old one is withdrawn')
          .option('-o, --output <file>', 'PDF file of the new certificate', 'suket.pdf')
          .option('--force', 'replace an existing output file')
          .option('--operator <name>', 'who issues it (default: your login name)'),
      ),
    ),
    'suket register replace 471.13/0007/Disdukcapil/XI/2026 warga-benar.json --reason "salah ketik tanggal lahir" --office kantor.json -o baru.pdf',
  ).action(
    (number: string, file: string, f: Flags & GenerateFlags & { photo?: string; reason: string; output: string; force?: boolean; operator?: string }) => {
      noOverwrite(f.output, f.force);
      return withRegister(f, async (r) => {
        const options = await settingsFrom(f);
        const resident = await residentFrom(file, f.photo);
        const operator = operatorName(f.operator);
        const fresh = await withPhotoSource(Boolean(f.photo), () =>
          r.replace(number, resident, { ...options, reason: f.reason, ...(operator ? { operator } : {}) }),
        );
        await writeFileAtomic(resolve(f.output), fresh.pdf);
        err(`wrote ${resolve(f.output)} (${fresh.number}, replacing ${number}, which is voided)`);
      });
    },
  );
}

/** `reprint` and `export`: the stored PDF, the records for Excel or another register. */
function copyCommands(sub: Sub): void {
  sub('reprint', 'the stored PDF of a certificate, byte for byte')
    .argument('<number>')
    .option('-o, --output <file>', 'PDF file, or - for standard output', 'suket.pdf')
    .option('--force', 'replace an existing output file')
    .action((number: string, f: Flags & { output: string; force?: boolean }) => {
      noOverwrite(f.output, f.force);
      return withRegister(f, async (r) => {
        const pdf = await r.reprint(number);
        if (f.output === '-') process.stdout.write(pdf);
        else {
          await writeFileAtomic(resolve(f.output), pdf);
          err(`wrote ${resolve(f.output)} (${number})`);
        }
      });
    });

  example(
    queryFlags(sub('export', 'the records as an Excel workbook, CSV or JSON Lines, from one consistent snapshot'))
      .addOption(new Option('--format <format>', 'xlsx, csv or jsonl (default: by the file name, else csv)').choices(['xlsx', 'csv', 'jsonl']))
      .addOption(new Option('--delimiter <char>', 'CSV delimiter (Indonesian Excel reads ;)').choices([';', ',']).default(';'))
      .option('--with-pdf', 'JSON Lines only: each PDF too, so an import can reprint')
      .option('-o, --output <file>', 'file, or - for standard output', '-')
      .option('--force', 'replace an existing output file'),
    'suket register export --from 2026-11-01 --to 2026-11-30 -o november.csv --office kantor.json',
  ).action((f: QueryFlags & { format?: ExportFormat; delimiter: string; withPdf?: boolean; output: string; force?: boolean }) => {
    noOverwrite(f.output, f.force);
    const format = f.format ?? (/\.jsonl$/i.test(f.output) ? 'jsonl' : /\.xlsx$/i.test(f.output) ? 'xlsx' : 'csv');
    if (f.withPdf && format !== 'jsonl') throw new CommanderError(2, 'suket.usage', 'error: --with-pdf needs --format jsonl');
    return withRegister(f, (r) => exportTo(r, queryOf(f), format, f));
  });
}

/** `import`, `backup`, `stats`: a register filled from an export, copied, counted. */
function transferCommands(sub: Sub): void {
  sub('import', 'load an export into an empty register')
    .argument('<file>', 'a .csv or .jsonl export')
    .action(async (file: string, f: Flags) => {
      const { readExport } = await import('../../register/transfer.js');
      const records = await readExport(resolve(file));
      const n = await withRegister(
        f,
        (r) =>
          r.load(
            (async function* () {
              yield* records;
            })(),
          ),
        true,
      );
      err(`imported ${n} records${records.some((x) => x.status === 'issued' && !x.pdf) ? ' (without PDFs: reprint needs an export --with-pdf)' : ''}`);
    });

  example(
    sub('backup', 'a consistent copy of the register file, while issuing goes on').argument('<file>', 'the copy (owner-only)').option('--force'),
    'suket register backup /media/usb/suket-2026-12-01.db --office kantor.json',
  ).action((file: string, f: Flags & { force?: boolean }) => {
    noOverwrite(file, f.force);
    return withRegister(f, async (r) => {
      await r.backup(file);
      err(`wrote ${resolve(file)}`);
    });
  });

  sub('stats', 'how many numbers per month and status')
    .option('--json', 'print the counts as JSON')
    .action((f: Flags) =>
      withRegister(f, async (r) => {
        const counts = await r.stats();
        if (f.json) return out(JSON.stringify(counts, null, 2));
        const months = [...new Set(counts.map((c) => c.month))];
        out(['MONTH  ', ...RECORD_STATUSES.map((s) => s.toUpperCase().padStart(10))].join(' '));
        for (const m of months)
          out([m.padEnd(7), ...RECORD_STATUSES.map((s) => String(counts.find((c) => c.month === m && c.status === s)?.count ?? 0).padStart(10))].join(' '));
      }),
    );
}

async function exportTo(r: Register, query: RecordQuery, format: ExportFormat, f: { delimiter: string; withPdf?: boolean; output: string }): Promise<void> {
  const { csvHeader, csvLine, jsonLine, xlsxWorkbook } = await import('../../register/transfer.js');
  const target = f.output === '-' ? undefined : resolve(f.output);
  // A name of its own, created here ('wx': never a leftover or planted file, nor a link to elsewhere), owner-only: an export
  // holds personal data. Written beside, then renamed, so a failed export leaves nothing half-written.
  const partial = target && `${target}.${randomBytes(6).toString('hex')}.partial`;
  const stream = partial ? createWriteStream(partial, { mode: 0o600, flags: 'wx' }) : process.stdout;
  const write = async (s: string | Buffer) => {
    if (!stream.write(s)) await once(stream, 'drain');
  };
  try {
    let n: number;
    if (format === 'xlsx') {
      // A workbook is one zip written at the end: its records are gathered first (a CSV or JSON Lines export streams).
      const all: CertificateRecord[] = [];
      n = await r.each(query, false, (rec) => void all.push(rec));
      await write(await xlsxWorkbook(all));
    } else {
      if (format === 'csv') await write(csvHeader(f.delimiter));
      n = await r.each(query, Boolean(f.withPdf), (rec) => write(format === 'csv' ? csvLine(rec, f.delimiter) : jsonLine(rec)));
    }
    if (partial) {
      await new Promise<void>((ok, fail) => (stream as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? fail(e) : ok())));
      const { rename } = await import('node:fs/promises');
      await rename(partial, target);
      err(`wrote ${n} records to ${target}`);
    }
  } catch (e) {
    if (partial) {
      (stream as ReturnType<typeof createWriteStream>).destroy();
      const { rm } = await import('node:fs/promises');
      await rm(partial, { force: true });
    }
    throw e;
  }
}

/** `register init` (the one command that makes a register) and `register status` (which register this is). */
function identityCommands(sub: Sub): void {
  example(
    sub('init', 'create the register, once, on the machine (or PostgreSQL database) that keeps it').option('--json', 'print its identity as JSON'),
    'suket register init --office kantor.json',
  ).action(async (f: Flags & { json?: boolean }) => {
    const { loadRegisterSettings } = await import('../settings.js');
    const settings = await loadRegisterSettings(f.office, typeof f.register === 'string' ? f.register : undefined);
    const fresh = !isPostgresUrl(settings.location) && !existsSync(settings.location);
    const identity = await withRegister(f, (r) => r.identity(), true);
    if (f.json) return out(JSON.stringify(identity, null, 2));
    const said = fresh ? 'created' : 'is there already, unchanged:';
    err(
      `register ${identity.id} ${said} ${identity.kind} ${identity.location}${fresh ? ' (owner-only: it holds personal data; copy it with suket register backup)' : ''}`,
    );
  });

  sub('status', 'which register this is (its id, kind, location) and how many numbers reached each status')
    .option('--json', 'print it as JSON')
    .action((f: Flags & { json?: boolean }) =>
      withRegister(f, async (r) => {
        const [identity, counts] = await Promise.all([r.identity(), r.stats()]);
        const totals = Object.fromEntries(RECORD_STATUSES.map((s) => [s, counts.filter((c) => c.status === s).reduce((n, c) => n + c.count, 0)]));
        if (f.json) return out(JSON.stringify({ ...identity, counts: totals }, null, 2));
        out(
          `register  ${identity.id}\nkind      ${identity.kind}\nlocation  ${identity.location}\ncreated   ${identity.createdAt}\nschema    ${identity.schemaVersion}`,
        );
        out(`numbers   ${RECORD_STATUSES.map((s) => `${totals[s]} ${s}`).join(', ')}`);
      }),
    );
}
