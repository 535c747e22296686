// Screenshots of the verifier page at phone width, one per verdict, for
// docs/verifier/ (npm run pictures): the sample resident (an invented
// person), a site built by the CLI, Debian's Chromium. Each is the page as a
// bank teller sees it after opening the paper's QR link.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { createSeal, generateSealKeys, signRevocations, signTrustList } from '../dist/index.js';

const { sampleResident } = await import('../dist/sample.js');
const dir = mkdtempSync(join(tmpdir(), 'suket-pictures-'));
const root = generateSealKeys();
const key = generateSealKeys({ notBefore: '2025-01-01', notAfter: '2027-12-31' });
const stranger = generateSealKeys();
const edition = { issuer: 'DISDUKCAPIL KOTA CIREBON', issuedAt: '2026-12-01', nextUpdate: '2027-06-01' };
const r = sampleResident();
const fields = (number, issuedAt, validUntil) => ({
  number,
  nik: r.nik,
  name: r.name.toUpperCase(),
  birthPlace: r.birthPlace.toUpperCase(),
  birthDate: r.birthDate,
  sex: r.sex,
  officeCode: '3274',
  issuedAt,
  validUntil,
});
const seal = (f, k = key) => createSeal(f, { privateKey: k.privateKeyPem });
const seals = {
  sah: await seal(fields('471.13/0007/Disdukcapil/XII/2026', '2026-12-10', '2027-06-10')),
  dicabut: await seal(fields('471.13/0008/Disdukcapil/XII/2026', '2026-12-10', '2027-06-10')),
  kedaluwarsa: await seal(fields('471.13/0031/Disdukcapil/II/2025', '2025-02-03', '2025-08-03')),
  'belum-berlaku': await seal(fields('471.13/0012/Disdukcapil/XII/2026', '2026-12-20', '2027-06-20')),
  'kunci-tidak-dikenal': await seal(fields('471.13/0009/Disdukcapil/XII/2026', '2026-12-10', '2027-06-10'), stranger),
};
const valid = seals.sah;
const i = 60;
seals['tidak-sah'] = valid.slice(0, i) + (valid[i] === 'A' ? 'B' : 'A') + valid.slice(i + 1);

writeFileSync(join(dir, 'root.jwk.json'), JSON.stringify(root.publicJwk));
writeFileSync(join(dir, 'trust-list.jws'), await signTrustList({ ...edition, sequence: 1, keys: [key.publicJwk] }, { privateKey: root.privateKeyPem }));
const voided = [{ number: '471.13/0008/Disdukcapil/XII/2026', office: '3274', voidedAt: '2026-12-11T02:00:00.000Z', replacedBy: null }];
writeFileSync(join(dir, 'revocations.jws'), await signRevocations({ ...edition, revocations: voided }, { privateKey: key.privateKeyPem }));
const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const b = spawnSync(
  process.execPath,
  [cli, 'verifier', 'build', '--root', 'root.jwk.json', '--trust', 'trust-list.jws', '--revocations', 'revocations.jws', '--out', 'site'],
  {
    cwd: dir,
    encoding: 'utf8',
  },
);
if (b.status !== 0) throw new Error(b.stderr);

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};
const site = join(dir, 'site');
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(site) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'text/plain' });
  createReadStream(file).pipe(res);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${server.address().port}/`;
const { sealLink } = await import('../dist/index.js');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
mkdirSync('docs/verifier', { recursive: true });
for (const [name, text] of Object.entries(seals)) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-12-15T03:00:00Z'));
  await page.goto(sealLink(url, text));
  await page.waitForSelector('#result:not([hidden])');
  await page.screenshot({ path: `docs/verifier/${name}.png`, fullPage: true });
  console.log(`docs/verifier/${name}.png`);
  await context.close();
}
await browser.close();
server.close();
