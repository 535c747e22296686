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
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSealKeys, openRegister, signRevocations, signTrustList } from '../src/index.js';
import { sealLink } from '../src/seal/link.js';
import { sampleIssuance } from '../src/sample.js';
import { renderPdf, resident } from './helpers.js';
import { officeFolder, post, startServer } from './service.js';

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
const leaked = generateSealKeys({ notBefore: '2025-01-01', notAfter: '2027-12-31' });
const seals: Record<'valid' | 'other' | 'revoked' | 'expired' | 'unknown' | 'leaked', string> = {
  valid: '',
  other: '',
  revoked: '',
  expired: '',
  unknown: '',
  leaked: '',
};
let validPdf: Uint8Array;
let revocationsBefore = '';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.jws': 'text/plain',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
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
  seals.other = (await issue('2026-12-12', seal, '3274045708900046')).barcodeText;
  seals.leaked = (await issue('2026-12-12', leaked, '3274045708900047')).barcodeText;
  revocationsBefore = await signRevocations({ ...edition, revocations: [] }, { privateKey: seal.privateKeyPem });
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
    // The installed app's start URL (the manifest's start_url) opens the camera by itself.
    const manifest = JSON.parse(readFileSync(join(dir, 'site', 'manifest.webmanifest'), 'utf8')) as { start_url: string; icons: Array<{ src: string }> };
    for (const icon of manifest.icons) expect(existsSync(join(dir, 'site', icon.src)), icon.src).toBe(true);
    const plain = await browser.newPage();
    expect(await plain.goto(site.url).then((r) => r?.text())).toContain('rel="manifest" href="./manifest.webmanifest"');
    await plain.close();
    const started = Date.now();
    await page.goto(new URL(manifest.start_url, site.url).href);
    await page.waitForSelector('#result:not([hidden])', { timeout: 30_000 });
    // A figure, not a bound: the budget is in BENCHMARKS.md.
    console.log(`camera: verdict ${Date.now() - started} ms after the scan began (fake capture, the page in view)`);
    expect(await page.textContent('#verdict')).toBe('SAH');
    await cam.close();
  });
});

/** A new page (tab) in the context, on the test's day, at a URL; the verdict once it shows. */
async function verdictAt(context: BrowserContext, url: string): Promise<{ page: Page; verdict: string; refused: string }> {
  const page = await context.newPage();
  await page.clock.setFixedTime(TODAY);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('#result:not([hidden])');
  return { page, verdict: (await page.textContent('#verdict')) ?? '', refused: (await page.locator('#lists .refused').allTextContents()).join(' | ') };
}

const phone = () => browser.newContext({ viewport: { width: 320, height: 640 } });

describe('the verifier on any phone', () => {
  it('offline from the first visit: one online visit, then with no network another paper reads SAH and a revoked one DICABUT', async () => {
    const context = await phone();
    const first = await verdictAt(context, sealLink(site.url, seals.valid));
    expect(first.verdict).toBe('SAH');
    await first.page.waitForSelector('body[data-offline="true"]');
    expect(await first.page.isVisible('#offline')).toBe(true);
    await context.setOffline(true);
    expect(
      await first.page.evaluate(() =>
        fetch('./trust-list.jws').then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');
    expect((await verdictAt(context, sealLink(site.url, seals.other))).verdict).toBe('SAH');
    expect((await verdictAt(context, sealLink(site.url, seals.revoked))).verdict).toBe('DICABUT');
    // The camera's QR reader was kept too: a photo of the paper still reads with no network.
    const photo = join(dir, 'foto-offline.jpg');
    writeFileSync(photo, await sharp(renderPdf(validPdf, 150).png).jpeg({ quality: 85 }).toBuffer());
    const page = await context.newPage();
    await page.clock.setFixedTime(TODAY);
    await page.goto(site.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.setInputFiles('#file', photo);
    await page.waitForSelector('#result:not([hidden])', { timeout: 20_000 });
    expect(await page.textContent('#verdict')).toBe('SAH');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  });

  it('reads the link however a phone hands it: as printed, colon escaped, lower case, a slash added, the earlier form, + for a space', async () => {
    const link = sealLink(site.url, seals.valid);
    const fragment = link.slice(link.indexOf('#') + 1);
    const variants = {
      printed: link,
      colonEscaped: `${site.url}#SK1U%3A${fragment.slice(5)}`,
      allEscaped: `${site.url}#${[...fragment].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}`,
      lowerCase: `${site.url}#${fragment.toLowerCase()}`,
      slashAdded: `${link}/`,
      earlierForm: `${site.url}#${seals.valid}`, // the page's address, '#', the seal with its spaces: the browser writes them %20
      formEncoded: `${site.url}#${seals.valid.replace(/%/g, '%25').replace(/\+/g, '%2B').replace(/ /g, '+')}`, // application/x-www-form-urlencoded
    };
    const context = await phone();
    for (const [name, url] of Object.entries(variants)) expect((await verdictAt(context, url)).verdict, name).toBe('SAH');
    await context.close();
  });

  it('never backwards: after edition 2 (a leaked key removed) and a revocation, editions served older are refused in red', async () => {
    const roll = join(dir, 'site-roll');
    const without = await signTrustList({ ...edition, issuedAt: '2026-12-05', sequence: 2, keys: [seal.publicJwk] }, { privateKey: root.privateKeyPem });
    const withLeaked = await signTrustList({ ...edition, sequence: 1, keys: [seal.publicJwk, leaked.publicJwk] }, { privateKey: root.privateKeyPem });
    writeFileSync(join(dir, 'trust-2.jws'), without);
    build(['--root', 'root.jwk.json', '--trust', 'trust-2.jws', '--revocations', 'revocations.jws', '--out', 'site-roll']);
    const local = await serve(roll);
    const context = await phone();
    expect((await verdictAt(context, sealLink(local.url, seals.leaked))).verdict).toBe('KUNCI TIDAK DIKENAL');
    expect((await verdictAt(context, sealLink(local.url, seals.revoked))).verdict).toBe('DICABUT');
    // Whoever answers for the list addresses now serves the older editions, still signed and not stale.
    writeFileSync(join(roll, 'trust-list.jws'), withLeaked);
    writeFileSync(join(roll, 'revocations.jws'), revocationsBefore);
    const forged = await verdictAt(context, sealLink(local.url, seals.leaked));
    expect(forged.verdict).toBe('KUNCI TIDAK DIKENAL');
    expect(forged.refused).toContain(
      'Daftar kunci edisi 1: DITOLAK: lebih lama daripada edisi yang sudah dipakai di perangkat ini; edisi tersimpan tetap dipakai: 2.',
    );
    const revoked = await verdictAt(context, sealLink(local.url, seals.revoked));
    expect(revoked.verdict).toBe('DICABUT');
    expect(revoked.refused).toContain('Daftar pencabutan edisi 0: DITOLAK');
    expect(
      await revoked.page
        .locator('.refused')
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe('rgb(163, 0, 27)');
    // A device that never took edition 2 takes edition 1 (it is still the root's): the refusal is of going back, not of the list.
    const fresh = await phone();
    expect((await verdictAt(fresh, sealLink(local.url, seals.leaked))).verdict).toBe('SAH');
    await fresh.close();
    await context.close();
    local.server.close();
  });

  it('a revocation list signed by a retired key, or naming another office, is refused in red and nothing is checked against it', async () => {
    const retired = generateSealKeys({ notBefore: '2025-01-01', notAfter: '2026-12-05' });
    writeFileSync(
      join(dir, 'trust-signers.jws'),
      await signTrustList({ ...edition, sequence: 1, keys: [seal.publicJwk, retired.publicJwk] }, { privateKey: root.privateKeyPem }),
    );
    build(['--root', 'root.jwk.json', '--trust', 'trust-signers.jws', '--out', 'site-signers']);
    const local = await serve(join(dir, 'site-signers'));
    const voided = [{ number: 'X/1', office: '3274', voidedAt: '2026-12-09T01:00:00.000Z', replacedBy: null }];
    const lists = {
      retiredKey: await signRevocations({ ...edition, issuedAt: '2026-12-10', revocations: voided }, { privateKey: retired.privateKeyPem }),
      otherOffice: await signRevocations({ ...edition, issuer: 'DISDUKCAPIL KABUPATEN CIREBON', revocations: voided }, { privateKey: seal.privateKeyPem }),
    };
    for (const [name, jws] of Object.entries(lists)) {
      writeFileSync(join(dir, 'site-signers', 'revocations.jws'), jws);
      const context = await phone();
      const r = await verdictAt(context, sealLink(local.url, seals.valid));
      expect(r.verdict, name).toBe('TIDAK SAH');
      expect(await r.page.textContent('#reason'), name).toContain('Daftar pencabutan tidak sah');
      expect(r.refused, name).toContain('Daftar pencabutan edisi 1: DITOLAK: tanda tangan atau isinya tidak sah.');
      await context.close();
    }
    local.server.close();
  });

  it('updates: a rebuilt page reaches a phone that visited before on its next online visit, and works offline after', async () => {
    const variant = await buildVariant();
    const upd = join(dir, 'site-update');
    build(['--root', 'root.jwk.json', '--trust', 'trust-list.jws', '--revocations', 'revocations.jws', '--out', 'site-update']);
    const local = await serve(upd);
    const context = await phone();
    const before = await verdictAt(context, sealLink(local.url, seals.valid));
    await before.page.waitForSelector('body[data-offline="true"]');
    const oldWorker = readFileSync(join(upd, 'sw.js'), 'utf8');
    // The office publishes the rebuilt page over the old one (its lists stay).
    const { cpSync } = await import('node:fs');
    cpSync(variant, upd, { recursive: true, force: true });
    expect(readFileSync(join(upd, 'sw.js'), 'utf8')).not.toBe(oldWorker);
    const after = await verdictAt(context, sealLink(local.url, seals.valid));
    expect(after.verdict).toBe('SAH');
    expect(await after.page.getAttribute('meta[name="suket-test-variant"]', 'content')).toBe('2');
    // The new worker takes over and removes the old build's cache.
    await after.page.waitForFunction(async () => (await caches.keys()).filter((k) => k.startsWith('suket-verifier-')).length === 1, undefined, {
      timeout: 15_000,
    });
    await context.setOffline(true);
    const offline = await verdictAt(context, sealLink(local.url, seals.other));
    expect(offline.verdict).toBe('SAH');
    expect(await offline.page.getAttribute('meta[name="suket-test-variant"]', 'content')).toBe('2');
    await context.close();
    local.server.close();
  });
});

/** The verifier page built again from a copy of its source with one change to the page, as a new release would be. */
async function buildVariant(): Promise<string> {
  const { cpSync, rmSync } = await import('node:fs');
  const source = new URL('../web/verifier/', import.meta.url).pathname;
  const copy = new URL(`../web/.verifier-variant-${process.pid}/`, import.meta.url).pathname;
  const out = join(dir, 'variant-build');
  try {
    cpSync(source, copy, { recursive: true });
    const html = join(copy, 'index.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('<meta charset="utf-8">', '<meta charset="utf-8">\n  <meta name="suket-test-variant" content="2">'));
    const vite = new URL('../node_modules/vite/bin/vite.js', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [vite, 'build', '--config', join(copy, 'vite.config.ts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  return out;
}

describe('suket serve hosts the verifier and publishes its revocations itself', () => {
  it('void through the service: the page says DICABUT for that paper (online, then offline) and SAH for another', async () => {
    const office = mkdtempSync(join(tmpdir(), 'suket-web-serve-'));
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: office, encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const { photo, resident: person } = await officeFolder(office, run);
    // The office's root signs a trust list holding its seal key; the site is built from it as the README says.
    const officeJwk = JSON.parse(readFileSync(join(office, 'office.jwk.json'), 'utf8')).keys[0];
    const day = new Date().toISOString().slice(0, 10);
    const next = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(join(office, 'root.jwk.json'), JSON.stringify(root.publicJwk));
    writeFileSync(
      join(office, 'trust-list.jws'),
      await signTrustList(
        { issuer: 'DISDUKCAPIL KOTA CIREBON', issuedAt: day, nextUpdate: next, sequence: 1, keys: [officeJwk] },
        { privateKey: root.privateKeyPem },
      ),
    );
    expect(run(['verifier', 'build', '--root', 'root.jwk.json', '--trust', 'trust-list.jws', '--out', 'site']).code).toBe(0);
    const key = run(['serve', 'keys', 'add', 'loket', '--scope', 'issue,void', '--office', 'office.json']).out.trim();
    const server = await startServer(['--office', 'office.json', '--verifier', 'site'], office, { SUKET_THREADS: '1' });
    try {
      expect(server.stderr()).toContain('/periksa/');
      const issue = async (nik: string) => {
        const r = await post(
          `${server.url}/v1/certificates`,
          key,
          JSON.stringify({ resident: { ...person, nik, photo: Buffer.from(photo).toString('base64') } }),
          {
            accept: 'application/json',
          },
        );
        expect(r.status).toBe(201);
        return (await r.json()) as { number: string; barcodeText: string };
      };
      const voided = await issue('3274045708900061');
      const kept = await issue('3274045708900062');
      const page = `${server.url}/periksa/`;
      const context = await phone();
      const at = async (seal: string) => {
        const p = await context.newPage();
        await p.goto(sealLink(page, seal));
        await p.waitForSelector('#result:not([hidden])');
        return (await p.textContent('#verdict')) ?? '';
      };
      expect(await at(voided.barcodeText)).toBe('SAH');
      const first = await fetch(`${page}revocations.jws`);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      const before = await first.text();
      expect(
        (await post(`${server.url}/v1/certificates/${encodeURIComponent(voided.number)}/void`, key, JSON.stringify({ reason: 'salah ketik' }))).status,
      ).toBe(200);
      // Signed again at once, by the office's seal key, for the office of the trust list.
      const after = await (await fetch(`${page}revocations.jws`)).text();
      expect(after).not.toBe(before);
      const { openRevocations, openTrustList, revocationEntry } = await import('../src/index.js');
      // The service signs on the office's day (Asia/Jakarta), as verifySeal checks by default.
      const { todayIn } = await import('../src/dates.js');
      const { trustList, status } = openTrustList(readFileSync(join(office, 'trust-list.jws'), 'utf8'), [root.publicJwk], todayIn('Asia/Jakarta'));
      const list = openRevocations(after, trustList.keys, todayIn('Asia/Jakarta'), { issuer: status.issuer });
      expect(list.status.signedBy).toBe(officeJwk.kid);
      expect(list.entries.has(revocationEntry('3274', voided.number))).toBe(true);
      // The page picks it up on its next online visit, and keeps it offline.
      expect(await at(voided.barcodeText)).toBe('DICABUT');
      expect(await at(kept.barcodeText)).toBe('SAH');
      await context.setOffline(true);
      expect(await at(voided.barcodeText)).toBe('DICABUT');
      expect(await at(kept.barcodeText)).toBe('SAH');
      await context.close();
      // Only the site's own files are served.
      for (const probe of ['../office.json', '..%2Foffice.json', 'assets/../../office.key.pem', '%2e%2e/office.key.pem'])
        expect((await fetch(`${page}${probe}`)).status, probe).toBe(404);
    } finally {
      await server.stop();
    }
    // A site whose trust list lacks the office's seal key: phones would refuse every list the service signs, so it does not start.
    writeFileSync(
      join(office, 'trust-other.jws'),
      await signTrustList(
        { issuer: 'DISDUKCAPIL KOTA CIREBON', issuedAt: day, nextUpdate: next, sequence: 2, keys: [seal.publicJwk] },
        { privateKey: root.privateKeyPem },
      ),
    );
    expect(run(['verifier', 'build', '--root', 'root.jwk.json', '--trust', 'trust-other.jws', '--out', 'site-other']).code).toBe(0);
    await expect(startServer(['--office', 'office.json', '--verifier', 'site-other'], office, { SUKET_THREADS: '1' })).rejects.toThrow(
      /trust list without the office's seal key/,
    );
  }, 120_000);
});
