/**
 * Counter passwords, hashed with scrypt from Node's own crypto (OpenSSL):
 * memory-hard, so a stolen database costs an attacker 128 MiB and most of a
 * second a guess, and no package to trust beyond Node. Parameters are kept
 * in the stored hash, so they can be raised later without breaking old ones.
 * At most two hashes run at once (each takes 128 MiB): a burst of logins
 * waits in line instead of exhausting memory.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's scrypt minimum: N = 2^17, r = 8, p = 1 (128 MiB). */
const COST = { log2N: 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 2 ** log2N * r * 128 + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key))));
}

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `f` when fewer than two hashes are running. */
async function inTurn<T>(f: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * A password's stored form: `scrypt$17$8$1$<salt>$<key>`.
 * @example const stored = await hashPassword('kata sandi yang panjang');
 */
export function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { log2N, r, p } = COST;
  return inTurn(async () => {
    const key = await derive(password, salt, log2N, r, p);
    return `scrypt$${log2N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  });
}

/** Whether `password` is the one `stored` was made from (compared in constant time); false for a stored form this suket cannot read. */
export function passwordMatches(password: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (!m) return Promise.resolve(false);
  const [log2N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return inTurn(async () => timingSafeEqual(await derive(password, Buffer.from(m[4]!, 'base64url'), log2N, r, p), Buffer.from(m[5]!, 'base64url')));
}

/** A stored hash of no password anyone knows: an unknown name costs a login the same time as a known one. */
export const DECOY_HASH = 'scrypt$17$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
