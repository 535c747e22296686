/** The clerk's sending and the head's queue: calls to the counter's API and the lists they show. */
import { messageIn } from '../../../src/language/catalogue';
import { button, listItem } from './dom';
import { printPdf, showPdf } from './pdf-frame';
import { residentOf, showProblems } from './resident-form';
import { word, type Lang } from './words';

export type Call = (path: string, init?: RequestInit) => Promise<Response>;

interface Draft {
  id: string;
  status: string;
  resident: { name?: string; nik?: string };
  draftedBy: string;
  number: string | null;
}

/** The photo file as base64. */
async function photoBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The form and photo as the service's request, or undefined when they cannot be sent (each problem is shown beside its field). */
async function requestOf(form: HTMLFormElement, lang: Lang, photo: File | undefined, today: string): Promise<RequestInit | undefined> {
  const error = document.getElementById('draft-error')!;
  error.hidden = true;
  document.getElementById('photo-error')!.textContent = photo ? '' : word(lang, 'photoRequired');
  if (!showProblems(form, lang, new Set(), true, today) || !photo) {
    error.textContent = word(lang, 'fixFields');
    error.hidden = false;
    return undefined;
  }
  const resident = { ...residentOf(form), photo: await photoBase64(photo) };
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resident }) };
}

/** The service's problems with a request, beside the photo and under the form, in the page's language. */
async function showRefusal(r: Response, lang: Lang): Promise<void> {
  const error = document.getElementById('draft-error')!;
  const body = (await r.json().catch(() => ({}))) as { issues?: Array<{ path: string; code: string; message: string; key?: string }> };
  const photoIssue = body.issues?.find((i) => i.path.startsWith('resident.photo') || i.path.startsWith('photo'));
  if (photoIssue) document.getElementById('photo-error')!.textContent = messageIn(lang, photoIssue as never);
  error.textContent = body.issues?.length ? body.issues.map((i) => messageIn(lang, i as never)).join(' ') : word(lang, 'UNEXPECTED');
  error.hidden = false;
}

/** Sends the form as a draft; the service's problems are shown beside their fields. True when sent. */
export async function sendDraft(call: Call, form: HTMLFormElement, lang: Lang, photo: File | undefined, today: string): Promise<boolean> {
  const request = await requestOf(form, lang, photo, today);
  if (!request) return false;
  const r = await call('drafts', request);
  if (!r.ok) await showRefusal(r, lang);
  return r.ok;
}

/** Shows the page as it will print (KONSEP, rendered by the service; nothing kept) in `frame`. True when shown. */
export async function previewDraft(
  call: Call,
  form: HTMLFormElement,
  lang: Lang,
  photo: File | undefined,
  today: string,
  frame: HTMLIFrameElement,
): Promise<boolean> {
  const request = await requestOf(form, lang, photo, today);
  if (!request) return false;
  const r = await call('preview', request);
  if (!r.ok) await showRefusal(r, lang);
  else showPdf(frame, await r.blob());
  return r.ok;
}

/** A Print button: the paper straight into the print dialogue; a refusal said in the clerk's status line. */
export function printButton(lang: Lang, url: string): HTMLButtonElement {
  return button(word(lang, 'print'), async () => {
    const status = document.getElementById('print-status')!;
    status.textContent = (await printPdf(url)) === 'refused' ? word(lang, 'printRefused') : '';
  });
}

/** The approved papers a clerk prints, newest last. */
export async function showApproved(call: Call, lang: Lang): Promise<void> {
  const list = document.getElementById('approved-list')!;
  const { drafts } = (await (await call('drafts?status=approved')).json()) as { drafts: Draft[] };
  list.replaceChildren(
    ...drafts.map((d) => listItem(`${d.number} · ${d.resident.name ?? ''}`, printButton(lang, `api/certificates/${encodeURIComponent(d.number!)}/pdf`))),
  );
}

/** The head's queue: each waiting draft with its page, approve and send back. */
export async function showQueue(
  call: Call,
  lang: Lang,
  csrfPost: (path: string, body?: unknown) => Promise<Response>,
  decided: () => Promise<void>,
): Promise<void> {
  const list = document.getElementById('queue-list')!;
  const { drafts } = (await (await call('drafts?status=waiting')).json()) as { drafts: Draft[] };
  if (!drafts.length) list.replaceChildren(listItem(word(lang, 'emptyQueue')));
  else
    list.replaceChildren(
      ...drafts.map((d) => {
        const li = listItem(
          `${d.resident.name ?? ''} · ${d.resident.nik ?? ''} · ${word(lang, 'draftedBy', { who: d.draftedBy })}`,
          button(word(lang, 'viewPage'), () => window.open(`api/drafts/${d.id}/page`, '_blank')),
          button(word(lang, 'approve'), async () => {
            const r = await csrfPost(`drafts/${d.id}/approve`);
            const body = (await r.json()) as { number?: string };
            li.replaceChildren(listItem(r.ok ? word(lang, 'approvedAs', { number: body.number! }) : word(lang, 'UNEXPECTED')).firstChild!);
            // The button is gone: the focus stays on this line, so the next Tab reaches the next draft.
            li.tabIndex = -1;
            li.focus();
            await decided();
          }),
          button(word(lang, 'returnDraft'), async () => {
            const note = window.prompt(word(lang, 'returnNote'));
            if (note?.trim()) await csrfPost(`drafts/${d.id}/return`, { note });
            await showQueue(call, lang, csrfPost, decided);
            // The list was drawn anew: the focus goes back to its heading.
            document.getElementById('head-title')?.focus();
          }),
        );
        li.dataset.draft = d.id;
        return li;
      }),
    );
}
