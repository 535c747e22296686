/**
 * The register, the same suite on a real SQLite file and on a real
 * PostgreSQL server: numbers, records, idempotency, failures that keep their
 * number, void and replace, search, a killed process, migrations, and four
 * processes at once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSealKeys, openRegister, verifySeal, type Register } from '../src/index.js';
import { sampleIssuance, sampleResident } from '../src/sample.js';
import { failure, resident } from './helpers.js';
import { LOAD } from './load.js';
import { dropPostgres, freshPostgres } from './postgres.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'suket-reg-'));
const keys = generateSealKeys();
const { numbering: _n, sequence: _s, issuedAt: _i, ...office } = sampleIssuance();
const issuance = { ...office, numbering: '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}', issuedAt: '2026-11-30' };
const seal = { privateKey: keys.privateKeyPem };
const dist = (file: string) => JSON.stringify(new URL(`../dist/${file}`, import.meta.url).pathname);

afterAll(dropPostgres);

/** Runs a Node script (ES module) in a child process; its exit code or signal. */
function child(script: string, args: string[]): Promise<number | string | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.once('exit', (code, signal) => resolve(signal ?? code));
  });
}

async function smallPhoto(dir: string): Promise<string> {
  const file = join(dir, 'p.jpg');
  writeFileSync(
    file,
    await sharp({ create: { width: 120, height: 160, channels: 3, background: '#1f4fa8' } })
      .jpeg()
      .toBuffer(),
  );
  return file;
}

const backends: Array<[string, () => Promise<string>]> = [
  ['SQLite', async () => join(tmp(), 'suket.db')],
  ['PostgreSQL', freshPostgres],
];

describe.each(backends)('register on %s', (backend, location) => {
  const open = async (o?: Parameters<typeof openRegister>[1]): Promise<[Register, string]> => {
    const where = await location();
    return [await openRegister(where, o), where];
  };

  it('numbers follow the counter; each record holds what was printed; reprint gives the same bytes', async () => {
    const [register, where] = await open();
    const a = await register.issue(await resident(), { issuance, seal, operator: 'loket-1' });
    const b = await register.issue(await resident({ nik: '3274045708900043' }), { issuance, seal });
    expect([a.number, b.number]).toEqual(['471.13/0001/Disdukcapil/XI/2026', '471.13/0002/Disdukcapil/XI/2026']);
    expect(a.record).toMatchObject({ status: 'issued', sequence: 1, operator: 'loket-1', issuedAt: '2026-11-30', sha256: a.sha256, template: 'suket-ktp-el' });
    expect(a.record.resident).toMatchObject({ name: 'SEKAR AYU LARASATI' });
    expect(a.record.resident).not.toHaveProperty('photo');
    expect(verifySeal(a.record.barcodeText, { trustList: { keys: [keys.publicJwk] }, today: '2026-12-01' }).valid).toBe(true);
    const again = await register.reprint(a.number);
    expect(createHash('sha256').update(again).digest('hex')).toBe(a.sha256);
    if (backend === 'SQLite') expect(statSync(where).mode & 0o777).toBe(0o600);
    await register.close();
  });

  it('the same idempotency key gives the same certificate, also twice at once; a key reused for another resident is refused', async () => {
    const [register] = await open();
    const r = await resident();
    const first = await register.issue(r, { issuance, seal, idempotencyKey: 'req-1' });
    const retry = await register.issue(r, { issuance, seal, idempotencyKey: 'req-1' });
    expect(retry).toMatchObject({ number: first.number, repeated: true, sha256: first.sha256 });
    const someoneElse = await resident({ nik: '3274045708900045' });
    const both = await Promise.all([0, 1].map(() => register.issue(someoneElse, { issuance, seal, idempotencyKey: 'req-2' })));
    expect(both[0]!.number).toBe(both[1]!.number);
    expect(both.map((c) => c.repeated).sort()).toEqual([false, true]);
    const other = await failure(register.issue(await resident({ nik: '3274045708900043' }), { issuance, seal, idempotencyKey: 'req-1' }));
    expect(other.issues[0]).toMatchObject({ path: 'idempotencyKey', code: 'conflict', message: `was used for another request (certificate ${first.number})` });
    expect(await register.list()).toHaveLength(2);
    await register.close();
  });

  it('a given number is recorded; the same number again is refused naming it', async () => {
    const [register] = await open();
    const given = { ...office, number: '471.13/0999/Disdukcapil/XI/2026', issuedAt: '2026-11-30' };
    const c = await register.issue(await resident(), { issuance: given });
    expect(c.record).toMatchObject({ number: given.number, sequence: null, counter: null, status: 'issued' });
    const e = await failure(register.issue(await resident({ nik: '3274045708900044' }), { issuance: given }));
    expect(e.issues[0]).toMatchObject({ path: 'issuance.number', code: 'conflict', message: `${given.number} is in the register already (issued)` });
    await register.close();
  });

  it('one valid certificate per resident: refused naming it, unless replaced or a reason is recorded; an expired one does not count', async () => {
    const [register] = await open();
    const r = await resident({ nik: '3274045708900051' });
    const first = await register.issue(r, { issuance, seal });
    const e = await failure(register.issue(r, { issuance, seal }));
    expect(e.issues).toEqual([
      {
        path: 'nik',
        code: 'already_issued',
        message: `holds certificate ${first.number}, valid until 2027-05-30: replace it (the old one is voided), or give a reason for a second one`,
      },
    ]);
    expect(e.message).not.toContain('3274045708900051');
    expect(await register.list()).toHaveLength(1);
    const second = await register.issue(r, { issuance, seal, secondReason: 'kartu hilang, laporan polisi' });
    expect(second.record.secondReason).toBe('kartu hilang, laporan polisi');
    expect((await failure(register.issue(r, { issuance, seal, secondReason: ' ' }))).issues[0]).toMatchObject({ path: 'secondReason', code: 'format' });
    await register.void(second.number, 'kartu lama ditemukan');
    // Replacing needs no reason: the old one is voided and linked.
    const fixed = await register.replace(first.number, r, { issuance, seal, reason: 'salah ketik' });
    expect((await register.get(first.number))!).toMatchObject({ status: 'voided', replacedBy: fixed.number });
    // Once every paper of theirs has expired, a new one needs no reason; nor does one for a day before theirs began.
    const later = await register.issue(r, { issuance: { ...issuance, issuedAt: '2027-07-01' }, seal: undefined });
    expect(later.record.secondReason).toBeNull();
    expect((await register.issue(r, { issuance: { ...issuance, issuedAt: '2026-01-05' }, seal: undefined })).record.secondReason).toBeNull();
    await register.close();
  });

  it('two processes issuing for one resident at the same instant: exactly one certificate', async () => {
    const where = await location();
    await (await openRegister(where)).close();
    const photo = await smallPhoto(tmp());
    const script = `
      import { readFileSync } from 'node:fs';
      import { openRegister } from ${dist('index.js')};
      import { sampleIssuance, sampleResident } from ${dist('sample.js')};
      const [where, photoFile] = process.argv.slice(1);
      const { sequence, issuedAt, ...office } = sampleIssuance();
      const register = await openRegister(where, { storePdf: false });
      const photo = new Uint8Array(readFileSync(photoFile));
      const outcome = await register.issue({ ...sampleResident(), nik: '3274045708900052', photo }, { issuance: { ...office, issuedAt: '2026-11-30' } }).then(() => 0, (e) => (e.issues?.[0]?.code === 'already_issued' ? 3 : 1));
      await register.close();
      process.exit(outcome);`;
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => child(script, [where, photo])));
    expect(outcomes.sort()).toEqual([0, 3, 3, 3]);
    const register = await openRegister(where);
    expect((await register.list()).map((x) => x.status)).toEqual(['issued']);
    await register.close();
  });

  it('the counter starts again at 1 in a new year, by the office clock', async () => {
    const [register] = await open();
    const r = await resident();
    // One resident printed again and again: recorded as a deliberate second paper each time.
    const onDay = (issuedAt: string | Date) => register.issue(r, { issuance: { ...issuance, issuedAt }, secondReason: 'uji penghitung' });
    expect((await onDay('2026-12-31')).number).toBe('471.13/0001/Disdukcapil/XII/2026');
    expect((await onDay('2026-12-31')).number).toBe('471.13/0002/Disdukcapil/XII/2026');
    // 17:30 UTC on 31 December is 00:30 WIB on 1 January.
    expect((await onDay(new Date('2026-12-31T17:30:00Z'))).number).toBe('471.13/0001/Disdukcapil/I/2027');
    expect((await onDay('2026-12-31')).number).toBe('471.13/0003/Disdukcapil/XII/2026');
    await register.close();
  });

  it('bad input or a bad photo takes no number; a failure after the number keeps it as not issued, and the same key finishes it', async () => {
    const [register] = await open();
    await failure(register.issue({ ...sampleResident(), nik: '12' }, { issuance, seal }));
    const broken = new Uint8Array((await resident()).photo as Uint8Array).subarray(0, 400);
    const e = await failure(register.issue({ ...sampleResident(), photo: broken }, { issuance, seal, idempotencyKey: 'row-7' }));
    expect(e.code).toBe('INVALID_PHOTO');
    expect(await register.list()).toEqual([]);
    // A street too long for an office's own narrow template fails only when the page is laid out, after the number.
    const r = await resident();
    const street = 'Jl. Raya Pangeran Diponegoro Gang Kenanga Blok C Nomor 12A Perumahan Griya Asri Sejahtera Tahap II Kavling 7';
    const tiny = {
      name: 'tiny',
      paper: ['A4'],
      fonts: { regular: 'builtin:Arimo-Regular' },
      elements: [{ type: 'text', x: 10, y: 10, w: 30, size: 12, minSize: 10, text: '{{resident.address.street}}' }],
    };
    const late = await failure(register.issue({ ...r, address: { ...r.address, street } }, { issuance, seal, template: tiny, idempotencyKey: 'row-7' }));
    expect(late.code).toBe('RENDER_FAILED');
    const [gap] = await register.list();
    expect(gap).toMatchObject({ number: '471.13/0001/Disdukcapil/XI/2026', status: 'not_issued', idempotencyKey: 'row-7' });
    expect(gap!.reason).toContain('RENDER_FAILED');
    const fixed = await register.issue(await resident(), { issuance, seal, idempotencyKey: 'row-7' });
    expect(fixed.number).toBe(gap!.number);
    expect((await register.get(gap!.number))!.status).toBe('issued');
    expect(await register.list()).toHaveLength(1);
    await register.close();
  });

  it('void records the reason and feeds revocations (no name, no NIK, no reason); unknown or voided numbers are refused', async () => {
    const [register] = await open();
    const c = await register.issue(await resident(), { issuance, seal });
    const voided = await register.void(c.number, 'salah ketik nama');
    expect(voided).toMatchObject({ status: 'voided', reason: 'salah ketik nama' });
    expect(voided.voidedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await register.revocations()).toEqual([{ number: c.number, office: office.office.regionCode, voidedAt: voided.voidedAt, replacedBy: null }]);
    expect((await failure(register.void(c.number, 'lagi'))).issues[0]!.code).toBe('conflict');
    expect((await failure(register.void('9/9/9', 'x'))).issues[0]!.code).toBe('not_allowed');
    expect((await failure(register.void(c.number, ''))).issues[0]).toMatchObject({ path: 'reason', code: 'format' });
    await register.close();
  });

  it('replace issues a new number linked to the old, voids the old, and a retry gives the same replacement', async () => {
    const [register] = await open();
    const old = await register.issue(await resident({ name: 'SEKAR AYU LARASATY' }), { issuance, seal });
    const corrected = await resident();
    const fresh = await register.replace(old.number, corrected, { issuance, seal, reason: 'salah ketik nama' });
    expect(fresh.number).toBe('471.13/0002/Disdukcapil/XI/2026');
    expect(fresh.record).toMatchObject({ status: 'issued', replaces: old.number });
    expect(await register.get(old.number)).toMatchObject({ status: 'voided', replacedBy: fresh.number, reason: 'salah ketik nama' });
    const retry = await register.replace(old.number, corrected, { issuance, seal, reason: 'salah ketik nama' });
    expect(retry).toMatchObject({ number: fresh.number, repeated: true });
    expect((await failure(register.replace('1/2/3', corrected, { issuance, reason: 'x' }))).issues[0]!.code).toBe('not_allowed');
    await register.close();
  });

  it('finds by number, NIK, name in any case and accents, issue dates and status; counts per month', async () => {
    const [register] = await open();
    const a = await register.issue(await resident(), { issuance: { ...issuance, issuedAt: '2026-10-15' } });
    const b = await register.issue(await resident({ nik: '3274045708900043', name: 'DEWI ANGGRAINI' }), { issuance });
    await register.void(a.number, 'salah cetak');
    const numbers = async (q: Parameters<Register['find']>[0]) => (await register.find(q)).map((r) => r.number);
    expect(await numbers({ number: b.number })).toEqual([b.number]);
    expect(await numbers({ nik: '3274045708900043' })).toEqual([b.number]);
    expect(await numbers({ name: 'sékar  ayu' })).toEqual([a.number]);
    expect(await numbers({ name: 'anggr' })).toEqual([b.number]);
    expect(await numbers({ name: '%' })).toEqual([]);
    expect(await numbers({ from: '2026-11-01', to: '2026-11-30' })).toEqual([b.number]);
    expect(await numbers({ status: 'voided' })).toEqual([a.number]);
    expect(await numbers({ limit: 1 })).toEqual([a.number]);
    expect(await register.stats()).toEqual([
      { month: '2026-10', status: 'voided', count: 1 },
      { month: '2026-11', status: 'issued', count: 1 },
    ]);
    await register.close();
  });

  it('a process killed holding a number: the next open sees it is gone and marks it not issued; its key resumes that number', async () => {
    const where = await location();
    await (await openRegister(where)).close();
    const dir = tmp();
    const photo = await smallPhoto(dir);
    const script = `
      import { readFileSync } from 'node:fs';
      import { openRegister } from ${dist('index.js')};
      import { sampleIssuance, sampleResident } from ${dist('sample.js')};
      const [where, photoFile] = process.argv.slice(1);
      const { sequence, issuedAt, ...office } = sampleIssuance();
      const register = await openRegister(where);
      await register.reserve({ ...sampleResident(), photo: new Uint8Array(readFileSync(photoFile)) }, { issuance: { ...office, issuedAt: '2026-11-30' }, idempotencyKey: 'killed' });
      process.kill(process.pid, 'SIGKILL');`;
    expect(await child(script, [where, photo])).toBe('SIGKILL');
    const reopened = await openRegister(where);
    const [gap] = await reopened.list();
    expect(gap).toMatchObject({ status: 'not_issued', sequence: 1, reason: expect.stringContaining('interrupted') });
    const { sequence: _x, issuedAt: _y, ...o } = sampleIssuance();
    const resumed = await reopened.issue(
      { ...sampleResident(), photo: readFileSync(photo) },
      { issuance: { ...o, issuedAt: '2026-11-30' }, idempotencyKey: 'killed' },
    );
    expect(resumed.number).toBe(gap!.number);
    expect(await reopened.list()).toHaveLength(1);
    await reopened.close();
  });

  it('a register of a newer schema is refused, clearly', async () => {
    const where = await location();
    const register = await openRegister(where);
    await (
      register as unknown as { store: { driver: { write(f: (q: { run(s: string): Promise<number> }) => Promise<number>): Promise<number> } } }
    ).store.driver.write((q) => q.run("UPDATE meta SET value = '99' WHERE key = 'schema_version'"));
    await register.close();
    const e = await failure(openRegister(where));
    expect(e).toMatchObject({ code: 'IO_FAILED', message: expect.stringContaining('schema version 99, newer than this suket knows') });
  });

  it('a register of the previous schema (version 1) is brought forward, and its records are found by name', async () => {
    const where = await location();
    const { SqliteDriver } = await import('../src/register/sqlite.js');
    const { PostgresDriver } = await import('../src/register/postgres.js');
    const { migrate } = await import('../src/register/schema.js');
    const driver = backend === 'SQLite' ? SqliteDriver.open(where) : PostgresDriver.open(where);
    await driver.write(async (q) => {
      await migrate(q, driver.dialect, 1);
      await q.run(
        "INSERT INTO certificates (number, status, sequence, counter, resident, issuance, issued_at, created_at, updated_at) VALUES ('471.13/0001/Disdukcapil/XI/2026', 'issued', 1, '3273|471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}|2026', ?, ?, '2026-11-30', '2026-11-30T01:00:00.000Z', '2026-11-30T01:00:00.000Z')",
        [JSON.stringify({ nik: '3273015708900041', name: 'SÉKAR AYU' }), JSON.stringify({ office: { regionCode: '3273' } })],
      );
      await q.run("INSERT INTO counters (counter, value) VALUES ('3273|471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}|2026', 1)");
    });
    await driver.close();
    const register = await openRegister(where);
    expect((await register.find({ name: 'sekar' })).map((r) => r.number)).toEqual(['471.13/0001/Disdukcapil/XI/2026']);
    expect(await register.find({ nik: '3273015708900041' })).toHaveLength(1);
    const next = await register.issue(await resident(), { issuance: { ...issuance, office: { ...issuance.office, regionCode: '3273' } } });
    expect(next.number).toBe('471.13/0002/Disdukcapil/XI/2026');
    await register.close();
  });

  const each = LOAD.perProcess;
  it(`four processes issuing ${each} each at once: ${4 * each} distinct numbers, 1 to ${4 * each}, no gap`, async () => {
    const where = await location();
    const photo = await smallPhoto(tmp());
    const script = `
      import { readFileSync } from 'node:fs';
      import { openRegister } from ${dist('index.js')};
      import { sampleIssuance, sampleResident } from ${dist('sample.js')};
      const [where, photoFile, who, each] = process.argv.slice(1);
      const { sequence, issuedAt, ...office } = sampleIssuance();
      const register = await openRegister(where, { storePdf: false });
      const photo = new Uint8Array(readFileSync(photoFile));
      // Each a resident of their own: serials 1001-1100, 2001-2100, ...
      for (let i = 0; i < Number(each); i++) await register.issue({ ...sampleResident(), nik: '327404570890' + String(Number(who.slice(5)) * 1000 + i + 1), photo }, { issuance: { ...office, issuedAt: '2026-11-30' }, operator: who });
      await register.close();`;
    await (await openRegister(where)).close(); // created once, so the four start on one schema
    expect(await Promise.all([1, 2, 3, 4].map((w) => child(script, [where, photo, `proc-${w}`, String(each)])))).toEqual([0, 0, 0, 0]);
    const register = await openRegister(where);
    const records = await register.list();
    await register.close();
    expect(records).toHaveLength(4 * each);
    expect(records.every((r) => r.status === 'issued')).toBe(true);
    expect(records.map((r) => r.sequence).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 4 * each }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.number)).size).toBe(4 * each);
    expect(new Set(records.map((r) => r.operator))).toEqual(new Set(['proc-1', 'proc-2', 'proc-3', 'proc-4']));
  }, 240_000);
});

describe('register faults', () => {
  it('an unreachable PostgreSQL server is a clear error that never repeats the URL or its password', async () => {
    const e = await failure(openRegister('postgres://clerk:rahasia-sekali@127.0.0.1:1/suket'));
    expect(e).toMatchObject({ code: 'IO_FAILED' });
    expect(e.issues[0]).toMatchObject({ path: 'register', code: 'io', message: expect.stringContaining('cannot be reached (ECONNREFUSED)') });
    expect(e.message).not.toContain('rahasia');
  });

  it('a file that is not a register is refused as such; a register in a missing folder cannot be opened', async () => {
    const bogus = join(tmp(), 'bukan.db');
    writeFileSync(bogus, 'NIK;NAMA\n'.repeat(200));
    expect((await failure(openRegister(bogus))).issues[0]!.message).toContain('is not a suket register');
    expect((await failure(openRegister(join(tmp(), 'no', 'such', 'suket.db')))).code).toBe('IO_FAILED');
  });

  it('a register another process holds locked too long is a clear error, and no number is taken', async () => {
    const file = join(tmp(), 'suket.db');
    const register = await openRegister(file, { lockTimeoutMs: 300 });
    // Another process takes the write lock and keeps it for 3 s.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => {}, 3000);`,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: new URL('..', import.meta.url).pathname },
    );
    await new Promise((r) => holder.stdout.once('data', r));
    const e = await failure(register.issue(await resident(), { issuance, seal }));
    expect(e).toMatchObject({ code: 'IO_FAILED' });
    expect(e.issues[0]).toMatchObject({ path: 'register', message: 'is locked by another process for too long' });
    expect((await failure(openRegister(file, { lockTimeoutMs: 300 }))).issues[0]!.message).toBe('is locked by another process for too long');
    await register.close();
    holder.kill();
    await new Promise((r) => holder.once('exit', r));
    const after = await openRegister(file);
    expect(await after.list()).toEqual([]);
    await after.close();
  });

  it('a backup taken while another process issues is a consistent register: every record and counter agree', async () => {
    const dir = tmp();
    const file = join(dir, 'suket.db');
    const photo = await smallPhoto(dir);
    await (await openRegister(file)).close();
    const script = `
      import { readFileSync } from 'node:fs';
      import { openRegister } from ${dist('index.js')};
      import { sampleIssuance, sampleResident } from ${dist('sample.js')};
      const [where, photoFile] = process.argv.slice(1);
      const { sequence, issuedAt, ...office } = sampleIssuance();
      const register = await openRegister(where);
      const photo = new Uint8Array(readFileSync(photoFile));
      for (let i = 0; i < 120; i++) await register.issue({ ...sampleResident(), nik: '327404570890' + String(1000 + i), photo }, { issuance: { ...office, issuedAt: '2026-11-30' } });
      await register.close();`;
    const issuing = child(script, [file, photo]);
    const register = await openRegister(file);
    const copies: string[] = [];
    let finished = false;
    void issuing.then(() => {
      finished = true;
    });
    while (!finished) {
      await new Promise((r) => setTimeout(r, 300));
      copies.push(join(dir, `backup-${copies.length}.db`));
      await register.backup(copies.at(-1)!);
    }
    expect(await issuing).toBe(0);
    await register.close();
    const counts: number[] = [];
    for (const copy of copies) {
      expect(statSync(copy).mode & 0o777).toBe(0o600);
      const b = await openRegister(copy);
      const records = await b.list();
      counts.push(records.length);
      for (const r of records.filter((x) => x.status === 'issued'))
        expect(
          createHash('sha256')
            .update(await b.reprint(r.number))
            .digest('hex'),
        ).toBe(r.sha256);
      expect(records.map((r) => r.sequence)).toEqual(records.map((_, k) => k + 1));
      await b.close();
    }
    expect(counts.some((n) => n > 0 && n < 120)).toBe(true);
  }, 120_000);
});
