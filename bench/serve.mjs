// `suket serve` under load from autocannon: requests/s and p50/p99 latency at
// concurrency 1, 8 and 64, and at 256 the share of deliberate 503s, with the
// server's peak RSS; beside the ceiling, issueCertificate in this process on
// every core. The register is PostgreSQL when one answers
// (SUKET_BENCH_POSTGRES, else the test server of scripts/test-services.sh),
// else a SQLite file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { samplePortrait } from '../dist/sample.js';
import { allCoresRate, benchPostgres, issuanceData, officeSealKey, residentData, startBenchServer } from './common.mjs';

const quick = process.argv.includes('--quick');
const seconds = quick ? 4 : 12;
const log = (s) => process.stderr.write(`${s}\n`);
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-bench-serve-'));

const postgresUrl = () => benchPostgres('suket_bench_serve');

const server = await postgresUrl();
const register = server?.url ?? join(dir, 'suket.db');
const { sequence: _s, ...office } = issuanceData(0);
writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance: { ...office, numbering: office.numbering }, key: officeSealKey(dir) }));
const cli = (args) => spawnSync(process.execPath, [CLI, ...args, '--office', join(dir, 'office.json'), '--register', register], { encoding: 'utf8' });
cli(['register', 'init']);
const key = cli(['serve', 'keys', 'add', 'bench', '--scope', 'issue']).stdout.trim();
// The usual SIAK photo: 354 x 472.
const photo = await samplePortrait();
// One resident again and again: each a deliberate second paper (one valid paper per resident is the rule).
const body = JSON.stringify({ resident: { ...residentData(1), photo: Buffer.from(photo).toString('base64') }, secondReason: 'uji beban' });

const startServer = () => startBenchServer(CLI, ['--office', join(dir, 'office.json'), '--register', register], dir);

/** Peak resident set of the server process (its render threads included). */
const peakRss = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

function load(url, connections) {
  return autocannon({
    url: `${url}/v1/certificates`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
}

// The ceiling: the same certificate rendered in this process, one thread per core, no HTTP and no register.
const ceiling = await allCoresRate('suket', [photo], quick ? 40 : 150);
const { proc, url } = await startServer();
await load(url, 2); // warm-up: threads, fonts, prepared statements
/** autocannon drops its connections at the end of a step; the server finishes what it had before the next step starts. */
async function idle(url) {
  for (;;) {
    const m = await (await fetch(`${url}/metrics`)).text();
    if (/suket_render_queue_waiting 0\b/.test(m) && /suket_render_threads_busy 0\b/.test(m)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rows = [];
for (const c of [1, 8, 64, 256]) {
  await idle(url);
  const r = await load(url, c);
  const ok = r['2xx'];
  const busy = r.non2xx;
  rows.push({ c, rate: ok / seconds, p50: r.latency.p50, p99: r.latency.p99, busy: busy / (ok + busy), errors: r.errors + r.timeouts });
  log(
    `concurrency ${c}: ${(ok / seconds).toFixed(1)}/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, statuses ${JSON.stringify(Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])))}`,
  );
}
const rss = peakRss(proc.pid);
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
await server?.drop();

const table = [
  '| concurrency | certificates/s | p50 ms | p99 ms | 503 share | errors |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.c} | ${r.rate.toFixed(1)} | ${r.p50} | ${r.p99} | ${(r.busy * 100).toFixed(1)}% | ${r.errors} |`),
].join('\n');
const summary = `${availableParallelism()} cores, register on ${server ? 'PostgreSQL' : 'SQLite'}, 354 x 472 photo, ES256 seal, ${seconds} s per step, autocannon in a second process on the same cores. Ceiling (issueCertificate in-process on every core, no HTTP, no register): ${ceiling.toFixed(1)}/s. Server peak RSS over the whole run: ${rss.toFixed(0)} MB (target 400 MB).`;
console.log(`${table}\n\n${summary}`);
if (!quick) {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const md = readFileSync(file, 'utf8');
  const start = md.indexOf('<!-- serve -->');
  const end = md.indexOf('<!-- /serve -->');
  if (start >= 0 && end > start) {
    writeFileSync(file, `${md.slice(0, start)}<!-- serve -->\nMeasured ${new Date().toISOString().slice(0, 10)}:\n\n${table}\n\n${summary}\n${md.slice(end)}`);
    log('updated BENCHMARKS.md (serve)');
  }
}
