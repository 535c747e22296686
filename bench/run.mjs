// npm run bench: suket beside what users would pick instead, in one run.
// Options: --quick (fewer rounds), --long N (the memory batch, default 10000), --only a,b
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCoresRate, photoPool } from './common.mjs';

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args[i + 1];
};
const quick = args.includes('--quick');
const longN = Number(flag('--long', quick ? 1000 : 10000));
const only = flag('--only', 'suket,baseline,pdfme,chromium').split(',');
const cores = availableParallelism();
const pkg = (n) => JSON.parse(readFileSync(new URL(`../node_modules/${n}/package.json`, import.meta.url))).version;

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const p95 = (a) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * 0.95))];
const log = (s) => process.stderr.write(s + '\n');

log(`machine: ${cores} cores, ${cpus()[0]?.model}, node ${process.version}`);
const photos = await photoPool(16);
const kb = photos.map((p) => p.length / 1024);
log(`photos: 16 distinct 1200 x 1600 JPEGs, ${Math.min(...kb).toFixed(0)}-${Math.max(...kb).toFixed(0)} KB`);
const tmp = mkdtempSync(join(tmpdir(), 'suket-bench-'));
writeFileSync(join(tmp, 'photo.jpg'), photos[0]);

const rounds = { suket: 300, baseline: 150, pdfme: 60, chromium: 40 };
const results = [];

for (const name of only) {
  const c = await import(`./contenders/${name}.mjs`);
  if (c.available && !c.available()) {
    log(`${c.name}: SKIPPED (not installed: apt-get install chromium)`);
    results.push({ key: name, name: c.name, skipped: true });
    continue;
  }
  log(`${c.name}: one core ...`);
  await c.setup();
  for (let i = 0; i < 10; i++) await c.render(100_000 + i, photos[i % photos.length]);
  const n = quick ? Math.ceil(rounds[name] / 3) : rounds[name];
  const times = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const pdf = await c.render(i, photos[i % photos.length]);
    times.push(performance.now() - t);
    bytes += pdf.length;
  }
  await c.teardown();

  let perSecond;
  if (name !== 'chromium') {
    log(`${c.name}: all ${cores} cores ...`);
    perSecond = await allCoresRate(name, photos, Math.ceil((quick ? n : n * 2) / cores));
  }

  log(`${c.name}: first PDF from process start ...`);
  const firsts = [];
  for (let k = 0; k < (quick ? 2 : 4); k++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [new URL('./first-pdf.mjs', import.meta.url).pathname, name, join(tmp, 'photo.jpg'), join(tmp, `${name}.pdf`)], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error(`${name}: first-pdf failed`);
    firsts.push(performance.now() - t);
  }
  results.push({ key: name, name: c.name, median: median(times), p95: p95(times), perSecond, first: median(firsts), size: bytes / n / 1024 });
}

// Peak memory over a long batch: the real `suket batch` command with its
// default render threads (renderThreads() in src/worker-pool.ts), RSS of
// the whole process sampled from /proc every 200 ms;
// once as it starts by default, once with MALLOC_ARENA_MAX=2 (README).
const memory = [];
if (only.includes('suket') && longN > 0) {
  for (const arenas of [undefined, '2']) {
    log(`suket batch: ${longN} certificates for memory${arenas ? ` (MALLOC_ARENA_MAX=${arenas})` : ''} ...`);
    memory.push({ arenas, ...(await cliBatch(longN, arenas)) });
  }
}

async function cliBatch(total, arenas) {
  const { spawn } = await import('node:child_process');
  const { mkdirSync } = await import('node:fs');
  const { residentData, issuanceData, officeSealKey } = await import('./common.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'suket-bench-batch-'));
  mkdirSync(join(dir, 'photos'));
  for (const [i, p] of photos.entries()) writeFileSync(join(dir, 'photos', `p${i}.jpg`), p);
  const { sequence: _s, issuedAt: _i, ...issuance } = issuanceData(0);
  writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance, key: officeSealKey(dir) }));
  const lines = [];
  for (let i = 0; i < total; i++) lines.push(JSON.stringify({ ...residentData(i), photo: `p${i % photos.length}.jpg` }));
  writeFileSync(join(dir, 'rows.jsonl'), lines.join('\n') + '\n');
  const env = { ...process.env };
  if (arenas) env.MALLOC_ARENA_MAX = arenas;
  // A register is made on purpose (the CLI never makes one by itself).
  spawnSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'register', 'init', '--office', 'office.json'], { cwd: dir });
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [new URL('../dist/cli.js', import.meta.url).pathname, 'batch', 'rows.jsonl', '--photos', 'photos', '--office', 'office.json', '--out', 'out', '--json'],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const samples = [];
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      if (kb) samples.push(kb / 1024);
    } catch {}
  }, 200);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((res) => child.on('exit', res));
  clearInterval(timer);
  const secs = (performance.now() - t) / 1000;
  if (code !== 0) throw new Error(`suket batch exited ${code}`);
  const summary = JSON.parse(out);
  const at = (f) => samples[Math.min(samples.length - 1, Math.floor(samples.length * f))] ?? 0;
  return { total: summary.issued, secs, peak: Math.max(...samples), at10: at(0.1), at50: at(0.5), at100: at(0.97) };
}

const s = results.find((r) => r.key === 'suket');
const ratio = (v, base) => (v && base ? `${(v / base).toFixed(1)}x` : '');
const fmt = (v, d = 1) => (v === undefined ? 'n/a' : v.toFixed(d));
const lines = [
  '| contender | median ms | p95 ms | certs/s, all cores | first PDF ms | PDF KB | median vs suket |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) =>
    r.skipped
      ? `| ${r.name} | skipped: not installed | | | | | |`
      : `| ${r.name} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.perSecond)} | ${fmt(r.first, 0)} | ${fmt(r.size)} | ${r.key === 'suket' ? '1.0x' : ratio(r.median, s?.median) + ' slower'} |`,
  ),
];
const mem = memory
  .map(
    (m) =>
      `\`suket batch\` of ${m.total} certificates${m.arenas ? ` with MALLOC_ARENA_MAX=${m.arenas}` : ''}: peak RSS ${m.peak.toFixed(0)} MB (whole process, the default render threads on ${cores} cores); ` +
      `${m.at10.toFixed(0)} MB at 10%, ${m.at50.toFixed(0)} MB at 50%, ${m.at100.toFixed(0)} MB at the end; ${(m.total / m.secs).toFixed(1)} certificates/s including start-up.`,
  )
  .join('\n\n');
const table = lines.join('\n');
console.log(table);
if (mem) console.log('\n' + mem);

const versions = ['pdfkit', 'bwip-js', 'sharp', 'fontkit', '@noble/curves', 'cborg', '@pdfme/generator', 'puppeteer-core']
  .map((n) => `${n} ${pkg(n)}`)
  .join(', ');
let chromiumVersion = 'not installed';
try {
  chromiumVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim() || chromiumVersion;
} catch {}
if (!quick) {
  const md = readFileSync(new URL('../BENCHMARKS.md', import.meta.url), 'utf8');
  const start = md.indexOf('<!-- results -->');
  const end = md.indexOf('<!-- /results -->');
  const body = `<!-- results -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${cores} cores (${cpus()[0]?.model}), Node ${process.version}; ${versions}; ${chromiumVersion}.\n\n${table}\n\n${mem}\n`;
  writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), md.slice(0, start) + body + md.slice(end));
  log('updated BENCHMARKS.md');
}
