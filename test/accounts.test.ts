/**
 * The counter's accounts in the register (issue 36), on SQLite, with time
 * given: a session ends after fifteen minutes unused and after twelve hours
 * in any case; a lock ends after fifteen minutes; a password is kept as a
 * memory-hard scrypt hash, never as itself.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegister, type Register } from '../src/index.js';
import { LoginThrottle } from '../src/serve/counter-auth.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-accounts-'));
let register: Register;
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

beforeAll(async () => {
  register = await openRegister(join(dir, 'suket.db'));
  await register.accounts.add('siti', 'petugas', 'kopi-tubruk-pagi-7', 'Siti Rahmawati');
}, 30_000);
afterAll(async () => {
  await register.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('counter sessions', () => {
  it('live while used; gone after 15 minutes unused, and after 12 hours however busy', async () => {
    const t0 = new Date('2026-12-07T01:00:00Z');
    const { token, csrf } = await register.accounts.openSession('siti', t0);
    expect((await register.accounts.session(token, minutes(t0, 14)))?.csrf).toBe(csrf);
    // Used at 14 minutes: live again until 29.
    expect(await register.accounts.session(token, minutes(t0, 28))).toBeDefined();
    expect(await register.accounts.session(token, minutes(t0, 44))).toBeUndefined();
    // Gone for good: not even an earlier clock brings it back.
    expect(await register.accounts.session(token, minutes(t0, 1))).toBeUndefined();
    const busy = await register.accounts.openSession('siti', t0);
    for (let m = 10; m < 720; m += 10) expect(await register.accounts.session(busy.token, minutes(t0, m)), `at ${m} min`).toBeDefined();
    expect(await register.accounts.session(busy.token, minutes(t0, 721))).toBeUndefined();
  });

  it('a lock lasts fifteen minutes; the password is stored as scrypt, never as itself', async () => {
    const t0 = new Date();
    for (let i = 0; i < 9; i++) expect(await register.accounts.login('siti', `salah-salah-${i}`, t0)).toEqual({ ok: false, reason: 'wrong' });
    expect(await register.accounts.login('siti', 'salah-salah-9', t0)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await register.accounts.login('siti', 'kopi-tubruk-pagi-7', minutes(t0, 14))).toMatchObject({ ok: false, reason: 'locked' });
    expect(await register.accounts.login('siti', 'kopi-tubruk-pagi-7', minutes(t0, 16))).toMatchObject({ ok: true });
    // The database and its write-ahead log, where a recent write sits until a checkpoint.
    const file = Buffer.concat(['suket.db', 'suket.db-wal'].filter((f) => existsSync(join(dir, f))).map((f) => readFileSync(join(dir, f))));
    expect(file.includes(Buffer.from('kopi-tubruk-pagi-7'))).toBe(false);
    expect(file.toString('latin1')).toMatch(/scrypt\$17\$8\$1\$/);
  }, 60_000);
});

describe('wrong logins by address', () => {
  it('thirty in a window make the address wait until the window ends; at most 10,000 addresses are kept, the oldest forgotten first', () => {
    const throttle = new LoginThrottle();
    const t0 = 1_000_000;
    for (let i = 0; i < 30; i++) throttle.failed('10.0.0.7', t0);
    expect(() => throttle.check('10.0.0.7', t0 + 60_000)).toThrow(/too many wrong logins/);
    expect(() => throttle.check('10.0.0.8', t0)).not.toThrow();
    expect(() => throttle.check('10.0.0.7', t0 + 15 * 60_000 + 1)).not.toThrow();
    // Memory is bounded: a flood of other addresses fills the table, which is then emptied rather than grown.
    for (let i = 0; i < 30; i++) throttle.failed('10.0.0.9', t0);
    for (let i = 0; i < 10_000; i++) throttle.failed(`192.168.${i >> 8}.${i & 255}`, t0 + 1);
    expect(() => throttle.check('10.0.0.9', t0 + 2)).not.toThrow();
  });
});
