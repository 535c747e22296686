/**
 * The CLI against hostile files and folders (issue 16): PDFs that would
 * render forever or eat memory, a PDF whose photo was swapped, and batch
 * input and output folders that try to escape or mislead.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSealKeys, issueCertificate } from '../src/index.js';
import { sampleIssuance, samplePortrait, sampleResident } from '../src/sample.js';
import { handPdf, slowPdf } from './hostile-pdf.js';
import { photo } from './helpers.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'suket-clih-'));
const today = '2026-12-15';

function run(args: string[], timeout = 60_000) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: performance.now() - t0 };
}

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });

beforeAll(() => {
  writeFileSync(join(dir, 'trust.json'), JSON.stringify({ keys: [keys.publicJwk] }));
  // The register every settings file in this folder names (suket.db beside it).
  expect(run(['register', 'init', '--register', join(dir, 'suket.db')]).code).toBe(0);
});

describe('4. verify on a hostile PDF is bounded', () => {
  it('a PDF that renders for minutes is stopped at the time limit', () => {
    writeFileSync(join(dir, 'slow.pdf'), slowPdf());
    const r = run(['verify', 'slow.pdf', '--trust', 'trust.json', '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('took longer than 2 s to read and was stopped');
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a 5,000-pt page and a page of 300,000 objects are refused, not rendered', () => {
    writeFileSync(join(dir, 'huge.pdf'), handPdf('0 0 10 10 re f', [5000, 5000]));
    writeFileSync(join(dir, 'many.pdf'), handPdf('0.5 g 0 0 612 792 re f\n'.repeat(300_000)));
    const huge = run(['verify', 'huge.pdf', '--trust', 'trust.json']);
    expect(huge.code).toBe(1);
    expect(huge.err).toContain('has a page larger than');
    const many = run(['verify', 'many.pdf', '--trust', 'trust.json']);
    expect(many.code).toBe(1);
    expect(many.err).toContain('objects on its page');
  });

  it('a file that is neither seal, PDF nor picture says what verify takes', () => {
    writeFileSync(join(dir, 'warga.json'), JSON.stringify(sampleResident()));
    const r = run(['verify', 'warga.json', '--trust', 'trust.json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not seal text (SK1:...), a PDF, or a PNG, JPEG or WebP picture of the paper');
    expect(r.err).not.toMatch(/unsupported image format/);
  });
});

describe('8. a PDF whose photo was swapped', () => {
  it('is not valid, and the genuine PDF shows the photo matches', async () => {
    const genuine = await issueCertificate(
      { ...sampleResident(), photo: await photo() },
      { issuance: sampleIssuance(), seal: { privateKey: keys.privateKeyPem } },
    );
    writeFileSync(join(dir, 'genuine.pdf'), genuine.pdf);
    const ok = run(['verify', 'genuine.pdf', '--trust', 'trust.json', '--today', today]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/Foto\s+matches the sealed digest/);
    // The forger prints the genuine seal (as the barcode's plain text) beside another person's photo.
    const template = JSON.parse(readFileSync(new URL('../templates/suket-ktp-el/template.json', import.meta.url), 'utf8'));
    const barcode = template.elements.find((e: { type: string }) => e.type === 'barcode');
    barcode.text = genuine.barcodeText;
    const otherPhoto = await samplePortrait({ seed: 5, background: '#b02020' });
    const forged = await issueCertificate(
      { ...sampleResident(), photo: otherPhoto },
      { issuance: sampleIssuance(), template, templateDir: new URL('../templates/suket-ktp-el', import.meta.url).pathname },
    );
    writeFileSync(join(dir, 'forged.pdf'), forged.pdf);
    const bad = run(['verify', 'forged.pdf', '--trust', 'trust.json', '--today', today]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('INVALID: photo_mismatch');
    expect(bad.out).toMatch(/Foto\s+is NOT the photo sealed/);
  });
});

describe('batch: folders, files and rows that mislead', () => {
  const columns = [
    'nik',
    'name',
    'birthPlace',
    'birthDate',
    'sex',
    'address.street',
    'address.rt',
    'address.rw',
    'address.village',
    'address.district',
    'address.regency',
    'address.province',
    'religion',
    'maritalStatus',
    'occupation',
    'citizenship',
    'photo',
  ];
  const nikOf = (i: number) => `32740457089${String(i).padStart(5, '0')}`;
  const cells = (i: number, photoName = 'p.jpg') => [
    nikOf(i),
    `Warga Contoh ${String.fromCharCode(65 + (i % 26))}`,
    'Cirebon',
    '1990-08-17',
    'PEREMPUAN',
    `Jl. Kesambi No. ${i}`,
    '3',
    '12',
    'Kesambi',
    'Kesambi',
    'Kota Cirebon',
    'Jawa Barat',
    'ISLAM',
    'KAWIN',
    String((i % 89) + 1),
    'WNI',
    photoName,
  ];
  const csv = (rows: string[][], sep = ',') =>
    [columns, ...rows].map((r) => r.map((c) => (c.includes(sep) || c.includes(' ') ? `"${c}"` : c)).join(sep)).join('\n') + '\n';
  const manifestOf = (out: string) =>
    readFileSync(join(dir, out, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { row: number; number: string; file: string; sha256: string; key: string });
  const reportOf = (out: string) =>
    readFileSync(join(dir, out, 'report.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { row: number; issues?: Array<{ path: string; code: string; message: string }> });
  const batch = (input: string, out: string, extra: string[] = []) =>
    run(['batch', input, '--photos', 'photos', '--office', 'office.json', '--out', out, '--jobs', '2', ...extra], 120_000);

  beforeAll(async () => {
    mkdirSync(join(dir, 'photos'));
    mkdirSync(join(dir, 'private'));
    const p = await photo();
    writeFileSync(join(dir, 'photos', 'p.jpg'), p);
    writeFileSync(join(dir, 'private', 'x.jpg'), p);
    symlinkSync(join(dir, 'private'), join(dir, 'photos', 'linked'));
    const { numbering, sequence: _s, issuedAt: _i, ...issuance } = sampleIssuance();
    writeFileSync(join(dir, 'office.key.pem'), keys.privateKeyPem);
    writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance: { ...issuance, numbering }, key: 'office.key.pem' }));
  });

  it('1. photos stay inside --photos; outside paths, existing or not, get the same answer; a FIFO does not hang', async () => {
    execFileSync('mkfifo', [join(dir, 'photos', `${nikOf(5)}.jpg`)]);
    const rows = [
      cells(1),
      cells(2, '../private/x.jpg'),
      cells(3, join(dir, 'private', 'x.jpg')),
      cells(4, 'linked/x.jpg'),
      cells(5, ''),
      cells(6, '../private/nothing.jpg'),
    ];
    writeFileSync(join(dir, 'escape.csv'), csv(rows));
    const r = batch('escape.csv', 'out-escape');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1 issued, 0 already done, 5 failed of 6 rows/);
    const report = reportOf('out-escape');
    const messages = report.map((x) => x.issues?.map((i) => `${i.path}:${i.message}`).join());
    // Rows 2, 3 and 6 lead out by their name (existing or not): one answer, decided by the name alone. Row 4's link
    // leads out from inside: it is not in the folder, as a missing name is. Row 5 (the FIFO): not a regular file.
    const byRow = (row: number) => messages[report.findIndex((x) => x.row === row)];
    expect(new Set([byRow(2), byRow(3), byRow(6)]).size).toBe(1);
    expect(byRow(2)).toBe('photo:names a file outside the photo folder: give the name of a file inside it');
    expect(byRow(4)).toBe('photo:names a file that is not in the photo folder');
    expect(new Set(messages).size).toBe(3);
    expect(report.find((x) => x.row === 5)!.issues![0]).toMatchObject({ path: 'photo', code: 'io', message: 'is not a regular file' });
    expect(r.ms).toBeLessThan(60_000);
  });

  it("6. a report.jsonl that is a link is refused, its target untouched; other programs' temp files stay", async () => {
    const out = join(dir, 'out-link');
    mkdirSync(out);
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    symlinkSync(join(dir, 'precious.txt'), join(out, 'report.jsonl'));
    writeFileSync(join(out, '.editor-swap.tmp'), 'not ours');
    writeFileSync(join(dir, 'one.csv'), csv([cells(1)]));
    const r = batch('one.csv', 'out-link');
    expect(r.code).toBe(1);
    expect(r.err).toContain('out/report.jsonl: is a symbolic link');
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(out, '.editor-swap.tmp'), 'utf8')).toBe('not ours');
  });

  it('18. a line over 64 KB is an error for its row; every later row is still read', () => {
    const long = cells(2);
    long[5] = 'Jl. '.padEnd(70_000, 'x');
    writeFileSync(join(dir, 'long.csv'), csv([cells(1), long, cells(3), cells(4)]));
    const r = batch('long.csv', 'out-long');
    expect(r.code).toBe(1);
    // One of the rows was issued by an earlier test's batch into another folder (the register is shared): no new number.
    expect(r.err).toMatch(/2 issued, 0 already done, 1 failed of 4 rows/);
    expect(r.err).toContain('1 was issued before (no new number)');
    expect(reportOf('out-long')[0]).toMatchObject({ row: 2, issues: [{ path: '', code: 'format', message: 'is longer than 64 KB' }] });
    expect(
      manifestOf('out-long')
        .map((m) => m.row)
        .sort(),
    ).toEqual([1, 3, 4]);
  });

  it('19. resume knows rows by content: a reordered export issues only the new row, and a junk PDF is redone', () => {
    const [a, b, c] = [cells(1), cells(2), cells(3)];
    writeFileSync(join(dir, 'ab.csv'), csv([a, b]));
    expect(batch('ab.csv', 'out-order').code).toBe(0);
    const first = manifestOf('out-order');
    writeFileSync(join(dir, 'cab.csv'), csv([c, a, b]));
    const again = batch('cab.csv', 'out-order');
    expect(again.code, again.err).toBe(0);
    // The new row was issued by an earlier test's batch (the register is shared): written here, no new number.
    expect(again.err).toMatch(/0 issued, 2 already done, 0 failed of 3 rows/);
    expect(again.err).toContain('1 was issued before (no new number)');
    const all = manifestOf('out-order');
    expect(all).toHaveLength(3);
    expect(new Set(all.map((m) => m.number)).size).toBe(3);
    for (const m of first) expect(all.find((x) => x.key === m.key)!.number).toBe(m.number);
    // A recorded PDF replaced by junk is not "done": it is redone, with its number.
    writeFileSync(join(dir, 'out-order', first[0]!.file), '0123456789');
    const third = batch('cab.csv', 'out-order');
    // Its number was issued before: written again under it, and no new number taken.
    expect(third.err).toMatch(/0 issued, 2 already done/);
    expect(third.err).toContain('1 was issued before (no new number)');
    const redone = manifestOf('out-order').find((x) => x.key === first[0]!.key)!;
    expect(redone.number).toBe(first[0]!.number);
    expect(redone.sha256).toBe(first[0]!.sha256);
  });

  it('20. a CSV without a header row is one error, naming no resident data', () => {
    writeFileSync(join(dir, 'noheader.csv'), [cells(1), cells(2)].map((r) => r.join(',')).join('\n') + '\n');
    const r = batch('noheader.csv', 'out-noheader');
    expect(r.code).toBe(1);
    expect(r.err).toContain('the first row does not name the columns');
    for (const personal of [nikOf(1), 'Warga Contoh', 'Kesambi']) expect(r.err + r.out).not.toContain(personal);
  });

  it('a semicolon CSV from Indonesian Excel, with a BOM, and a misspelt column suggestion', () => {
    writeFileSync(join(dir, 'excel.csv'), `\uFEFF${csv([cells(1), cells(2)], ';')}`);
    const ok = batch('excel.csv', 'out-excel');
    expect(ok.code, ok.err).toBe(0);
    expect(manifestOf('out-excel')).toHaveLength(2);
    writeFileSync(join(dir, 'typo.csv'), csv([cells(1)]).replace('address.rt,', 'adress.rt,'));
    const typo = batch('typo.csv', 'out-typo');
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('column 7 ("adress.rt") is not a known field: did you mean address.rt?');
    expect(typo.err).toContain('has no column for RT (address.rt)');
  });

  it('SIGTERM stops a batch: what was finished is kept, exit 130, and a rerun finishes', async () => {
    writeFileSync(join(dir, 'term.csv'), csv(Array.from({ length: 40 }, (_, i) => cells(i + 1))));
    const child = spawn(process.execPath, [CLI, 'batch', 'term.csv', '--photos', 'photos', '--office', 'office.json', '--out', 'out-term', '--jobs', '1'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        const m = join(dir, 'out-term', 'manifest.jsonl');
        if ((existsSync(m) && readFileSync(m, 'utf8').split('\n').filter(Boolean).length >= 2) || child.exitCode !== null) {
          clearInterval(t);
          child.kill('SIGTERM');
          resolve();
        }
      }, 20);
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(130);
    expect(err).toContain('interrupted: what was finished is kept');
    expect(err).not.toContain('IO_FAILED');
    const rest = batch('term.csv', 'out-term');
    expect(rest.code, rest.err).toBe(0);
    expect(manifestOf('out-term')).toHaveLength(40);
  });
});

describe('small things a new user hit', () => {
  const resident = () => writeFileSync(join(dir, 'warga.json'), JSON.stringify(sampleResident()));

  it('-o refuses to replace an existing PDF without --force, before any work', async () => {
    resident();
    writeFileSync(join(dir, 'foto.jpg'), await photo());
    writeFileSync(join(dir, 'sudah.pdf'), 'an earlier certificate');
    const office = ['--number', '471.13/0001/X/2026', '--issued-at', '2026-11-30'];
    const { numbering: _n, sequence: _s, issuedAt: _i, ...issuance } = sampleIssuance();
    writeFileSync(join(dir, 'kantor.json'), JSON.stringify({ issuance }));
    const r = run(['generate', 'warga.json', '--photo', 'foto.jpg', '--office', 'kantor.json', ...office, '-o', 'sudah.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('output: exists already (use --force to replace it)');
    expect(readFileSync(join(dir, 'sudah.pdf'), 'utf8')).toBe('an earlier certificate');
    const forced = run(['generate', 'warga.json', '--photo', 'foto.jpg', '--office', 'kantor.json', ...office, '-o', 'sudah.pdf', '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync(join(dir, 'sudah.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a register this user cannot write says which file and what to do', (ctx) => {
    const ro = mkdtempSync(join(tmpdir(), 'suket-ro-'));
    chmodSync(ro, 0o777);
    const asNobody = (args: string[]) => spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, ...args], { cwd: dir, encoding: 'utf8' });
    if (process.getuid?.() !== 0 || asNobody(['--version']).status !== 0) return ctx.skip('needs root and a checkout the nobody user can read');
    expect(run(['register', 'init', '--register', join(ro, 'suket.db')]).code).toBe(0);
    chmodSync(join(ro, 'suket.db'), 0o644);
    for (const f of ['warga.json', 'foto.jpg', 'kantor.json']) chmodSync(join(dir, f), 0o644);
    chmodSync(dir, 0o755);
    const r = asNobody([
      'generate',
      'warga.json',
      '--photo',
      'foto.jpg',
      '--office',
      'kantor.json',
      '--register',
      join(ro, 'suket.db'),
      '--number',
      '9/2026',
      '-o',
      '-',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`register: ${join(ro, 'suket.db')} cannot be written by this user (SQLITE_READONLY`);
    expect(r.stderr).toContain('needs write permission on the file and its folder');
  });

  it('a missing photo says which one (the flag or the resident file), never its path', () => {
    resident();
    const missing = `${sampleResident().nik}.jpg`;
    const r = run(['generate', 'warga.json', '--photo', missing, '--office', 'kantor.json', '--number', '1/2026', '-o', 'x.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('photo: no file at the given path (the file given with --photo)');
    expect(r.err).not.toContain(sampleResident().nik);
  });

  it('a reader that closes the pipe early ends the command quietly', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" templates schema | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('{');
    expect(r.stderr).toBe('');
  });

  it('a template with a JSON syntax error or an unknown element type says where and what is known', () => {
    mkdirSync(join(dir, 'tpl-bad'), { recursive: true });
    writeFileSync(join(dir, 'tpl-bad', 'template.json'), '{\n  "name": "x",\n  "paper": ["A4"]\n  "fonts": {}\n}');
    const syntax = run(['templates', 'check', 'tpl-bad']);
    expect(syntax.err).toContain('template.json: is not valid JSON at line 4, column 3');
    mkdirSync(join(dir, 'tpl-type'), { recursive: true });
    writeFileSync(
      join(dir, 'tpl-type', 'template.json'),
      JSON.stringify({ name: 'x', paper: ['A4'], fonts: { regular: 'builtin:Arimo-Regular' }, elements: [{ type: 'qrcode', x: 1, y: 1 }] }),
    );
    const type = run(['templates', 'check', 'tpl-type']);
    expect(type.err).toContain('elements[0].type: must be one of: text, stack, table, photo, barcode, image, line');
  });
});
