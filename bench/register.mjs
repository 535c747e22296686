// The register's cost per certificate, beside the certificate itself, in one run:
// issueCertificate alone, Register.issue (validation, claim, render, record), and the
// register's own work alone (reserve + finish on an already rendered certificate),
// on the embedded SQLite file and on PostgreSQL when one answers
// (SUKET_BENCH_POSTGRES, else the test server of scripts/test-postgres.sh).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { issueCertificate, openRegister } from '../dist/index.js';
import { issuanceData, photoPool, residentData, SEAL_KEY } from './common.mjs';

const quick = process.argv.includes('--quick');
const n = quick ? 60 : 300;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const p95 = (a) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * 0.95))];
const log = (s) => process.stderr.write(`${s}\n`);
const photos = await photoPool(4);
const { sequence: _s, ...office } = issuanceData(0);
const seal = { privateKey: SEAL_KEY };
const resident = (i) => ({ ...residentData(i), photo: photos[i % photos.length] });

async function postgresUrl() {
  const admin = process.env.SUKET_BENCH_POSTGRES ?? 'postgres://suket:suket@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
    const name = `suket_bench_${Date.now()}`;
    await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: async () => client.query(`DROP DATABASE ${name} WITH (FORCE)`).finally(() => client.end()) };
  } catch {
    await client.end().catch(() => {});
    return undefined;
  }
}

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
    const reservation = await register.reserve(r, { issuance: office });
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
} else log('PostgreSQL: skipped (no server answers; run scripts/test-postgres.sh)');

const f = (v) => v.toFixed(2);
const table = [
  '| register | certificate alone ms | through the register ms | register work alone ms (median / p95) |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.store} | ${f(r.alone)} | ${f(r.through)} | ${f(r.own)} / ${f(r.ownP95)} |`),
].join('\n');
console.log(table);
export { table };
