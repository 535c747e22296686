/**
 * The verifier page: the same verifySeal as the library and the CLI, run
 * here in the browser against the office's signed lists. Nothing leaves the
 * device: the seal stays in the page (or in the URL fragment, which
 * browsers never send), and the page makes no request but for its own
 * files and lists.
 */
import { verifySeal, type SealVerdict } from '../../../src/seal/verify.js';
import { openTrustList, type ListStatus } from '../../../src/trust/lists.js';
import { holdsSeal } from '../../../src/seal/link.js';
import { SuketError } from '../../../src/errors.js';
import { loadLists, type Lists } from './lists.js';
import { imageOf, qrTexts, scanCamera, zxing } from './scan.js';
import { REASON, TEXT, VERDICT, type Lang } from './words.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'id';
let lists: Lists = { roots: [], refused: [] };
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
 * The seal in what was pasted: the whole text when it is a seal or a link
 * to one (the library reads every form, docs/seal-v1.md section 1), else
 * from `SK1:` to the end of its line. Base45 has a space in its alphabet,
 * so only line breaks and the ends are trimmed.
 */
function sealIn(text: string): string {
  const t = text.trim();
  if (holdsSeal(t)) return t;
  const at = t.indexOf('SK1:');
  return at < 0
    ? t
    : t
        .slice(at)
        .split(/[\r\n]/)[0]!
        .trim();
}

/** The library's verdict against the office's lists, or why there is none (no list, or a list that is not genuine: it fails closed). */
function verdictOf(seal: string): { verdict?: SealVerdict; problem?: string } {
  if (!lists.trustList) return { problem: t('noList') };
  try {
    return { verdict: verifySeal(seal, { trustList: lists.trustList, roots: lists.roots, ...(lists.revocations ? { revocations: lists.revocations } : {}) }) };
  } catch (e) {
    const revocations = e instanceof SuketError && e.issues.some((i) => i.path.startsWith('revocations'));
    return { problem: t(revocations ? 'badRevocations' : 'badList') };
  }
}

const showVerdict = (result: { verdict?: SealVerdict; problem?: string }): void => show(result);

function check(text: string): void {
  showVerdict(verdictOf(sealIn(text)));
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
  for (const r of lists.refused) {
    const p = document.createElement('p');
    p.className = 'refused';
    const kept = r.kept === undefined ? '' : `; ${t('keptUsed')} ${r.kept}`;
    p.textContent = `${t(r.list)} ${t('edition')} ${r.edition}: ${t(r.reason === 'older' ? 'older' : 'invalidServed')}${kept}.`;
    box.append(p);
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
  const seal = texts.find(holdsSeal);
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
  const camera = async () => {
    stop?.();
    try {
      stop = await scanCamera($<HTMLVideoElement>('video'), (text) => {
        if (holdsSeal(text)) check(text);
        return holdsSeal(text);
      });
    } catch {
      show({ problem: t('noCamera') });
    }
  };
  $('camera').addEventListener('click', () => void camera());
  // Any form of the QR's link (the library reads them all): the seal never leaves the page.
  const fromHash = () => {
    if (holdsSeal(location.hash)) showVerdict(verdictOf(location.hash));
  };
  window.addEventListener('hashchange', fromHash);
  fromHash();
  // Opened as the installed app: straight to the camera.
  if (new URLSearchParams(location.search).has('kamera') && !location.hash) void camera();
}

/** Says when the page, its code and the lists are kept on this device, so it works with no signal. */
async function offlineReady(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  await navigator.serviceWorker.ready;
  if (!lists.trustList) return;
  document.body.dataset.offline = 'true';
  $('offline').hidden = false;
}

async function start(): Promise<void> {
  lists = await loadLists();
  setLanguage(lang);
  wire();
  document.body.dataset.ready = 'true';
  void offlineReady();
  // The QR reader's WASM (941 KB) is compiled while nobody waits: the first camera frame or photo then reads at once.
  setTimeout(() => void zxing().catch(() => {}), 0);
}

void start();
