/**
 * The certified PDF signature (PAdES) beside the seal, checked as a
 * verifier would: poppler's pdfsig for the signature, openssl for the CMS
 * and the time-stamp, the page rendered and its seal scanned.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, privateEncrypt, constants } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { p256 } from '@noble/curves/nist.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate, generateSealKeys, openRegister, signPdf, verifySeal, type PdfSignOptions } from '../src/index.js';
import * as mupdf from 'mupdf';
import { mergePdfs } from '../src/codecs/merge-pdf.js';
import { timestampRequest } from '../src/sign/timestamp.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { samplePortrait, sampleIssuance, sampleResident } from '../src/sample.js';
import { decodeQrCodes, failure, issuance, pdfText, resident } from './helpers.js';
import { issue, makePki, startTsa, type TestPki } from './pki.js';
import { issueBody, officeFolder, post, startServer } from './service.js';

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
const seal = { privateKey: keys.privateKeyPem };
let pki: TestPki;
let tsa: Awaited<ReturnType<typeof startTsa>>;
let unsigned: Uint8Array;

beforeAll(async () => {
  pki = makePki();
  tsa = await startTsa(pki);
  unsigned = await generateCertificate(await resident(), { issuance: issuance(), seal });
});
afterAll(() => tsa?.close());

let n = 0;
function save(pdf: Uint8Array): string {
  const file = join(pki.dir, `signed-${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

const pdfsig = (pdf: Uint8Array) => spawnSync('pdfsig', [save(pdf)], { encoding: 'utf8' }).stdout;

/** The signature dictionary's ranges and CMS, read back from the file. */
function signatureOf(pdf: Uint8Array): { signedBytes: Buffer; cms: Uint8Array<ArrayBuffer> } {
  const text = Buffer.from(pdf).toString('latin1');
  const range = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text)!.slice(1).map(Number);
  const [a, b, c, d] = range as [number, number, number, number];
  const hex = text.slice(a + b + 1, c - 1);
  const bytes = Buffer.from(hex, 'hex');
  return {
    signedBytes: Buffer.concat([Buffer.from(pdf).subarray(a, a + b), Buffer.from(pdf).subarray(c, c + d)]),
    cms: new Uint8Array(asn1js.fromBER(bytes).result.valueBeforeDecodeView),
  };
}

const p12Options = (over: Partial<PdfSignOptions> = {}): PdfSignOptions => ({
  p12: pki.p12,
  passphrase: pki.passphrase,
  roots: [pki.rootPem],
  reason: 'Penerbitan surat keterangan',
  location: 'Cirebon',
  ...over,
});

describe('a PAdES signature from a PKCS#12 file (B-B)', () => {
  let signed: Uint8Array;
  beforeAll(async () => {
    signed = await generateCertificate(await resident(), { issuance: issuance(), seal, sign: p12Options() });
  });

  it('pdfsig: valid, the whole document, ETSI.CAdES.detached, SHA-256, the signer named', () => {
    const out = pdfsig(signed);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain('Signer Certificate Common Name: Budi Penandatangan');
  });

  it('openssl: the CMS verifies over the signed ranges and leads to the test root', () => {
    const { signedBytes, cms } = signatureOf(signed);
    writeFileSync(pki.file('content.bin'), signedBytes);
    writeFileSync(pki.file('sig.der'), cms);
    const r = spawnSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'content.bin', '-CAfile', 'ca.pem', '-purpose', 'any', '-out', '/dev/null'],
      {
        cwd: pki.dir,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toContain('Verification successful');
    const printed = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'sig.der'], { cwd: pki.dir, encoding: 'utf8' }).stdout;
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).not.toContain('signingTime'); // PAdES keeps the time in the signature dictionary
  });

  it('leaves the drawn file byte for byte: signPdf appends an update to the unsigned PDF, and the seal still scans', async () => {
    const after = await signPdf(unsigned, p12Options());
    expect(Buffer.from(after.subarray(0, unsigned.length)).equals(Buffer.from(unsigned))).toBe(true);
    expect(pdfsig(after)).toContain('Signature is Valid');
    const codes = await decodeQrCodes(signed);
    expect(codes).toHaveLength(1);
    expect(verifySeal(codes[0], { trustList: { keys: [keys.publicJwk] }, today: '2026-12-15' }).valid).toBe(true);
    expect(Buffer.from(signed).toString('latin1')).toContain('<pdfaid:part>2</pdfaid:part>');
  });

  it("prints the template's visible mark in the signatory block, with the signature field on it; an unsigned PDF has neither", () => {
    const mark = 'Ditandatangani secara elektronik dengan sertifikat elektronik';
    expect(pdfText(signed).replace(/\s+/g, ' ')).toContain(mark);
    expect(pdfText(unsigned).replace(/\s+/g, ' ')).not.toContain('Ditandatangani secara elektronik');
    const page = mupdf.Document.openDocument(signed, 'application/pdf').loadPage(0);
    const json = JSON.parse(page.toStructuredText('preserve-whitespace').asJSON()) as {
      blocks: Array<{ lines?: Array<{ text: string; bbox: { x: number; y: number; w: number; h: number } }> }>;
    };
    const line = json.blocks.flatMap((b) => b.lines ?? []).find((l) => l.text.startsWith('Ditandatangani'))!;
    const height = page.getBounds()[3];
    const rect = /\/Rect \[([\d. ]+)\]/
      .exec(
        Buffer.from(signed)
          .toString('latin1')
          .slice(unsigned.length - 2000),
      )![1]!
      .split(' ')
      .map(Number);
    // The field's rectangle (from the bottom-left) holds the mark's line (from the top-left).
    expect(rect[0]).toBeLessThanOrEqual(line.bbox.x + 0.5);
    expect(rect[2]).toBeGreaterThanOrEqual(line.bbox.x + line.bbox.w - 0.5);
    expect(height - rect[3]!).toBeLessThanOrEqual(line.bbox.y + 1.5);
    expect(height - rect[1]!).toBeGreaterThanOrEqual(line.bbox.y + line.bbox.h - 1.5);
    expect(pdfsig(signed)).toContain('Signature is Valid');
  });

  it('one changed byte anywhere in the signed part makes it invalid', () => {
    const text = Buffer.from(signed).toString('latin1');
    const changed = Buffer.from(signed);
    const at = text.indexOf('/Producer') + 20;
    changed[at] = changed[at]! ^ 0x01;
    const out = pdfsig(changed);
    expect(out).not.toContain('Signature is Valid');
    expect(out).toMatch(/Signature Validation: (?:Digest Mismatch|Signature is Invalid)/);
  });

  it('a print file of signed and unsigned certificates holds both pages and no signature (each PDF keeps its own)', async () => {
    const merged = mergePdfs([signed, unsigned]);
    const doc = mupdf.Document.openDocument(merged, 'application/pdf');
    expect(doc.countPages()).toBe(2);
    expect(Buffer.from(merged).toString('latin1')).not.toContain('/Type /Sig');
    expect(spawnSync('pdfinfo', [save(merged)], { encoding: 'utf8' }).stderr).toBe('');
  });

  it('signs an existing PDF with signPdf, the unsigned bytes still deterministic', async () => {
    const again = await generateCertificate(await resident(), { issuance: issuance(), seal });
    expect(Buffer.from(again).equals(Buffer.from(unsigned))).toBe(true);
    // The signing time given (the test certificates are valid from today).
    const time = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const later = await signPdf(unsigned, p12Options({ time }));
    expect(pdfsig(later)).toContain('Signature is Valid');
    expect(Buffer.from(later).toString('latin1')).toContain(`/M (D:${time.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`);
  });
});

describe('PAdES B-T: with a time-stamp authority', () => {
  it('attaches a time-stamp token over the signature value, which openssl ts verifies', async () => {
    const before = tsa.requests();
    const signed = await signPdf(unsigned, p12Options({ timestampUrl: tsa.url }));
    expect(tsa.requests()).toBe(before + 1);
    expect(pdfsig(signed)).toContain('Signature is Valid');
    const { cms } = signatureOf(signed);
    // SignedData -> signerInfos -> the SignerInfo's signature and its unsigned attribute (read with pkijs; openssl judges).
    const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
    const signerInfo = signedData.signerInfos[0]!;
    const signature = signerInfo.signature.valueBlock.valueHexView;
    const token = new Uint8Array(signerInfo.unsignedAttrs!.attributes[0]!.values[0]!.toBER());
    writeFileSync(pki.file('token.der'), token);
    const digest = createHash('sha256').update(signature).digest('hex');
    const r = spawnSync('openssl', ['ts', '-verify', '-digest', digest, '-in', 'token.der', '-token_in', '-CAfile', 'ca.pem', '-untrusted', 'tsa.pem'], {
      cwd: pki.dir,
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toContain('Verification: OK');
  });

  it('the request OpenSSL reads for any random nonce: a leading zero byte was padding it refused (one request in 256)', () => {
    for (const first of [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]) {
      const random = new Uint8Array([first, 0x12, 1, 2, 3, 4, 5, 6]);
      const file = pki.file(`nonce-${first}.tsq`);
      writeFileSync(file, new Uint8Array(timestampRequest(new Uint8Array(32), random).toSchema().toBER()));
      const r = spawnSync('openssl', ['ts', '-query', '-in', file, '-text'], { encoding: 'utf8' });
      expect(r.status, `first byte ${first}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Nonce: 0x(0[1-9A-F]|[1-7][0-9A-F])12010203040506\n/);
    }
  });

  it('an unreachable authority: SIGN_FAILED naming it, and no PDF', async () => {
    const e = await failure(signPdf(unsigned, p12Options({ timestampUrl: 'http://127.0.0.1:9/tsr', timestampTimeoutMs: 2000 })));
    expect(e.code).toBe('SIGN_FAILED');
    expect(e.issues).toEqual([expect.objectContaining({ path: 'sign.timestampUrl', code: 'timestamp' })]);
  });
});

describe('an external signer (an HSM or a remote signing service)', () => {
  it('RSA: signs the digest it is given, and pdfsig finds it valid', async () => {
    const key = createPrivateKey(pki.signerKeyPem);
    const digestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');
    let calls = 0;
    const signer = {
      certificateChain: [pki.signerCertPem, pki.rootPem],
      sign: (digest: Uint8Array) => {
        calls++;
        expect(digest.length).toBe(32);
        return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([digestInfo, digest]));
      },
    };
    const signed = await generateCertificate(await resident(), { issuance: issuance(), seal, sign: { signer, roots: [pki.rootPem] } });
    expect(calls).toBe(1);
    expect(pdfsig(signed)).toContain('Signature is Valid');
  });

  it('ECDSA P-256: the same through an asynchronous signer', async () => {
    const d = Buffer.from(createPrivateKey(pki.ecKeyPem).export({ format: 'jwk' }).d!, 'base64url');
    const signer = { certificateChain: [pki.ecCertPem], sign: async (digest: Uint8Array) => p256.sign(digest, d, { prehash: false, format: 'der' }) };
    const signed = await signPdf(unsigned, { signer, roots: [pki.rootPem] });
    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid');
    expect(out).toContain('Sari Penandatangan');
  });
});

describe('PKCS#12 files as OpenSSL writes them, read through pkijs', () => {
  // Each export as an office's tools make it; the file's structure is read by pkijs, its ciphers are OpenSSL's, and
  // RFC 7292's key derivation (ours, for the MAC and the old 3DES scheme) must agree with OpenSSL's for each to open.
  const exports: Array<[string, string[], string]> = [
    ['AES-256-CBC, SHA-256 MAC (OpenSSL 3, current Windows)', ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'], 'rahasia-uji'],
    [
      "PKCS#12's SHA-1 and 3DES, SHA-1 MAC (Windows' TripleDES-SHA1)",
      ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
      'rahasia-uji',
    ],
    ['PBES2 with 3DES, SHA-512 MAC', ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC', '-macalg', 'sha512'], 'kata sandi: é ü'],
    ['certificates unencrypted, an empty passphrase', ['-certpbe', 'NONE'], ''],
  ];
  it.each(exports)('%s: signs, and pdfsig says the signature is valid', async (_name, flags, passphrase) => {
    const file = `export-${flags.join('').replace(/[^A-Za-z0-9]/g, '')}.p12`;
    spawnSync(
      'openssl',
      ['pkcs12', '-export', '-inkey', 'signer.key', '-in', 'signer.pem', '-certfile', 'ca.pem', '-out', file, '-passout', `pass:${passphrase}`, ...flags],
      {
        cwd: pki.dir,
      },
    );
    const signed = await signPdf(unsigned, p12Options({ p12: new Uint8Array(readFileSync(pki.file(file))), passphrase }));
    expect(pdfsig(signed)).toContain('Signature is Valid');
    const wrong = await failure(signPdf(unsigned, p12Options({ p12: new Uint8Array(readFileSync(pki.file(file))), passphrase: `${passphrase}x` })));
    expect(wrong.issues.map((i) => `${i.path}:${i.code}`)).toEqual(['sign.passphrase:passphrase']);
  });
});

describe('bad signing input: a clear error naming which, before any work', () => {
  it('a wrong passphrase', async () => {
    const e = await failure(generateCertificate(await resident(), { issuance: issuance(), sign: p12Options({ passphrase: 'salah' }) }));
    expect(e.code).toBe('INVALID_KEY');
    expect(e.issues).toEqual([expect.objectContaining({ path: 'sign.passphrase', code: 'passphrase' })]);
    expect(e.message).not.toContain('salah');
  });

  it('a signing certificate expired, or not yet valid, at the signing time', async () => {
    const late = await failure(signPdf(unsigned, p12Options({ time: new Date('2031-01-01T00:00:00Z') })));
    expect(late.issues.map((i) => `${i.path}:${i.code}`)).toContain('sign.certificate:certificate_expired');
    const early = await failure(signPdf(unsigned, p12Options({ time: new Date('2020-01-01T00:00:00Z') })));
    expect(early.issues.map((i) => `${i.path}:${i.code}`)).toContain('sign.certificate:certificate_not_yet_valid');
  });

  it("a TLS server's certificate (CA:TRUE, keyEncipherment, serverAuth) or a CA's is not a signer's: refused naming why", async () => {
    issue(pki.dir, 'tls', '/CN=dukcapil.example.go.id/O=Uji', 'basicConstraints=CA:true\nkeyUsage=critical,keyEncipherment\nextendedKeyUsage=serverAuth\n', [
      'rsa:2048',
    ]);
    const key = createPrivateKey(readFileSync(pki.file('tls.key'), 'utf8'));
    const signer = { certificateChain: [readFileSync(pki.file('tls.pem'), 'utf8'), pki.rootPem], sign: (d: Uint8Array) => privateEncrypt(key, d) };
    const e = await failure(signPdf(unsigned, { signer }));
    expect(e.issues.filter((i) => i.code === 'certificate_usage').map((i) => i.message)).toEqual([expect.stringContaining('not for signing documents')]);
    // A CA's own certificate and key as the signer.
    const caKey = createPrivateKey(readFileSync(pki.file('ca.key'), 'utf8'));
    const ca = await failure(signPdf(unsigned, { signer: { certificateChain: [pki.rootPem], sign: (d: Uint8Array) => privateEncrypt(caKey, d) } }));
    expect(ca.issues.filter((i) => i.code === 'certificate_usage').map((i) => i.message)).toEqual([
      expect.stringContaining('CA:TRUE'),
      expect.stringContaining('key usage allows neither digital signature nor non-repudiation'),
    ]);
    // An end entity whose key usage is for encryption only (no EKU to say otherwise): its key-usage bits, read by pkijs.
    issue(pki.dir, 'encrypt-only', '/CN=Enkripsi Saja/O=Uji', 'basicConstraints=CA:false\nkeyUsage=critical,keyEncipherment\n', ['rsa:2048']);
    const encKey = createPrivateKey(readFileSync(pki.file('encrypt-only.key'), 'utf8'));
    const enc = await failure(
      signPdf(unsigned, {
        signer: { certificateChain: [readFileSync(pki.file('encrypt-only.pem'), 'utf8'), pki.rootPem], sign: (d: Uint8Array) => privateEncrypt(encKey, d) },
      }),
    );
    expect(enc.issues.filter((i) => i.code === 'certificate_usage').map((i) => i.message)).toEqual([
      expect.stringContaining('key usage allows neither digital signature nor non-repudiation'),
    ]);
  });

  it('a chain that does not lead to the given root', async () => {
    const e = await failure(signPdf(unsigned, p12Options({ roots: [pki.otherRootPem] })));
    expect(e.issues).toEqual([expect.objectContaining({ path: 'sign.certificate', code: 'certificate_chain' })]);
  });

  it('not a PKCS#12 file, a bad time-stamp URL, and no signer at all: every problem at once', async () => {
    const e = await failure(signPdf(unsigned, p12Options({ p12: new Uint8Array(unsigned.subarray(0, 100)), timestampUrl: 'ftp://x' })));
    expect(e.issues.map((i) => `${i.path}:${i.code}`).sort()).toEqual(['sign.p12:sign_file', 'sign.timestampUrl:format']);
    expect((await failure(signPdf(unsigned, {}))).issues[0]).toMatchObject({ path: 'sign', code: 'required' });
  });
});

/** The CLI, without blocking this process: the time-stamp authority answers from it. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; err: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, ...args], { cwd: pki.dir, env: { ...process.env, ...env } });
    let err = '';
    p.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    p.on('close', (code) => done({ code, err }));
  });
}

describe('the CLI signs with --sign-p12, the passphrase from the environment only', () => {
  beforeAll(async () => {
    const { numbering, sequence: _s, issuedAt: _i, ...office } = sampleIssuance();
    writeFileSync(pki.file('office.json'), JSON.stringify({ issuance: { ...office, numbering } }));
    writeFileSync(pki.file('photo.jpg'), await samplePortrait());
    writeFileSync(pki.file('resident.json'), JSON.stringify({ ...sampleResident(), photo: 'photo.jpg' }));
    expect((await cli(['register', 'init', '--office', 'office.json'])).code).toBe(0);
    const row = { ...sampleResident(), photo: 'photo.jpg' };
    writeFileSync(pki.file('rows.jsonl'), [JSON.stringify(row), JSON.stringify({ ...row, nik: '3274045708900099' })].join('\n'));
  });
  const signFlags = ['--sign-p12', 'signer.p12', '--sign-pass-env', 'UJI_PASS', '--sign-root', 'ca.pem'];

  it('generate --sign-tsa: a B-T signature pdfsig finds valid', async () => {
    const before = tsa.requests();
    const r = await cli(
      [
        'generate',
        'resident.json',
        '--office',
        'office.json',
        '--no-register',
        '--issued-at',
        '2026-11-30',
        '--sequence',
        '3',
        '-o',
        'cli.pdf',
        ...signFlags,
        '--sign-tsa',
        tsa.url,
      ],
      {
        UJI_PASS: pki.passphrase,
      },
    );
    expect(r.code, r.err).toBe(0);
    expect(tsa.requests()).toBe(before + 1);
    expect(pdfsig(new Uint8Array(readFileSync(pki.file('cli.pdf'))))).toContain('Signature is Valid');
  });

  it('a wrong passphrase, or none in the environment: exit 1 naming it, no file, no number', async () => {
    const wrong = await cli(['generate', 'resident.json', '--office', 'office.json', '-o', 'wrong.pdf', ...signFlags], { UJI_PASS: 'salah-sekali' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('sign.passphrase: the passphrase is wrong');
    expect(wrong.err).not.toContain('salah-sekali');
    const none = await cli(['generate', 'resident.json', '--office', 'office.json', '-o', 'wrong.pdf', ...signFlags]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('sign.passphrase: is read from the environment variable UJI_PASS, which is not set');
    expect(existsSync(pki.file('wrong.pdf'))).toBe(false);
    const register = await openRegister(pki.file('suket.db'), { create: false });
    expect(await register.list()).toEqual([]);
    await register.close();
  });

  it('batch: every certificate of the batch signed', async () => {
    const r = await cli(['batch', 'rows.jsonl', '--photos', '.', '--office', 'office.json', '--out', 'batch', '--jobs', '1', ...signFlags], {
      UJI_PASS: pki.passphrase,
    });
    expect(r.code, r.err).toBe(0);
    const pdfs = readdirSync(pki.file('batch')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(2);
    for (const f of pdfs) expect(pdfsig(new Uint8Array(readFileSync(join(pki.file('batch'), f))))).toContain('Signature is Valid');
  });
});

describe('suket serve signs what it issues, from the settings file', () => {
  it('a certificate from POST /v1/certificates carries a valid B-T signature; a wrong passphrase stops the service at start', async () => {
    const dir = join(pki.dir, 'serve');
    spawnSync('mkdir', ['-p', dir]);
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, ...args], { cwd: dir, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const { photo, resident: person } = await officeFolder(dir, run);
    const office = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8')) as object;
    const sign = { p12: '../signer.p12', passphraseEnv: 'UJI_PASS', timestampUrl: tsa.url, roots: ['../ca.pem'] };
    writeFileSync(join(dir, 'office.json'), JSON.stringify({ ...office, sign }));
    const key = run(['serve', 'keys', 'add', 'sid', '--scope', 'issue', '--office', 'office.json']).out.trim();
    const server = await startServer(['--office', 'office.json'], dir, { UJI_PASS: pki.passphrase, SUKET_THREADS: '1' });
    try {
      const before = tsa.requests();
      const res = await post(`${server.url}/v1/certificates`, key, issueBody(person, photo));
      expect(res.status).toBe(201);
      const pdf = new Uint8Array(await res.arrayBuffer());
      expect(tsa.requests()).toBe(before + 1);
      expect(pdfsig(pdf)).toContain('Signature is Valid');
    } finally {
      await server.stop();
    }
    const refused = await startServer(['--office', 'office.json'], dir, { UJI_PASS: 'salah' }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refused).toContain('sign.passphrase');
  });
});

describe("the counter's approval signs where the office signs (issue 36)", () => {
  it("a head approves a clerk's draft: the paper printed carries a valid B-T signature beside its seal", async () => {
    const dir = join(pki.dir, 'loket');
    spawnSync('mkdir', ['-p', dir]);
    const run = (args: string[], input?: string) => {
      const r = spawnSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, ...args], { cwd: dir, encoding: 'utf8', input });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const { photo, resident: person } = await officeFolder(dir, run);
    const office = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8')) as object;
    const sign = { p12: '../signer.p12', passphraseEnv: 'UJI_PASS', timestampUrl: tsa.url, roots: ['../ca.pem'] };
    writeFileSync(join(dir, 'office.json'), JSON.stringify({ ...office, sign }));
    for (const [name, role] of [
      ['siti', 'petugas'],
      ['bagus', 'kepala'],
    ] as const)
      expect(run(['serve', 'users', 'add', name, '--role', role, '--office', 'office.json'], 'kata-sandi-loket-1\n').code).toBe(0);
    const server = await startServer(['--office', 'office.json'], dir, { UJI_PASS: pki.passphrase, SUKET_THREADS: '1' });
    try {
      const call = (path: string, init: { method?: string; body?: unknown; session?: { cookie: string; csrf: string } } = {}) =>
        fetch(`${server.url}/loket/api/${path}`, {
          method: init.method ?? 'GET',
          headers: {
            origin: server.url,
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(init.session ? { cookie: init.session.cookie, 'x-csrf-token': init.session.csrf } : {}),
          },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        });
      const logIn = async (name: string) => {
        const r = await call('login', { method: 'POST', body: { name, password: 'kata-sandi-loket-1' } });
        return { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrf: string }).csrf };
      };
      const clerk = await logIn('siti');
      const head = await logIn('bagus');
      const sent = await call('drafts', { method: 'POST', session: clerk, body: { resident: { ...person, photo: Buffer.from(photo).toString('base64') } } });
      expect(sent.status).toBe(201);
      const { id } = (await sent.json()) as { id: string };
      const before = tsa.requests();
      const approved = await call(`drafts/${id}/approve`, { method: 'POST', session: head });
      expect(approved.status, await approved.clone().text()).toBe(200);
      const { number } = (await approved.json()) as { number: string };
      expect(tsa.requests()).toBe(before + 1);
      const printed = await call(`certificates/${encodeURIComponent(number)}/pdf`, { session: clerk });
      expect(pdfsig(new Uint8Array(await printed.arrayBuffer()))).toContain('Signature is Valid');
    } finally {
      await server.stop();
    }
  });
});

describe('a signed PDF changed after signing (issue 33, item 3)', () => {
  const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
  const verify = (file: string) => {
    writeFileSync(join(pki.dir, 'trust.jwk.json'), JSON.stringify({ keys: [keys.publicJwk] }));
    return spawnSync(process.execPath, [CLI, 'verify', file, '--trust', join(pki.dir, 'trust.jwk.json'), '--today', '2026-12-15', '--json'], {
      encoding: 'utf8',
    });
  };
  /** Another name painted over the printed one, in a revision appended after the signature (mupdf saves it incrementally). */
  const overlaid = (pdf: Uint8Array, text: string): Uint8Array => {
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf') as mupdf.PDFDocument;
    const page = doc.loadPage(0) as mupdf.PDFPage;
    const note = page.createAnnotation('FreeText');
    note.setRect([150, 260, 450, 280]);
    note.setContents(text);
    note.update();
    return doc.saveToBuffer('incremental').asUint8Array();
  };

  it('pdfsig says not the whole document; suket verify exits 1 with document_changed, the sealed fields still shown', async () => {
    const signed = await generateCertificate(await resident(), { issuance: issuance(), seal, sign: p12Options() });
    const ok = verify(save(signed));
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const forged = overlaid(signed, 'NAMA : BUDI SANTOSO');
    expect(Buffer.from(forged.subarray(0, signed.length)).equals(Buffer.from(signed))).toBe(true);
    expect(forged.length).toBeGreaterThan(signed.length);
    expect(pdfsig(forged)).toContain('Not total document signed');
    const r = verify(save(forged));
    expect(r.status).toBe(1);
    const verdict = JSON.parse(r.stdout) as { valid: boolean; reason: string; message: string; fields?: { name: string } };
    expect(verdict).toMatchObject({ valid: false, reason: 'document_changed', fields: { name: 'SEKAR AYU LARASATI' } });
    expect(verdict.message).toContain('after it was signed');
  });

  it('an unsigned certificate with a revision drawn over it: document_changed; one whose page prints other data: document_mismatch', async () => {
    expect(verify(save(unsigned)).status).toBe(0);
    const r = verify(save(overlaid(unsigned, 'NIK : 3174011501650003')));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason: 'document_changed', message: expect.stringContaining('2 revisions') });
    // A forger's own paper: another resident printed, with a genuine seal copied from this one as the code's text.
    const seal45 = (await decodeQrCodes(unsigned)).find((t) => t.startsWith('SK1:'))!;
    const folder = join(pki.dir, 'tiruan');
    mkdirSync(folder, { recursive: true });
    const template = JSON.parse(readFileSync(new URL('../templates/suket-ktp-el/template.json', import.meta.url), 'utf8')) as {
      elements: Array<{ type: string; text?: string }>;
    };
    for (const e of template.elements) if (e.type === 'barcode') e.text = seal45;
    writeFileSync(join(folder, 'template.json'), JSON.stringify(template));
    const paper = await generateCertificate(await resident({ name: 'Budi Santoso', nik: '3274041501650003' }), { issuance: issuance(), template: folder });
    const m = verify(save(paper));
    expect(m.status).toBe(1);
    expect(JSON.parse(m.stdout)).toMatchObject({ valid: false, reason: 'document_mismatch', message: 'the page does not print the sealed nik, name' });
  });
});
