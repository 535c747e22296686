// `suket serve`'s /v1/verify under load (issue 33): genuine certificates at
// concurrency 1, 8 and 64, the review's 1960 x 1960 pt page at 8 and 64, and
// 5 MB phone-sized photos at 64, each against a fresh server, with its peak
// RSS (VmHWM: the whole process, its threads included), its RSS once the
// load stops, and the share of deliberate 503s. Flat memory is the same peak
// at 64 as at 1. SUKET_BENCH_CLI runs another build (e.g. main before the
// reading threads) side by side.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { samplePortrait } from '../dist/sample.js';
import { issuanceData, residentData } from './common.mjs';

const quick = process.argv.includes('--quick');
const seconds = quick ? 4 : 10;
const log = (s) => process.stderr.write(`${s}\n`);
const CLI = process.env.SUKET_BENCH_CLI ?? new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-bench-verify-'));

const { sequence: _s, ...office } = issuanceData(0);
// A seal key with the window the service asks of it.
spawnSync(process.execPath, [CLI, 'keygen', '--out', join(dir, 'office'), '--not-before', '2026-01-01', '--not-after', '2030-12-31'], { cwd: dir });
writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance: office, key: 'office.key.pem' }));
const cli = (args) => spawnSync(process.execPath, [CLI, ...args, '--office', join(dir, 'office.json')], { cwd: dir, encoding: 'utf8' });
cli(['register', 'init']);
const key = cli(['serve', 'keys', 'add', 'bench', '--scope', 'issue,verify']).stdout.trim();

function startServer() {
  const proc = spawn(process.execPath, [CLI, 'serve', '--office', join(dir, 'office.json'), '--port', '0'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (\S+)/.exec(err);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.once('exit', () => reject(new Error(err)));
  });
}

const status = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** A one-page PDF of one filled square on a page `side` points wide, as the review sent. */
function bigPage(side) {
  const data = deflateSync(Buffer.from('0 0 10 10 re f'));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${side} ${side}] /Contents 4 0 R >>`,
  ];
  let out = Buffer.from('%PDF-1.7\n');
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out = Buffer.concat([out, Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`)]);
  });
  offsets.push(out.length);
  out = Buffer.concat([out, Buffer.from(`4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n')]);
  const xref = out.length;
  const table = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return Buffer.concat([out, Buffer.from(`xref\n0 5\n0000000000 65535 f \n${table}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`)]);
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

const steps = [
  { what: `certificate PDF (${(certificate.length / 1024).toFixed(0)} KB)`, body: certificate, type: 'application/pdf', c: 1 },
  { what: `certificate PDF (${(certificate.length / 1024).toFixed(0)} KB)`, body: certificate, type: 'application/pdf', c: 8 },
  { what: `certificate PDF (${(certificate.length / 1024).toFixed(0)} KB)`, body: certificate, type: 'application/pdf', c: 64 },
  { what: 'one 1960 x 1960 pt page (440 B)', body: bigPage(1960), type: 'application/pdf', c: 8 },
  { what: 'one 1960 x 1960 pt page (440 B)', body: bigPage(1960), type: 'application/pdf', c: 64 },
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
const summary = `${availableParallelism()} cores, default settings (reading threads: one per core, queue 64), a fresh server for each row, autocannon in a second process on the same cores for ${seconds} s a row.`;
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
