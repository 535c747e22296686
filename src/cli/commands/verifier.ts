/** `suket verifier build`: the offline verifier page for an office, from the installed package, with no network. */
import { cp, mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SuketError } from '../../errors.js';
import { writeFileAtomic } from '../../atomic.js';
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

export function register(program: Command): void {
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
    const today = new Date().toISOString().slice(0, 10);
    const trust = f.trust ? await readList(f.trust, 'trust') : undefined;
    // Refused now rather than on every phone: a list the root did not sign.
    const opened = trust ? openTrustList(trust, roots, today) : undefined;
    const revocations = f.revocations ? await readList(f.revocations, 'revocations') : undefined;
    if (revocations && opened) openRevocations(revocations, opened.trustList.keys, today);
    const out = resolve(f.out);
    await mkdir(out, { recursive: true });
    await cp(page, out, { recursive: true, force: true });
    await writeFileAtomic(join(out, 'config.json'), text(`${JSON.stringify({ roots }, null, 2)}\n`), 0o644);
    if (trust) await writeFileAtomic(join(out, 'trust-list.jws'), text(trust), 0o644);
    if (revocations) await writeFileAtomic(join(out, 'revocations.jws'), text(revocations), 0o644);
    const missing = await missingFromSite(out, ['config.json', ...(trust ? ['trust-list.jws'] : []), ...(revocations ? ['revocations.jws'] : [])]);
    if (missing.length)
      throw new SuketError('IO_FAILED', [
        { path: 'out', code: 'io', message: `the site written is incomplete: do not publish it; missing: ${missing.join(', ')}` },
      ]);
    err(
      `wrote the verifier to ${out}${opened ? ` (trust list edition ${opened.status.sequence}${opened.status.stale ? ', PAST its next update' : ''})` : ''}: host it on any static host, or open it from a local server`,
    );
  });
}
