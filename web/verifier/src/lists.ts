/**
 * The office's lists: `config.json` (the root public keys, written by
 * `suket verifier build`), `trust-list.jws` and `revocations.jws`, fetched
 * from the page's own origin whenever the network is there. The page keeps
 * the lists it accepted (in localStorage, so they are there offline from
 * the first visit) and takes a served list only after its signature and
 * edition are checked: never an unsigned one, never an edition older than
 * the one kept (a captive portal, cache or mirror may replay old editions).
 */
import { openRevocations, openTrustList, type ListStatus } from '../../../src/trust/lists.js';
import type { PublicJwk } from '../../../src/trust/jws.js';
import { SuketError } from '../../../src/errors.js';
import { todayIn } from '../../../src/dates.js';
import { DEFAULT_TIME_ZONE } from '../../../src/time-zones.js';

export interface Lists {
  roots: PublicJwk[];
  trustList?: string;
  revocations?: string;
  /** Lists served but refused, and why: shown in red with every verdict. */
  refused: Array<{ list: 'trust' | 'revocations'; edition: number; kept?: number; reason: 'older' | 'invalid' }>;
}

const KEPT = { trust: 'suket.trust-list', revocations: 'suket.revocations', roots: 'suket.roots' } as const;

async function fetched(path: string): Promise<string | undefined> {
  try {
    const r = await fetch(path, { cache: 'no-store' });
    return r.ok ? (await r.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

const kept = (key: string): string | undefined => {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
};

const keep = (key: string, value: string): void => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private browsing or a full store: the list is used now, and fetched again next time.
  }
};

// The day as verifySeal takes it by default, so a list issued today is never 'from the future' here.
const today = () => todayIn(DEFAULT_TIME_ZONE);
const editionOf = (jws: string): number => {
  try {
    return Number(JSON.parse(atob(jws.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sequence) || 0;
  } catch {
    return 0;
  }
};

/**
 * Of the served list and the kept one, the one to use: the served one when
 * it opens (signature, content) and is not older than the kept one; the
 * kept one otherwise, with the refusal noted.
 */
function choose(
  list: 'trust' | 'revocations',
  served: string | undefined,
  held: string | undefined,
  open: (jws: string, accepted?: ListStatus) => ListStatus,
  refused: Lists['refused'],
): string | undefined {
  let heldStatus: ListStatus | undefined;
  try {
    heldStatus = held ? open(held) : undefined;
  } catch {
    held = undefined; // kept under other roots or keys: no longer this office's
  }
  if (!served) return held;
  try {
    open(served, heldStatus);
    keep(KEPT[list], served);
    return served;
  } catch (e) {
    const older = e instanceof SuketError && e.issues.some((i) => i.code === 'list_rollback');
    refused.push({ list, edition: editionOf(served), ...(heldStatus ? { kept: heldStatus.sequence } : {}), reason: older ? 'older' : 'invalid' });
    // With nothing kept, the bad list is what there is: every check then says the list is not genuine.
    return held ?? served;
  }
}

/** The lists to check with: served ones that pass, else those kept; fails closed when neither opens. */
export async function loadLists(): Promise<Lists> {
  const [config, trustServed, revocationsServed] = await Promise.all([fetched('./config.json'), fetched('./trust-list.jws'), fetched('./revocations.jws')]);
  if (config) keep(KEPT.roots, config);
  const roots = (JSON.parse(config ?? kept(KEPT.roots) ?? '{}') as { roots?: PublicJwk[] }).roots ?? [];
  const refused: Lists['refused'] = [];
  const trustList = choose('trust', trustServed, kept(KEPT.trust), (jws, accepted) => openTrustList(jws, roots, today(), accepted).status, refused);
  let keys: PublicJwk[] = [];
  let issuer: string | undefined;
  try {
    const opened = trustList ? openTrustList(trustList, roots, today()) : undefined;
    keys = opened?.trustList.keys ?? [];
    issuer = opened?.status.issuer;
  } catch {
    // The verdict says the key list is not genuine.
  }
  const revocations = choose(
    'revocations',
    revocationsServed,
    kept(KEPT.revocations),
    (jws, accepted) => openRevocations(jws, keys, today(), { ...(issuer ? { issuer } : {}), ...(accepted ? { accepted } : {}) }).status,
    refused,
  );
  return { roots, refused, ...(trustList ? { trustList } : {}), ...(revocations ? { revocations } : {}) };
}
