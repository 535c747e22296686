/** `suket verifier build`: the offline verifier page for an office, from the installed package, with no network. */
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { SealPublicJwk } from '../../seal/keys.js';
import { err, example, lib } from '../common.js';
import { readJson } from '../settings.js';
import { missingFromSite } from './verifier-site.js';

const text = (s: string) => new TextEncoder().encode(s);

async function readList(file: string, path: string): Promise<string> {
  try {
    return (await readFile(resolve(file), 'utf8')).trim();
  } catch {
    throw new SuketError('IO_FAILED', [{ path, code: 'io', message: 'cannot be read' }]);
  }
}

/**
 * The site, whole or not at all: staged beside `out` and checked there, then
 * copied over `out` and checked again, so a missing file never reaches the
 * folder a web server publishes.
 * @throws SuketError IO_FAILED naming the files missing.
 */
async function writeSite(page: string, files: Record<string, string>, out: string): Promise<void> {
  const staged = `${out}.partial-${process.pid}`;
  try {
    await rm(staged, { recursive: true, force: true });
    await cp(page, staged, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFileAtomic(join(staged, name), text(content), 0o644);
    const incomplete = (missing: string[]) =>
      new SuketError('IO_FAILED', [{ path: 'out', code: 'io', message: `the site is incomplete, so it was not written; missing: ${missing.join(', ')}` }]);
    const missing = await missingFromSite(staged, Object.keys(files));
    if (missing.length) throw incomplete(missing);
    await mkdir(out, { recursive: true });
    await cp(staged, out, { recursive: true, force: true });
    const after = await missingFromSite(out, Object.keys(files));
    if (after.length) throw incomplete(after);
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

export function addTo(program: Command): void {
  const cmd = program.command('verifier').description('the offline verifier page an office hosts');
  example(
    cmd
      .command('build')
      .description('build the verifier site: the page, the root public key, and the signed lists if given')
      .requiredOption('--root <root.jwk.json>', "the office's root public key (suket trust init wrote it)")
      .option('--trust <trust-list.jws>', 'the signed trust list to ship (else put one beside the page later)')
      .option('--revocations <revocations.jws>', 'the signed revocation list to ship')
      .requiredOption('--out <dir>', 'the site folder (its files are replaced)'),
    'suket verifier build --root trust/root.jwk.json --trust trust-list.jws --revocations revocations.jws --out site/',
  ).action(async (f: { root: string; trust?: string; revocations?: string; out: string }) => {
    const page = fileURLToPath(new URL('./verifier/', import.meta.url));
    const unbuilt = await missingFromSite(page);
    if (unbuilt.length)
      throw new SuketError('IO_FAILED', [
        { path: 'verifier', code: 'io', message: `the built page is incomplete in this installation (npm run build); missing: ${unbuilt.join(', ')}` },
      ]);
    const given = (await readJson(resolve(f.root), 'root')) as { keys?: SealPublicJwk[] } & SealPublicJwk;
    const roots = Array.isArray(given.keys) ? given.keys : [given];
    const { readTrustList, openTrustList, openRevocations } = await lib();
    readTrustList({ keys: roots }); // public keys only, kid derived: a root with private material is refused here
    // The office's day, as the page and verifySeal take it: a list signed today is never 'from the future'.
    const today = (await import('../../dates.js')).todayIn('Asia/Jakarta');
    const trust = f.trust ? await readList(f.trust, 'trust') : undefined;
    // Refused now rather than on every phone: a list the root did not sign, revocations not of this office.
    const opened = trust ? openTrustList(trust, roots, today) : undefined;
    const revocations = f.revocations ? await readList(f.revocations, 'revocations') : undefined;
    if (revocations && opened) openRevocations(revocations, opened.trustList.keys, today, { issuer: opened.status.issuer });
    const files: Record<string, string> = {
      'config.json': `${JSON.stringify({ roots }, null, 2)}\n`,
      ...(trust ? { 'trust-list.jws': trust } : {}),
      ...(revocations ? { 'revocations.jws': revocations } : {}),
    };
    const out = resolve(f.out);
    await writeSite(page, files, out);
    err(
      `wrote the verifier to ${out}${opened ? ` (trust list edition ${opened.status.sequence}${opened.status.stale ? ', PAST its next update' : ''})` : ''}: host it on any static host, or open it from a local server`,
    );
  });
}
