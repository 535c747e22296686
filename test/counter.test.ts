/**
 * The counter (issue 36), as its people meet it: accounts made with
 * `suket serve users add`, a real `suket serve` process, called over HTTP by
 * fetch as a browser would and driven in Debian's Chromium. Sessions are
 * HttpOnly, Secure, SameSite=Strict cookies; a request from another origin
 * is refused before its body is read; ten wrong passwords lock an account.
 */
import { request } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIn, openRegister } from '../src/index.js';
import { sampleResident } from '../src/sample.js';
import { birthAfterIssue, checkResident } from '../src/validate/resident.js';
import { todayIn } from '../src/dates.js';
import { pdfText } from './helpers.js';
import { KONSEP_MIN, konsepPixels, openCounterOffice, PASSWORDS, type CounterOffice } from './counter-office.js';
import { startServer, type Server } from './service.js';

let office: CounterOffice;
let dir: string;
let run: CounterOffice['run'];
let server: Server;
let browser: Browser | undefined;

beforeAll(async () => {
  office = await openCounterOffice('suket-counter-');
  ({ dir, run, server } = office);
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

type Session = { cookie: string; csrf: string; role: string };

/** A new session, by name and password over HTTP. */
async function logIn(name: keyof typeof PASSWORDS): Promise<Session> {
  const r = await fromPage('login', { method: 'POST', body: { name, password: PASSWORDS[name] } });
  expect(r.status).toBe(200);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, ...((await r.json()) as { csrf: string; role: string }) };
}

const sessions = new Map<keyof typeof PASSWORDS, Promise<Session>>();

/**
 * One session for each person, made once for the tests that are not about
 * logging in: each login is 128 MiB of scrypt by design, and the suite's
 * time is spent there otherwise. Nothing here logs these sessions out.
 */
function staff(name: keyof typeof PASSWORDS): Promise<Session> {
  if (!sessions.has(name)) sessions.set(name, logIn(name));
  return sessions.get(name)!;
}

/** A draft the clerk sends over HTTP (the sample resident with `nik` and the office's sample photo), for the tests whose subject comes after it: its id. */
async function sentDraft(nik: string): Promise<string> {
  const clerk = await staff('siti');
  const photo = readFileSync(join(dir, 'foto', 'contoh.jpg')).toString('base64');
  const body = { resident: { ...sampleResident(), nik, photo } };
  const sent = await fromPage('drafts', { method: 'POST', cookie: clerk.cookie, csrf: clerk.csrf, body });
  expect(sent.status, await sent.clone().text()).toBe(201);
  return ((await sent.json()) as { id: string }).id;
}

/** The head approves a draft over HTTP: its number. */
async function approvedDraft(id: string): Promise<string> {
  const head = await staff('bagus');
  const approved = await fromPage(`drafts/${id}/approve`, { method: 'POST', cookie: head.cookie, csrf: head.csrf });
  expect(approved.status).toBe(200);
  return ((await approved.json()) as { number: string }).number;
}

describe('accounts', () => {
  it('suket serve users list shows each account and role; a short password and an unknown role are refused, naming the rule', () => {
    const list = run(['serve', 'users', 'list', '--office', 'kantor.json']);
    expect(list.out).toMatch(/^admin\tadmin\tAdmin TI\nbagus\tkepala\tDrs\. H\. Bagus Wiratmaja\nsiti\tpetugas\tSiti Rahmawati\n$/);
    const short = run(['serve', 'users', 'add', 'budi', '--role', 'petugas', '--office', 'kantor.json'], 'pendek\n');
    expect(short.code).toBe(1);
    expect(short.err).toContain('password');
    expect(short.err).toContain('at least 10 characters');
    expect(short.err).not.toContain('pendek');
    const role = run(['serve', 'users', 'add', 'budi', '--role', 'lurah', '--office', 'kantor.json'], 'cukup-panjang-sekali\n');
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
    expect(run(['serve', 'users', 'list', '--office', 'kantor.json']).out).toMatch(/^admin\tadmin\tAdmin TI\tlocked until /m);
    await logIn('bagus');
    // The administrator unlocks it by setting a password.
    expect(run(['serve', 'users', 'password', 'admin', '--office', 'kantor.json'], `${PASSWORDS.admin}\n`).code).toBe(0);
    await logIn('admin');
  });
});

describe('the counter page in Chromium', () => {
  it('a clerk logs in with the keyboard only, in Indonesian, switches to English, and logs out', async () => {
    browser = await chromiumBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const external: string[] = [];
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
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
    await expect.poll(() => page.textContent('#login-error'), { timeout: 15_000 }).toBe('Nama pengguna atau kata sandi salah.');
    await page.keyboard.type(PASSWORDS.siti);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#who-name'), { timeout: 15_000 }).toBe('Siti Rahmawati (petugas)');
    expect(await page.textContent('#home-role')).toContain('Petugas loket');
    await page.click('#language');
    expect(await page.textContent('#home-role')).toContain('Clerk');
    await page.click('#logout');
    await expect.poll(() => page.isVisible('#login')).toBe(true);
    expect(await page.textContent('#login-title')).toBe('Log in');
    expect(external).toEqual([]);
    // No script error, no Content-Security-Policy violation, no missing file.
    expect(problems, problems.join(' | ')).toEqual([]);
    const cookies = await page.context().cookies();
    expect(cookies.filter((c) => c.name === 'suket_loket')).toEqual([]);
  });
});

/** The bodies of the responses to `pattern` the page is given, each taken on its way to the page (which gets it unchanged). */
async function keepBodies(page: import('playwright-core').Page, pattern: string): Promise<Buffer[]> {
  const kept: Buffer[] = [];
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    kept.push(await response.body());
    await route.fulfill({ response });
  });
  return kept;
}

/**
 * Debian's Chromium, headless. Its print preview cannot open without a
 * screen (the page crashes when asked), so print goes to the system's own
 * dialogue, which headless shows nothing of: the page's print call returns.
 */
const chromiumBrowser = () => chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-print-preview'] });

/** The counter page in a new browser context holding `name`'s session cookie, as the browser keeps it after a login. */
async function pageAs(name: keyof typeof PASSWORDS, options: BrowserContextOptions = {}, on?: Browser) {
  browser ??= await chromiumBrowser();
  const context = await (on ?? browser).newContext({ viewport: { width: 1366, height: 768 }, ...options });
  const { cookie } = await staff(name);
  const at = cookie.indexOf('=');
  await context.addCookies([
    { name: cookie.slice(0, at), value: cookie.slice(at + 1), url: `${server.url}/loket`, httpOnly: true, secure: true, sameSite: 'Strict' },
  ]);
  const page = await context.newPage();
  await page.goto(`${server.url}/loket/`);
  await expect.poll(() => page.isVisible('#who'), { timeout: 15_000 }).toBe(true);
  return page;
}

/** Types a resident into the clerk's form. */
async function fillResident(page: import('playwright-core').Page, r: Record<string, unknown>) {
  const address = r.address as Record<string, unknown>;
  for (const [path, value] of Object.entries({ ...r, ...Object.fromEntries(Object.entries(address).map(([k, v]) => [`address.${k}`, v])) })) {
    const selector = `#resident-form [name="${path}"]`;
    if (!(await page.$(selector))) continue;
    if (await page.$eval(selector, (e) => e.tagName === 'SELECT')) await page.selectOption(selector, String(value));
    else await page.fill(selector, String(value));
  }
}

describe('drafting and approving', () => {
  it('a clerk sends a draft, the head approves it, the PDF printed verifies with suket verify and bears the register next number', async () => {
    browser ??= await chromiumBrowser();
    const clerk = await pageAs('siti');
    const resident = sampleResident() as unknown as Record<string, unknown>;
    await fillResident(clerk, { ...resident, occupation: 'KARYAWAN SWASTA' });
    await clerk.setInputFiles('#photo', join(dir, 'foto', 'contoh.jpg'));
    // The page as it will print, before sending: rendered by the service as KONSEP, shown in the browser's own PDF viewer; nothing kept.
    // Its bytes are taken on their way to the page, which keeps them as a blob its policy lets no script read back.
    const previews = await keepBodies(clerk, '**/loket/api/preview');
    await clerk.click('#preview-page');
    await expect.poll(() => clerk.isVisible('#preview-frame'), { timeout: 30_000 }).toBe(true);
    expect(await clerk.getAttribute('#preview-frame', 'src')).toMatch(/^blob:/);
    // Drawn on screen by the browser's viewer: the red KONSEP across the page.
    await expect.poll(async () => konsepPixels(await clerk.locator('#preview-frame').screenshot()), { timeout: 15_000 }).toBeGreaterThan(KONSEP_MIN);
    expect(previews).toHaveLength(1);
    expect(await pdfText(previews[0]!)).toMatch(/KONSEP[\s\S]*SEKAR AYU LARASATI/);
    await expect.poll(() => clerk.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
    expect(await clerk.evaluate(() => fetch('api/drafts?status=waiting').then((r) => r.json()))).toEqual({ drafts: [] });
    // From the page seen to sending it, by the keyboard: the next button after Lihat halaman is Kirim.
    await clerk.keyboard.press('Tab');
    expect(await clerk.evaluate(() => document.activeElement?.textContent)).toBe('Kirim untuk persetujuan');
    await clerk.keyboard.press('Enter');
    await expect.poll(() => clerk.textContent('#draft-sent'), { timeout: 30_000 }).toBe('Konsep terkirim: menunggu persetujuan kepala.');
    expect(await clerk.isVisible('#preview')).toBe(false);

    const head = await pageAs('bagus');
    await expect.poll(() => head.textContent('#queue-list')).toContain(String(resident.name));
    await head.click('#queue-list li button:has-text("Setujui")');
    await expect.poll(() => head.textContent('#queue-list'), { timeout: 60_000 }).toMatch(/Disetujui dengan nomor 471\.13\/0001\//);
    const number = /nomor (\S+)/.exec((await head.textContent('#queue-list'))!)![1]!;

    // The clerk prints it: Cetak loads the paper in a hidden frame, in the browser's PDF viewer, and asks for the print dialogue on it.
    await clerk.reload();
    await expect.poll(() => clerk.textContent('#approved-list')).toContain(number);
    const printed = await keepBodies(clerk, '**/loket/api/certificates/*/pdf');
    await clerk.click('#approved-list li button:has-text("Cetak")');
    await expect.poll(() => clerk.getAttribute('#print-frame', 'data-printed')).toBe(`api/certificates/${encodeURIComponent(number)}/pdf`);
    // The paper is in the browser's PDF viewer in that frame (the viewer is Chromium's own extension), not saved as a download.
    await expect.poll(() => clerk.frames().filter((f) => f.url().startsWith('chrome-extension://')).length).toBe(1);
    expect(await clerk.textContent('#print-status')).toBe('');
    expect(printed).toHaveLength(1);
    writeFileSync(join(dir, 'dicetak.pdf'), printed[0]!, { mode: 0o600 });
    const verified = run(['verify', 'dicetak.pdf', '--trust', 'kunci/segel.jwk.json']);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain(number);
    const register = await openRegister(join(dir, 'suket.db'));
    const records = await register.list();
    const log = await register.drafts.entries();
    await register.close();
    expect(records.map((r) => [r.number, r.sequence, r.operator])).toEqual([[number, 1, 'bagus']]);
    expect(log.map((l) => [l.account, l.action])).toEqual([
      ['siti', 'printed'],
      ['bagus', 'approved'],
      ['siti', 'drafted'],
    ]);
  }, 180_000);

  it('a clerk cannot approve: the API answers 403, whatever the page shows', async () => {
    const { cookie, csrf } = await staff('siti');
    const r = await fromPage('drafts/00000000-0000-4000-8000-000000000000/approve', { method: 'POST', cookie, csrf });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe('FORBIDDEN');
  });

  it("the form shows the library's own message beside each of thirteen bad inputs (a birth date after today among them), as the clerk types", async () => {
    browser ??= await chromiumBrowser();
    const page = await pageAs('siti');
    const good: Record<string, unknown> = { ...(sampleResident() as unknown as Record<string, unknown>), occupation: 'KARYAWAN SWASTA' };
    const bad: Array<[string, string]> = [
      ['nik', '327404570890004'],
      ['nik', '3274045708900A42'],
      ['nik', '0074045708900042'],
      ['nik', '3274049908900042'],
      ['name', 'Budi 99'],
      ['name', 'A'.repeat(200)],
      ['birthPlace', ''],
      ['address.rt', '1234'],
      ['address.rw', 'x'],
      ['address.village', ''],
      ['address.street', ''],
      ['name', ''],
      ['birthDate', '2031-01-01'],
    ];
    // A birth date after the office's today: the day a paper approved now would bear.
    const today = todayIn('Asia/Jakarta');
    await fillResident(page, good);
    for (const [path, value] of bad) {
      const field = `#resident-form [name="${path}"]`;
      await page.fill(field, value);
      const [head, tail] = path.split('.');
      const input = tail ? { ...good, address: { ...(good.address as object), [tail]: value } } : { ...good, [head!]: value };
      const { value: checked, issues, warnings } = checkResident(input);
      const expected = issues.find((i) => i.path === path) ?? warnings.find((w) => w.path === path) ?? (checked && birthAfterIssue(checked.birthDate, today));
      expect(expected, `${path} = ${value} is refused by the library`).toBeDefined();
      const id = `#f-${path.replace('.', '-')}-error`;
      await expect.poll(() => page.textContent(id), { message: `${path} = ${value}` }).toBe(messageIn('id', expected!));
      // Put right, the message goes.
      await page.fill(field, String(tail ? (good.address as Record<string, unknown>)[tail] : good[head!]));
      await expect.poll(() => page.textContent(id), { message: `${path} put right` }).toBe('');
    }
  }, 120_000);
});

describe('the photo from the counter webcam', () => {
  it("Chromium's fake camera (a file): the clerk takes the photo inside the 3:4 guide, retakes it, and the draft keeps a 600 x 800 JPEG of the face", async () => {
    // The camera sees the sample portrait (3:4) in the middle of a grey 16:9 frame.
    const portrait = readFileSync(join(dir, 'foto', 'contoh.jpg'));
    const frame = await sharp(portrait).resize(1280, 720, { fit: 'contain', background: '#777777' }).jpeg({ quality: 92 }).toBuffer();
    const video = join(dir, 'kamera.mjpeg');
    writeFileSync(video, Buffer.concat(Array.from({ length: 30 }, () => frame)));
    const cam = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const page = await pageAs('siti', { permissions: ['camera'] }, cam);
      await fillResident(page, { ...(sampleResident() as unknown as Record<string, unknown>), nik: '3274045708900043', occupation: 'KARYAWAN SWASTA' });
      await page.click('#open-camera');
      await page.waitForSelector('#camera:not([hidden])');
      await page.click('#capture');
      await page.waitForSelector('#photo-preview:not([hidden])');
      expect(await page.textContent('#open-camera')).toBe('Ulangi foto');
      // A retake: the camera again, another capture.
      await page.click('#open-camera');
      await page.click('#capture');
      await page.click('#resident-form button[type=submit]');
      await expect.poll(() => page.textContent('#draft-sent'), { timeout: 30_000 }).toBe('Konsep terkirim: menunggu persetujuan kepala.');
    } finally {
      await cam.close();
    }
    const register = await openRegister(join(dir, 'suket.db'));
    const waiting = await register.drafts.list('waiting');
    const draft = await register.drafts.get(waiting.find((d) => d.resident.nik === '3274045708900043')!.id);
    await register.close();
    const taken = sharp(Buffer.from(draft!.photo!));
    expect(await taken.metadata()).toMatchObject({ format: 'jpeg', width: 600, height: 800 });
    // The same picture as the portrait the camera saw, not the grey around it: compared at 15 x 20.
    const small = async (img: Buffer) => (await sharp(img).resize(15, 20, { fit: 'fill' }).removeAlpha().raw().toBuffer()).valueOf();
    const [a, b] = [await small(Buffer.from(draft!.photo!)), await small(portrait)];
    const mean = a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
    expect(mean).toBeLessThan(20);
  }, 120_000);
});

describe('papers after approval, over HTTP', () => {
  it("a day's print file holds the day's papers; the head replaces one (a new number, the old voided) and voids another; the log says who did what, by day and person", async () => {
    const clerk = await staff('siti');
    const head = await staff('bagus');
    const numbers: string[] = [];
    for (const nik of ['3274045708900044', '3274045708900045']) numbers.push(await approvedDraft(await sentDraft(nik)));
    const register = await openRegister(join(dir, 'suket.db'));
    const issuedAt = (await register.get(numbers[0]!))!.issuedAt!;
    await register.close();
    const day = await fromPage(`print/day?date=${issuedAt}`, { cookie: clerk.cookie });
    expect(day.status).toBe(200);
    const file = new Uint8Array(await day.arrayBuffer());
    expect(Buffer.from(file.subarray(0, 5)).toString()).toBe('%PDF-');
    const pages = Buffer.from(file)
      .toString('latin1')
      .match(/\/Type\s*\/Page[^s]/g)?.length;
    expect(pages).toBeGreaterThanOrEqual(numbers.length);
    // The print dialogue is asked for 100% and the tray of the file's own paper.
    expect(Buffer.from(file).toString('latin1')).toMatch(/\/ViewerPreferences << \/PrintScaling \/None \/PickTrayByPDFSize true >>/);

    const replaced = await fromPage(`certificates/${encodeURIComponent(numbers[0]!)}/replace`, {
      method: 'POST',
      cookie: head.cookie,
      csrf: head.csrf,
      body: { reason: 'nama salah ketik' },
    });
    expect(replaced.status, await replaced.clone().text()).toBe(200);
    const fresh = ((await replaced.json()) as { number: string }).number;
    expect(fresh).not.toBe(numbers[0]);
    const clerkVoid = await fromPage(`certificates/${encodeURIComponent(numbers[1]!)}/void`, {
      method: 'POST',
      cookie: clerk.cookie,
      csrf: clerk.csrf,
      body: { reason: 'x' },
    });
    expect(clerkVoid.status).toBe(403);
    const voided = await fromPage(`certificates/${encodeURIComponent(numbers[1]!)}/void`, {
      method: 'POST',
      cookie: head.cookie,
      csrf: head.csrf,
      body: { reason: 'dobel' },
    });
    expect(voided.status).toBe(200);
    const check = await openRegister(join(dir, 'suket.db'));
    expect((await check.get(numbers[0]!))!.status).toBe('voided');
    expect((await check.get(numbers[1]!))!.status).toBe('voided');
    expect((await check.get(fresh))!.status).toBe('issued');
    await check.close();
    // A voided or replaced paper is not handed out again (an offline verifier with an older list would still call it valid): the
    // clerk's list offers the replacement in its place, and the PDF of either old number is refused.
    const ready = ((await (await fromPage('drafts?status=approved', { cookie: clerk.cookie })).json()) as { drafts: Array<{ number: string }> }).drafts;
    expect(ready.map((d) => d.number)).toContain(fresh);
    expect(ready.map((d) => d.number)).not.toContain(numbers[0]);
    expect(ready.map((d) => d.number)).not.toContain(numbers[1]);
    for (const old of numbers) {
      const again = await fromPage(`certificates/${encodeURIComponent(old)}/pdf`, { cookie: clerk.cookie });
      expect(again.status).toBe(409);
      expect((await again.json()).error).toBe('NOT_ISSUED');
    }
    expect((await fromPage(`certificates/${encodeURIComponent(fresh)}/pdf`, { cookie: clerk.cookie })).status).toBe(200);

    const log = await fromPage(`log?account=bagus&from=${new Date().toISOString().slice(0, 10)}`, { cookie: head.cookie });
    const entries = ((await log.json()) as { entries: Array<{ account: string; action: string; number: string | null; note: string | null }> }).entries;
    expect(entries.every((e) => e.account === 'bagus')).toBe(true);
    expect(entries.slice(0, 2).map((e) => [e.action, e.number])).toEqual([
      ['voided', numbers[1]],
      ['replaced', fresh],
    ]);
    expect(entries[1]!.note).toBe(`${numbers[0]}: nama salah ketik`);
    expect((await fromPage('log', { cookie: clerk.cookie })).status).toBe(403);
    // The log holds staff, drafts and numbers: never the resident's NIK or name.
    expect(JSON.stringify(entries)).not.toMatch(/3274045708900044|Sekar/i);
  }, 120_000);
});

describe("the clerk's lists", () => {
  it("Cetak on a paper voided after the clerk's list was drawn: refused, saying so, and nothing goes to the print dialogue", async () => {
    const head = await staff('bagus');
    // Two papers approved; the second stays issued, so the list drawn again is seen to be loaded.
    const number = await approvedDraft(await sentDraft('3274045708900064'));
    const kept = await approvedDraft(await sentDraft('3274045708900065'));
    browser ??= await chromiumBrowser();
    const page = await pageAs('siti');
    await expect.poll(() => page.textContent('#approved-list')).toContain(number);
    const voided = await fromPage(`certificates/${encodeURIComponent(number)}/void`, {
      method: 'POST',
      cookie: head.cookie,
      csrf: head.csrf,
      body: { reason: 'ditarik' },
    });
    expect(voided.status).toBe(200);
    await page.click(`#approved-list li:has-text("${number}") button`);
    await expect
      .poll(() => page.textContent('#print-status'))
      .toBe('Surat tidak dapat dicetak: sudah dibatalkan atau diganti, atau tidak ada. Muat ulang halaman.');
    expect(await page.getAttribute('#print-frame', 'data-printed')).toBeNull();
    await page.reload();
    await expect.poll(() => page.textContent('#approved-list'), { timeout: 15_000 }).toContain(kept);
    expect(await page.textContent('#approved-list')).not.toContain(number);
    await page.context().close();
  }, 120_000);

  it('a draft sent back shows with the head note; a paper found by NIK shows valid with a reprint, by name too', async () => {
    const head = await staff('bagus');
    const waiting = await sentDraft('3274045708900047');
    // The head sees the page as it will print: KONSEP, no number.
    const konsep = await fromPage(`drafts/${waiting}/page`, { cookie: head.cookie });
    expect(konsep.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(new Uint8Array(await konsep.arrayBuffer()))).toContain('KONSEP');
    const back = await fromPage(`drafts/${waiting}/return`, {
      method: 'POST',
      cookie: head.cookie,
      csrf: head.csrf,
      body: { note: 'foto buram, ambil ulang' },
    });
    expect(back.status).toBe(200);
    const number = await approvedDraft(await sentDraft('3274045708900048'));

    browser ??= await chromiumBrowser();
    const page = await pageAs('siti');
    await expect.poll(() => page.textContent('#returned-list')).toContain('foto buram, ambil ulang (bagus)');
    await page.fill('#find-text', '3274045708900048');
    await page.press('#find-text', 'Enter');
    await expect.poll(() => page.textContent('#found-list')).toContain(`${number} · SEKAR AYU LARASATI · berlaku`);
    expect(await page.isVisible('#found-list li button:has-text("Cetak")')).toBe(true);
    await page.fill('#find-text', 'larasati');
    await page.press('#find-text', 'Enter');
    await expect.poll(() => page.textContent('#found-list')).toContain(number);
  }, 120_000);
});

describe('the administrator and the keyboard', () => {
  it('the admin sees every account and the office settings, read-only, with no password hash or key; a clerk may not', async () => {
    browser ??= await chromiumBrowser();
    const page = await pageAs('admin');
    await expect.poll(() => page.textContent('#accounts-table tbody')).toContain('Siti Rahmawati');
    const table = (await page.textContent('#accounts-table tbody'))!;
    for (const who of ['admin', 'bagus', 'siti', 'petugas', 'kepala']) expect(table).toContain(who);
    await expect.poll(() => page.textContent('#settings-list')).toContain('DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL');
    expect(await page.textContent('#settings-list')).toContain('471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}');
    const html = await page.content();
    expect(html).not.toMatch(/scrypt|PRIVATE KEY|segel\.key/);
    const clerk = await staff('siti');
    expect((await fromPage('accounts', { cookie: clerk.cookie })).status).toBe(403);
    expect((await fromPage('settings', { cookie: clerk.cookie })).status).toBe(403);
  });

  it("the clerk's form is in reading order by Tab, every field, then the photo and the camera", async () => {
    browser ??= await chromiumBrowser();
    const page = await pageAs('siti');
    await page.focus('#f-nik');
    const order = [await page.evaluate(() => document.activeElement?.id)];
    for (let i = 0; i < 30 && order.at(-1) !== 'open-camera'; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      // A date field takes three Tabs (day, month, year) on one element.
      if (id !== order.at(-1)) order.push(id);
    }
    const fields = ['nik', 'name', 'birthPlace', 'birthDate', 'sex', 'bloodType', 'address-street', 'address-rt', 'address-rw', 'address-village'];
    const rest = ['address-district', 'address-regency', 'address-province', 'religion', 'maritalStatus', 'occupation', 'citizenship'];
    expect(order, order.join(' ')).toEqual([...[...fields, ...rest].map((f) => `f-${f}`), 'photo', 'open-camera']);
  });
});

describe('the head by the keyboard, and the page at 200%', () => {
  it("the head works the queue by the keyboard only: Tab reaches each draft's page, approve and send back in order; Enter approves; a note sends one back", async () => {
    const clerk = await staff('siti');
    const ids = [await sentDraft('3274045708900061'), await sentDraft('3274045708900062')];
    browser ??= await chromiumBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${server.url}/loket/`);
    // The page puts the focus on the name once it knows no one is logged in.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name');
    await page.keyboard.type('bagus');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORDS.bagus);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 15_000 }).toBe('home-title');
    await expect.poll(() => page.locator(`#queue-list li[data-draft="${ids[1]}"] button`).count()).toBe(3);
    /** Where the focus is: the draft its line belongs to, and what it says. */
    const focus = () =>
      page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return `${e.closest('li')?.dataset.draft ?? ''}|${e.tagName === 'LI' ? 'line' : e.textContent}`;
      });
    const stops: string[] = [];
    for (let i = 0; i < 80 && stops.at(-1) !== `${ids[0]}|Setujui`; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focus());
    }
    expect(stops.slice(-2)).toEqual([`${ids[0]}|Lihat halaman`, `${ids[0]}|Setujui`]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent(`#queue-list li[data-draft="${ids[0]}"]`), { timeout: 60_000 }).toMatch(/^Disetujui dengan nomor /);
    // The focus stays on the approved line; the next Tabs go through the next draft in order.
    expect(await focus()).toBe(`${ids[0]}|line`);
    const next: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      next.push(await focus());
    }
    expect(next).toEqual([`${ids[1]}|Lihat halaman`, `${ids[1]}|Setujui`, `${ids[1]}|Kembalikan`]);
    page.once('dialog', (d) => void d.accept('Foto buram, mohon difoto ulang.'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('head-title');
    const { drafts } = (await (await fromPage('drafts?status=returned', { cookie: clerk.cookie })).json()) as { drafts: Array<{ id: string; note: string }> };
    expect(drafts.find((d) => d.id === ids[1])?.note).toBe('Foto buram, mohon difoto ulang.');
  }, 120_000);

  it("at 200% zoom (1366 x 768 seen as 683 x 384 CSS pixels) no screen scrolls sideways: the clerk's, the head's, the administrator's", async () => {
    // A draft waiting, so the head's queue shows a line with its three buttons.
    await sentDraft('3274045708900063');
    browser ??= await chromiumBrowser();
    for (const [name, loaded] of [
      ['siti', '#approved-list li'],
      ['bagus', '#queue-list li button'],
      ['admin', '#accounts-table tbody tr'],
    ] as const) {
      const page = await pageAs(name, { viewport: { width: 683, height: 384 }, deviceScaleFactor: 2 });
      await page.waitForSelector(loaded);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, `${name} scrolls ${sideways} px sideways`).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  }, 120_000);
});

describe('--no-counter', () => {
  it('a service started with it hosts no counter: the page and its API answer 404', async () => {
    const plain = await startServer(['--office', 'kantor.json', '--no-counter'], dir);
    try {
      expect((await fetch(`${plain.url}/loket/`)).status).toBe(404);
      const login = await fetch(`${plain.url}/loket/api/login`, {
        method: 'POST',
        headers: { origin: plain.url, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'siti', password: PASSWORDS.siti }),
      });
      expect(login.status).toBe(404);
      expect((await fetch(`${plain.url}/health`)).status).toBe(200);
    } finally {
      await plain.stop();
    }
  });
});

describe("the server's log", () => {
  it('after every counter flow above: JSON lines, none holding a resident NIK or name, a password or a session token', () => {
    const log = server.log();
    expect(log.length).toBeGreaterThan(1000);
    for (const line of log.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    for (const secret of ['3274045708900042', '3274045708900044', '3274045708900048', 'Sekar', 'SEKAR', ...Object.values(PASSWORDS)])
      expect(log).not.toContain(secret);
    expect(log).not.toMatch(/suket_loket=/);
    // The routes are named by their pattern, never the number or a query.
    expect(log).toContain('"route":"/loket/api/drafts/:id/approve"');
  });
});

// Last in this file: it spends this address's wrong logins.
describe('logins from one address, and from another machine', () => {
  it('over plain HTTP from another machine a login is refused: the counter needs HTTPS on the office network', async () => {
    const url = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/loket/api/login',
          method: 'POST',
          headers: { host: `192.168.1.10:${url.port}`, origin: `http://192.168.1.10:${url.port}`, 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ name: 'siti', password: PASSWORDS.siti }));
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error).toBe('HTTPS_REQUIRED');
  });

  it('thirty wrong logins from one address in a window: then 429 with Retry-After, whatever the name', async () => {
    // Four at a time, as a script would try them (the service hashes two at once).
    let refused: Response | undefined;
    for (let i = 0; i < 40 && !refused; i += 4) {
      const tries = await Promise.all(
        [0, 1, 2, 3].map((k) => fromPage('login', { method: 'POST', body: { name: `tidak-ada-${i + k}`, password: 'bukan-kata-sandinya' } })),
      );
      expect(tries.every((r) => r.status === 401 || r.status === 429)).toBe(true);
      refused = tries.find((r) => r.status === 429);
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(60);
    const right = await fromPage('login', { method: 'POST', body: { name: 'siti', password: PASSWORDS.siti } });
    expect(right.status).toBe(429);
  }, 120_000);
});
