/** `suket verify`: check a seal from its text, a PDF, or a picture of the paper. */
import { readFile } from 'node:fs/promises';
import { CommanderError, type Command } from 'commander';
import { SuketError } from '../../errors.js';
import type { SealPublicJwk, TrustList } from '../../seal/keys.js';
import type { PhotoCheck, SealVerdict } from '../../seal/verify.js';
import { holdsSeal } from '../../seal/link.js';
import { readJson } from '../settings.js';
import { err, example, Failed, lib, out, positiveInt } from '../common.js';

export function addTo(program: Command): void {
  example(
    program
      .command('verify')
      .description('check a seal: its text (SK1:...), a PDF, or a photo or scan of the paper')
      .argument('<seal|file>', 'seal text, .pdf, or an image (.png, .jpg, .webp)')
      .requiredOption('--trust <file>', 'trust list: a signed list (trust-list.jws, with --root) or a JWK Set of office public keys')
      .option('--root <file>', 'the root public key (root.jwk.json) a signed trust list must be signed by')
      .option('--revocations <file>', 'a signed revocation list (revocations.jws)')
      .option('--today <date>', 'day of checking, YYYY-MM-DD (default: today)')
      .option('--deny <file>', 'withdrawn certificate numbers, one per line')
      .option('--timeout <seconds>', 'how long a PDF may take to render', (v) => positiveInt(v, '--timeout'), 10)
      .option('--json', 'print the verdict as JSON'),
    'suket verify foto-surat.jpg --trust disdukcapil-cirebon.jwk.json',
  ).action(async (input: string, f: VerifyFlags) => {
    if (f.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(f.today))
      throw new CommanderError(2, 'suket.usage', 'error: --today must be a date written YYYY-MM-DD');
    const { readTrustList, verifySeal } = await lib();
    const lists = await readLists(f);
    if (typeof lists.trustList !== 'string') readTrustList(lists.trustList);
    const denyList = f.deny
      ? (await readFile(f.deny, 'utf8'))
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : [];
    const found = await readHeldInput(input, f.timeout * 1000);
    // The seal alone, or the verifier page's link with the seal after '#'.
    const seals = found.texts.filter(holdsSeal);
    if (seals.length === 0) {
      const message = found.texts.length ? 'the QR code found is not a suket seal (is it the lower-right link QR?)' : 'no QR code found';
      if (f.json) out(JSON.stringify({ valid: false, reason: 'malformed', message }));
      else err(`INVALID: ${message}`);
      throw new Failed();
    }
    const held = found.jpegs ? await import('../../read/held.js') : undefined;
    const photo = held && found.jpegs ? held.photoToCompare(found.jpegs) : undefined;
    const sealVerdict = verifySeal(seals[0], { ...lists, denyList, ...(f.today ? { today: f.today } : {}), ...(photo ? { photo: photo.bytes } : {}) });
    const verdict = held ? held.withDocument(sealVerdict, found.document) : sealVerdict;
    if (f.json) out(JSON.stringify(verdict, null, 2));
    else printVerdict(verdict, photo?.note);
    if (!verdict.valid) throw new Failed();
  });
}

type VerifyFlags = { trust: string; root?: string; revocations?: string; today?: string; deny?: string; timeout: number; json?: boolean };
type ListFlags = Pick<VerifyFlags, 'trust' | 'root' | 'revocations'>;

const readText = (file: string, path: string) =>
  readFile(file, 'utf8').catch(() => {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: 'cannot be read' }]);
  });

/** The trust list (a JWK Set, or a signed list with its root) and the revocation list, as verifySeal takes them. */
export async function readLists(f: ListFlags): Promise<{ trustList: TrustList | string; roots?: SealPublicJwk[]; revocations?: string }> {
  const raw = (await readText(f.trust, 'trust')).trim();
  const signed = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(raw);
  if (signed && !f.root) throw new CommanderError(2, 'suket.usage', 'error: a signed trust list needs --root <root.jwk.json>');
  let trustList: TrustList | string = raw;
  if (!signed) trustList = (await readJson(f.trust, 'trust')) as TrustList;
  const roots = f.root ? ((await readJson(f.root, 'root')) as { keys?: SealPublicJwk[] } & SealPublicJwk) : undefined;
  return {
    trustList,
    ...(roots ? { roots: Array.isArray(roots.keys) ? roots.keys : [roots] } : {}),
    ...(f.revocations ? { revocations: (await readText(f.revocations, 'revocations')).trim() } : {}),
  };
}

/** What the person holds: seal text, or a file (a PDF or a picture of the paper). */
async function readHeldInput(input: string, timeoutMs: number): Promise<import('../../read/held.js').Held> {
  if (holdsSeal(input)) return { texts: [input] };
  const { readLimitedFile } = await import('../../io/files.js');
  const bytes = await readLimitedFile(input, { maxBytes: 50 * 1024 * 1024, path: 'input' }).catch((e: unknown) => {
    throw new SuketError(
      'IO_FAILED',
      [
        {
          path: 'input',
          code: 'io',
          message: `is neither seal text (SK1:...) nor a readable file: ${e instanceof SuketError ? e.issues[0]!.message : 'cannot be read'}`,
        },
      ],
      { cause: e },
    );
  });
  const { withReader } = await import('../../read/read-pool.js');
  return withReader(timeoutMs, (reader) => reader.held(bytes));
}

const PHOTO_WORDS: Record<PhotoCheck, string> = {
  match: 'matches the sealed digest',
  mismatch: 'is NOT the photo sealed',
  not_checked: 'sealed; compare the photo on the paper by eye',
  not_sealed: 'no digest in this seal',
};

function printVerdict(verdict: SealVerdict, photoNote?: string): void {
  out(verdict.valid ? `VALID (key ${verdict.kid}, ${verdict.alg})` : `INVALID: ${verdict.reason}: ${verdict.message}`);
  for (const [name, l] of Object.entries(verdict.lists ?? {}))
    if (l)
      out(
        `  ${name === 'trustList' ? 'trust list' : 'revocations'}: ${l.issuer}, edition ${l.sequence} of ${l.issuedAt}${l.stale ? `, PAST its next update (${l.nextUpdate}): get a newer one` : `, next update ${l.nextUpdate}`}`,
      );
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
  if (verdict.photo)
    out(
      `  Foto           ${PHOTO_WORDS[verdict.photo]}${fields.photoHash ? ` (${fields.photoHash})` : ''}${photoNote && verdict.photo === 'mismatch' ? `: ${photoNote}` : ''}`,
    );
}
