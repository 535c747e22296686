// What every contender prints: the same certificate content, a fresh photo
// and a signed seal per certificate (signing is inside the timed work).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { createSeal, validateCertificateInput } from '../dist/index.js';
import { sampleIssuance, samplePortrait, sampleResident } from '../dist/sample.js';

export const SEAL_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjMxcCswgKh2T/8QY
+QPZYvPIM5gIx/bisH3QcFe/g7yhRANCAAQIya0VsKasuSkAXUWxhWwYNBXU/D1s
gQ5RHvjF+K29PHjnAHXSIZEWVZp8D2f8CPW9cDmhDIPnUjMMFNqYXfEg
-----END PRIVATE KEY-----
`;

const FIRST = ['Sekar', 'Budi', 'Dewi', 'Agus', 'Ratna', 'Hendra', 'Wulan', 'Yusuf', 'Intan', 'Bayu', 'Citra', 'Fajar'];
const LAST = ['Larasati', 'Santoso', 'Kartika', 'Wibowo', 'Puspita', 'Saputra', 'Anggraini', 'Hidayat', 'Permata', 'Nugroho'];

/** Resident i: different name, NIK and address for every certificate. */
export function residentData(i) {
  const r = sampleResident();
  const woman = i % 2 === 0;
  const day = (i % 28) + 1;
  r.name = `${FIRST[i % FIRST.length]} ${FIRST[(i * 7) % FIRST.length]} ${LAST[i % LAST.length]}`;
  r.sex = woman ? 'PEREMPUAN' : 'LAKI-LAKI';
  r.birthDate = `19${70 + (i % 30)}-${String((i % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  r.nik = `327404${String(day + (woman ? 40 : 0)).padStart(2, '0')}${String((i % 12) + 1).padStart(2, '0')}${70 + (i % 30)}${String((i % 9999) + 1).padStart(4, '0')}`;
  r.address = { ...r.address, street: `Jl. Kesambi Raya No. ${i + 1}`, rt: String((i % 20) + 1), rw: String((i % 12) + 1) };
  return r;
}

export const issuanceData = (i) => ({ ...sampleIssuance(), sequence: i + 1 });

/** A realistic 1200 x 1600 pass photo of 300-600 KB: drawn, with sensor-like noise. */
export async function makePhoto(i) {
  const bg = i % 2 ? '#c0262d' : '#1f4fa8';
  const base = await samplePortrait({ width: 1200, height: 1600, seed: i, background: bg });
  const noise = await sharp({ create: { width: 1200, height: 1600, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 14 + (i % 6) } } })
    .png()
    .toBuffer();
  return new Uint8Array(
    await sharp(base)
      .composite([{ input: noise, blend: 'overlay' }])
      .blur(0.6)
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
}

/** A pool of distinct photos, made before timing starts. */
export async function photoPool(n = 16) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await makePhoto(i));
  return out;
}

/** The facts the others print, derived the way suket does (validation is not timed for them). */
export function facts(i) {
  const { resident, issuance } = validateCertificateInput(residentData(i), issuanceData(i));
  return { resident, issuance };
}

export async function sealText(resident, issuance) {
  return createSeal(
    {
      number: issuance.number,
      nik: resident.nik,
      name: resident.name,
      birthPlace: resident.birthPlace,
      birthDate: resident.birthDate,
      sex: resident.sex,
      officeCode: issuance.office.regionCode,
      issuedAt: issuance.issuedAt,
      validUntil: issuance.validUntil,
    },
    { privateKey: SEAL_KEY },
  );
}

/** The rows every contender prints, label and value. */
export function rows(r, iss) {
  return [
    ['NIK', r.nik],
    ['Nama', r.name],
    ['Tempat/Tgl Lahir', `${r.birthPlace}, ${r.birthDate.split('-').reverse().join('-')}`],
    ['Jenis Kelamin', r.sex],
    ['Gol. Darah', r.bloodType],
    ['Alamat', r.address.street],
    ['RT/RW', `${r.address.rt}/${r.address.rw}`],
    ['Kel/Desa', r.address.village],
    ['Kecamatan', r.address.district],
    ['Kabupaten/Kota', r.address.regency],
    ['Provinsi', r.address.province],
    ['Agama', r.religion],
    ['Status Perkawinan', r.maritalStatus],
    ['Pekerjaan', r.occupation.name],
    ['Kewarganegaraan', r.citizenship],
    ['Berlaku Hingga', iss.validUntil],
  ];
}

/** Certificates per second with one worker thread per core, each rendering `perWorker` after a warm-up (timed from the go). */
export async function allCoresRate(contender, photos, perWorker, start = 200_000) {
  const cores = availableParallelism();
  const workers = Array.from(
    { length: cores },
    (_, w) =>
      new Worker(new URL('./throughput-worker.mjs', import.meta.url), { workerData: { contender, photos, start: start + w * perWorker, count: perWorker } }),
  );
  await Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))));
  const t = performance.now();
  const done = Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))));
  for (const w of workers) w.postMessage('go');
  await done;
  const secs = (performance.now() - t) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return (perWorker * cores) / secs;
}

/**
 * A new database on the PostgreSQL server the benches use (SUKET_BENCH_POSTGRES,
 * else the test server of scripts/test-services.sh), or undefined when none answers.
 */
export async function benchPostgres(prefix) {
  const { default: pg } = await import('pg');
  const admin = process.env.SUKET_BENCH_POSTGRES ?? 'postgres://suket:suket@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
    const name = `${prefix}_${Date.now()}`;
    await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => client.query(`DROP DATABASE ${name} WITH (FORCE)`).finally(() => client.end()) };
  } catch {
    await client.end().catch(() => {});
    return undefined;
  }
}

/**
 * `suket serve` started with these arguments (after `serve --port 0`), once it listens: its process and address.
 * SUKET_BENCH_LOG=1 shows its request log.
 */
export function startBenchServer(cli, args, cwd) {
  const proc = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    cwd,
    stdio: ['ignore', process.env.SUKET_BENCH_LOG ? 'inherit' : 'ignore', 'pipe'],
  });
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

/**
 * A seal key made by `suket keygen` in `dir`, with the window the CLI asks of a key (a bare key is refused):
 * the name to put in the settings' `key`.
 */
export function officeSealKey(dir) {
  const cli = new URL('../dist/cli.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [cli, 'keygen', '--out', 'office', '--not-before', '2026-01-01', '--not-after', '2030-12-31'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`keygen failed: ${r.stderr}`);
  return 'office.key.pem';
}
