/**
 * The verifier page: the same verifySeal as the library and the CLI, run
 * here in the browser against the office's signed lists. Nothing leaves the
 * device: the seal stays in the page (or in the URL fragment, which
 * browsers never send), and the page makes no request but for its own
 * files and lists.
 */
import { verifySeal, type SealVerdict } from '../../../src/seal/verify.js';
import { openTrustList, type ListStatus } from '../../../src/trust/lists.js';
import { loadLists, type Lists } from './lists.js';
import { imageOf, qrTexts, scanCamera, zxing } from './scan.js';
import { REASON, TEXT, VERDICT, type Lang } from './words.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'id';
let lists: Lists = { roots: [] };
let last: { verdict?: SealVerdict; problem?: string } | undefined;

const t = (key: string) => TEXT[lang][key] ?? key;

function setLanguage(next: Lang): void {
  lang = next;
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t!);
  $('lang').textContent = t('lang');
  $('lang').setAttribute('aria-label', lang === 'id' ? 'English' : 'Bahasa Indonesia');
  document.title = t('title');
  showLists();
  if (last) show(last);
}

/**
 * The seal in what was read or pasted: `SK1:...` alone, or after the
 * verifier URL's `#`. Base45 has a space in its alphabet, so only line
 * breaks and the ends are trimmed.
 */
function sealIn(text: string): string | undefined {
  const at = text.indexOf('SK1:');
  return at < 0 ? undefined : text.slice(at).split(/[\r\n]/)[0]!.trim();
}

/**
 * The verdict on the seal in the URL fragment. Browsers write a space there
 * as `%20` and leave a `%` as it is, and Base45 has both: each `%20` is most
 * likely a space, but may be the three characters. The readings are tried,
 * spaces first; the first whose signature holds (whatever else the verdict
 * says) is the seal's, else the all-spaces reading's.
 */
function hashVerdict(hash: string): SealVerdict | undefined {
  const parts = hash.split('%20');
  const readings = parts.length > 12 ? 1 : 1 << (parts.length - 1);
  let first: SealVerdict | undefined;
  for (let mask = 0; mask < readings; mask++) {
    const v = verdictOf(parts.reduce((acc, p, i) => (i === 0 ? p : acc + ((mask >> (i - 1)) & 1 ? '%20' : ' ') + p), ''));
    if (!v) return undefined; // the lists themselves are not usable
    first ??= v;
    if (v.valid || (v.reason !== 'malformed' && v.reason !== 'bad_signature')) return v;
  }
  return first;
}

/** The library's verdict against the office's lists; undefined when there are no usable lists. */
function verdictOf(seal: string): SealVerdict | undefined {
  if (!lists.trustList) return undefined;
  try {
    return verifySeal(seal, { trustList: lists.trustList, roots: lists.roots, ...(lists.revocations ? { revocations: lists.revocations } : {}) });
  } catch {
    return undefined;
  }
}

function showVerdict(verdict: SealVerdict | undefined): void {
  show(verdict ? { verdict } : { problem: lists.trustList ? t('badList') : t('noList') });
}

function check(text: string): void {
  showVerdict(verdictOf(sealIn(text) ?? text.trim()));
}

function row(dl: HTMLElement, label: string, value: string): void {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dl.append(dt, dd);
}

function show(result: { verdict?: SealVerdict; problem?: string }): void {
  last = result;
  $('result').hidden = false;
  // The verdict is what the person came for: bring it into view on a small screen.
  $('result').scrollIntoView({ block: 'start' });
  const verdict = $('verdict');
  const fields = $('fields');
  fields.replaceChildren();
  if (!result.verdict) {
    verdict.textContent = VERDICT[lang].malformed;
    verdict.className = 'verdict bad';
    $('reason').textContent = result.problem ?? '';
    return;
  }
  const v = result.verdict;
  const key = v.valid ? 'valid' : v.reason;
  verdict.textContent = VERDICT[lang][key];
  verdict.className = `verdict ${v.valid ? 'ok' : v.reason === 'expired' || v.reason === 'not_yet_valid' ? 'warn' : 'bad'}`;
  $('reason').textContent = REASON[lang][key];
  const f = v.fields;
  if (!f) return;
  row(fields, t('number'), f.number);
  row(fields, t('nik'), f.nik);
  row(fields, t('name'), f.name);
  row(fields, t('born'), `${f.birthPlace}, ${f.birthDate}`);
  row(fields, t('sex'), f.sex);
  row(fields, t('office'), `${v.lists?.trustList?.issuer ?? ''} (${f.officeCode})`.trim());
  row(fields, t('issued'), f.issuedAt);
  row(fields, t('until'), f.validUntil);
  showLists(v.lists);
}

function describe(name: string, s: ListStatus): string {
  return `${t(name)}: ${s.issuer}, ${t('edition')} ${s.sequence} (${s.issuedAt}); ${s.stale ? t('stale') : `${t('next')} ${s.nextUpdate}`}`;
}

function showLists(used?: SealVerdict['lists']): void {
  const box = $('lists');
  box.replaceChildren();
  let trust = used?.trustList;
  if (!trust && lists.trustList) {
    try {
      trust = openTrustList(lists.trustList, lists.roots, new Date().toISOString().slice(0, 10)).status;
    } catch {
      const p = document.createElement('p');
      p.className = 'stale';
      p.textContent = t('badList');
      box.append(p);
      return;
    }
  }
  for (const [name, s] of [
    ['trust', trust],
    ['revocations', used?.revocations],
  ] as const) {
    if (!s) continue;
    const p = document.createElement('p');
    p.textContent = describe(name, s);
    if (s.stale) p.className = 'stale';
    box.append(p);
  }
}

async function fromImage(file: Blob): Promise<void> {
  const texts = await qrTexts(await imageOf(file)).catch(() => []);
  const seal = texts.map(sealIn).find(Boolean);
  if (seal) check(seal);
  else show({ problem: t('noCode') });
}

function wire(): void {
  $('lang').addEventListener('click', () => setLanguage(lang === 'id' ? 'en' : 'id'));
  $<HTMLFormElement>('paste').addEventListener('submit', (e) => {
    e.preventDefault();
    check($<HTMLTextAreaElement>('text').value);
  });
  $<HTMLInputElement>('file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void fromImage(file);
  });
  let stop: (() => void) | undefined;
  $('camera').addEventListener('click', async () => {
    stop?.();
    try {
      stop = await scanCamera($<HTMLVideoElement>('video'), (text) => {
        const seal = sealIn(text);
        if (seal) check(seal);
        return Boolean(seal);
      });
    } catch {
      show({ problem: t('noCamera') });
    }
  });
  const fromHash = () => {
    if (location.hash.startsWith('#SK1:')) showVerdict(hashVerdict(location.hash.slice(1)));
  };
  window.addEventListener('hashchange', fromHash);
  fromHash();
}

async function start(): Promise<void> {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('./sw.js').catch(() => {});
  lists = await loadLists();
  setLanguage(lang);
  wire();
  document.body.dataset.ready = 'true';
  // The QR reader's WASM (941 KB) is compiled while nobody waits: the first camera frame or photo then reads at once.
  setTimeout(() => void zxing().catch(() => {}), 0);
}

void start();
