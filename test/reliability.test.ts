/**
 * Hostile input, load and faults: each either works correctly or fails with
 * our error naming the field, in bounded time, and nothing partial is left.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import {
  generateCertificate,
  generateSealKeys,
  issueCertificate,
  loadTemplate,
  SuketError,
  verifySeal,
  writeCertificateFile,
  type ResidentInput,
} from '../src/index.js';
import { sampleResident } from '../src/sample.js';
import { decodeQrCodes, issuance, photo, resident } from './helpers.js';
import { count, LOAD } from './load.js';

const keys = generateSealKeys();
const seal = { privateKey: keys.privateKeyPem };
const trustList = { keys: [keys.publicJwk] };

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    const v = await p;
    return v instanceof Uint8Array && Buffer.from(v.subarray(0, 5)).toString() === '%PDF-' ? 'ok' : 'not a pdf';
  } catch (e) {
    if (!(e instanceof SuketError)) throw e;
    return e.issues.map((i) => `${i.path}:${i.code}`).join(',');
  }
}

const img = (w: number, h: number, bg: string | object = '#3366cc', channels: 3 | 4 = 3) =>
  sharp({ create: { width: w, height: h, channels, background: bg } });

/** A small JPEG whose header claims 20,000 x 20,000 pixels. */
async function jpegBomb(): Promise<Uint8Array> {
  const b = Buffer.from(await img(200, 200).jpeg().toBuffer());
  for (let i = 2; i < b.length - 9; i++) {
    if (b[i] === 0xff && (b[i + 1] === 0xc0 || b[i + 1] === 0xc2)) {
      b.writeUInt16BE(20_000, i + 5);
      b.writeUInt16BE(20_000, i + 7);
      return new Uint8Array(b);
    }
  }
  throw new Error('no SOF marker');
}

const hostilePhotos: Array<[string, () => Promise<Uint8Array>, string]> = [
  ['empty', async () => new Uint8Array(0), 'photo:photo_corrupt'],
  ['truncated JPEG', async () => (await photo()).slice(0, 3000), 'photo:photo_corrupt'],
  ['a text file named .jpg', async () => new TextEncoder().encode('Ini bukan foto.\n'), 'photo:photo_format'],
  ['1 x 1', async () => new Uint8Array(await img(1, 1).jpeg().toBuffer()), 'photo:photo_too_small'],
  ['decompression bomb (20,000 x 20,000 declared)', jpegBomb, 'photo:photo_too_large'],
  ['16-bit PNG', async () => new Uint8Array(await img(300, 400).toColourspace('rgb16').png().toBuffer()), 'ok'],
  ['grey PNG', async () => new Uint8Array(await img(300, 400, '#808080').greyscale().png().toBuffer()), 'ok'],
  ['CMYK JPEG', async () => new Uint8Array(await img(300, 400).toColourspace('cmyk').jpeg().toBuffer()), 'ok'],
  ['EXIF-rotated JPEG', async () => new Uint8Array(await img(400, 300).jpeg().withMetadata({ orientation: 6 }).toBuffer()), 'ok'],
  ['PNG with alpha', async () => new Uint8Array(await img(300, 400, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer()), 'ok'],
  ['WebP', async () => new Uint8Array(await img(300, 400).webp().toBuffer()), 'ok'],
  ['animated GIF', async () => new Uint8Array(await img(300, 400).gif().toBuffer()), 'photo:photo_format'],
  [
    'animated WebP',
    async () =>
      new Uint8Array(
        await sharp([await img(300, 400).png().toBuffer(), await img(300, 400, '#f00').png().toBuffer()], { join: { animated: true } })
          .webp()
          .toBuffer(),
      ),
    'photo:photo_format',
  ],
  [
    'SVG',
    async () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400"><rect width="300" height="400"/></svg>'),
    'photo:photo_format',
  ],
  [
    'SVG naming an external file',
    async () =>
      new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="400"><image xlink:href="file:///etc/passwd" width="300" height="400"/></svg>',
      ),
    'photo:photo_format',
  ],
  ['TIFF', async () => new Uint8Array(await img(300, 400).tiff().toBuffer()), 'photo:photo_format'],
  [
    'HEIC (ftyp heic header)',
    async () =>
      Uint8Array.from([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic'), ...new Array(64).fill(0)]),
    'photo:photo_format',
  ],
  [
    'JPEG with garbage after a valid header',
    async () => {
      const b = (await photo()).slice();
      b.fill(0x41, 400);
      return b;
    },
    'photo:photo_corrupt',
  ],
  ['PNG header then noise', async () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(500).fill(7)]), 'photo:photo_format'],
];

describe('hostile photos', () => {
  it.each(hostilePhotos)('%s', async (_name, make, expected) => {
    const bytes = await make();
    const t0 = performance.now();
    expect(await outcome(generateCertificate(await resident({ photo: bytes }), { issuance: issuance(), seal }))).toBe(expected);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('hostile text', () => {
  const cases: Array<[string, Partial<ResidentInput> | ((r: ResidentInput) => ResidentInput), string]> = [
    ['control character in name', { name: 'SITI\u0007' }, 'name:characters'],
    ['bidi override in street', (r) => ({ ...r, address: { ...r.address, street: 'JL. \u202eAMIS' } }), 'address.street:characters'],
    ['zero-width joiner in birth place', { birthPlace: 'CIRE\u200dBON' }, 'birthPlace:characters'],
    ['emoji in name', { name: 'Siti 😀' }, 'name:characters'],
    ['emoji in street', (r) => ({ ...r, address: { ...r.address, street: 'Jl. Mawar 🌹' } }), 'address.street:missing_glyph'],
    ['10,000-character name', { name: 'A'.repeat(10_000) }, 'name:too_long'],
    ['10,000-character street', (r) => ({ ...r, address: { ...r.address, street: 'x'.repeat(10_000) } }), 'address.street:too_long'],
    ['placeholder syntax in name', { name: '{{issuance.signatory.name}}' }, 'name:characters'],
    ['markup in name', { name: '<script>alert(1)</script>' }, 'name:characters'],
    ['placeholder syntax in street prints literally', (r) => ({ ...r, address: { ...r.address, street: '{{resident.nik}} <b>x</b>' } }), 'ok'],
    ['combining marks normalised', { name: 'Zo\u0065\u0308' }, 'ok'],
  ];
  it.each(cases)('%s', async (_name, change, expected) => {
    const base = await resident();
    const r = typeof change === 'function' ? change(base) : { ...base, ...change };
    expect(await outcome(generateCertificate(r, { issuance: issuance(), seal }))).toBe(expected);
  });

  it('every field missing, or of the wrong type, is named', async () => {
    const base = sampleResident() as unknown as Record<string, unknown>;
    const optional = new Set(['kk', 'bloodType', 'nationality']);
    for (const key of Object.keys(base)) {
      const without: Record<string, unknown> = { ...base, photo: await photo() };
      delete without[key];
      const got = await outcome(generateCertificate(without as unknown as ResidentInput, { issuance: issuance() }));
      if (optional.has(key)) expect(got, key).toBe('ok');
      else expect(got, key).toContain(`${key}:required`);
      // occupation takes a number: its code.
      for (const wrong of [key === 'occupation' ? 420 : 42, { a: 1 }, ['x'], true, null]) {
        const got2 = await outcome(generateCertificate({ ...base, photo: await photo(), [key]: wrong } as unknown as ResidentInput, { issuance: issuance() }));
        expect(got2, `${key}=${JSON.stringify(wrong)}`).toMatch(new RegExp(`^${key.replace('.', '\\.')}[.:]|,${key}[.:]`));
      }
    }
  });

  it('any text in any text field renders or fails with our error', async () => {
    const base = await resident();
    const fields = ['name', 'birthPlace', 'street', 'village', 'nationality'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.string({ unit: 'grapheme', maxLength: 120 }), async (field, value) => {
        const r: ResidentInput =
          field === 'street' || field === 'village'
            ? { ...base, address: { ...base.address, [field]: value } }
            : field === 'nationality'
              ? { ...base, citizenship: 'WNA', nationality: value }
              : { ...base, [field]: value };
        const got = await outcome(generateCertificate(r, { issuance: issuance() }));
        expect(got === 'ok' || /^[\w.[\]]+:\w+/.test(got)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

describe('hostile templates', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'suket-tpl-'));
  const base = { name: 'x', paper: ['A4'], fonts: { regular: 'builtin:Arimo-Regular' } };

  it('a huge logo is refused at load, naming the element', async () => {
    const d = dir();
    writeFileSync(
      join(d, 'logo.png'),
      await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#fff' } })
        .png({ compressionLevel: 9 })
        .toBuffer(),
    );
    writeFileSync(join(d, 'template.json'), JSON.stringify({ ...base, elements: [{ type: 'image', file: 'logo.png', x: 10, y: 10, w: 20, h: 20 }] }));
    const e = (await loadTemplate(d).catch((x: unknown) => x)) as SuketError;
    expect(e.issues.map((i) => `${i.path}:${i.code}`)).toEqual(['elements[0].file:template_file']);
  });

  it('fuzzed template objects load or fail with INVALID_TEMPLATE', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withMap: false }), fc.anything(), async (a, b) => {
        for (const t of [a, { ...base, elements: a }, { ...base, elements: [{ type: 'text', x: 1, y: 1, w: 10, size: 9, text: b }] }]) {
          if (typeof t !== 'object' || t === null) continue;
          try {
            await loadTemplate(t);
          } catch (e) {
            expect(e).toBeInstanceOf(SuketError);
            expect((e as SuketError).code).toBe('INVALID_TEMPLATE');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('load', () => {
  /** The i-th of many residents at once: a NIK, name and photo of their own. */
  const nth = (i: number, photos: Buffer[]) => ({
    ...sampleResident(),
    nik: `327404570890${String(i + 1).padStart(4, '0')}`,
    name: `Warga Ke ${String.fromCharCode(65 + (i % 26))} ${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}`,
    photo: new Uint8Array(photos[i % 8]!),
  });
  const photos = () =>
    Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        img(354, 472, `#${(0x203040 + i * 0x101010).toString(16)}`)
          .jpeg()
          .toBuffer(),
      ),
    );
  /** Runs `work`, sampling the process's RSS; its growth at peak in MB, after one certificate has loaded fonts, sharp and pdfkit. */
  async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; mb: number; secs: number }> {
    await issueCertificate(nth(0, await photos()), { issuance: { ...issuance(), sequence: 1 }, seal });
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    try {
      const result = await work();
      return { result, mb: (peak - rss0) / 1024 / 1024, secs: (performance.now() - t0) / 1000 };
    } finally {
      clearInterval(timer);
    }
  }
  const own = (c: { barcodeText: string }, i: number) => {
    const v = verifySeal(c.barcodeText, { trustList, today: '2026-12-01' });
    expect(v.valid && v.fields.nik).toBe(`327404570890${String(i + 1).padStart(4, '0')}`);
    expect(v.valid && v.fields.number).toBe(`471.13/${String(i + 1).padStart(4, '0')}/Disdukcapil/XI/2026`);
  };

  it(`${count(LOAD.droppedCalls)} concurrent calls in one process, each result checked and dropped: memory bounded`, async () => {
    const n = LOAD.droppedCalls;
    const p = await photos();
    const {
      result: hashes,
      mb,
      secs,
    } = await peakGrowth(() =>
      Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const c = await issueCertificate(nth(i, p), { issuance: { ...issuance(), sequence: i + 1 }, seal });
          own(c, i);
          return c.sha256;
        }),
      ),
    );
    console.log(`${n} concurrent, results dropped: ${secs.toFixed(1)} s, RSS grew ${mb.toFixed(0)} MB at peak`);
    expect(new Set(hashes).size).toBe(n);
    // Only max(2, cores) render at once; the rest wait holding their input (a photo of ~20 KB).
    expect(mb).toBeLessThan(250);
  }, 600_000);

  it(`${count(LOAD.keptCalls)} concurrent calls in one process, results kept: every PDF belongs to its own resident, memory bounded`, async () => {
    const n = LOAD.keptCalls;
    const p = await photos();
    const {
      result: all,
      mb,
      secs,
    } = await peakGrowth(() =>
      Promise.all(Array.from({ length: n }, (_, i) => issueCertificate(nth(i, p), { issuance: { ...issuance(), sequence: i + 1 }, seal }))),
    );
    for (const [i, c] of all.entries()) own(c, i);
    // What a scanner reads from the pixels of a few of them is their own seal too.
    for (const i of [0, Math.floor(n * 0.75), n - 1]) expect(await decodeQrCodes(all[i]!.pdf)).toEqual([all[i]!.barcodeText]);
    console.log(`${n} concurrent, results kept: ${secs.toFixed(1)} s, RSS grew ${mb.toFixed(0)} MB at peak`);
    expect(new Set(all.map((c) => c.sha256)).size).toBe(n);
    // The results themselves stay held; the work in progress is bounded (0.9-1.2 GB for 500 before the render queue).
    expect(mb).toBeLessThan(450);
  }, 300_000);
});

describe('faults', () => {
  const mounts: string[] = [];
  const mountTmpfs = (options: string): string | undefined => {
    const dir = mkdtempSync(join(tmpdir(), 'suket-fs-'));
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    if (r.status !== 0) return undefined;
    mounts.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const m of mounts) spawnSync('umount', [m]);
  });

  it('disk full: a clear error, earlier files intact, nothing partial left', async (ctx) => {
    const disk = mountTmpfs('size=96k');
    if (!disk) return ctx.skip('cannot mount a tmpfs here');
    const r = await resident();
    const written: string[] = [];
    let failure: SuketError | undefined;
    for (let i = 1; i <= 6 && !failure; i++) {
      try {
        await writeCertificateFile(join(disk, `c${i}.pdf`), r, { issuance: { ...issuance(), sequence: i }, seal });
        written.push(`c${i}.pdf`);
      } catch (e) {
        failure = e as SuketError;
      }
    }
    expect(failure).toBeInstanceOf(SuketError);
    expect(failure!.code).toBe('IO_FAILED');
    expect(failure!.message).toContain('ENOSPC');
    expect(readdirSync(disk).sort()).toEqual(written.sort());
    for (const f of written) expect(readFileSync(join(disk, f)).subarray(-6).toString()).toContain('%%EOF');
  });

  it('output folder not writable: a clear error and nothing written', async (ctx) => {
    const ro = mountTmpfs('ro,size=64k');
    if (!ro) return ctx.skip('cannot mount a tmpfs here');
    const e = (await writeCertificateFile(join(ro, 'x.pdf'), await resident(), { issuance: issuance() }).catch((x: unknown) => x)) as SuketError;
    expect(e.code).toBe('IO_FAILED');
    expect(e.issues[0]).toMatchObject({ path: 'output', code: 'io' });
    expect(readdirSync(ro)).toEqual([]);
  });

  it('the CLI batch on a disk that fills up reports the rows and leaves no partial file', async (ctx) => {
    const disk = mountTmpfs('size=128k');
    if (!disk) return ctx.skip('cannot mount a tmpfs here');
    const cli = new URL('../dist/cli.js', import.meta.url).pathname;
    const work = mkdtempSync(join(tmpdir(), 'suket-full-'));
    mkdirSync(join(work, 'photos'));
    writeFileSync(join(work, 'photos', 'p.jpg'), await photo());
    const r = sampleResident();
    const rows = Array.from({ length: 8 }, (_, i) => JSON.stringify({ ...r, nik: `32740457089000${String(i + 10)}`, photo: 'p.jpg' }));
    writeFileSync(join(work, 'rows.jsonl'), rows.join('\n'));
    const { sequence: _s, ...iss } = issuance();
    writeFileSync(join(work, 'office.json'), JSON.stringify({ issuance: iss }));
    expect(spawnSync(process.execPath, [cli, 'register', 'init', '--office', 'office.json'], { cwd: work }).status).toBe(0);
    const out = spawnSync(process.execPath, [cli, 'batch', 'rows.jsonl', '--photos', 'photos', '--office', 'office.json', '--out', disk, '--json'], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(out.status).toBe(1);
    const summary = JSON.parse(out.stdout) as { issued: number; failed: number };
    expect(summary.failed).toBeGreaterThan(0);
    const files = readdirSync(disk);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.pdf'))) expect(readFileSync(join(disk, f)).subarray(-6).toString()).toContain('%%EOF');
    expect(existsSync(join(disk, 'manifest.jsonl'))).toBe(true);
    void execFileSync;
  });
});
