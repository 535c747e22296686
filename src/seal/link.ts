/**
 * The link form of the QR (docs/seal-v1.md section 1): the verifier page's
 * address, `#SK1U:`, then the seal's bytes in Base42, which a URL fragment
 * holds as they are: the code is a valid URL and exactly as long as the
 * seal. The CLI loads this at start, and the verifier page runs it.
 */
import { decodeBase42, decodeBase45, encodeBase42, encodeBase45 } from './base45.js';

/** docs/seal-v1.md section 1: every seal text starts so. */
export const SEAL_PREFIX = 'SK1:';

/** What follows the `#` of the verifier link before the seal's Base42. */
export const LINK_PREFIX = 'SK1U:';

/**
 * The QR's text for a seal behind the office's verifier page: a valid URL
 * (RFC 3986 and the WHATWG parser agree on it), which `new URL()` gives back
 * unchanged when the address is written as a browser writes it.
 * @throws TypeError when `seal` is not a seal text (`SK1:` and canonical Base45).
 * @example sealLink('https://dukcapil.example.go.id/periksa/', 'SK1:6BF...') // 'https://dukcapil.example.go.id/periksa/#SK1U:6BF...'
 */
export function sealLink(verifyUrl: string, seal: string): string {
  const bytes = seal.startsWith(SEAL_PREFIX) ? decodeBase45(seal.slice(SEAL_PREFIX.length)) : null;
  if (!bytes) throw new TypeError('not a seal text');
  return `${verifyUrl}#${LINK_PREFIX}${encodeBase42(bytes)}`;
}

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const LINK = /^https?:\/\//i;
const EARLIER = /^SK1(?::|%3A)/i;

/** Percent-decoding where the escape stands for a QR alphanumeric character; with `plusIsSpace`, the form convention. */
function decoded(text: string, plusIsSpace = false): string {
  return text.replace(/%([0-9A-F]{2})|\+/gi, (all, hex: string | undefined) => {
    if (hex === undefined) return plusIsSpace ? ' ' : '+';
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return BASE45.includes(c) ? c : all;
  });
}

/** The fragment of a link (or of a bare `#...`), else the text itself, and whether it came from a link. */
function fragmentOf(text: string): { fragment: string; linked: boolean } | undefined {
  if (!LINK.test(text)) return text.startsWith('#') ? { fragment: text.slice(1), linked: true } : { fragment: text, linked: false };
  const at = text.indexOf('#');
  return at < 0 ? undefined : { fragment: text.slice(at + 1), linked: true };
}

/** An earlier link with more `%20` than this is read with every one a space. */
const MAX_WEIGHED = 40;

/**
 * A browser writes each bare space of an earlier link as `%20` and leaves a
 * `%` as it is, so a seal that holds `%20` itself (about one in 700) cannot
 * be told from a space by the text alone: each `%20`, and each pair of them,
 * is also read as the seal's own (three in one seal: about one in 10^8);
 * the signature decides. At most 1 + 40 + 780 readings.
 */
function spaceReadings(body: string): string[] {
  const parts = body.split('%20');
  const n = parts.length - 1;
  const joined = (kept: readonly number[]) => parts.reduce((text, part, i) => text + (kept.includes(i) ? '%20' : ' ') + part);
  const out = [joined([])];
  if (n > MAX_WEIGHED) return out;
  for (let a = 1; a <= n; a++) out.push(joined([a]));
  for (let a = 1; a <= n; a++) for (let b = a + 1; b <= n; b++) out.push(joined([a, b]));
  return out;
}

/** Readings of a fragment of the earlier link form (`#SK1:` and Base45 with bare spaces and `%`). */
function earlierReadings(fragment: string, linked: boolean): string[] {
  const prefix = EARLIER.exec(fragment);
  if (!prefix) return [];
  const rest = fragment.slice(prefix[0].length);
  const body = linked ? rest.toUpperCase() : rest;
  // As printed, percent-encoded, form-encoded, and as a browser shows the bare spaces (%20).
  return [body, decoded(body), decoded(body, true), ...spaceReadings(body)].map((r) => SEAL_PREFIX + r);
}

/**
 * The seal texts a QR's text, a link or a link's fragment may stand for,
 * the likeliest first; empty when it holds no seal. A link is read however
 * a phone hands it: percent-encoded, lower-cased, with a `/` added at the
 * end; and links of the earlier form (`#SK1:` and Base45, whose spaces a
 * browser writes `%20` or `+`) are read too, under each convention, the
 * signature deciding among the readings (`verifySeal`).
 * @example sealReadings('https://dukcapil.example.go.id/periksa/#SK1U:6BF...') // ['SK1:6BF...']
 */
export function sealReadings(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  // A raw seal first; its text may also be a fragment copied without the '#'.
  const out = text.startsWith(SEAL_PREFIX) ? [text] : [];
  const found = fragmentOf(text);
  if (!found) return out;
  const { fragment, linked } = found;
  // Base45 and Base42 have no lower case: a link's lower case is a reader's doing (a raw seal is read strictly).
  for (const f of fragment.endsWith('/') ? [fragment, fragment.slice(0, -1)] : [fragment]) {
    const plain = linked ? decoded(f).toUpperCase() : decoded(f);
    if (plain.startsWith(LINK_PREFIX)) {
      const bytes = decodeBase42(plain.slice(LINK_PREFIX.length));
      if (bytes) out.push(SEAL_PREFIX + encodeBase45(bytes));
    } else out.push(...earlierReadings(f, linked));
  }
  return [...new Set(out)];
}

/** True when the text is a seal or a link to one (the lower-right QR, a plain link, is not). */
export const holdsSeal = (text: unknown): boolean => sealReadings(text).length > 0;
