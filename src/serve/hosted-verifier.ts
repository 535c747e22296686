/**
 * The verifier site `suket serve` hosts at /periksa/: the folder `suket
 * verifier build` wrote (page, roots, signed trust list), and a revocation
 * list the service signs itself with the office's seal key, from the
 * register's voided certificates: signed again as soon as a certificate is
 * voided and on every new day, so a phone's list is never stale and no one
 * copies a file by hand (docs/lists-v1.md section 4).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SuketError } from '../errors.js';
import { addDays, todayIn, type CivilDate } from '../dates.js';
import { DEFAULT_TIME_ZONE } from '../time-zones.js';
import { prepareSealSigner, type SealKeyOptions } from '../seal/keys.js';
import { openTrustList } from '../trust/lists.js';
import { toBase64url, type PublicJwk } from '../trust/jws.js';
import { signRevocations } from '../trust/sign.js';
import type { Revocation } from '../register/types.js';

/** A site ready to host: its folder and the office its lists speak for. */
export interface HostedVerifier {
  dir: string;
  /** The trust list's issuer: the revocation list names the same office. */
  issuer: string;
  /** The seal key that signs the revocation list (one of the trust list's, inside its window). */
  key: SealKeyOptions;
}

const siteProblem = (message: string, code: 'io' | 'key_not_trusted' = 'io') => new SuketError('INVALID_KEY', [{ path: 'serve.verifier', code, message }]);

/**
 * Checks a built site before the service starts: it has its roots and a
 * trust list they signed, and the office's seal key is in that list with a
 * window covering today (else every phone would refuse the revocations).
 * @throws SuketError INVALID_KEY (`serve.verifier`) naming what is missing or wrong.
 * @example const site = await openHostedVerifier('site/', { privateKey: pem });
 */
export async function openHostedVerifier(dir: string, key: SealKeyOptions | undefined, today: CivilDate = todayIn(DEFAULT_TIME_ZONE)): Promise<HostedVerifier> {
  if (!key) throw siteProblem('needs the seal key (issuance seal settings) to sign the revocation list');
  const read = (name: string) =>
    readFile(join(dir, name), 'utf8').catch(() => {
      throw siteProblem(`has no ${name}: build the site with suket verifier build --root ... --trust ...`);
    });
  let roots: PublicJwk[];
  try {
    roots = (JSON.parse(await read('config.json')) as { roots?: PublicJwk[] }).roots ?? [];
  } catch (e) {
    throw e instanceof SuketError ? e : siteProblem('has a config.json that is not JSON');
  }
  await read('index.html');
  const { trustList, status } = openTrustList(await read('trust-list.jws'), roots, today);
  const kid = toBase64url(prepareSealSigner(key).kid);
  const mine = trustList.keys.find((k) => k.kid === kid) as (PublicJwk & { notBefore?: string; notAfter?: string }) | undefined;
  if (!mine) throw siteProblem("has a trust list without the office's seal key: phones would refuse its revocation list", 'key_not_trusted');
  if ((mine.notBefore && today < mine.notBefore) || (mine.notAfter && today > mine.notAfter))
    throw siteProblem("has the office's seal key outside its window today: phones would refuse its revocation list", 'key_not_trusted');
  return { dir, issuer: status.issuer, key };
}

/** Days after the day of signing by which a newer list is promised: a phone that fetched yesterday is not stale today. */
const NEXT_UPDATE_DAYS = 2;

/** The signed revocation list, signed again only when its content or its day changed (the same content gives the same bytes). */
export class PublishedRevocations {
  #signed: { key: string; jws: Promise<string> } | undefined;

  constructor(
    private readonly site: HostedVerifier,
    private readonly revocations: () => Promise<Revocation[]>,
  ) {}

  async get(today: CivilDate = todayIn(DEFAULT_TIME_ZONE)): Promise<string> {
    const list = await this.revocations();
    const key = `${today}|${list.length}|${list.at(-1)?.number ?? ''}`;
    if (this.#signed?.key !== key) {
      const jws = signRevocations(
        { issuer: this.site.issuer, issuedAt: today, nextUpdate: addDays(today, NEXT_UPDATE_DAYS), revocations: list },
        this.site.key,
      );
      jws.catch(() => {
        if (this.#signed?.jws === jws) this.#signed = undefined;
      });
      this.#signed = { key, jws };
    }
    return this.#signed.jws;
  }
}
