/**
 * Everything that can be checked is checked before a number is taken: a
 * bad resident, a photo that is missing, not an image or damaged, a missing
 * template or logo, a seal key outside its window, a wrong PKCS#12
 * passphrase, an output folder that cannot be written. Each goes through the
 * library, the CLI, the batch and the service; after them all, the next
 * good issue gets the very first number, so none was spent.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSealKeys, openRegister, registerIssuance, type SuketError } from '../src/index.js';
import { sampleIssuance, samplePortrait, sampleResident } from '../src/sample.js';
import { failure } from './helpers.js';
import { makePki } from './pki.js';
import { CLI, issueBody, officeFolder, post, startServer, type Server } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-before-'));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const FIRST = '471.13/0001/Disdukcapil/XI/2026';
const PATTERN = '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}';
const { numbering: _n, sequence: _s, issuedAt: _i, ...officeFields } = sampleIssuance();
const office = { ...officeFields, numbering: PATTERN, issuedAt: '2026-11-30' };
const pki = makePki();
const what = (e: SuketError) => e.issues.map((i) => `${i.path}:${i.code}`);

let photo: Uint8Array;
let damaged: Uint8Array;
const notAnImage = new TextEncoder().encode('bukan foto, hanya teks yang diberi nama .jpg');

beforeAll(async () => {
  await officeFolder(dir, run);
  photo = await samplePortrait();
  damaged = photo.subarray(0, Math.floor(photo.length * 0.5));
  writeFileSync(join(dir, 'text.jpg'), notAnImage);
  writeFileSync(join(dir, 'damaged.jpg'), damaged);
  writeFileSync(join(dir, 'pki.p12'), pki.p12);
  const settings = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
  const variant = (name: string, change: Record<string, unknown>) => writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...settings, ...change }));
  variant('no-logo', { issuance: { ...settings.issuance, office: { ...settings.issuance.office, logo: 'logo-hilang.png' } } });
  variant('no-template', { template: 'templat-hilang' });
  variant('signed', { sign: { p12: 'pki.p12' } });
});

describe('the library: nothing that fails its checks spends a number', () => {
  it('a bad resident, photo, template, logo, key window or passphrase; then the first number', async () => {
    const register = await openRegister(join(dir, 'lib.db'));
    const good = { ...sampleResident(), photo };
    const expired = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2026-06-30' });
    const tries: Array<[string, () => Promise<unknown>, string]> = [
      ['resident', () => register.issue({ ...good, nik: '12' }, { issuance: office }), 'nik:nik_format'],
      ['missing photo', () => register.issue({ ...good, photo: join(dir, 'hilang.jpg') }, { issuance: office }), 'photo:io'],
      ['not an image', () => register.issue({ ...good, photo: notAnImage }, { issuance: office }), 'photo:photo_format'],
      ['cut short', () => register.issue({ ...good, photo: damaged }, { issuance: office }), 'photo:photo_corrupt'],
      ['template', () => register.issue(good, { issuance: office, template: join(dir, 'templat-hilang') }), 'template:template_file'],
      [
        'logo',
        () => register.issue(good, { issuance: { ...office, office: { ...office.office, logo: join(dir, 'logo-hilang.png') } } }),
        'issuance.office.logo:io',
      ],
      // The window is written in the key's own PEM text: no window given beside it.
      ['key window', () => register.issue(good, { issuance: office, seal: { privateKey: expired.privateKeyPem } }), 'seal:key_not_valid'],
      ['passphrase', () => register.issue(good, { issuance: office, sign: { p12: pki.p12, passphrase: 'salah' } }), 'sign.passphrase:passphrase'],
    ];
    for (const [name, attempt, expected] of tries) expect(what(await failure(attempt())), name).toContain(expected);
    expect(await register.list()).toEqual([]);
    expect((await register.issue(good, { issuance: office })).number).toBe(FIRST);
    await register.close();
  });

  it('a number given by hand that is taken is refused before any work, and the counter is untouched', async () => {
    const register = await openRegister(join(dir, 'lib-hand.db'));
    const good = { ...sampleResident(), photo };
    await register.issue(good, { issuance: registerIssuance(office, { number: '471.13/0005/Disdukcapil/XI/2026' }) });
    const other = (serial: string) => ({ ...good, nik: `32740457089000${serial}` });
    await failure(register.issue(other('43'), { issuance: registerIssuance(office, { number: '471.13/5/Disdukcapil/XI/2026' }) }));
    expect((await register.issue(other('44'), { issuance: office })).number).toBe(FIRST);
    await register.close();
  });
});

describe('the CLI', () => {
  it('generate: each failure exits 1 and takes no number; the next good print is number 1', () => {
    expect(run(['register', 'init', '--register', 'cli.db']).code).toBe(0);
    const gen = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      run(['generate', 'resident.json', '--register', 'cli.db', '--issued-at', '2026-11-30', '--force', ...args], env);
    const tries: Array<[string, ReturnType<typeof gen>, string]> = [
      ['missing --photo', gen(['--office', 'office.json', '--photo', 'hilang.jpg', '-o', 'a.pdf']), 'photo: '],
      ['not an image', gen(['--office', 'office.json', '--photo', 'text.jpg', '-o', 'a.pdf']), '[photo_format]'],
      ['damaged pixels', gen(['--office', 'office.json', '--photo', 'damaged.jpg', '-o', 'a.pdf']), '[photo_corrupt]'],
      ['template', gen(['--office', 'no-template.json', '--photo', 'photo.jpg', '-o', 'a.pdf']), 'template'],
      ['logo', gen(['--office', 'no-logo.json', '--photo', 'photo.jpg', '-o', 'a.pdf']), 'issuance.office.logo'],
      ['key window', gen(['--office', 'office.json', '--photo', 'photo.jpg', '--issued-at', '2028-01-05', '-o', 'a.pdf']), '[key_not_valid]'],
      ['passphrase', gen(['--office', 'signed.json', '--photo', 'photo.jpg', '-o', 'a.pdf'], { SUKET_SIGN_PASS: 'salah' }), '[passphrase]'],
      ['output folder', gen(['--office', 'office.json', '--photo', 'photo.jpg', '-o', 'tidak-ada/a.pdf']), 'output: is in a folder that does not exist'],
    ];
    for (const [name, r, expected] of tries) {
      expect(r.code, name).toBe(1);
      expect(r.err, name).toContain(expected);
    }
    expect(run(['register', 'list', '--register', 'cli.db', '--json']).out).not.toContain('471.13');
    const good = gen(['--office', 'office.json', '--photo', 'photo.jpg', '-o', 'a.pdf', '--json']);
    expect(good.code, good.err).toBe(0);
    expect(JSON.parse(good.out).number).toBe(FIRST);
  });
});

describe('the batch', () => {
  it('rows whose photo is missing, not an image or cut short, and an office whose logo is missing, take no number; the good row is number 1', () => {
    const photos = join(dir, 'rows');
    mkdirSync(photos);
    writeFileSync(join(photos, 'good.jpg'), photo);
    writeFileSync(join(photos, 'text.jpg'), notAnImage);
    writeFileSync(join(photos, 'cut.jpg'), damaged);
    const header =
      'nik;name;birthPlace;birthDate;sex;address.street;address.rt;address.rw;address.village;address.district;address.regency;address.province;religion;maritalStatus;occupation;citizenship;photo';
    const row = (nik: string, file: string) =>
      `${nik};Sekar Ayu Larasati;Cirebon;1990-08-17;PEREMPUAN;Jl. Kesambi Raya No. 12;3;12;Kesambi;Kesambi;Kota Cirebon;Jawa Barat;ISLAM;KAWIN;KARYAWAN SWASTA;WNI;${file}`;
    writeFileSync(
      join(dir, 'rows.csv'),
      [
        header,
        row('3274045708900042', 'hilang.jpg'),
        row('3274045708900043', 'text.jpg'),
        row('3274045708900045', 'cut.jpg'),
        row('3274045708900044', 'good.jpg'),
        '',
      ].join('\n'),
    );
    const batch = (office: string, out: string) =>
      run(['batch', 'rows.csv', '--photos', 'rows', '--office', office, '--register', 'batch.db', '--issued-at', '2026-11-30', '--out', out, '--json']);
    expect(run(['register', 'init', '--register', 'batch.db']).code).toBe(0);
    const noLogo = batch('no-logo.json', 'out-logo');
    expect(noLogo.code).toBe(1);
    expect(noLogo.err).toContain('issuance.office.logo');
    const r = batch('office.json', 'out');
    expect(r.code).toBe(1);
    const report = readFileSync(join(dir, 'out', 'report.jsonl'), 'utf8');
    expect(report).toContain('photo_format');
    expect(report).toContain('is cut short');
    const listed = readFileSync(join(dir, 'out', 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(listed.map((l) => JSON.parse(l).number)).toEqual([FIRST]);
    expect(run(['register', 'list', '--register', 'batch.db', '--json']).out).not.toContain('not_issued');
  });
});

describe('the service', () => {
  let server: Server;
  let key: string;
  afterAll(() => server?.stop());

  it('a photo that is not an image or is cut short (400), a bad resident (422); the next good request is number 1', async () => {
    expect(run(['register', 'init', '--register', 'serve.db']).code).toBe(0);
    const k = run(['serve', 'keys', 'add', 'sistem', '--scope', 'issue,read', '--office', 'office.json', '--register', 'serve.db']);
    expect(k.code, k.err).toBe(0);
    key = k.out.trim();
    server = await startServer(['--office', 'office.json', '--register', 'serve.db', '--port', '0'], dir);
    const issue = (body: string) => post(`${server.url}/v1/certificates`, key, body, { accept: 'application/json' });
    const resident = sampleResident() as unknown as Record<string, unknown>;
    const tries: Array<[string, number]> = [
      [issueBody(resident, notAnImage), 400],
      [issueBody(resident, damaged), 400],
      [issueBody({ ...resident, nik: '12' }, photo), 422],
    ];
    for (const [body, status] of tries) expect((await issue(body)).status).toBe(status);
    const res = await issue(issueBody(resident, photo));
    expect(res.status, await res.clone().text()).toBe(201);
    // The service issues on today's date: sequence 1 of this month's number.
    expect(((await res.json()) as { number: string }).number).toMatch(/^471\.13\/0001\/Disdukcapil\//);
  });
});
