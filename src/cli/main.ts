/**
 * The suket command. Exit codes: 0 done, 1 something failed (bad input, an
 * invalid seal, some batch rows), 2 the command line itself is wrong.
 * User mistakes print one clear line per problem; stacks only with --debug.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { SuketError } from '../errors.js';
import { VERSION } from '../version.js';
import { BUILTIN_TEMPLATES } from '../template/builtins.js';
import { writeFileAtomic } from '../atomic.js';
import type { GenerateOptions } from '../generate.js';
import type { TrustList } from '../seal/keys.js';
import type { PhotoCheck, SealVerdict } from '../seal/verify.js';
import { loadSettings, readJson } from './settings.js';

// Each command loads what it needs when it runs: --help stays quick, and a
// batch's main thread (which only reads rows) never loads pdfkit or sharp.
const lib = () => import('../index.js');
const sample = () => import('../sample.js');

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

/** Exit status 1 (or the given one) without a message of our own: the command said what failed. */
class Failed extends Error {
  constructor(readonly status = 1) {
    super('failed');
  }
}

const program = new Command('suket')
  .description('Surat keterangan pengganti KTP-el: print-ready PDFs with a signed seal anyone can check offline')
  .version(VERSION)
  .option('--debug', 'print stack traces')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const example = (cmd: Command, text: string) => cmd.addHelpText('after', `\nExample:\n  ${text}`);

const officeFlags = (cmd: Command) =>
  cmd
    .option('--office <file>', 'office settings (JSON): issuance, template, paper, key')
    .option('--template <name|dir>', `template: ${BUILTIN_TEMPLATES.join(', ')}, or a folder`)
    .addOption(new Option('--paper <size>', 'paper size').choices(['F4', 'A4']))
    .option('--key <file>', 'seal private key (PKCS#8 PEM); without one the barcode is not a seal')
    .option('--issued-at <date>', 'issue date, YYYY-MM-DD (default: today in the office time zone)');

/** One certificate's own number: given, or the pattern's sequence. */
const generateFlags = (cmd: Command) =>
  officeFlags(cmd)
    .option('--number <text>', 'certificate number (instead of the numbering pattern)')
    .option('--sequence <n>', 'sequence for the numbering pattern', (v) => positiveInt(v, '--sequence'));

function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1) throw new CommanderError(2, 'suket.usage', `error: ${name} must be a whole number from 1`);
  return n;
}

interface GenerateFlags {
  office?: string;
  template?: string;
  paper?: string;
  key?: string;
  number?: string;
  sequence?: number;
  issuedAt?: string;
}

const settingsFrom = (f: GenerateFlags) =>
  loadSettings(f.office, { template: f.template, paper: f.paper, key: f.key, number: f.number, sequence: f.sequence, issuedAt: f.issuedAt });

/** A resident JSON file; its photo path is relative to the file. */
async function residentFrom(file: string, photo: string | undefined): Promise<Record<string, unknown>> {
  const r = await readJson(file, 'resident');
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new SuketError('INVALID_INPUT', [{ path: 'resident', code: 'type', message: 'must be a JSON object' }]);
  const resident = { ...(r as Record<string, unknown>) };
  if (photo) resident.photo = resolve(photo);
  else if (typeof resident.photo === 'string') resident.photo = resolve(dirname(resolve(file)), resident.photo);
  return resident;
}

example(
  generateFlags(
    program
      .command('generate')
      .description('one certificate from a resident (JSON) and a photo')
      .argument('<resident.json>', 'the resident, as in the README')
      .option('--photo <file>', 'the photo (else the path in the resident file)')
      .option('-o, --output <file>', 'PDF file, or - for standard output', 'suket.pdf')
      .option('--json', 'print the details (number, file, SHA-256, warnings) as JSON'),
  ),
  'suket generate warga.json --photo foto.jpg --office kantor.json --sequence 12 -o surat.pdf',
).action(async (file: string, f: GenerateFlags & { photo?: string; output: string; json?: boolean }) => {
  const options = await settingsFrom(f);
  const { issueCertificate } = await lib();
  const issued = await issueCertificate((await residentFrom(file, f.photo)) as never, options);
  if (f.output === '-') process.stdout.write(issued.pdf);
  else await writeFileAtomic(resolve(f.output), issued.pdf);
  const details = { number: issued.number, file: f.output === '-' ? null : resolve(f.output), sha256: issued.sha256, sealed: issued.sealed, warnings: issued.warnings };
  if (f.json && f.output !== '-') out(JSON.stringify(details, null, 2));
  else {
    for (const w of issued.warnings) err(`warning: ${w.path}: ${w.message} [${w.code}]`);
    if (f.output !== '-') err(`wrote ${details.file} (${issued.number}${issued.sealed ? ', sealed' : ', NOT sealed: no --key'})`);
  }
});

example(
  officeFlags(
    program
      .command('batch')
      .description('many certificates from CSV or JSON Lines and a folder of photos; safe to interrupt and rerun')
      .argument('<input>', 'rows: .csv (dotted headers such as address.rt) or .jsonl')
      .option('--photos <dir>', "photo folder: the row's photo column, else <nik>.jpg/.png/.webp (default: the input file's folder)")
      .requiredOption('--out <dir>', 'output folder: PDFs, manifest.jsonl, report.jsonl')
      .option('--first-sequence <n>', 'sequence number of the folder\'s first certificate; the rest follow', (v) => positiveInt(v, '--first-sequence'), 1)
      .option('--jobs <n>', 'worker threads (default: one per core)', (v) => positiveInt(v, '--jobs'))
      .option('--json', 'print the summary as JSON'),
  ),
  'suket batch warga.csv --photos foto/ --office kantor.json --out hasil/',
).action(async (input: string, f: GenerateFlags & { photos?: string; out: string; firstSequence: number; jobs?: number; json?: boolean }) => {
  const options: GenerateOptions = await settingsFrom(f);
  // Each row's number comes from the batch folder's own counter and the numbering pattern.
  if (options.issuance?.number !== undefined || typeof options.issuance?.numbering !== 'string')
    throw new SuketError('INVALID_INPUT', [{ path: 'office.issuance.numbering', code: 'required', message: 'a batch needs a numbering pattern (each row gets its own number), not a fixed number' }]);
  const { runBatch, Interrupted } = await import('./batch/run.js');
  const summary = await runBatch(
    {
      input: resolve(input),
      photos: f.photos ? resolve(f.photos) : undefined,
      outDir: f.out,
      options,
      jobs: f.jobs,
      firstSequence: f.firstSequence,
      json: Boolean(f.json),
      debug: Boolean(program.opts().debug),
      workerUrl: new URL('./batch-worker.js', import.meta.url),
    },
    err,
  ).catch((e: unknown) => {
    if (!(e instanceof Interrupted)) throw e;
    err(e.message);
    // 128 + SIGINT, as shells report an interrupted command.
    throw new Failed(130);
  });
  if (f.json) out(JSON.stringify(summary, null, 2));
  else
    err(
      `${summary.issued} issued, ${summary.skipped} already done${summary.duplicates ? ` (${summary.duplicates} repeated rows)` : ''}, ${summary.failed} failed of ${summary.total} rows in ${summary.seconds.toFixed(1)} s\n` +
        `manifest: ${summary.manifest}\nreport:   ${summary.report}`,
    );
  if (summary.failed > 0) throw new Failed();
});

example(
  program
    .command('keygen')
    .description('a key pair for the seal: private key (owner-only) and public JWK with its kid')
    .option('--out <prefix>', 'file prefix', 'suket-seal')
    .addOption(new Option('--alg <alg>', 'algorithm').choices(['ES256', 'EdDSA']).default('ES256'))
    .option('--not-before <date>', 'first day the key may sign (YYYY-MM-DD)')
    .option('--not-after <date>', 'last day the key may sign (YYYY-MM-DD)')
    .option('--force', 'overwrite existing files'),
  'suket keygen --out cirebon-2027 --not-before 2027-01-01 --not-after 2027-12-31',
).action(async (f: { out: string; alg: 'ES256' | 'EdDSA'; notBefore?: string; notAfter?: string; force?: boolean }) => {
  const keyFile = resolve(`${f.out}.key.pem`);
  const jwkFile = resolve(`${f.out}.jwk.json`);
  if (!f.force && (existsSync(keyFile) || existsSync(jwkFile))) {
    throw new SuketError('IO_FAILED', [{ path: 'out', code: 'io', message: 'key files exist already (use --force to replace them)' }]);
  }
  const { generateSealKeys } = await lib();
  const pair = generateSealKeys({ alg: f.alg, ...(f.notBefore ? { notBefore: f.notBefore } : {}), ...(f.notAfter ? { notAfter: f.notAfter } : {}) });
  await writeFile(keyFile, pair.privateKeyPem, { mode: 0o600 });
  await chmod(keyFile, 0o600);
  await writeFile(jwkFile, JSON.stringify({ keys: [pair.publicJwk] }, null, 2) + '\n');
  err(`private key: ${keyFile} (keep it secret; owner-only)\npublic key:  ${jwkFile} (publish it: a trust list of one key)\nkid: ${pair.publicJwk.kid}, ${pair.publicJwk.alg}`);
});

example(
  program
    .command('verify')
    .description('check a seal: its text (SK1:...), a PDF, or a photo or scan of the paper')
    .argument('<seal|file>', 'seal text, .pdf, or an image (.png, .jpg, .webp)')
    .requiredOption('--trust <file>', 'trust list: a JWK Set (or one JWK) of office public keys')
    .option('--today <date>', 'day of checking, YYYY-MM-DD (default: today)')
    .option('--deny <file>', 'withdrawn certificate numbers, one per line')
    .option('--timeout <seconds>', 'how long a PDF may take to render', (v) => positiveInt(v, '--timeout'), 10)
    .option('--json', 'print the verdict as JSON'),
  'suket verify foto-surat.jpg --trust disdukcapil-cirebon.jwk.json',
).action(async (input: string, f: { trust: string; today?: string; deny?: string; timeout: number; json?: boolean }) => {
  if (f.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(f.today)) throw new CommanderError(2, 'suket.usage', 'error: --today must be a date written YYYY-MM-DD');
  const { readTrustList, verifySeal } = await lib();
  const trustList = (await readJson(f.trust, 'trust')) as TrustList;
  readTrustList(trustList);
  const denyList = f.deny ? (await readFile(f.deny, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean) : [];
  const found = await readHeld(input, f.timeout * 1000);
  const seals = found.texts.filter((t) => t.startsWith('SK1:'));
  if (seals.length === 0) {
    const message = found.texts.length ? 'the QR code found is not a suket seal (is it the lower-right link QR?)' : 'no QR code found';
    if (f.json) out(JSON.stringify({ valid: false, reason: 'malformed', message }));
    else err(`INVALID: ${message}`);
    throw new Failed();
  }
  const photo = found.jpegs ? photoToCompare(found.jpegs) : undefined;
  const verdict = verifySeal(seals[0], { trustList, denyList, ...(f.today ? { today: f.today } : {}), ...(photo ? { photo: photo.bytes } : {}) });
  if (f.json) out(JSON.stringify(verdict, null, 2));
  else printVerdict(verdict, photo?.note);
  if (!verdict.valid) throw new Failed();
});

/** What the person holds: seal text, a PDF (its QR codes and its JPEG images), or a picture of the paper. */
async function readHeld(input: string, timeoutMs: number): Promise<{ texts: string[]; jpegs?: Uint8Array[] }> {
  if (input.startsWith('SK1:')) return { texts: [input] };
  const { readLimitedFile } = await import('../assets/files.js');
  const { sniffImage } = await import('../assets/sniff.js');
  const bytes = await readLimitedFile(input, { maxBytes: 50 * 1024 * 1024, path: 'input' }).catch((e: unknown) => {
    throw new SuketError('IO_FAILED', [{ path: 'input', code: 'io', message: `is neither seal text (SK1:...) nor a readable file: ${e instanceof SuketError ? e.issues[0]!.message : 'cannot be read'}` }], { cause: e });
  });
  const scan = await import('./scan.js');
  if (Buffer.from(bytes.subarray(0, 5)).toString() === '%PDF-') {
    const pdf = await scan.readPdf(bytes, 200, timeoutMs);
    return { texts: await scan.scanImage(pdf.png), jpegs: pdf.jpegs };
  }
  if (sniffImage(bytes)) return { texts: await scan.scanImage(bytes) };
  throw new SuketError('INVALID_INPUT', [{ path: 'input', code: 'format', message: 'is not seal text (SK1:...), a PDF, or a PNG, JPEG or WebP picture of the paper' }]);
}

/**
 * The photo to compare with the sealed digest: a certificate's page holds
 * one JPEG, its photo. None, or more than one, cannot be the sealed photo
 * alone, so the comparison fails (with the reason).
 */
function photoToCompare(jpegs: Uint8Array[]): { bytes: Uint8Array; note?: string } {
  if (jpegs.length === 1) return { bytes: jpegs[0]! };
  return { bytes: new Uint8Array(0), note: jpegs.length ? `the page holds ${jpegs.length} photos, a certificate one` : 'the page holds no photo' };
}

const PHOTO_WORDS: Record<PhotoCheck, string> = {
  match: 'matches the sealed digest',
  mismatch: 'is NOT the photo sealed',
  not_checked: 'sealed; compare the photo on the paper by eye',
  not_sealed: 'no digest in this seal',
};

function printVerdict(verdict: SealVerdict, photoNote?: string): void {
  out(verdict.valid ? `VALID (key ${verdict.kid}, ${verdict.alg})` : `INVALID: ${verdict.reason}: ${verdict.message}`);
  const fields = verdict.fields;
  if (!fields) return;
  out(`  Nomor          ${fields.number}`);
  out(`  NIK            ${fields.nik}`);
  out(`  Nama           ${fields.name}`);
  out(`  Tempat/Tgl     ${fields.birthPlace}, ${fields.birthDate}`);
  out(`  Jenis kelamin  ${fields.sex}`);
  out(`  Kantor         ${fields.officeCode}`);
  out(`  Terbit         ${fields.issuedAt}`);
  out(`  Berlaku hingga ${fields.validUntil}`);
  if (verdict.photo) out(`  Foto           ${PHOTO_WORDS[verdict.photo]}${fields.photoHash ? ` (${fields.photoHash})` : ''}${photoNote && verdict.photo === 'mismatch' ? `: ${photoNote}` : ''}`);
}

const templates = program.command('templates').description('list, check and describe templates');
example(templates.command('list').description('the built-in templates'), 'suket templates list').action(async () => {
  const { loadTemplate } = await lib();
  for (const name of BUILTIN_TEMPLATES) {
    const t = await loadTemplate(name);
    out(`${name}  (${t.papers.map((p) => p.name).join(', ')})  ${t.definition.description ?? ''}`);
  }
});
example(templates.command('check').description('validate a template folder').argument('<dir>'), 'suket templates check ./templat-kantor').action(async (dir: string) => {
  const { loadTemplate } = await lib();
  const t = await loadTemplate(resolve(dir));
  out(`ok: ${t.definition.name} (${t.papers.map((p) => p.name).join(', ')}), ${t.definition.elements.length} elements`);
});
example(templates.command('schema').description('print the JSON Schema of template.json'), 'suket templates schema > template.schema.json').action(async () => {
  const { templateJsonSchema } = await lib();
  out(JSON.stringify({ title: 'suket template', ...templateJsonSchema() }, null, 2));
});

example(
  generateFlags(
    program
      .command('preview')
      .description('render a certificate (or the sample resident) to PNG, to look before printing')
      .argument('[resident.json]', 'default: the invented sample resident')
      .option('--photo <file>', 'the photo')
      .option('-o, --output <file>', 'PNG file', 'suket-preview.png')
      .option('--dpi <n>', 'resolution', (v) => positiveInt(v, '--dpi'), 100),
  ),
  'suket preview --template ./templat-kantor --paper A4 -o lihat.png',
).action(async (file: string | undefined, f: GenerateFlags & { photo?: string; output: string; dpi: number }) => {
  const options = await settingsFrom(f);
  const { issueCertificate } = await lib();
  const { sampleIssuance, samplePortrait, sampleResident } = await sample();
  if (!f.office) options.issuance = { ...sampleIssuance(), ...options.issuance } as GenerateOptions['issuance'];
  const resident = file ? await residentFrom(file, f.photo) : { ...sampleResident(), photo: f.photo ? resolve(f.photo) : await samplePortrait() };
  const issued = await issueCertificate(resident as never, options);
  const { renderPdfPage } = await import('./scan.js');
  await writeFileAtomic(resolve(f.output), await renderPdfPage(issued.pdf, Math.min(f.dpi, 600)));
  err(`wrote ${resolve(f.output)}`);
});

example(
  program
    .command('demo')
    .description('print a sample certificate for an invented resident, signed with a key made for the demo')
    .option('--out-dir <dir>', 'where to write', '.'),
  'suket demo --out-dir /tmp',
).action(async (f: { outDir: string }) => {
  const dir = resolve(f.outDir);
  await mkdir(dir, { recursive: true });
  const { generateSealKeys, issueCertificate } = await lib();
  const { sampleIssuance, sampleLogo, samplePortrait, sampleResident } = await sample();
  const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
  const issuance = sampleIssuance();
  issuance.office.logo = await sampleLogo();
  const issued = await issueCertificate({ ...sampleResident(), photo: await samplePortrait() }, { issuance, seal: { privateKey: keys.privateKeyPem } });
  const pdf = join(dir, 'suket-demo.pdf');
  const jwk = join(dir, 'suket-demo.jwk.json');
  await writeFileAtomic(pdf, issued.pdf);
  await writeFileAtomic(jwk, new TextEncoder().encode(JSON.stringify({ keys: [keys.publicJwk] }, null, 2) + '\n'));
  out(`Sample certificate ${issued.number} for an invented resident:`);
  out(`  PDF:        ${pdf} (${(issued.pdf.length / 1024).toFixed(1)} KB, SHA-256 ${issued.sha256.slice(0, 16)}...)`);
  out(`  public key: ${jwk} (the demo key; its private half was not kept)`);
  out(`Check its seal:  npx suket verify ${pdf} --trust ${jwk} --today 2026-12-01`);
});

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'suket.usage') err(e.message);
      return 2;
    }
    if (e instanceof Failed) return e.status;
    if (e instanceof SuketError) {
      err(`error: ${e.code}`);
      for (const i of e.issues) err(`  ${i.path || '(input)'}: ${i.message} [${i.code}]`);
      if (program.opts().debug) err(e.stack ?? '');
      return 1;
    }
    err(`error: ${e instanceof Error ? e.message : String(e)}`);
    if (program.opts().debug && e instanceof Error) err(e.stack ?? '');
    else err('(run with --debug for details)');
    return 1;
  }
}

process.exitCode = await main(process.argv);
