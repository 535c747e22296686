// The register's cost per certificate, beside the certificate itself, in one run:
// issueCertificate alone, Register.issue (validation, claim, render, record), and the
// register's own work alone (reserve + finish on an already rendered certificate),
// on the embedded SQLite file and on PostgreSQL when one answers
// (SUKET_BENCH_POSTGRES, else the test server of scripts/test-services.sh).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCertificate, openRegister } from '../dist/index.js';
import { allCoresRate, benchPostgres, issuanceData, officeSealKey, photoPool, residentData, SEAL_KEY } from './common.mjs';

const quick = process.argv.includes('--quick');
const n = quick ? 60 : 300;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const p95 = (a) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * 0.95))];
const log = (s) => process.stderr.write(`${s}\n`);
const photos = await photoPool(4);
const { sequence: _s, ...office } = issuanceData(0);
const seal = { privateKey: SEAL_KEY };
const resident = (i) => ({ ...residentData(i), photo: photos[i % photos.length] });

const postgresUrl = () => benchPostgres('suket_bench');

/** Medians of: the certificate alone, through the register, and the register's own work alone. */
async function measure(location, storePdf) {
  const register = await openRegister(location, { storePdf });
  const alone = [];
  const through = [];
  const own = [];
  for (let i = 0; i < 10; i++) await register.issue(resident(i), { issuance: office, seal });
  for (let i = 0; i < n; i++) {
    const r = resident(1000 + i);
    let t = performance.now();
    const issued = await issueCertificate(r, { issuance: { ...office, sequence: 1 }, seal });
    alone.push(performance.now() - t);
    t = performance.now();
    await register.issue(r, { issuance: office, seal });
    through.push(performance.now() - t);
    // The register's own work on a certificate already rendered: check, claim, record.
    t = performance.now();
    // The same resident again: a deliberate second paper (one valid paper per resident is the rule).
    const reservation = await register.reserve(r, { issuance: office, secondReason: 'uji beban' });
    await register.finish(reservation, issued);
    own.push(performance.now() - t);
  }
  await register.close();
  return { alone: median(alone), through: median(through), own: median(own), ownP95: p95(own) };
}

const rows = [];
const sqliteFile = () => join(mkdtempSync(join(tmpdir(), 'suket-bench-reg-')), 'suket.db');
for (const storePdf of [true, false]) {
  log(`SQLite, PDFs ${storePdf ? 'kept' : 'not kept'} ...`);
  rows.push({ store: `SQLite file${storePdf ? '' : ', no PDFs'}`, ...(await measure(sqliteFile(), storePdf)) });
}
const server = await postgresUrl();
if (server) {
  log('PostgreSQL ...');
  rows.push({ store: 'PostgreSQL 127.0.0.1', ...(await measure(server.url, true)) });
  await server.drop();
} else log('PostgreSQL: skipped (no server answers; run scripts/test-services.sh)');

/** Certificates per second rendering only, one worker thread per core (the rate with no register at all). */
const renderRate = (total) => allCoresRate('suket', photos, Math.ceil(total / availableParallelism()), 300_000);

/** `suket batch` through a register: rows per second from the first row to the last (start-up excluded by a warm-up batch). */
async function batchRate(total, register) {
  const dir = mkdtempSync(join(tmpdir(), 'suket-bench-regbatch-'));
  mkdirSync(join(dir, 'photos'));
  for (const [i, p] of photos.entries()) writeFileSync(join(dir, 'photos', `p${i}.jpg`), p);
  const { issuedAt: _i, ...settings } = office;
  writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance: settings, key: officeSealKey(dir) }));
  const rows = (from, n) => Array.from({ length: n }, (_, i) => JSON.stringify({ ...residentData(from + i), photo: `p${i % photos.length}.jpg` })).join('\n');
  // A register is made on purpose (the CLI never makes one by itself).
  spawnSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'register', 'init', '--register', register], { cwd: dir });
  const run = async (name, from, n) => {
    writeFileSync(join(dir, `${name}.jsonl`), rows(from, n));
    const child = spawn(
      process.execPath,
      [
        new URL('../dist/cli.js', import.meta.url).pathname,
        'batch',
        `${name}.jsonl`,
        '--photos',
        'photos',
        '--office',
        'office.json',
        '--register',
        register,
        '--out',
        name,
        '--json',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((res) => child.on('exit', res));
    return JSON.parse(out).seconds;
  };
  const small = await run('warm', 0, 20);
  const big = await run('timed', 50_000, total);
  return (total - 20) / (big - small); // the start-up a 20-row batch pays is taken out
}

const f = (v) => v.toFixed(2);
const table = [
  '| register | certificate alone ms | through the register ms | register work alone ms (median / p95) |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.store} | ${f(r.alone)} | ${f(r.through)} | ${f(r.own)} / ${f(r.ownP95)} |`),
].join('\n');
const batchN = quick ? 200 : 600;
log(`render rate, all cores, ${batchN} certificates ...`);
const bare = await renderRate(batchN);
log('suket batch through the SQLite register ...');
const viaSqlite = await batchRate(batchN, sqliteFile());
let viaPostgres;
const batchServer = await postgresUrl();
if (batchServer) {
  log('suket batch through PostgreSQL ...');
  viaPostgres = await batchRate(batchN, batchServer.url);
  await batchServer.drop();
}
const rate = (v) => `${v.toFixed(1)}/s (${((v / bare) * 100).toFixed(0)}% of rendering alone)`;
const batchLine = `${batchN} certificates on ${availableParallelism()} cores: rendering alone ${bare.toFixed(1)}/s; \`suket batch\` through the SQLite register ${rate(viaSqlite)}${viaPostgres ? `, through PostgreSQL ${rate(viaPostgres)}` : ''} (the batch also writes each PDF to its folder).`;
console.log(table);
console.log(`\n${batchLine}`);
if (!quick) {
  const { readFileSync } = await import('node:fs');
  const md = readFileSync(new URL('../BENCHMARKS.md', import.meta.url), 'utf8');
  const start = md.indexOf('<!-- register -->');
  const end = md.indexOf('<!-- /register -->');
  if (start >= 0 && end > start) {
    const body = `<!-- register -->\nMeasured ${new Date().toISOString().slice(0, 10)}, ${n} certificates each, one after another on one core (1200 x 1600 photo, ES256 seal):\n\n${table}\n\n${batchLine}\n`;
    writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), md.slice(0, start) + body + md.slice(end));
    log('updated BENCHMARKS.md (register)');
  }
}
