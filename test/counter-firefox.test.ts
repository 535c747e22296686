/**
 * The counter in Firefox (Debian's firefox-esr, driven by puppeteer-core
 * over WebDriver BiDi): the same page, the same flow as in Chromium, from
 * the keyboard login to the printed paper, with no script error and no
 * Content-Security-Policy violation. Firefox shows PDFs with its own
 * pdf.js and lets a page print only a frame of its own origin, which is
 * why the page prints from the service's URL and not from a blob.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIn } from '../src/index.js';
import { sampleResident } from '../src/sample.js';
import { checkResident } from '../src/validate/resident.js';
import { KONSEP_MIN, konsepPixels, openCounterOffice, PASSWORDS, type CounterOffice, type StaffName } from './counter-office.js';

const FIREFOX = '/usr/bin/firefox-esr';
let office: CounterOffice;
let browser: Browser;

beforeAll(async () => {
  office = await openCounterOffice('suket-counter-firefox-', ['siti', 'bagus']);
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await office?.server.stop();
});

/** A page in a context of its own (its own cookies), recording every policy violation and script error. */
async function counterPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 1366, height: 768 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`error: ${(e as Error).message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content-Security-Policy|Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${office.server.url}/loket/`);
  return { page, problems };
}

/** Logs in by the keyboard only: the name field has the focus, Tab to the password, Enter. */
async function logIn(page: Page, name: StaffName): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.id === 'name');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORDS[name]);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#who:not([hidden])', { timeout: 30_000 });
}

/** Puts `value` in a field as typed (a date field takes its value whole: Firefox's typing order depends on the locale). */
async function setField(page: Page, path: string, value: string): Promise<void> {
  const selector = `#resident-form [name="${path}"]`;
  const kind = await page.$eval(selector, (e) => (e.tagName === 'SELECT' ? 'select' : (e as HTMLInputElement).type));
  if (kind === 'select') await page.select(selector, value);
  else if (kind === 'date')
    await page.$eval(
      selector,
      (e, v) => {
        (e as HTMLInputElement).value = v;
        e.dispatchEvent(new Event('input', { bubbles: true }));
      },
      value,
    );
  else {
    await page.$eval(selector, (e) => {
      (e as HTMLInputElement).value = '';
    });
    await page.type(selector, value);
  }
}

async function fillResident(page: Page, r: Record<string, unknown>): Promise<void> {
  const address = r.address as Record<string, string>;
  const fields = { ...r, ...Object.fromEntries(Object.entries(address).map(([k, v]) => [`address.${k}`, v])) };
  for (const [path, value] of Object.entries(fields))
    if ((await page.$(`#resident-form [name="${path}"]`)) && typeof value === 'string') await setField(page, path, value);
}

const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

describe('the counter in Firefox', () => {
  it("a clerk logs in by the keyboard, sees the library's messages as she types, sees the page, sends it; the head approves; Cetak prints the paper, which verifies", async () => {
    const { page: clerk, problems } = await counterPage();
    await logIn(clerk, 'siti');
    expect(await text(clerk, '#who-name')).toBe('Siti Rahmawati (petugas)');

    const good: Record<string, unknown> = { ...(sampleResident() as unknown as Record<string, unknown>), occupation: 'KARYAWAN SWASTA' };
    await fillResident(clerk, good);
    // The library's own message beside the field, in Firefox too.
    for (const [path, value] of [
      ['nik', '327404570890004'],
      ['name', 'Budi 99'],
      ['address.rt', '1234'],
    ] as const) {
      await setField(clerk, path, value);
      const [head, tail] = path.split('.');
      const input = tail ? { ...good, address: { ...(good.address as object), [tail]: value } } : { ...good, [head!]: value };
      const expected = checkResident(input).issues.find((i) => i.path === path)!;
      await expect.poll(() => text(clerk, `#f-${path.replace('.', '-')}-error`), { message: path }).toBe(messageIn('id', expected));
      await setField(clerk, path, String(tail ? (good.address as Record<string, unknown>)[tail] : good[head!]));
    }
    const photo = await clerk.$('#photo');
    await (photo as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(join(office.dir, 'foto', 'contoh.jpg'));

    // The page as it will print, in Firefox's own viewer (pdf.js) below the form.
    await clerk.click('#preview-page');
    await clerk.waitForSelector('#preview:not([hidden])', { timeout: 30_000 });
    const frame = await clerk.$('#preview-frame');
    await expect.poll(async () => konsepPixels(await frame!.screenshot()), { timeout: 30_000 }).toBeGreaterThan(KONSEP_MIN);
    await clerk.focus('#preview-page');
    await clerk.keyboard.press('Tab');
    expect(await clerk.evaluate(() => document.activeElement?.textContent)).toBe('Kirim untuk persetujuan');
    await clerk.keyboard.press('Enter');
    await expect.poll(() => text(clerk, '#draft-sent'), { timeout: 30_000 }).toBe('Konsep terkirim: menunggu persetujuan kepala.');

    const { page: head, problems: headProblems } = await counterPage();
    await logIn(head, 'bagus');
    await head.waitForSelector('#queue-list li button');
    const approve = await head.waitForSelector('#queue-list li button ::-p-text(Setujui)');
    await approve!.click();
    await expect.poll(() => text(head, '#queue-list'), { timeout: 60_000 }).toMatch(/Disetujui dengan nomor 471\.13\/0001\//);
    const number = /nomor (\S+)/.exec(await text(head, '#queue-list'))![1]!;

    // Cetak: the paper in a hidden frame of the service's own URL, and the print dialogue asked for on it.
    await clerk.reload();
    const print = await clerk.waitForSelector('#approved-list li button ::-p-text(Cetak)');
    await print!.click();
    const url = `api/certificates/${encodeURIComponent(number)}/pdf`;
    await expect.poll(() => clerk.$eval('#print-frame', (f) => f.getAttribute('data-printed')).catch(() => null), { timeout: 30_000 }).toBe(url);
    expect(await text(clerk, '#print-status')).toBe('');
    const pdf = await clerk.evaluate(async (u) => {
      const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    }, url);
    writeFileSync(join(office.dir, 'firefox.pdf'), Buffer.from(pdf, 'base64'), { mode: 0o600 });
    const verified = office.run(['verify', 'firefox.pdf', '--trust', 'kunci/segel.jwk.json']);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain(number);
    expect([...problems, ...headProblems]).toEqual([]);
  }, 240_000);
});
