/// <reference lib="dom" />
/**
 * The offline verifier page in a real browser (Debian's Chromium through
 * playwright-core): built by `suket verifier build`, served by a local
 * static server, driven as a bank teller would: paste, pick a photo, open
 * the QR's URL, the camera, offline after the first visit.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSealKeys, openRegister, signRevocations, signTrustList } from '../src/index.js';
import { sampleIssuance } from '../src/sample.js';
import { renderPdf, resident } from './helpers.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-web-'));
const CHROMIUM = '/usr/bin/chromium';
// No request may leave the machine: this one has no internet, and the page must need none.
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--no-first-run',
];
const TODAY = new Date('2026-12-15T03:00:00Z');

const root = generateSealKeys();
const otherRoot = generateSealKeys();
const seal = generateSealKeys({ notBefore: '2025-01-01', notAfter: '2027-12-31' });
const stranger = generateSealKeys();
const edition = { issuer: 'DISDUKCAPIL KOTA CIREBON', issuedAt: '2026-12-01', nextUpdate: '2027-06-01' };
const seals: Record<'valid' | 'revoked' | 'expired' | 'unknown', string> = { valid: '', revoked: '', expired: '', unknown: '' };
let validPdf: Uint8Array;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.jws': 'text/plain',
};

/** A static server of one folder, recording every request path. */
function serve(root: string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, requests })),
  );
}

const build = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, 'verifier', 'build', ...args], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
};

let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), 'apt-get install -y chromium (.ci/run does)').toBe(true);
  const { sequence: _s, ...office } = sampleIssuance();
  const register = await openRegister(join(dir, 'suket.db'));
  const issue = async (issuedAt: string, key = seal, nik?: string) =>
    register.issue(await resident(nik ? { nik } : {}), { issuance: { ...office, issuedAt }, seal: { privateKey: key.privateKeyPem } });
  const valid = await issue('2026-12-10');
  validPdf = valid.pdf;
  seals.valid = valid.barcodeText;
  const revoked = await issue('2026-12-11', seal, '3274045708900043');
  seals.revoked = revoked.barcodeText;
  await register.void(revoked.number, 'salah ketik nama');
  seals.expired = (await issue('2025-02-03', seal, '3274045708900044')).barcodeText;
  seals.unknown = (await issue('2026-12-12', stranger, '3274045708900045')).barcodeText;
  writeFileSync(join(dir, 'root.jwk.json'), JSON.stringify(root.publicJwk));
  writeFileSync(join(dir, 'other-root.jwk.json'), JSON.stringify(otherRoot.publicJwk));
  writeFileSync(join(dir, 'trust-list.jws'), await signTrustList({ ...edition, sequence: 1, keys: [seal.publicJwk] }, { privateKey: root.privateKeyPem }));
  writeFileSync(
    join(dir, 'revocations.jws'),
    await signRevocations({ ...edition, revocations: await register.revocations() }, { privateKey: seal.privateKeyPem }),
  );
  await register.close();
  build(['--root', 'root.jwk.json', '--trust', 'trust-list.jws', '--revocations', 'revocations.jws', '--out', 'site']);
  site = await serve(join(dir, 'site'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  site?.server.close();
});

async function open(url = site.url, when = TODAY): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.clock.setFixedTime(when);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

async function paste(page: Page, text: string): Promise<{ verdict: string; fields: string }> {
  await page.fill('#text', text);
  await page.click('form#paste button');
  await page.waitForSelector('#result:not([hidden])');
  return { verdict: (await page.textContent('#verdict')) ?? '', fields: (await page.textContent('#fields')) ?? '' };
}

describe('the verifier page', () => {
  it('pasted seals: SAH, TIDAK SAH, DICABUT, KEDALUWARSA, KUNCI TIDAK DIKENAL; English on the toggle; fits 360 px', async () => {
    const page = await open();
    const ok = await paste(page, seals.valid);
    expect(ok.verdict).toBe('SAH');
    expect(ok.fields).toContain('SEKAR AYU LARASATI');
    expect(ok.fields).toContain('DISDUKCAPIL KOTA CIREBON');
    await page.screenshot({ path: join(dir, 'phone.png'), fullPage: true });
    expect(await page.textContent('#lists')).toContain('Daftar kunci: DISDUKCAPIL KOTA CIREBON, edisi 1 (2026-12-01); pembaruan berikutnya 2027-06-01');
    const s = seals.valid;
    const i = 40;
    expect((await paste(page, s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1))).verdict).toBe('TIDAK SAH');
    expect((await paste(page, seals.revoked)).verdict).toBe('DICABUT');
    expect((await paste(page, seals.expired)).verdict).toBe('KEDALUWARSA');
    expect((await paste(page, seals.unknown)).verdict).toBe('KUNCI TIDAK DIKENAL');
    await page.click('#lang');
    expect(await page.textContent('#verdict')).toBe('UNKNOWN KEY');
    expect((await paste(page, seals.valid)).verdict).toBe('VALID');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });

  it('a stale trust list still checks, with the warning; a list signed by another root checks nothing', async () => {
    const late = await open(site.url, new Date('2027-06-10T03:00:00Z'));
    expect((await paste(late, seals.valid)).verdict).toBe('SAH');
    expect(await late.textContent('#lists')).toContain('SUDAH LEWAT tanggal pembaruan');
    await late.context().close();
    // An office whose page carries another root, with this list put beside it.
    build(['--root', 'other-root.jwk.json', '--out', 'site-other']);
    writeFileSync(join(dir, 'site-other', 'trust-list.jws'), readFileSync(join(dir, 'trust-list.jws')));
    const other = await serve(join(dir, 'site-other'));
    const page = await open(other.url);
    const r = await paste(page, seals.valid);
    expect(r.verdict).toBe('TIDAK SAH');
    expect(await page.textContent('#reason')).toContain('Daftar kunci tidak sah');
    await page.context().close();
    other.server.close();
  });

  it('the QR as a link: the seal in the URL fragment is checked, and no request carries it', async () => {
    const before = site.requests.length;
    // As a phone's camera app opens the QR's link: spaces in the fragment become %20, the rest stays.
    const page = await open(`${site.url}#${seals.valid.replace(/ /g, '%20')}`);
    await page.waitForSelector('#result:not([hidden])');
    expect(await page.textContent('#verdict')).toBe('SAH');
    const sent = site.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(r).not.toContain('SK1');
    await page.context().close();
  });

  it('a photo of the paper picked from the phone: the QR is read from the pixels', async () => {
    const raster = renderPdf(validPdf, 150);
    const photo = join(dir, 'foto-surat.jpg');
    writeFileSync(photo, await sharp(raster.png).jpeg({ quality: 85 }).toBuffer());
    const page = await open();
    await page.setInputFiles('#file', photo);
    await page.waitForSelector('#result:not([hidden])', { timeout: 20_000 });
    expect(await page.textContent('#verdict')).toBe('SAH');
    await page.context().close();
  });

  it('offline after the first visit: the page, its code and the lists come from the service worker', async () => {
    const page = await open();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // A second load under the worker fills its cache with every file the page uses.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.context().setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect((await paste(page, seals.revoked)).verdict).toBe('DICABUT');
    await page.context().close();
  });

  it("the browser build passes the seal's committed test vectors (ES256 and Ed25519), and the site stays within 1.5 MB", async () => {
    const vectors = JSON.parse(readFileSync(new URL('./vectors/seal-v1.json', import.meta.url), 'utf8')) as {
      checkedOn: string;
      cases: Array<{ seal: string; publicJwk: import('../src/index.js').SealPublicJwk; fields: { name: string; number: string } }>;
    };
    writeFileSync(
      join(dir, 'vectors-list.jws'),
      await signTrustList(
        { ...edition, issuedAt: '2026-11-01', nextUpdate: '2027-12-01', sequence: 1, keys: vectors.cases.map((c) => c.publicJwk) },
        { privateKey: root.privateKeyPem },
      ),
    );
    build(['--root', 'root.jwk.json', '--trust', 'vectors-list.jws', '--out', 'site-vectors']);
    const local = await serve(join(dir, 'site-vectors'));
    const page = await open(local.url, new Date(`${vectors.checkedOn}T03:00:00Z`));
    for (const c of vectors.cases) {
      const r = await paste(page, c.seal);
      expect(r.verdict, c.fields.number).toBe('SAH');
      expect(r.fields).toContain(c.fields.name);
    }
    await page.context().close();
    local.server.close();
    const { readdirSync } = await import('node:fs');
    const size = (d: string): number =>
      readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(join(d, e.name)) : statSync(join(d, e.name)).size), 0);
    expect(size(new URL('../dist/verifier', import.meta.url).pathname)).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });

  it('the camera: a video of the printed page held up to it', async () => {
    const raster = renderPdf(validPdf, 150);
    // Chromium's fake camera plays an MJPEG file: the lower half of the page, held up to the camera.
    const frame = await sharp(raster.png)
      .extract({ left: 0, top: Math.floor(raster.height / 2), width: raster.width, height: raster.height - Math.floor(raster.height / 2) })
      .resize(1280, 720, { fit: 'contain', background: '#777' })
      .jpeg({ quality: 90 })
      .toBuffer();
    const video = join(dir, 'camera.mjpeg');
    writeFileSync(video, Buffer.concat(Array.from({ length: 30 }, () => frame)));
    const cam = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    const context = await cam.newContext({ viewport: { width: 360, height: 740 }, permissions: ['camera'] });
    const page = await context.newPage();
    await page.clock.setFixedTime(TODAY);
    await page.goto(site.url);
    await page.waitForSelector('body[data-ready="true"]');
    const started = Date.now();
    await page.click('#camera');
    await page.waitForSelector('#result:not([hidden])', { timeout: 30_000 });
    // A figure, not a bound: the budget is in BENCHMARKS.md.
    console.log(`camera: verdict ${Date.now() - started} ms after the scan began (fake capture, the page in view)`);
    expect(await page.textContent('#verdict')).toBe('SAH');
    await cam.close();
  });
});
