/**
 * The counter page: log in, see who is at the counter, log out. Every call
 * goes to this service only, with the session cookie the browser keeps
 * (HttpOnly: this script never sees it) and, to change anything, the
 * session's CSRF token.
 */
import { word, type Lang, type WordKey } from './words';

interface Me {
  name: string;
  role: 'petugas' | 'kepala' | 'admin';
  displayName: string;
  csrf: string;
}

const API = './api';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = localStorage.getItem('suket-lang') === 'en' ? 'en' : 'id';
let me: Me | undefined;

function render(): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-words]')) el.textContent = word(lang, el.dataset.words as WordKey);
  $('language').textContent = word(lang, 'toggle');
  $('language').lang = lang === 'id' ? 'en' : 'id';
  $('login').hidden = Boolean(me);
  $('home').hidden = !me;
  $('who').hidden = !me;
  if (me) {
    $('who-name').textContent = `${me.displayName} (${me.role})`;
    $('home-role').textContent = word(lang, `role_${me.role}`);
  }
}

/** The message for a problem the service answered, by its stable code. */
function problemText(status: number, body: { error?: string; message?: string }): string {
  const code = body.error ?? '';
  if (code === 'ACCOUNT_LOCKED') {
    const until = /until (\S+)/.exec(body.message ?? '')?.[1];
    return word(lang, 'ACCOUNT_LOCKED', {
      until: until ? new Date(until).toLocaleTimeString(lang === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit' }) : '',
    });
  }
  if (['LOGIN_FAILED', 'TOO_MANY_ATTEMPTS', 'HTTPS_REQUIRED', 'INVALID_INPUT'].includes(code)) return word(lang, code as WordKey);
  return word(lang, status >= 500 ? 'OFFLINE' : 'UNEXPECTED');
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (me) headers.set('x-csrf-token', me.csrf);
  return fetch(`${API}/${path}`, { ...init, headers, credentials: 'same-origin' });
}

async function login(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const error = $('login-error');
  error.hidden = true;
  const name = $<HTMLInputElement>('name').value.trim();
  const password = $<HTMLInputElement>('password').value;
  try {
    const r = await call('login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    const body = await r.json();
    if (!r.ok) throw Object.assign(new Error('refused'), { text: problemText(r.status, body) });
    me = body as Me;
    $<HTMLInputElement>('password').value = '';
    render();
    $('home-title').focus();
  } catch (e) {
    error.textContent = (e as { text?: string }).text ?? word(lang, 'OFFLINE');
    error.hidden = false;
    $<HTMLInputElement>('password').select();
  }
}

async function logout(): Promise<void> {
  await call('logout', { method: 'POST' }).catch(() => undefined);
  me = undefined;
  render();
  $('name').focus();
}

async function start(): Promise<void> {
  const r = await call('me').catch(() => undefined);
  me = r?.ok ? ((await r.json()) as Me) : undefined;
  render();
  if (!me) $('name').focus();
}

$('login-form').addEventListener('submit', (e) => void login(e as SubmitEvent));
$('logout').addEventListener('click', () => void logout());
$('language').addEventListener('click', () => {
  lang = lang === 'id' ? 'en' : 'id';
  localStorage.setItem('suket-lang', lang);
  render();
});
$('home-title').tabIndex = -1;
void start();
