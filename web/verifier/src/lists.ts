/**
 * The office's lists, from the page's own origin: `config.json` (the root
 * public keys, written by `suket verifier build`), `trust-list.jws` and
 * `revocations.jws`. The service worker keeps the last ones for offline use.
 */
import type { PublicJwk } from '../../../src/trust/jws.js';

export interface Lists {
  roots: PublicJwk[];
  trustList?: string;
  revocations?: string;
}

async function text(path: string): Promise<string | undefined> {
  try {
    const r = await fetch(path, { cache: 'no-cache' });
    return r.ok ? (await r.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

export async function loadLists(): Promise<Lists> {
  const config = JSON.parse((await text('./config.json')) ?? '{}') as { roots?: PublicJwk[] };
  const trustList = await text('./trust-list.jws');
  const revocations = await text('./revocations.jws');
  return { roots: config.roots ?? [], ...(trustList ? { trustList } : {}), ...(revocations ? { revocations } : {}) };
}
