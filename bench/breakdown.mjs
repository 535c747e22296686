// npm run bench: where a certificate's time goes, beside its floor (issue 15).
//  - the floor, measured alone in this run: the photo step (decode, crop to
//    the box, encode: what any implementation must do with a 1200 x 1600
//    JPEG) and the ES256 signature;
//  - one certificate after another, interleaved with the photo step alone,
//    and suket's ratio to it;
//  - the main thread's time by phase, from V8's sampling profiler over the
//    same certificates (inclusive time of the named functions);
//  - start-up: importing each heavy dependency in a fresh process, the
//    library, a first PDF, and `suket generate` from the shell.
// Rewrites the <!-- breakdown --> section of BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createGenerator, createSeal } from '../dist/index.js';
import { issuanceData, officeSealKey, photoPool, residentData, SEAL_KEY } from './common.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 60 : 300;
const log = (s) => process.stderr.write(`${s}\n`);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (v, d = 1) => v.toFixed(d);

const photos = await photoPool(8);
// The same pipeline as the library's photo step (src/render/plan/photo.ts), nothing else.
const photoStep = (b) =>
  sharp(b, { failOn: 'error' })
    .autoOrient()
    .resize(354, 472, { fit: 'cover', position: 'north', fastShrinkOnLoad: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 85, chromaSubsampling: '4:2:0' })
    .toBuffer();
const g = createGenerator({ seal: { privateKey: SEAL_KEY } });
const cert = (i) => g.generateCertificate({ ...residentData(i), photo: photos[i % photos.length] }, { issuance: issuanceData(i) });

log(`breakdown: ${rounds} certificates interleaved with the photo step alone ...`);
for (let i = 0; i < 20; i++) {
  await cert(i);
  await photoStep(photos[i % photos.length]);
}
const certTimes = [];
const photoTimes = [];
for (let i = 0; i < rounds; i++) {
  let t = performance.now();
  await cert(i);
  certTimes.push(performance.now() - t);
  t = performance.now();
  await photoStep(photos[i % photos.length]);
  photoTimes.push(performance.now() - t);
}
const sealTimes = [];
const fields = {
  nik: '3274040202710002',
  name: 'BUDI YUSUF SANTOSO',
  birthPlace: 'CIREBON',
  birthDate: '1971-02-02',
  sex: 'LAKI-LAKI',
  officeCode: '3274',
  issuedAt: '2026-11-30',
  validUntil: '2027-05-30',
  photoHash: '00112233445566778899aabbccddeeff',
};
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  await createSeal({ ...fields, number: `471.13/${i}/XI/2026` }, { privateKey: SEAL_KEY });
  sealTimes.push(performance.now() - t);
}

log('breakdown: profiling the main thread ...');
const PHASES = [
  ['checking the input', 'check'],
  ['planning assets (photo and seal started)', 'planAssets'],
  ['laying out the page', 'layoutPage'],
  ['drawing the page (pdfkit, fonts)', 'drawPage'],
  ['  of which serialising (end: content, structure, fonts)', 'end'],
  ['the seal (CBOR, ES256, Base45)', 'createSeal'],
  ['the QR code (Reed-Solomon, masks)', 'encodeQr'],
  ['garbage collection', '(garbage collector)'],
  ['idle: waiting for the photo', '(idle)'],
];
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 250 });
await session.post('Profiler.start');
const profiled = quick ? 60 : 200;
const t0 = performance.now();
for (let i = 0; i < profiled; i++) await cert(i);
const wall = (performance.now() - t0) / profiled;
const { profile } = await session.post('Profiler.stop');
session.disconnect();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
const spent = new Map();
profile.samples.forEach((id, k) => {
  const seen = new Set();
  for (let n = byId.get(id); n; n = parent.get(n.id)) seen.add(n.callFrame.functionName);
  for (const [, fn] of PHASES) if (seen.has(fn)) spent.set(fn, (spent.get(fn) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
});

log('breakdown: start-up in fresh processes ...');
const fresh = (code, n = 5) => {
  const t = [];
  for (let k = 0; k < n; k++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    t.push(Number(out.trim()));
  }
  return median(t);
};
const importTime = (spec) => fresh(`const t = performance.now(); await import(${JSON.stringify(spec)}); console.log(performance.now() - t);`);
const dist = new URL('../dist/index.js', import.meta.url).href;
const modules = ['pdfkit', 'fontkit', 'sharp', 'better-sqlite3', 'fastify'].map((m) => [m, importTime(m)]);
const lib = importTime(dist);
// The renderer as suket loads it: pdfkit and fontkit bundled (one file each
// build) with suket's drawing code and sharp, in the chunk the first
// certificate imports.
const renderChunk = readdirSync(new URL('../dist/', import.meta.url)).find(
  (f) => /^render-.*\.js$/.test(f) && readFileSync(new URL(`../dist/${f}`, import.meta.url), 'utf8').includes('registerStdFontLoaders'),
);
const renderer = renderChunk ? importTime(new URL(`../dist/${renderChunk}`, import.meta.url).href) : Number.NaN;
const node = fresh(`console.log(performance.now());`);
const tmp = mkdtempSync(join(tmpdir(), 'suket-bench-start-'));
writeFileSync(join(tmp, 'photo.jpg'), photos[0]);
const { sequence: _s, issuedAt: _i, ...issuance } = issuanceData(0);
writeFileSync(join(tmp, 'office.json'), JSON.stringify({ issuance, key: officeSealKey(tmp) }));
writeFileSync(join(tmp, 'resident.json'), JSON.stringify(residentData(0)));
const spawnMedian = (args, n = 5) => {
  const t = [];
  for (let k = 0; k < n; k++) {
    const s = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: tmp, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    t.push(performance.now() - s);
  }
  return median(t);
};
const first = spawnMedian([new URL('./first-pdf.mjs', import.meta.url).pathname, 'suket', join(tmp, 'photo.jpg'), join(tmp, 'first.pdf')]);
const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const generate = spawnMedian([
  cli,
  'generate',
  'resident.json',
  '--photo',
  'photo.jpg',
  '--office',
  'office.json',
  '--no-register',
  '--sequence',
  '1',
  '-o',
  'one.pdf',
  '--force',
]);
const version = spawnMedian([cli, '--version']);

const c = median(certTimes);
const p = median(photoTimes);
const rows = [
  '| one core, 1200 x 1600 photo, ES256 seal | median ms |',
  '| --- | ---: |',
  `| the photo step alone (sharp: decode, crop, encode) | ${ms(p)} |`,
  `| the ES256 seal alone (createSeal) | ${ms(median(sealTimes), 2)} |`,
  `| a whole certificate | ${ms(c)} |`,
  `| **certificate / photo step** | **${(c / p).toFixed(2)}** (target 1.3) |`,
];
const phaseRows = [
  `| main thread, by phase (sampling profiler, ${profiled} certificates, ${ms(wall)} ms each under it) | ms a certificate |`,
  '| --- | ---: |',
  ...PHASES.map(([label, fn]) => `| ${label} | ${ms((spent.get(fn) ?? 0) / profiled, 2)} |`),
];
const startRows = [
  '| start-up, fresh process (median of 5) | ms |',
  '| --- | ---: |',
  `| node itself, to the first line of a script | ${ms(node, 0)} |`,
  ...modules.map(([m, t]) => `| import('${m}') alone | ${ms(t, 0)} |`),
  `| import('suket') (target 150) | ${ms(lib, 0)} |`,
  `| suket's renderer chunk (bundled pdfkit + fontkit, sharp, drawing code), loaded by the first certificate | ${ms(renderer, 0)} |`,
  `| a first PDF, spawn to exit (bench/first-pdf.mjs; target 400) | ${ms(first, 0)} |`,
  `| \`suket generate resident.json --photo ... --no-register\`, spawn to exit (target 600) | ${ms(generate, 0)} |`,
  `| \`suket --version\`, spawn to exit | ${ms(version, 0)} |`,
];
const body = [rows.join('\n'), phaseRows.join('\n'), startRows.join('\n')].join('\n\n');
console.log(body);
if (!quick) {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const md = readFileSync(file, 'utf8');
  const start = md.indexOf('<!-- breakdown -->');
  const end = md.indexOf('<!-- /breakdown -->');
  if (start >= 0 && end > start) {
    writeFileSync(file, `${md.slice(0, start)}<!-- breakdown -->\nMeasured ${new Date().toISOString().slice(0, 10)}:\n\n${body}\n${md.slice(end)}`);
    log('updated BENCHMARKS.md (breakdown)');
  }
}
