/**
 * The embedded register on a real SQLite file: numbers, records, idempotency,
 * failures that keep their number, voiding, and four processes at once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateSealKeys, openRegister, verifySeal } from '../src/index.js';
import { sampleIssuance, sampleResident } from '../src/sample.js';
import { failure, resident } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'suket-reg-'));
const keys = generateSealKeys();
const { numbering, sequence: _s, issuedAt: _i, ...office } = sampleIssuance();
const issuance = { ...office, numbering: '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}', issuedAt: '2026-11-30' };
void numbering;
const seal = { privateKey: keys.privateKeyPem };

describe('register', () => {
  it('numbers follow the counter; each record holds what was printed; reprint gives the same bytes; the file is owner-only', async () => {
    const file = join(tmp(), 'suket.db');
    const register = openRegister(file);
    const a = await register.issue(await resident(), { issuance, seal, operator: 'loket-1' });
    const b = await register.issue(await resident({ nik: '3274045708900043' }), { issuance, seal });
    expect([a.number, b.number]).toEqual(['471.13/0001/Disdukcapil/XI/2026', '471.13/0002/Disdukcapil/XI/2026']);
    expect(a.record).toMatchObject({ status: 'issued', sequence: 1, operator: 'loket-1', issuedAt: '2026-11-30', sha256: a.sha256, template: 'suket-ktp-el' });
    expect(a.record.resident).toMatchObject({ name: 'SEKAR AYU LARASATI' });
    expect(a.record.resident).not.toHaveProperty('photo');
    expect(verifySeal(a.record.barcodeText, { trustList: { keys: [keys.publicJwk] }, today: '2026-12-01' }).valid).toBe(true);
    const again = await register.reprint(a.number);
    expect(createHash('sha256').update(again).digest('hex')).toBe(a.sha256);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await register.close();
  });

  it('the same idempotency key twice gives the same certificate, never a second number', async () => {
    const register = openRegister(join(tmp(), 'suket.db'));
    const r = await resident();
    const first = await register.issue(r, { issuance, seal, idempotencyKey: 'req-1' });
    const retry = await register.issue(r, { issuance, seal, idempotencyKey: 'req-1' });
    expect(retry.number).toBe(first.number);
    expect(retry.repeated).toBe(true);
    expect(retry.sha256).toBe(first.sha256);
    expect(await register.list()).toHaveLength(1);
    await register.close();
  });

  it('a given number is recorded; the same number again is refused naming it', async () => {
    const register = openRegister(join(tmp(), 'suket.db'));
    const given = { ...office, number: '471.13/0999/Disdukcapil/XI/2026', issuedAt: '2026-11-30' };
    const c = await register.issue(await resident(), { issuance: given });
    expect(c.record).toMatchObject({ number: given.number, sequence: null, counter: null, status: 'issued' });
    const e = await failure(register.issue(await resident(), { issuance: given }));
    expect(e.issues[0]).toMatchObject({ path: 'issuance.number', code: 'conflict', message: `${given.number} is in the register already (issued)` });
    await register.close();
  });

  it('the counter starts again at 1 in a new year, by the office clock', async () => {
    const register = openRegister(join(tmp(), 'suket.db'));
    const r = await resident();
    const onDay = (issuedAt: string | Date) => register.issue(r, { issuance: { ...issuance, issuedAt } });
    expect((await onDay('2026-12-31')).number).toBe('471.13/0001/Disdukcapil/XII/2026');
    expect((await onDay('2026-12-31')).number).toBe('471.13/0002/Disdukcapil/XII/2026');
    // 17:30 UTC on 31 December is 00:30 WIB on 1 January.
    expect((await onDay(new Date('2026-12-31T17:30:00Z'))).number).toBe('471.13/0001/Disdukcapil/I/2027');
    expect((await onDay('2026-12-31')).number).toBe('471.13/0003/Disdukcapil/XII/2026');
    await register.close();
  });

  it('bad input takes no number; a photo that fails keeps its number as not issued, and the same key finishes it', async () => {
    const register = openRegister(join(tmp(), 'suket.db'));
    await failure(register.issue({ ...sampleResident(), nik: '12' }, { issuance, seal }));
    expect(await register.list()).toEqual([]);
    const broken = new Uint8Array((await resident()).photo as Uint8Array).subarray(0, 400);
    const e = await failure(register.issue({ ...sampleResident(), photo: broken }, { issuance, seal, idempotencyKey: 'row-7' }));
    expect(e.code).toBe('INVALID_PHOTO');
    const [gap] = await register.list();
    expect(gap).toMatchObject({ number: '471.13/0001/Disdukcapil/XI/2026', status: 'not_issued', idempotencyKey: 'row-7' });
    expect(gap!.reason).toContain('INVALID_PHOTO');
    const fixed = await register.issue(await resident(), { issuance, seal, idempotencyKey: 'row-7' });
    expect(fixed.number).toBe(gap!.number);
    expect((await register.get(gap!.number))!.status).toBe('issued');
    await register.close();
  });

  it('voiding records the reason; an unknown or a voided number cannot be voided', async () => {
    const register = openRegister(join(tmp(), 'suket.db'));
    const c = await register.issue(await resident(), { issuance, seal });
    expect(await register.void(c.number, 'salah ketik nama')).toMatchObject({ status: 'voided', reason: 'salah ketik nama' });
    expect((await failure(register.void(c.number, 'lagi'))).issues[0]!.code).toBe('conflict');
    expect((await failure(register.void('9/9/9', 'x'))).issues[0]!.code).toBe('not_allowed');
    await register.close();
  });

  it('a process killed after taking a number leaves it pending; the next open marks it not issued, and the key resumes it', async () => {
    const dir = tmp();
    const file = join(dir, 'suket.db');
    const register = openRegister(file);
    // A claim without its certificate, as a kill between the two leaves it.
    const store = (register as unknown as { store: { claim(r: object): Promise<{ number: string }> } }).store;
    const { number } = await store.claim({ counter: '3274|x|2026', format: (n: number) => `X/${n}/2026`, idempotencyKey: 'killed' });
    await register.close();
    const reopened = openRegister(file, { abandonAfterMs: 0 });
    expect(await reopened.get(number)).toMatchObject({ status: 'not_issued', reason: expect.stringContaining('interrupted') });
    await reopened.close();
  });

  it('a register of a newer schema is refused, clearly', async () => {
    const file = join(tmp(), 'suket.db');
    await openRegister(file).close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => openRegister(file)).toThrow(/schema version 99, newer than this suket knows/);
  });

  it('four processes issuing 250 each at once: 1,000 distinct numbers, 1 to 1,000, no gap', async () => {
    const dir = tmp();
    const file = join(dir, 'suket.db');
    const photo = join(dir, 'p.jpg');
    writeFileSync(
      photo,
      await sharp({ create: { width: 120, height: 160, channels: 3, background: '#1f4fa8' } })
        .jpeg()
        .toBuffer(),
    );
    const script = `
      import { readFileSync } from 'node:fs';
      import { openRegister } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).pathname)};
      import { sampleIssuance, sampleResident } from ${JSON.stringify(new URL('../dist/sample.js', import.meta.url).pathname)};
      const [file, photoFile, who] = process.argv.slice(1);
      const { sequence, issuedAt, ...office } = sampleIssuance();
      const register = openRegister(file, { storePdf: false });
      const photo = new Uint8Array(readFileSync(photoFile));
      for (let i = 0; i < 250; i++) await register.issue({ ...sampleResident(), photo }, { issuance: { ...office, issuedAt: '2026-11-30' }, operator: who });
      await register.close();`;
    openRegister(file).close(); // created once, so the four start on one schema
    const runs = [1, 2, 3, 4].map(
      (w) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script, file, photo, `proc-${w}`], { stdio: ['ignore', 'ignore', 'inherit'] });
          child.once('exit', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const register = openRegister(file);
    const records = await register.list();
    await register.close();
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.status === 'issued')).toBe(true);
    expect(records.map((r) => r.sequence).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.number)).size).toBe(1000);
    expect(new Set(records.map((r) => r.operator))).toEqual(new Set(['proc-1', 'proc-2', 'proc-3', 'proc-4']));
  }, 240_000);
});
