/**
 * What an independent review broke (issue 16), one block per finding. Each
 * test reproduces what the reviewer observed and asserts the fixed
 * behaviour; it fails on the code before the fix.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode, rfc8949EncodeOptions, Tagged } from 'cborg';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import {
  createSeal,
  generateCertificate,
  generateSealKeys,
  issueCertificate,
  loadTemplate,
  photoDigest,
  publicJwk,
  SuketError,
  validateIssuance,
  validateResident,
  verifySeal,
  type SealInput,
} from '../src/index.js';
import { decodeBase45, encodeBase45 } from '../src/seal/base45.js';
import { renderQueue, WorkQueue } from '../src/queue.js';
import { availableParallelism } from 'node:os';
import { samplePortrait, sampleResident } from '../src/sample.js';
import { issuance, resident } from './helpers.js';
import sharp from 'sharp';

const tmp = () => mkdtempSync(join(tmpdir(), 'suket-hard-'));

/** The SuketError a call throws (sync or async), or a failed assertion. */
async function thrown(f: () => unknown): Promise<SuketError> {
  let caught: unknown;
  try {
    await f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SuketError);
  return caught as SuketError;
}
const where = (e: SuketError) => e.issues.map((i) => `${i.path}:${i.code}`);

// The first test vector's fields, without its photo digest.
const { photoHash: _digest, ...fields } = (
  JSON.parse(readFileSync(new URL('./vectors/seal-v1.json', import.meta.url), 'utf8')) as { cases: Array<{ fields: Required<SealInput> }> }
).cases[0]!.fields;
const keys = generateSealKeys();
const trust = { trustList: { keys: [keys.publicJwk] }, today: '2026-12-01' };

/** The COSE_Sign1 array of a seal, to tamper with. */
const coseOf = (text: string) => (decode(decodeBase45(text.slice(4))!, { tags: { 18: Tagged.decoder(18) }, useMaps: true }) as Tagged).value as unknown[];
const sealOf = (arr: unknown[]) => `SK1:${encodeBase45(encode(new Tagged(18, arr), rfc8949EncodeOptions))}`;

describe('1. files named as photos and logos', () => {
  it('refuses a device, a FIFO and a file over the limit before reading, without waiting', async () => {
    const dir = tmp();
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    const huge = join(dir, 'huge.jpg');
    writeFileSync(huge, '');
    truncateSync(huge, 1024 * 1024 * 1024); // sparse: 1 GB that is never read
    const t0 = performance.now();
    for (const [file, code] of [
      ['/dev/zero', 'photo:io'],
      [fifo, 'photo:io'],
      [huge, 'photo:photo_too_large'],
    ] as const) {
      const e = await thrown(() => generateCertificate({ ...sampleResident(), photo: file }, { issuance: issuance() }));
      expect(where(e)).toEqual([code]);
      expect(e.message).not.toContain(dir);
    }
    const e = await thrown(async () => generateCertificate(await resident(), { issuance: issuance({ office: { ...issuance().office, logo: '/dev/zero' } }) }));
    expect(where(e)).toEqual(['issuance.office.logo:io']);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('says why a photo path cannot be read, without the path', async () => {
    const missing = join(tmp(), '3274045708900042.jpg');
    const e = await thrown(async () => generateCertificate({ ...(await resident()), photo: missing }, { issuance: issuance() }));
    expect(e.issues[0]).toMatchObject({ path: 'photo', code: 'io', message: 'no file at the given path' });
    expect(e.message).not.toContain('3274045708900042');
  });
});

describe('5. many calls at once', () => {
  it('runs a bounded number at a time: later calls wait, all finish', async () => {
    const r = await resident();
    const order: number[] = [];
    let deepest = 0;
    const watch = setInterval(() => (deepest = Math.max(deepest, renderQueue.depth)), 1);
    await Promise.all(Array.from({ length: 12 }, (_, i) => issueCertificate(r, { issuance: issuance({ sequence: i + 1 }) }).then(() => order.push(i))));
    clearInterval(watch);
    expect(order.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    // With 12 calls and at most max(2, cores) rendering, some were seen waiting in line.
    expect(renderQueue.limit).toBe(Math.max(2, availableParallelism()));
    expect(deepest).toBeGreaterThan(0);
    expect(renderQueue.depth).toBe(0);
  });

  it('the queue never runs more than its limit, whatever finishes first', async () => {
    const q = new WorkQueue(3);
    let running = 0;
    let most = 0;
    const task = (ms: number) => async () => {
      most = Math.max(most, ++running);
      await new Promise((done) => setTimeout(done, ms));
      running--;
      return ms;
    };
    const results = await Promise.all([5, 1, 8, 2, 3, 1, 6, 2, 4, 1].map((ms) => q.run(task(ms))));
    expect(results).toEqual([5, 1, 8, 2, 3, 1, 6, 2, 4, 1]);
    expect(most).toBe(3);
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run(async () => 'still works')).toBe('still works');
  });
});

describe('7. key windows and the day of checking fail closed', () => {
  it('keygen refuses windows that are not YYYY-MM-DD, or empty', async () => {
    for (const w of [
      { notBefore: '01-01-2030' },
      { notAfter: '31-12-2030' },
      { notBefore: '2026/01/31' },
      { notAfter: '' },
      { notBefore: 'garbage' },
      { notBefore: '2027-01-01', notAfter: '2026-01-01' },
    ]) {
      const e = await thrown(() => generateSealKeys(w));
      expect(e.code).toBe('INVALID_KEY');
    }
    const e = await thrown(() => generateSealKeys({ notBefore: 20260101 as unknown as string }));
    expect(where(e)).toEqual(['notBefore:date']);
  });

  it('a trust list whose window is not a date is refused, not ignored', async () => {
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    for (const bad of ['01-01-2030', 20300101, '', 'garbage']) {
      const e = await thrown(() => verifySeal(text, { ...trust, trustList: { keys: [{ ...keys.publicJwk, notBefore: bad as string }] } }));
      expect(where(e)).toEqual(['trustList.keys[0].notBefore:date']);
    }
  });

  it('a malformed day of checking is an error, not the machine date', async () => {
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    for (const today of ['01-12-2026', 'garbage', '2026-02-30'])
      expect(where(await thrown(() => verifySeal(text, { ...trust, today })))).toEqual(['today:date']);
  });
});

describe('8. the photo digest is compared', () => {
  it('a PDF whose photo was swapped does not verify; the right photo does, and every verdict says which', async () => {
    const sealed = await issueCertificate(await resident(), { issuance: issuance(), seal: { privateKey: keys.privateKeyPem } });
    const v = verifySeal(sealed.barcodeText, trust);
    expect(v).toMatchObject({ valid: true, photo: 'not_checked' });
    const digest = v.fields!.photoHash!;
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    const other = await samplePortrait({ seed: 5, background: '#b02020' });
    expect(verifySeal(sealed.barcodeText, { ...trust, photo: other })).toMatchObject({ valid: false, reason: 'photo_mismatch', photo: 'mismatch' });
    // The embedded JPEG is found in the PDF's bytes (pdfkit embeds it as is).
    const pdf = Buffer.from(sealed.pdf);
    const start = pdf.indexOf(Buffer.from([0xff, 0xd8, 0xff]));
    const end = pdf.indexOf(Buffer.from([0xff, 0xd9]), start) + 2;
    const embedded = new Uint8Array(pdf.subarray(start, end));
    expect(photoDigest(embedded)).toBe(digest);
    expect(verifySeal(sealed.barcodeText, { ...trust, photo: embedded })).toMatchObject({ valid: true, photo: 'match' });
  });
});

describe('9. a trust list kid is derived, never taken as written', () => {
  it("refuses an entry labelled with another key's kid", async () => {
    const other = generateSealKeys();
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    const e = await thrown(() => verifySeal(text, { ...trust, trustList: { keys: [keys.publicJwk, { ...other.publicJwk, kid: keys.publicJwk.kid }] } }));
    expect(where(e)).toEqual(['trustList.keys[1].kid:seal_key']);
  });
});

describe('10. one certificate, one seal text', () => {
  it('ES256 seals are low-S; the high-S twin and junk in the unprotected header are malformed', async () => {
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    const arr = coseOf(text);
    const sig = arr[3] as Uint8Array;
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
    expect(s <= n >> 1n).toBe(true);
    const high = new Uint8Array(sig);
    high.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(verifySeal(sealOf([arr[0], arr[1], arr[2], high]), trust)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(verifySeal(sealOf([arr[0], new Map([[1, -7]]), arr[2], sig]), trust)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(verifySeal(sealOf(arr), trust).valid).toBe(true);
  });

  it('an external signer that answers high-S still gives the low-S seal', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const highSigner = async (data: Uint8Array) => {
      const sig = new Uint8Array(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
      if (s <= n >> 1n) sig.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
      return sig;
    };
    const text = await createSeal(fields, { signer: highSigner, publicKey });
    const s = BigInt(`0x${Buffer.from((coseOf(text)[3] as Uint8Array).subarray(32)).toString('hex')}`);
    expect(s <= n >> 1n).toBe(true);
    expect(verifySeal(text, { ...trust, trustList: { keys: [publicJwk(publicKey)] } }).valid).toBe(true);
  });
});

describe('11. lax trust input is refused loudly', () => {
  it('a trust list holding a private key', async () => {
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    const d = createPrivateKey(keys.privateKeyPem).export({ format: 'jwk' }).d!;
    const e = await thrown(() => verifySeal(text, { ...trust, trustList: { keys: [{ ...keys.publicJwk, d }] } }));
    expect(where(e)).toEqual(['trustList.keys[0].d:seal_key']);
    expect(e.message).not.toContain(d);
  });

  it('a protected header marking an unknown header critical', async () => {
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    const arr = coseOf(text);
    const header = decode(arr[0] as Uint8Array, { useMaps: true }) as Map<number, unknown>;
    header.set(2, [99]);
    const prot = encode(header, rfc8949EncodeOptions);
    const tbs = encode(['Signature1', prot, new Uint8Array(0), arr[2]], rfc8949EncodeOptions);
    const d = Buffer.from(createPrivateKey(keys.privateKeyPem).export({ format: 'jwk' }).d!, 'base64url');
    const sig = p256.sign(tbs, d, { prehash: true, lowS: true });
    expect(verifySeal(sealOf([prot, new Map(), arr[2], sig]), trust)).toMatchObject({ valid: false, reason: 'malformed' });
  });
});

describe('12. createSeal refuses what it cannot carry as given', () => {
  it.each([
    [{ sex: 'laki-laki' }, 'fields.sex:not_allowed'],
    [{ photoHash: 'not hex at all, really not hex!!' }, 'fields.photoHash:format'],
    [{ photoHash: 'ABCDEF' }, 'fields.photoHash:format'],
    [{ nik: '12' }, 'fields.nik:nik_format'],
    [{ number: '471.13/0001 ' }, 'fields.number:format'],
    [{ validUntil: '2600-01-01' }, 'fields.validUntil:date'],
    [{ issuedAt: '2027-06-01' }, 'fields.validUntil:conflict'],
  ] as Array<[Partial<SealInput>, string]>)('%o', async (over, code) => {
    const e = await thrown(() => createSeal({ ...fields, ...over }, { privateKey: keys.privateKeyPem }));
    expect(where(e)).toEqual([code]);
  });

  it('a blood type over 20 characters is an error, not "-"', async () => {
    const e = await thrown(() => validateResident({ ...sampleResident(), bloodType: 'O'.repeat(21) }));
    expect(where(e)).toEqual(['bloodType:too_long']);
  });
});

describe('13. validation admits exactly what the seal carries', () => {
  it.each([
    [{ validUntil: '2600-01-01' }, 'validUntil:date'],
    [{ issuedAt: new Date('2600-01-01T00:00:00Z') }, 'issuedAt:date'],
    [{ issuedAt: new Date('0006-01-01T00:00:00Z') }, 'issuedAt:date'],
    [{ issuedAt: new Date(Date.UTC(12026, 0, 1)) }, 'issuedAt:date'],
    [{ issuedAt: new Date('nonsense') }, 'issuedAt:type'],
    [{ issuedAt: '1799-12-31' }, 'issuedAt:date'],
  ] as const)('%o is refused', async (over, code) => {
    const e = await thrown(() => validateIssuance(issuance(over as never)));
    expect(where(e)).toEqual([code]);
  });

  it('the latest day validation admits still makes a seal that verifies', async () => {
    const text = await createSeal({ ...fields, validUntil: '2500-12-31' }, { privateKey: keys.privateKeyPem });
    expect(verifySeal(text, trust).valid).toBe(true);
  });
});

describe('14. a changed key on the same options object signs with the new key', () => {
  it('caches by the key, not the object', async () => {
    const other = generateSealKeys();
    const options = { privateKey: keys.privateKeyPem };
    const first = await createSeal(fields, options);
    options.privateKey = other.privateKeyPem;
    const second = await createSeal(fields, options);
    expect(verifySeal(first, trust).valid).toBe(true);
    expect(verifySeal(second, { ...trust, trustList: { keys: [other.publicJwk] } }).valid).toBe(true);
  });
});

describe('15. prototype names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('formatter %s is unknown when the template loads', async (name) => {
    const def = JSON.parse(readFileSync(new URL('../templates/suket-ktp-el/template.json', import.meta.url), 'utf8'));
    def.elements.push({ type: 'text', x: 10, y: 300, w: 50, size: 8, text: `{{resident.name | ${name}}}` });
    const e = await thrown(() => loadTemplate(def, new URL('../templates/suket-ktp-el', import.meta.url).pathname));
    expect(e.code).toBe('INVALID_TEMPLATE');
    expect(where(e)).toContain(`elements[${def.elements.length - 1}].text:template_placeholder`);
  });

  it('timeZone "constructor" and an invalid `now` are input errors', async () => {
    expect(where(await thrown(() => validateIssuance(issuance({ timeZone: 'constructor' }))))).toEqual(['timeZone:not_allowed']);
    const { numbering, sequence, issuedAt, ...rest } = issuance();
    void issuedAt;
    const e = await thrown(async () => generateCertificate(await resident(), { issuance: { ...rest, numbering, sequence }, now: new Date('x') }));
    expect(where(e)).toEqual(['now:type']);
  });
});

describe('16. numbering gets the checks a number gets', () => {
  it('trailing and doubled spaces are normalised the same way', () => {
    const a = validateIssuance(issuance({ numbering: '471.13/{seq:4}  /X/{year} ' }));
    const { numbering, sequence, ...rest } = issuance();
    void numbering;
    void sequence;
    const b = validateIssuance({ ...rest, number: ' 471.13/0001  /X/2026 ' });
    expect(a.number).toBe('471.13/0001 /X/2026');
    expect(b.number).toBe(a.number);
  });

  it('dot-only and empty parts are refused in both', async () => {
    expect(where(await thrown(() => validateIssuance(issuance({ numbering: '471.13/{seq}/../X' }))))).toEqual(['numbering:format']);
    const { numbering, sequence, ...rest } = issuance();
    void numbering;
    void sequence;
    expect(where(await thrown(() => validateIssuance({ ...rest, number: '471.13/../1' })))).toEqual(['number:format']);
    expect(where(await thrown(() => validateIssuance({ ...rest, number: '471.13//1' })))).toEqual(['number:format']);
  });
});

describe('21. each certificate has its own PDF /ID', () => {
  const idOf = (pdf: Uint8Array) => /\/ID \[<([0-9a-f]+)> <([0-9a-f]+)>\]/.exec(Buffer.from(pdf).toString('latin1'))?.[1];
  it('two certificates of one day differ; the same certificate keeps its bytes', async () => {
    const r = await resident();
    const a = await generateCertificate(r, { issuance: issuance({ sequence: 1 }) });
    const b = await generateCertificate(r, { issuance: issuance({ sequence: 2 }) });
    const again = await generateCertificate(r, { issuance: issuance({ sequence: 1 }) });
    expect(idOf(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(idOf(a)).not.toBe(idOf(b));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(again))).toBe(0);
  });
});

describe('reported together (house in order)', () => {
  it('a missing number is reported with the resident problems, at once', async () => {
    const e = await thrown(() => generateCertificate({ nik: '12', name: 'Budi 99' }));
    const paths = where(e);
    expect(paths).toContain('nik:nik_format');
    expect(paths).toContain('issuance.number:required');
    expect(paths).toContain('issuance.place:required');
  });

  it('a photo far below the box size prints with a warning', async () => {
    const small = await sharp({ create: { width: 120, height: 160, channels: 3, background: '#1f4fa8' } })
      .jpeg()
      .toBuffer();
    const issued = await issueCertificate({ ...sampleResident(), photo: new Uint8Array(small) }, { issuance: issuance() });
    expect(issued.warnings.map((w) => `${w.path}:${w.code}`)).toEqual(['photo:photo_low_resolution']);
    const sharp354 = await issueCertificate(await resident(), { issuance: issuance() });
    expect(sharp354.warnings).toEqual([]);
  });
});

/** A template folder with the default template and the given fonts and changes. */
function templateWith(files: Record<string, Uint8Array>, change: (def: { fonts: Record<string, string>; elements: unknown[] }) => void): string {
  const dir = tmp();
  const def = JSON.parse(readFileSync(new URL('../templates/suket-ktp-el/template.json', import.meta.url), 'utf8'));
  change(def);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, 'template.json'), JSON.stringify(def));
  return dir;
}
const arimo = () => new Uint8Array(readFileSync(new URL('../fonts/Arimo-Regular.ttf', import.meta.url)));
/** Offset and length of a table of a TrueType file. */
function table(font: Uint8Array, tag: string): { offset: number; length: number } {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  for (let i = 0; i < v.getUint16(4); i++) {
    const r = 12 + 16 * i;
    if (String.fromCharCode(...font.subarray(r, r + 4)) === tag) return { offset: v.getUint32(r + 8), length: v.getUint32(r + 12) };
  }
  throw new Error(`no ${tag}`);
}

describe('2 and 17. fonts that are bombs or broken fail when the template loads, naming the font', () => {
  const woff2 = Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(60)]);
  const zeroEm = arimo();
  new DataView(zeroEm.buffer).setUint16(table(zeroEm, 'head').offset + 18, 0);
  const badCmap = arimo();
  const cmap = table(badCmap, 'cmap').offset;
  const cv = new DataView(badCmap.buffer);
  for (let i = 0; i < cv.getUint16(cmap + 2); i++) cv.setUint32(cmap + 4 + 8 * i + 4, 0x7fffffff);
  const zeroHmtx = arimo();
  const h = table(zeroHmtx, 'hmtx');
  zeroHmtx.fill(0, h.offset, h.offset + h.length);
  const garbage = Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.alloc(4000, 0xab)]);

  it.each([
    ['a WOFF2 named .ttf', woff2],
    ['a garbage font', garbage],
    ['unitsPerEm 0', zeroEm],
    ['a cmap pointing past the end', badCmap],
    ['a zeroed hmtx', zeroHmtx],
  ])('%s', async (_what, bytes) => {
    const dir = templateWith({ 'bad.ttf': new Uint8Array(bytes) }, (def) => (def.fonts.bold = 'bad.ttf'));
    const t0 = performance.now();
    const e = await thrown(() => loadTemplate(dir));
    expect(e.code).toBe('INVALID_TEMPLATE');
    expect(where(e)).toEqual(['fonts.bold:template_file']);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a font larger than the limit is refused before it is read', async () => {
    const dir = templateWith({}, (def) => (def.fonts.bold = 'big.ttf'));
    writeFileSync(join(dir, 'big.ttf'), '');
    truncateSync(join(dir, 'big.ttf'), 64 * 1024 * 1024);
    const e = await thrown(() => loadTemplate(dir));
    expect(e.issues[0]).toMatchObject({ path: 'fonts.bold', code: 'template_file', message: 'is larger than 4 MB' });
  });
});

describe('3. layout is bounded for any template the schema admits', () => {
  it('400 characters without spaces, w 0, size 200, minSize 1: an overflow error in well under a second', async () => {
    const dir = templateWith({}, (def) => def.elements.push({ type: 'text', x: 10, y: 10, w: 0, size: 200, minSize: 1, maxLines: 50, text: 'W'.repeat(400) }));
    const template = await loadTemplate(dir);
    const t0 = performance.now();
    const e = await thrown(async () => generateCertificate(await resident(), { template: dir, issuance: issuance() }));
    expect(where(e)).toEqual([`template.elements[${template.definition.elements.length - 1}].text:text_overflow`]);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('the same text in a box it fits shrinks to the largest size that fits', async () => {
    const { fitToWidth } = await import('../src/render/layout/layout.js');
    const template = await loadTemplate('suket-ktp-el');
    const font = template.fonts.regular;
    const f = fitToWidth(font, 'W'.repeat(400), { size: 200, minSize: 1, maxLines: 50 }, 500);
    expect(f).not.toBeNull();
    const larger = fitToWidth(font, 'W'.repeat(400), { size: f!.size + 0.25, minSize: f!.size + 0.25, maxLines: 50 }, 500);
    expect(larger).toBeNull();
  });
});

describe('determinism across documents and processes', () => {
  it('a certificate with a transparent logo has the same bytes whatever was rendered before it, in any process', () => {
    const script = `
      import { createHash } from 'node:crypto';
      import { issueCertificate } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).pathname)};
      import { sampleIssuance, sampleLogo, samplePortrait, sampleResident } from ${JSON.stringify(new URL('../dist/sample.js', import.meta.url).pathname)};
      const photo = await samplePortrait();
      const logo = await sampleLogo();
      const out = [];
      for (const paper of process.argv.slice(1)) {
        const issuance = sampleIssuance();
        issuance.office.logo = logo;
        out.push(createHash('sha256').update((await issueCertificate({ ...sampleResident(), photo }, { issuance, paper })).pdf).digest('hex'));
      }
      console.log(out.join(' '));`;
    const runs = Array.from({ length: 4 }, (_, i) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script, ...(i % 2 ? ['F4', 'A4'] : ['A4', 'F4', 'A4'])], { encoding: 'utf8' })
        .trim()
        .split(' '),
    );
    const a4 = new Set(runs.map((r) => (r.length === 2 ? r[1] : r[0])).concat(runs.filter((r) => r.length === 3).map((r) => r[2]!)));
    expect(a4.size).toBe(1);
  }, 60_000);
});
