/**
 * The counter page: log in, see who is at the counter, log out. Every call
 * goes to this service only, with the session cookie the browser keeps
 * (HttpOnly: this script never sees it) and, to change anything, the
 * session's CSRF token.
 */
import { ZOD_CONFIG } from './jitless';
import { showAdmin } from './admin';
import { capture, closeCamera, openCamera } from './camera';
import { previewDraft, sendDraft, showApproved, showQueue } from './drafts';
import { printPdf } from './pdf-frame';
import { findPapers, showReturned } from './find';
import { showIssued, showLog } from './papers';
import { buildFields, relabel, showProblems } from './resident-form';
import { word, type Lang, type WordKey } from './words';

if (!ZOD_CONFIG.jitless) throw new Error('zod must run without eval here');

interface Me {
  name: string;
  role: 'petugas' | 'kepala' | 'admin';
  displayName: string;
  csrf: string;
  /** The office's day, from the service: the day a paper approved now bears. */
  today: string;
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
  $('clerk').hidden = me?.role !== 'petugas';
  $('head').hidden = me?.role !== 'kepala';
  $('log').hidden = me?.role !== 'kepala' && me?.role !== 'admin';
  $('admin').hidden = me?.role !== 'admin';
  relabel(form(), lang);
  if (me) {
    $('who-name').textContent = `${me.displayName} (${me.role})`;
    $('home-role').textContent = word(lang, `role_${me.role}`);
  }
}

const form = () => $<HTMLFormElement>('resident-form');
const touched = new Set<string>();

/** A POST with JSON from this page (the CSRF token is added by call). */
const post = (path: string, body?: unknown) =>
  call(path, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

/** The lists the person at the counter works from. */
async function refresh(): Promise<void> {
  if (me?.role === 'petugas') {
    await showApproved(call, lang);
    await showReturned(call);
  }
  if (me?.role === 'kepala') {
    const issued = () => showIssued(call, post, lang);
    await showQueue(call, lang, post, issued);
    await issued();
  }
  if (me?.role === 'kepala' || me?.role === 'admin') await showLog(call, lang);
  if (me?.role === 'admin') await showAdmin(call, lang);
}

/** The photo taken with the camera, until a file is chosen or the form is sent. */
let taken: File | undefined;

function showPhoto(file: File | undefined): void {
  const preview = $<HTMLImageElement>('photo-preview');
  if (preview.src) URL.revokeObjectURL(preview.src);
  preview.hidden = !file;
  if (file) preview.src = URL.createObjectURL(file);
}

async function takePhoto(): Promise<void> {
  taken = await capture();
  $<HTMLInputElement>('photo').value = '';
  showPhoto(taken);
  $('open-camera').textContent = word(lang, 'retake');
  $('open-camera').focus();
}

const chosenPhoto = () => taken ?? $<HTMLInputElement>('photo').files?.[0];

/** The page as it will print, below the form, before the clerk sends it. */
async function previewPage(): Promise<void> {
  if (!(await previewDraft(call, form(), lang, chosenPhoto(), me!.today, $<HTMLIFrameElement>('preview-frame')))) return;
  $('preview').hidden = false;
  $('preview-title').scrollIntoView({ block: 'start' });
}

async function submitDraft(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!(await sendDraft(call, form(), lang, chosenPhoto(), me!.today))) return;
  $('preview').hidden = true;
  form().reset();
  touched.clear();
  taken = undefined;
  showPhoto(undefined);
  closeCamera();
  $('draft-sent').textContent = word(lang, 'draftSent');
  form().querySelector<HTMLElement>('input, select')?.focus();
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
    await refresh();
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
  else await refresh();
}

buildFields(form(), lang);
form().addEventListener('input', (e) => {
  touched.add((e.target as HTMLInputElement).name);
  showProblems(form(), lang, touched, false, me?.today);
});
form().addEventListener('submit', (e) => void submitDraft(e as SubmitEvent));
$('open-camera').addEventListener('click', () => void openCamera(lang));
$('preview-page').addEventListener('click', () => void previewPage());
$('print-day').addEventListener('click', async () => {
  $('print-status').textContent = (await printPdf(`api/print/day?date=${me!.today}`)) === 'refused' ? word(lang, 'printRefused') : '';
});
$('find-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void findPapers(call, lang);
});
$('log-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void showLog(call, lang);
});
$('capture').addEventListener('click', () => void takePhoto());
$('photo').addEventListener('change', () => {
  taken = undefined;
  showPhoto($<HTMLInputElement>('photo').files?.[0]);
});
$('login-form').addEventListener('submit', (e) => void login(e as SubmitEvent));
$('logout').addEventListener('click', () => void logout());
$('language').addEventListener('click', () => {
  lang = lang === 'id' ? 'en' : 'id';
  localStorage.setItem('suket-lang', lang);
  render();
  showProblems(form(), lang, touched, false, me?.today);
  void refresh();
});
$('home-title').tabIndex = -1;
$('head-title').tabIndex = -1;
void start();
