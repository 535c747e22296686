// Many issueCertificate calls at once in one process (README "A host may fire
// many calls at once"): each case in a fresh process, after one certificate
// has loaded fonts, sharp and pdfkit, with the RSS growth at peak. Flat memory
// is growth that does not follow the number of calls: only max(2, cores)
// render at once, the rest wait holding their input. The contender is the
// same calls with the results kept, as a careless host would.
import { spawnSync } from 'node:child_process';

const CASES = [
  [1000, 'dropped'],
  [3000, 'dropped'],
  [1000, 'kept'],
];

if (process.argv[2] === 'one') {
  const [n, how] = [Number(process.argv[3]), process.argv[4]];
  const { issueCertificate, generateSealKeys, verifySeal } = await import('../dist/index.js');
  const { sampleIssuance, samplePortrait, sampleResident } = await import('../dist/sample.js');
  const photos = await Promise.all(Array.from({ length: 8 }, (_, i) => samplePortrait({ seed: i })));
  const keys = generateSealKeys();
  const seal = { privateKey: keys.privateKeyPem };
  const nik = (i) => `327404570890${String(i + 1).padStart(4, '0')}`;
  await issueCertificate({ ...sampleResident(), photo: photos[0] }, { issuance: sampleIssuance(), seal });
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const c = await issueCertificate(
        { ...sampleResident(), nik: nik(i), photo: new Uint8Array(photos[i % 8]) },
        { issuance: { ...sampleIssuance(), sequence: i + 1 }, seal },
      );
      const v = verifySeal(c.barcodeText, { trustList: { keys: [keys.publicJwk] } });
      if (!v.valid || v.fields.nik !== nik(i)) throw new Error(`call ${i} got another resident's seal`);
      return how === 'kept' ? c : c.sha256;
    }),
  );
  clearInterval(timer);
  if (new Set(results.map((r) => r.sha256 ?? r)).size !== n) throw new Error('two calls gave the same PDF');
  console.log(JSON.stringify({ n, how, secs: (performance.now() - t0) / 1000, mb: (peak - rss0) / 1048576 }));
} else {
  const rows = CASES.map(([n, how]) => {
    const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, 'one', String(n), how], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${n} ${how}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
  console.log('\n## Many calls at once in one process (bench/memory.mjs)\n');
  console.log('| calls at once | results | time | per certificate | RSS growth at peak |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(`| ${r.n.toLocaleString('en')} | ${r.how} | ${r.secs.toFixed(1)} s | ${((r.secs * 1000) / r.n).toFixed(1)} ms | ${r.mb.toFixed(0)} MB |`);
}
