// `suket serve`'s /v1/verify under load (issue 33): genuine certificates at
// concurrency 1, 8 and 64, the review's 1960 x 1960 pt page at 8 and 64, and
// 5 MB phone-sized photos at 64, each against a fresh server, with its peak
// RSS (VmHWM: the whole process, its threads included), its RSS once the
// load stops, and the share of deliberate 503s. Flat memory is the same peak
// at 64 as at 1. SUKET_BENCH_CLI runs another build (e.g. main before the
// reading threads) side by side.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { samplePortrait } from '../dist/sample.js';
import PDFDocument from 'pdfkit';
import { issuanceData, officeSealKey, residentData, startBenchServer } from './common.mjs';

const quick = process.argv.includes('--quick');
const seconds = quick ? 4 : 10;
const log = (s) => process.stderr.write(`${s}\n`);
const CLI = process.env.SUKET_BENCH_CLI ?? new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-bench-verify-'));

const { sequence: _s, ...office } = issuanceData(0);
writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance: office, key: officeSealKey(dir) }));
const cli = (args) => spawnSync(process.execPath, [CLI, ...args, '--office', join(dir, 'office.json')], { cwd: dir, encoding: 'utf8' });
cli(['register', 'init']);
const key = cli(['serve', 'keys', 'add', 'bench', '--scope', 'issue,verify']).stdout.trim();

const startServer = () => startBenchServer(CLI, ['--office', join(dir, 'office.json')], dir);

const status = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** A one-page PDF `side` points wide with one small filled square, as the review sent (pdfkit writes it). */
async function bigPage(side) {
  const doc = new PDFDocument({ size: [side, side], compress: true });
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.rect(0, 0, 10, 10).fill('#000');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

// What is sent: a genuine certificate (issued once by a first server), the review's page, and a photo of noise the size of a phone's.
const first = await startServer();
const photo = await samplePortrait();
const issued = await fetch(`${first.url}/v1/certificates`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ resident: { ...residentData(1), photo: Buffer.from(photo).toString('base64') } }),
});
const certificate = Buffer.from((await issued.json()).pdf, 'base64');
first.proc.kill('SIGTERM');
await new Promise((r) => first.proc.once('exit', r));
const noise = await sharp({ create: { width: 3000, height: 4000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
  .jpeg({ quality: 70 })
  .toBuffer();

const page = await bigPage(1960);
const steps = [
  { what: `certificate PDF (${(certificate.length / 1024).toFixed(0)} KB)`, body: certificate, type: 'application/pdf', c: 1 },
  { what: `certificate PDF (${(certificate.length / 1024).toFixed(0)} KB)`, body: certificate, type: 'application/pdf', c: 8 },
  { what: `certificate PDF (${(certificate.length / 1024).toFixed(0)} KB)`, body: certificate, type: 'application/pdf', c: 64, idleAfter: true },
  { what: `one 1960 x 1960 pt page (${page.length} B)`, body: page, type: 'application/pdf', c: 8 },
  { what: `one 1960 x 1960 pt page (${page.length} B)`, body: page, type: 'application/pdf', c: 64 },
  { what: `3000 x 4000 photo (${(noise.length / 1024 / 1024).toFixed(1)} MB)`, body: noise, type: 'image/jpeg', c: 64 },
];

const rows = [];
for (const step of steps) {
  const { proc, url } = await startServer();
  const idle = status(proc.pid, 'VmRSS');
  const r = await autocannon({
    url: `${url}/v1/verify`,
    method: 'POST',
    connections: step.c,
    duration: seconds,
    headers: { authorization: `Bearer ${key}`, 'content-type': step.type },
    body: step.body,
  });
  const peak = status(proc.pid, 'VmHWM');
  const after = status(proc.pid, 'VmRSS');
  // Once, the reading threads' stop after 30 s idle: the memory they held is given back.
  if (step.idleAfter) {
    await new Promise((res) => setTimeout(res, 35_000));
    step.rested = status(proc.pid, 'VmRSS');
  }
  proc.kill('SIGTERM');
  await new Promise((res) => proc.once('exit', res));
  const ok = r['2xx'];
  const busy = r.statusCodeStats?.['503']?.count ?? 0;
  rows.push({ ...step, rate: ok / seconds, p50: r.latency.p50, busy: busy / Math.max(1, ok + r.non2xx), other: r.non2xx - busy + r.errors, idle, peak, after });
  log(
    `${step.what} at ${step.c}: ${(ok / seconds).toFixed(1)}/s, peak RSS ${peak.toFixed(0)} MB, statuses ${JSON.stringify(Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])))}`,
  );
}

const table = [
  '| sent to /v1/verify | concurrency | answered/s | p50 ms | 503 share | other failures | RSS idle MB | peak RSS MB | RSS after MB |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.what} | ${r.c} | ${r.rate.toFixed(1)} | ${r.p50} | ${(r.busy * 100).toFixed(0)}% | ${r.other} | ${r.idle.toFixed(0)} | ${r.peak.toFixed(0)} | ${r.after.toFixed(0)} |`,
  ),
].join('\n');
const rested = rows.find((r) => r.rested !== undefined);
const summary = `${availableParallelism()} cores, default settings (reading threads: one per core, queue 64), a fresh server for each row, autocannon in a second process on the same cores for ${seconds} s a row. After the 64 certificates, 35 s idle (the reading threads stop after 30): RSS ${rested?.rested.toFixed(0)} MB, from ${rested?.after.toFixed(0)} MB.`;
console.log(`${table}\n\n${summary}`);
if (!quick && !process.env.SUKET_BENCH_CLI) {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const md = readFileSync(file, 'utf8');
  const start = md.indexOf('<!-- verify -->');
  const end = md.indexOf('<!-- /verify -->');
  if (start >= 0 && end > start) {
    writeFileSync(file, `${md.slice(0, start)}<!-- verify -->\nMeasured ${new Date().toISOString().slice(0, 10)}:\n\n${table}\n\n${summary}\n${md.slice(end)}`);
    log('updated BENCHMARKS.md (verify)');
  }
}
