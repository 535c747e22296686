import { createHash, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decode, Tagged } from 'cborg';
import base45 from 'base45';
import { createSeal, generateSealKeys, publicJwk, sealLink, SuketError, verifySeal, type SealAlg, type SealFields } from '../src/index.js';
import { encodeBase45, decodeBase45, encodeBase42, decodeBase42 } from '../src/seal/base45.js';
import { encodeQr as qrMatrix } from '../src/codecs/qr.js';
import { sealLength } from '../src/seal/seal.js';
import { SEAL_V13Q_CHARS } from '../src/seal/fields.js';
import { p256 } from '@noble/curves/nist.js';

const jwkXY = (pub: Uint8Array) => ({ x: Buffer.from(pub.subarray(1, 33)).toString('base64url'), y: Buffer.from(pub.subarray(33)).toString('base64url') });

interface VectorCase {
  alg: SealAlg;
  privateKeyPem: string;
  publicJwk: import('../src/index.js').SealPublicJwk;
  fields: Omit<SealFields, 'version'>;
  seal: string;
  /** The seal behind https://dukcapil.example.go.id/periksa/ in the link form. */
  link: string;
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/seal-v1.json', import.meta.url), 'utf8')) as { checkedOn: string; cases: VectorCase[] };
const first = vectors.cases[0]!;
const fields = first.fields;
const trust = (c: VectorCase = first) => ({ trustList: { keys: [c.publicJwk] }, today: vectors.checkedOn });

describe('round trip', () => {
  it.each(['ES256', 'EdDSA'] as const)('%s: signs, verifies and gives back every field', async (alg) => {
    const keys = generateSealKeys({ alg });
    const text = await createSeal(fields, { privateKey: keys.privateKeyPem });
    expect(text.startsWith('SK1:')).toBe(true);
    expect(text.slice(4)).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    const v = verifySeal(text, { trustList: { keys: [keys.publicJwk] }, today: '2027-01-01' });
    expect(v).toMatchObject({ valid: true, alg, kid: keys.publicJwk.kid, fields: { version: 1, ...fields } });
  });

  it('is deterministic for keys in our process: same input, same seal', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const { privateKeyPem } = generateSealKeys({ alg });
      expect(await createSeal(fields, { privateKey: privateKeyPem })).toBe(await createSeal(fields, { privateKey: privateKeyPem }));
    }
  });

  it('accepts the key as PEM, KeyObject or JWK, and an external signer', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicJwk(publicKey);
    const texts = [
      await createSeal(fields, { privateKey }),
      await createSeal(fields, { privateKey: privateKey.export({ format: 'jwk' }) }),
      await createSeal(fields, { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    ];
    expect(new Set(texts).size).toBe(1);
    // An HSM-like signer: node's randomised ECDSA, raw r||s.
    const viaSigner = await createSeal(fields, {
      signer: async (data) => new Uint8Array(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
      publicKey,
    });
    for (const t of [...texts, viaSigner]) expect(verifySeal(t, { trustList: { keys: [jwk] }, today: '2027-01-01' }).valid).toBe(true);
  });

  it('refuses unreadable keys without echoing them', async () => {
    const secret = '-----BEGIN PRIVATE KEY-----\nNOTAKEY\n-----END PRIVATE KEY-----';
    const err = await createSeal(fields, { privateKey: secret }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuketError);
    expect((err as SuketError).code).toBe('INVALID_KEY');
    expect((err as SuketError).message).not.toContain('NOTAKEY');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(((await createSeal(fields, { privateKey: rsa }).catch((e: unknown) => e)) as SuketError).issues[0]!.path).toBe('seal.privateKey');
    const ed = generateSealKeys({ alg: 'EdDSA' }).privateKeyPem;
    expect(((await createSeal(fields, { privateKey: ed, alg: 'ES256' }).catch((e: unknown) => e)) as SuketError).code).toBe('INVALID_KEY');
  });
});

describe('a key signs only inside its window', () => {
  it('createSeal and generateCertificate refuse an issue date outside it, naming the dates, before any work', async () => {
    const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2026-12-31' });
    const window = { notBefore: '2026-01-01', notAfter: '2026-12-31' };
    const e = await createSeal({ ...fields, issuedAt: '2027-01-02', validUntil: '2027-07-02' }, { privateKey: keys.privateKeyPem, ...window }).catch((x) => x);
    expect(e).toBeInstanceOf(SuketError);
    expect(e.code).toBe('INVALID_KEY');
    expect(e.issues[0]).toMatchObject({
      path: 'seal',
      code: 'key_not_valid',
      message: expect.stringContaining('from 2026-01-01 to 2026-12-31, and the issue date 2027-01-02 is outside'),
    });
    const inside = await createSeal({ ...fields, issuedAt: '2026-12-31', validUntil: '2027-06-30' }, { privateKey: keys.privateKeyPem, ...window });
    expect(verifySeal(inside, { trustList: { keys: [keys.publicJwk] }, today: '2027-01-05' }).valid).toBe(true);
    const { generateCertificate } = await import('../src/index.js');
    const { sampleIssuance, sampleResident } = await import('../src/sample.js');
    // No photo: the key is refused before the photo would be read.
    const g = await generateCertificate(
      { ...sampleResident(), photo: '/nonexistent/photo.jpg' },
      { issuance: { ...sampleIssuance(), issuedAt: '2027-01-02' }, seal: { privateKey: keys.privateKeyPem, ...window } },
    ).catch((x) => x);
    expect(g).toMatchObject({ code: 'INVALID_KEY', issues: [{ path: 'seal', code: 'key_not_valid' }] });
  });
});

describe('committed test vectors', () => {
  it.each(vectors.cases.map((c, i) => [i, c] as const))('case %i gives exactly the committed seal, which verifies', async (_i, c) => {
    expect(await createSeal(c.fields, { privateKey: c.privateKeyPem })).toBe(c.seal);
    expect(verifySeal(c.seal, trust(c))).toMatchObject({ valid: true, fields: { version: 1, ...c.fields } });
  });

  it.each(vectors.cases.map((c, i) => [i, c] as const))(
    'case %i: the link form is the committed one, and docs/seal-v1.md section 1 alone decodes it',
    (_i, c) => {
      expect(sealLink('https://dukcapil.example.go.id/periksa/', c.seal)).toBe(c.link);
      expect(verifySeal(c.link, trust(c)).valid).toBe(true);
      // The doc's steps, written here from its words: the fragment after '#SK1U:', Base42 over '0-9 A-Z $ * - . / :'.
      const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$*-./:';
      const text = new URL(c.link).hash.slice('#SK1U:'.length);
      const out: number[] = [];
      for (let i = 0; i < text.length; i += 3) {
        const [a, b, e] = [...text.slice(i, i + 3)].map((ch) => alphabet.indexOf(ch));
        if (e === undefined) out.push(a! + 42 * b!);
        else {
          const n = a! + 42 * b! + 1764 * e;
          out.push(n >> 8, n & 0xff);
        }
      }
      expect(Buffer.from(out).equals(base45.decode(c.seal.slice(4)))).toBe(true);
    },
  );

  it("an earlier link whose seal holds '%20' itself (about one seal in 700) is read: each %20 a browser hands is weighed as a space and as the seal's own", async () => {
    // ES256 signatures here are deterministic (RFC 6979): the same key and fields give the same seal, so the search ends at the same number each run.
    let seal = '';
    let tries = 0;
    for (let i = 1; i <= 5000 && !(seal.includes('%20') && seal.includes(' ')); i++, tries++)
      seal = await createSeal({ ...fields, number: `471.13/${String(i).padStart(4, '0')}/Disdukcapil/XI/2026` }, { privateKey: first.privateKeyPem });
    expect(seal, `no seal with %20 in ${tries} tries`).toContain('%20');
    // A phone opens the earlier link: the browser writes each bare space %20 and leaves '%' as it is.
    const opened = `https://dukcapil.example.go.id/periksa/#${seal.replace(/ /g, '%20')}`;
    expect(verifySeal(opened, trust())).toMatchObject({ valid: true, fields: { number: expect.stringMatching(/^471\.13\//) } });
  });

  it('match the kid rule of docs/seal-v1.md', () => {
    for (const c of vectors.cases) {
      const spki = createPublicKey(c.privateKeyPem).export({ type: 'spki', format: 'der' });
      expect(c.publicJwk.kid).toBe(createHash('sha256').update(spki).digest().subarray(0, 8).toString('base64url'));
    }
  });
});

describe('independent check: node:crypto, a general CBOR decoder and another Base45, not our verifier', () => {
  it.each(vectors.cases.map((c, i) => [i, c] as const))('case %i follows docs/seal-v1.md to the byte', (_i, c) => {
    const bytes = new Uint8Array(base45.decode(c.seal.slice(4)));
    expect(bytes[0]).toBe(0xd2); // tag 18
    const cose = decode(bytes, { tags: { 18: Tagged.decoder(18) }, useMaps: true }) as Tagged;
    const [prot, unprot, payload, sig] = cose.value as [Uint8Array, Map<number, unknown>, Uint8Array, Uint8Array];
    expect(unprot.size).toBe(0);
    const header = decode(prot, { useMaps: true }) as Map<number, unknown>;
    expect(header.get(1)).toBe(c.alg === 'ES256' ? -7 : -8);
    const spki = createPublicKey(c.privateKeyPem).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(header.get(4) as Uint8Array)).toEqual(createHash('sha256').update(spki).digest().subarray(0, 8));
    const m = decode(payload, { useMaps: true }) as Map<number, unknown>;
    const day = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;
    expect([...m.keys()]).toEqual(c.fields.photoHash ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(m.get(1)).toBe(1);
    expect(m.get(3)).toBe(c.fields.nik);
    expect(m.get(4)).toBe(c.fields.name);
    expect(m.get(6)).toBe(day(c.fields.birthDate));
    expect(m.get(7)).toBe(c.fields.sex === 'LAKI-LAKI' ? 1 : 2);
    expect(m.get(9)).toBe(day(c.fields.issuedAt));
    // Sig_structure, built by hand: array(4), "Signature1", protected, h'', payload.
    const bstr = (b: Uint8Array) =>
      Buffer.concat([
        b.length < 24 ? Buffer.from([0x40 + b.length]) : b.length < 256 ? Buffer.from([0x58, b.length]) : Buffer.from([0x59, b.length >> 8, b.length & 255]),
        b,
      ]);
    const tbs = Buffer.concat([Buffer.from([0x84, 0x6a]), Buffer.from('Signature1'), bstr(prot), Buffer.from([0x40]), bstr(payload)]);
    const key = createPublicKey({ key: c.publicJwk, format: 'jwk' });
    expect(sig.length).toBe(64);
    expect(c.alg === 'ES256' ? nodeVerify('sha256', tbs, { key, dsaEncoding: 'ieee-p1363' }, sig) : nodeVerify(null, tbs, key, sig)).toBe(true);
  });
});

describe('ES256 signing (@noble/curves: RFC 6979, low S)', () => {
  it('is deterministic, low-S, and node:crypto verifies it, for random keys and messages', async () => {
    const rng = fc.sample(fc.tuple(fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ maxLength: 400 })), { numRuns: 100, seed: 6979 });
    const { prepareSealSigner } = await import('../src/seal/keys.js');
    const { isLowS } = await import('../src/seal/low-s.js');
    for (const [seed, message] of rng) {
      const d = p256.utils.randomSecretKey(seed);
      const jwk = { kty: 'EC', crv: 'P-256', ...jwkXY(p256.getPublicKey(d, false)), d: Buffer.from(d).toString('base64url') };
      const signer = prepareSealSigner({ privateKey: jwk });
      const sig = await signer.sign(message);
      expect(Buffer.from(await signer.sign(message)).equals(Buffer.from(sig))).toBe(true);
      expect(isLowS(sig)).toBe(true);
      const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', ...jwkXY(p256.getPublicKey(d, false)) }, format: 'jwk' });
      expect(nodeVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    }
  });

  it('no module of suket computes ECDSA itself: the seal signer is the library', () => {
    expect(existsSync(new URL('../src/seal/es256.ts', import.meta.url))).toBe(false);
    expect(readFileSync(new URL('../src/seal/keys.ts', import.meta.url), 'utf8')).toContain('p256.sign(data, d, { prehash: true, lowS: true })');
  });
});

describe('rejections', () => {
  it('every single-byte change of the signed object is rejected', () => {
    const bytes = decodeBase45(first.seal.slice(4))!;
    let rejected = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const t = bytes.slice();
        t[i]! ^= flip;
        const v = verifySeal('SK1:' + encodeBase45(t), trust());
        expect(v.valid, `byte ${i} ^ ${flip}`).toBe(false);
        rejected++;
      }
    }
    expect(rejected).toBe(bytes.length * 2);
  });

  it('names why: wrong key, unknown kid, window, revoked, dates', () => {
    const other = generateSealKeys();
    // Another key under the first key's kid: refused loudly (the kid is derived, never trusted).
    const wrongKey = { ...other.publicJwk, kid: first.publicJwk.kid };
    expect(() => verifySeal(first.seal, { trustList: { keys: [wrongKey] }, today: vectors.checkedOn })).toThrow(/trustList.keys\[0\].kid/);
    expect(verifySeal(first.seal, { trustList: { keys: [other.publicJwk] }, today: vectors.checkedOn })).toMatchObject({ valid: false, reason: 'unknown_key' });
    expect(verifySeal(first.seal, { trustList: { keys: [] } })).toMatchObject({ valid: false, reason: 'unknown_key' });
    const narrow = { ...first.publicJwk, notBefore: '2026-12-01' };
    expect(verifySeal(first.seal, { trustList: { keys: [narrow] }, today: vectors.checkedOn })).toMatchObject({ valid: false, reason: 'key_not_valid' });
    const ended = { ...first.publicJwk, notAfter: '2026-11-29' };
    expect(verifySeal(first.seal, { trustList: { keys: [ended] }, today: vectors.checkedOn })).toMatchObject({ valid: false, reason: 'key_not_valid' });
    expect(verifySeal(first.seal, { ...trust(), denyList: [fields.number] })).toMatchObject({ valid: false, reason: 'revoked', fields: { nik: fields.nik } });
    expect(verifySeal(first.seal, { ...trust(), today: '2026-11-29' })).toMatchObject({ valid: false, reason: 'not_yet_valid' });
    expect(verifySeal(first.seal, { ...trust(), today: '2027-05-31' })).toMatchObject({ valid: false, reason: 'expired' });
    expect(verifySeal(first.seal, { ...trust(), today: '2027-05-30' }).valid).toBe(true);
  });

  it('malformed input', () => {
    const body = first.seal.slice(4);
    const cases = [
      '',
      'SK2:' + body,
      body,
      'SK1:' + body.slice(0, -1),
      'SK1:' + body.slice(0, 100),
      'SK1:' + body.toLowerCase(),
      'SK1:GGW', // 0xffff+ triplet
      'SK1:' + 'A'.repeat(5000),
      'https://dukcapil.example/check?id=1',
    ];
    for (const c of cases) expect(verifySeal(c, trust())).toMatchObject({ valid: false, reason: 'malformed' });
    for (const c of [null, undefined, 42, {}, ['SK1:']]) expect(verifySeal(c, trust())).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('CBOR of the wrong shape, and hostile CBOR, in bounded time', () => {
    const hostile = [
      Uint8Array.from([0xd2, 0x84, 0x40, 0xa0, 0x40, 0x40]), // empty members
      Uint8Array.from([0xd2, 0x83, 0x40, 0xa0, 0x40]), // 3 members
      Uint8Array.from([0x84, 0x40, 0xa0, 0x40, 0x40]), // untagged
      Uint8Array.from([0xd2, 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // array of 2^64-1
      Uint8Array.from([0xd2, 0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // huge byte string
      Uint8Array.from([0xd2, 0x9f, 0x40, 0xa0, 0x40, 0x40, 0xff]), // indefinite
      Uint8Array.from([0xd2, ...new Array(2800).fill(0x81), 0x00]), // deep nesting
      Uint8Array.from([0xd2, ...new Array(2800).fill(0xa1).flatMap((x) => [x, 0x01])]), // deep maps
      Uint8Array.from([0xd8, 0x12, 0x84, 0x40, 0xa0, 0x40, 0x40]), // non-minimal tag
    ];
    const t0 = performance.now();
    for (const h of hostile) expect(verifySeal('SK1:' + encodeBase45(h), trust())).toMatchObject({ valid: false, reason: 'malformed' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('fuzzed text and bytes never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => {
        expect(verifySeal('SK1:' + s, trust()).valid).toBe(false);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        expect(verifySeal('SK1:' + encodeBase45(b), trust()).valid).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('base42, the link fragment', () => {
  it('round-trips any bytes, as long as Base45, in characters a URL fragment keeps as they are; decodes strictly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const t = encodeBase42(b);
        expect(t).toHaveLength(encodeBase45(b).length);
        expect(t).toMatch(/^[0-9A-Z$*\-./:]*$/);
        expect(new URL(`https://x.example/#${t}`).href).toBe(`https://x.example/#${t}`);
        expect(Buffer.from(decodeBase42(t)!)).toEqual(Buffer.from(b));
      }),
    );
    expect(encodeBase42(Uint8Array.from([0xff, 0xff]))).toBe('F6*'); // 65535 = 15 + 42*6 + 1764*37
    expect(decodeBase42('00-')).toBeNull(); // 1764*38 > 65535
    expect(decodeBase42('::')).toBeNull(); // 41 + 42*41 > 255
    expect(decodeBase42('A B')).toBeNull(); // a space is not in the alphabet
    expect(decodeBase42('ABCD')).toBeNull(); // 3k+1 characters
  });
});

describe('base45', () => {
  it('agrees with an independent implementation and RFC 9285 examples', () => {
    expect(encodeBase45(new TextEncoder().encode('AB'))).toBe('BB8');
    expect(encodeBase45(new TextEncoder().encode('Hello!!'))).toBe('%69 VD92EX0');
    expect(encodeBase45(new TextEncoder().encode('base-45'))).toBe('UJCLQE7W581');
    expect(Buffer.from(decodeBase45('QED8WEX0')!).toString()).toBe('ietf!');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const t = encodeBase45(b);
        expect(t).toBe(base45.encode(Buffer.from(b)));
        expect(Buffer.from(decodeBase45(t)!)).toEqual(Buffer.from(b));
      }),
    );
  });
});

describe('size', () => {
  it('the length of a seal is known before signing, exactly', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const options = { privateKey: generateSealKeys({ alg }).privateKeyPem };
      for (const f of [fields, { ...fields, photoHash: undefined }, { ...fields, name: 'A', number: 'X/1' }]) {
        const clean = JSON.parse(JSON.stringify(f)) as Omit<SealFields, 'version'>;
        expect(sealLength(clean, options)).toBe((await createSeal(clean, options)).length);
      }
    }
  });

  const base: Omit<SealFields, 'version'> = {
    number: '471.13/0123/Disdukcapil/XII/2026',
    nik: '7109014108950123',
    name: 'RADEN AYU SITI KHADIJAH PURNAMASARI WULAN',
    birthPlace: 'PANGKALAN BRANDAN',
    birthDate: '1995-08-01',
    sex: 'PEREMPUAN',
    officeCode: '7109',
    issuedAt: '2026-12-31',
    validUntil: '2027-06-30',
    photoHash: 'ffeeddccbbaa99887766554433221100',
  };
  const measure = async (f: Omit<SealFields, 'version'>) => {
    const { privateKeyPem } = generateSealKeys();
    const text = await createSeal(f, { privateKey: privateKeyPem });
    const m = qrMatrix(text, 'Q');
    return { bytes: decodeBase45(text.slice(4))!.length, chars: text.length, version: (m.size - 17) / 4 };
  };

  it('a long but realistic certificate (41-letter name) fits QR version 13 at level Q', async () => {
    const { photoHash: _, ...noPhoto } = base;
    const r = await measure(noPhoto);
    const withPhoto = await measure(base);
    console.log(
      `seal size, long realistic: ${r.bytes} bytes signed, ${r.chars} characters, QR version ${r.version}; ` +
        `with the optional photo hash ${withPhoto.bytes} bytes, version ${withPhoto.version} (so generateCertificate leaves it out)`,
    );
    expect(r.version).toBeLessThanOrEqual(13);
    expect(r.chars).toBeLessThanOrEqual(SEAL_V13Q_CHARS);
    expect((await measure(first.fields)).version).toBeLessThanOrEqual(13);
  });

  it('the longest fields validation allows still give a scannable code, a few versions larger', async () => {
    const r = await measure({
      ...base,
      number: '471.13/000123/DISDUKCAPIL-KAB-KEPULAUAN-SIAU/XII/2026',
      name: "MUHAMMAD ABDURRAHMAN AL-FARUQ BIN HAJI SULAIMAN MA'RUF NASUTION SIREGAR HARAHAPS".slice(0, 80),
      birthPlace: 'KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO SULAWESI UTARA ID'.slice(0, 60),
    });
    console.log(`seal size, longest allowed: ${r.bytes} bytes signed, ${r.chars} characters, QR version ${r.version}`);
    expect(r.version).toBeLessThanOrEqual(20);
  });
});
