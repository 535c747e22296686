// The counter's whole flow, timed (issue 36: "a clerk with no training
// issues, gets approved and prints a certificate in under two minutes"):
// from a fresh `suket init` folder and `suket serve`, in Debian's Chromium,
// a clerk logs in, types a resident, chooses the photo, sees the page, sends
// it; the head logs in and approves; the clerk prints. Each step is timed
// twice: the machine's part (what the clerk waits for: scrypt at login, the
// KONSEP render, the approval with its number and seal, the print file) and,
// beside it, the step at a modelled person's pace: typing at --cpm
// characters a minute (200 by default, an office typist's; 120 for a slow
// one) and --pause seconds (2) to read each label and choose. The person is
// a model, not measured; the machine's part is. --quick: the machine only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { sampleResident } from '../dist/sample.js';
import { startBenchServer } from './common.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = process.argv.includes('--quick');
const cpm = quick ? Infinity : arg('cpm', 200);
const pauseMs = quick ? 0 : arg('pause', 2) * 1000;
const keyDelay = Number.isFinite(cpm) ? 60_000 / cpm : 0;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'suket-bench-counter-'));
const dir = join(root, 'kantor');
const cli = (args, input, cwd = dir) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', ...(input ? { input } : {}) });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

const OFFICE = {
  government: 'PEMERINTAH KOTA CIREBON',
  office: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
  address: 'Jl. Dr. Sudarsono No. 40, Kesambi, Cirebon 45134',
  region: '3274',
  place: 'Cirebon',
  signatory: 'Drs. H. Bagus Wiratmaja, M.Si.',
  nip: '196805121990031005',
  title: 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA CIREBON',
};
cli(['init', 'kantor', ...Object.entries(OFFICE).flatMap(([k, v]) => [`--${k}`, v])], undefined, root);
for (const [name, role] of [
  ['siti', 'petugas'],
  ['bagus', 'kepala'],
])
  cli(['serve', 'users', 'add', name, '--role', role, '--office', 'kantor.json'], `kata-sandi-${name}-2026\n`);
const { proc, url } = await startBenchServer(CLI, ['--office', 'kantor.json'], dir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-print-preview'] });

/** The steps: name, machine ms (waiting for the service and the page), person ms (typing and pauses), keystrokes, choices. */
const steps = [];
let current;
function step(name) {
  current = { name, machine: 0, person: 0, keys: 0, choices: 0 };
  steps.push(current);
}
/** Waits for the page: machine time. */
async function wait(what) {
  const t = performance.now();
  await what;
  current.machine += performance.now() - t;
}
/** A person's action: the pause to read and choose, then the action itself. */
async function act(what, { keys = 0, choice = false } = {}) {
  await new Promise((r) => setTimeout(r, pauseMs));
  const t = performance.now();
  await what();
  current.person += pauseMs + (performance.now() - t);
  current.keys += keys;
  if (choice) current.choices += 1;
}

async function logIn(page, name) {
  await act(() => page.goto(`${url}/loket/`));
  await wait(page.waitForFunction(() => document.activeElement?.id === 'name'));
  await act(() => page.keyboard.type(name, { delay: keyDelay }), { keys: name.length });
  await page.keyboard.press('Tab');
  const password = `kata-sandi-${name}-2026`;
  await act(() => page.keyboard.type(password, { delay: keyDelay }), { keys: password.length });
  await page.keyboard.press('Enter');
  await wait(page.waitForSelector('#who:not([hidden])', { timeout: 60_000 }));
}

/** The flow itself, step by step. */
async function flow() {
  const clerk = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  step('clerk logs in');
  await logIn(clerk, 'siti');

  step('clerk types the resident');
  const r = { ...sampleResident(), occupation: 'KARYAWAN SWASTA' };
  const fields = { ...r, ...Object.fromEntries(Object.entries(r.address).map(([k, v]) => [`address.${k}`, v])) };
  for (const [path, value] of Object.entries(fields)) {
    const selector = `#resident-form [name="${path}"]`;
    if (typeof value !== 'string' || !(await clerk.$(selector))) continue;
    const select = await clerk.$eval(selector, (e) => e.tagName === 'SELECT');
    if (select) await act(() => clerk.selectOption(selector, value), { choice: true });
    else if (path === 'birthDate') {
      // A date field is typed day, month, year: eight digits.
      const [y, m, d] = value.split('-');
      await act(() => clerk.type(selector, `${d}${m}${y}`, { delay: keyDelay }), { keys: 8 });
    } else await act(() => clerk.type(selector, value, { delay: keyDelay }), { keys: value.length });
  }
  await act(() => clerk.setInputFiles('#photo', join(dir, 'foto', 'contoh.jpg')), { choice: true });

  step('clerk sees the page (KONSEP)');
  await act(() => clerk.click('#preview-page'), { choice: true });
  await wait(clerk.waitForSelector('#preview:not([hidden])', { timeout: 60_000 }));
  await wait(clerk.waitForFunction(() => [...document.querySelectorAll('iframe')].length > 0));

  step('clerk sends it for approval');
  await act(async () => {
    await clerk.keyboard.press('Tab');
    await clerk.keyboard.press('Enter');
  });
  await wait(clerk.waitForFunction(() => document.getElementById('draft-sent')?.textContent, undefined, { timeout: 60_000 }));

  const head = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  step('head logs in');
  await logIn(head, 'bagus');
  step('head approves (number, seal)');
  await wait(head.waitForSelector('#queue-list li button'));
  await act(() => head.click('#queue-list li button:has-text("Setujui")'), { choice: true });
  await wait(head.waitForFunction(() => /nomor/.test(document.getElementById('queue-list')?.textContent ?? ''), undefined, { timeout: 60_000 }));

  step('clerk prints');
  await wait(clerk.reload());
  await wait(clerk.waitForSelector('#approved-list li button'));
  await act(() => clerk.click('#approved-list li button:has-text("Cetak")'), { choice: true });
  await wait(clerk.waitForSelector('#print-frame[data-printed]', { state: 'attached', timeout: 60_000 }));
}

try {
  await flow();
} finally {
  await browser.close();
  proc.kill();
}

const s = (ms) => (ms / 1000).toFixed(1);
const total = (k) => steps.reduce((a, x) => a + x[k], 0);
const clerkSteps = steps.filter((x) => x.name.startsWith('clerk'));
console.log(
  `\nThe counter's flow, from a fresh \`suket init\` folder (${quick ? 'machine only' : `a person typing ${cpm} characters a minute, ${pauseMs / 1000} s to read and choose before each action`})\n`,
);
console.log('| step | machine s | person s | keystrokes | choices |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const x of steps) console.log(`| ${x.name} | ${s(x.machine)} | ${s(x.person)} | ${x.keys} | ${x.choices} |`);
console.log(`| **all** | **${s(total('machine'))}** | **${s(total('person'))}** | ${total('keys')} | ${total('choices')} |`);
const clerkTime = clerkSteps.reduce((a, x) => a + x.machine + x.person, 0);
console.log(`\nclerk's own time ${s(clerkTime)} s; the whole flow ${s(total('machine') + total('person'))} s (target: under 120 s)`);
