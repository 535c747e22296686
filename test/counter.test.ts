/**
 * The counter (issue 36), as its people meet it: accounts made with
 * `suket serve users add`, a real `suket serve` process, called over HTTP by
 * fetch as a browser would and driven in Debian's Chromium. Sessions are
 * HttpOnly, Secure, SameSite=Strict cookies; a request from another origin
 * is refused before its body is read; ten wrong passwords lock an account.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, officeFolder, startServer, type Server } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-counter-'));
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const PASSWORDS = { siti: 'kopi-tubruk-pagi-7', bagus: 'teh-manis-sore-42', admin: 'rapat-rutin-senin-3' };
let server: Server;
let browser: Browser | undefined;

beforeAll(async () => {
  await officeFolder(dir, run);
  for (const [name, role, display] of [
    ['siti', 'petugas', 'Siti Rahmawati'],
    ['bagus', 'kepala', 'Drs. H. Bagus Wiratmaja'],
    ['admin', 'admin', 'Admin TI'],
  ] as const) {
    const r = run(['serve', 'users', 'add', name, '--role', role, '--display-name', display, '--office', 'office.json'], `${PASSWORDS[name]}\n`);
    expect(r.code, r.err).toBe(0);
  }
  server = await startServer(['--office', 'office.json'], dir);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A browser's request from the counter page itself (its Origin), with the session cookie when given. */
function fromPage(path: string, init: { method?: string; body?: unknown; cookie?: string; csrf?: string; origin?: string } = {}) {
  const headers: Record<string, string> = { origin: init.origin ?? server.url };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  return fetch(`${server.url}/loket/api/${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function logIn(name: keyof typeof PASSWORDS) {
  const r = await fromPage('login', { method: 'POST', body: { name, password: PASSWORDS[name] } });
  expect(r.status).toBe(200);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, ...((await r.json()) as { csrf: string; role: string }) };
}

describe('accounts', () => {
  it('suket serve users list shows each account and role; a short password and an unknown role are refused, naming the rule', () => {
    const list = run(['serve', 'users', 'list', '--office', 'office.json']);
    expect(list.out).toMatch(/^admin\tadmin\tAdmin TI\nbagus\tkepala\tDrs\. H\. Bagus Wiratmaja\nsiti\tpetugas\tSiti Rahmawati\n$/);
    const short = run(['serve', 'users', 'add', 'budi', '--role', 'petugas', '--office', 'office.json'], 'pendek\n');
    expect(short.code).toBe(1);
    expect(short.err).toContain('password');
    expect(short.err).toContain('at least 10 characters');
    expect(short.err).not.toContain('pendek');
    const role = run(['serve', 'users', 'add', 'budi', '--role', 'lurah', '--office', 'office.json'], 'cukup-panjang-sekali\n');
    expect(role.err).toContain('must be one of: petugas, kepala, admin');
  });
});

describe('sessions over HTTP', () => {
  it('a login sets an HttpOnly, Secure, SameSite=Strict cookie for /loket only; me answers who; a wrong password is one answer for any name', async () => {
    const r = await fromPage('login', { method: 'POST', body: { name: 'siti', password: PASSWORDS.siti } });
    expect(r.status).toBe(200);
    const set = r.headers.get('set-cookie')!;
    expect(set).toMatch(/^suket_loket=[A-Za-z0-9_-]{43}; Path=\/loket; HttpOnly; Secure; SameSite=Strict$/);
    const body = (await r.json()) as Record<string, string>;
    expect(body).toMatchObject({ name: 'siti', role: 'petugas', displayName: 'Siti Rahmawati' });
    const me = await fromPage('me', { cookie: set.split(';')[0] });
    expect(await me.json()).toMatchObject({ name: 'siti', role: 'petugas', csrf: body.csrf });
    const wrong = await fromPage('login', { method: 'POST', body: { name: 'siti', password: 'bukan-kata-sandinya' } });
    const nobody = await fromPage('login', { method: 'POST', body: { name: 'tidak-ada', password: 'bukan-kata-sandinya' } });
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await nobody.json());
    expect(server.log()).not.toContain(PASSWORDS.siti);
  });

  it('a request from another origin is refused before its body is read: a login, and a logout even with the cookie', async () => {
    // A body that is not JSON: a 403 (not 400) shows the origin was refused before the body was read.
    const login = await fetch(`${server.url}/loket/api/login`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: 'not json',
    });
    expect(login.status).toBe(403);
    expect((await login.json()).error).toBe('CSRF');
    const { cookie, csrf } = await logIn('siti');
    const forged = await fromPage('logout', { method: 'POST', cookie, csrf, origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
    const noToken = await fromPage('logout', { method: 'POST', cookie });
    expect(noToken.status).toBe(403);
    expect((await fromPage('me', { cookie })).status).toBe(200);
    const out = await fromPage('logout', { method: 'POST', cookie, csrf });
    expect(out.status).toBe(204);
    expect((await fromPage('me', { cookie })).status).toBe(401);
  });

  it('ten wrong passwords lock the account (the right one too, until the lock ends); another account is not touched', async () => {
    for (let i = 1; i <= 9; i++) expect((await fromPage('login', { method: 'POST', body: { name: 'admin', password: `salah-salah-${i}` } })).status).toBe(401);
    const tenth = await fromPage('login', { method: 'POST', body: { name: 'admin', password: 'salah-salah-10' } });
    expect(tenth.status).toBe(403);
    const locked = (await tenth.json()) as { error: string; message: string };
    expect(locked.error).toBe('ACCOUNT_LOCKED');
    const until = Date.parse(/until (\S+)/.exec(locked.message)![1]!);
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    const right = await fromPage('login', { method: 'POST', body: { name: 'admin', password: PASSWORDS.admin } });
    expect((await right.json()).error).toBe('ACCOUNT_LOCKED');
    expect(run(['serve', 'users', 'list', '--office', 'office.json']).out).toMatch(/^admin\tadmin\tAdmin TI\tlocked until /m);
    await logIn('bagus');
    // The administrator unlocks it by setting a password.
    expect(run(['serve', 'users', 'password', 'admin', '--office', 'office.json'], `${PASSWORDS.admin}\n`).code).toBe(0);
    await logIn('admin');
  });
});

describe('the counter page in Chromium', () => {
  it('a clerk logs in with the keyboard only, in Indonesian, switches to English, and logs out', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(`${server.url}/loket/`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name');
    expect(await page.textContent('#login-title')).toBe('Masuk');
    await page.keyboard.type('siti');
    await page.keyboard.press('Tab');
    await page.keyboard.type('salah-sekali-ini');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#login-error')).toBe('Nama pengguna atau kata sandi salah.');
    await page.keyboard.type(PASSWORDS.siti);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#who-name')).toBe('Siti Rahmawati (petugas)');
    expect(await page.textContent('#home-role')).toContain('Petugas loket');
    await page.click('#language');
    expect(await page.textContent('#home-role')).toContain('Clerk');
    await page.click('#logout');
    await expect.poll(() => page.isVisible('#login')).toBe(true);
    expect(await page.textContent('#login-title')).toBe('Log in');
    expect(external).toEqual([]);
    const cookies = await page.context().cookies();
    expect(cookies.filter((c) => c.name === 'suket_loket')).toEqual([]);
  });
});
