// Screenshots of the counter page at a counter PC's 1366 x 768, one per
// screen, for docs/counter/ (npm run pictures): an office folder made by
// suket init, two invented staff, the sample resident (an invented person),
// suket serve, Debian's Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { sampleResident } from '../dist/sample.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const out = new URL('../docs/counter/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'suket-counter-pictures-'));
const dir = join(root, 'kantor');
const run = (args, input, cwd = dir) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
};
const office = {
  '--government': 'PEMERINTAH KOTA CIREBON',
  '--office': 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
  '--address': 'Jl. Dr. Sudarsono No. 40, Kesambi, Cirebon 45134',
  '--region': '3274',
  '--place': 'Cirebon',
  '--signatory': 'Drs. H. Bagus Wiratmaja, M.Si.',
  '--nip': '196805121990031005',
  '--title': 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA CIREBON',
};
run(['init', 'kantor', ...Object.entries(office).flat()], undefined, root);
for (const [name, role, display] of [
  ['siti', 'petugas', 'Siti Rahmawati'],
  ['bagus', 'kepala', 'Drs. H. Bagus Wiratmaja'],
  ['admin', 'admin', 'Admin TI'],
])
  run(['serve', 'users', 'add', name, '--role', role, '--display-name', display, '--office', 'kantor.json'], 'contoh-kata-sandi-1\n');

const server = spawn(process.execPath, [CLI, 'serve', '--office', 'kantor.json', '--port', '0'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve) => {
  let err = '';
  server.stderr.on('data', (d) => {
    err += d;
    const m = /listening on (\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
});
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

async function logIn(name) {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${url}/loket/`);
  await page.fill('#name', name);
  await page.fill('#password', 'contoh-kata-sandi-1');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#who:not([hidden])');
  return page;
}

const login = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
await login.goto(`${url}/loket/`);
await shot(login, '1-masuk');

const clerk = await logIn('siti');
const r = sampleResident();
for (const [path, value] of Object.entries({
  ...r,
  ...Object.fromEntries(Object.entries(r.address).map(([k, v]) => [`address.${k}`, v])),
  occupation: 'KARYAWAN SWASTA',
})) {
  const selector = `#resident-form [name="${path}"]`;
  if (!(await clerk.$(selector))) continue;
  if (await clerk.$eval(selector, (e) => e.tagName === 'SELECT')) await clerk.selectOption(selector, String(value));
  else await clerk.fill(selector, String(value));
}
await clerk.fill('#resident-form [name="nik"]', '327404570890004');
await shot(clerk, '2-petugas-konsep-nik-salah');
await clerk.fill('#resident-form [name="nik"]', r.nik);
await clerk.setInputFiles('#photo', join(dir, 'foto', 'contoh.jpg'));
await clerk.click('#preview-page');
await clerk.waitForSelector('#preview:not([hidden])');
// The viewer draws the page after the frame has loaded.
await clerk.waitForFunction(() => document.getElementById('preview-frame')?.src.startsWith('blob:'));
await clerk.waitForTimeout(2000);
await clerk.screenshot({ path: join(out, '3-petugas-lihat-halaman.png') });
// Kirim is the next button after Lihat halaman. (Playwright's click() on an element misses while a PDF viewer frame is on the page in headless Chromium; the keyboard, or the mouse at the button's place, does not.)
await clerk.keyboard.press('Tab');
await clerk.keyboard.press('Enter');
await clerk.waitForFunction(() => document.getElementById('draft-sent')?.textContent);

const head = await logIn('bagus');
await head.waitForSelector('#queue-list li button');
await shot(head, '4-kepala-antrian');
await head.click('#queue-list li button:has-text("Setujui")');
await head.waitForFunction(() => /nomor/.test(document.getElementById('queue-list')?.textContent ?? ''));
await head.click('#log-form button[type=submit]');
await head.waitForSelector('#log-table tbody tr');
await shot(head, '5-kepala-disetujui-dan-log');

await clerk.reload();
await clerk.waitForSelector('#approved-list li');
await shot(clerk, '6-petugas-siap-cetak');
const admin = await logIn('admin');
await admin.waitForSelector('#accounts-table tbody tr');
await admin.waitForSelector('#settings-list dd');
await shot(admin, '7-admin-akun-dan-pengaturan');
await browser.close();
server.kill();
console.log(`wrote ${out}`);
