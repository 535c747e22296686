/** The clerk's sending and the head's queue: calls to the counter's API and the lists they show. */
import { messageIn } from '../../../src/language/catalogue';
import { button, listItem } from './dom';
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

/** Sends the form as a draft; the service's problems are shown beside their fields. True when sent. */
export async function sendDraft(call: Call, form: HTMLFormElement, lang: Lang, photo: File | undefined, today: string): Promise<boolean> {
  const error = document.getElementById('draft-error')!;
  error.hidden = true;
  document.getElementById('photo-error')!.textContent = photo ? '' : word(lang, 'photoRequired');
  if (!showProblems(form, lang, new Set(), true, today) || !photo) {
    error.textContent = word(lang, 'fixFields');
    error.hidden = false;
    return false;
  }
  const resident = { ...residentOf(form), photo: await photoBase64(photo) };
  const r = await call('drafts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resident }) });
  if (r.ok) return true;
  const body = (await r.json().catch(() => ({}))) as { issues?: Array<{ path: string; code: string; message: string; key?: string }> };
  const photoIssue = body.issues?.find((i) => i.path.startsWith('resident.photo') || i.path.startsWith('photo'));
  if (photoIssue) document.getElementById('photo-error')!.textContent = messageIn(lang, photoIssue as never);
  error.textContent = body.issues?.length ? body.issues.map((i) => messageIn(lang, i as never)).join(' ') : word(lang, 'UNEXPECTED');
  error.hidden = false;
  return false;
}

/** The approved papers a clerk prints, newest last. */
export async function showApproved(call: Call, lang: Lang): Promise<void> {
  const list = document.getElementById('approved-list')!;
  const { drafts } = (await (await call('drafts?status=approved')).json()) as { drafts: Draft[] };
  list.replaceChildren(
    ...drafts.map((d) =>
      listItem(
        `${d.number} · ${d.resident.name ?? ''}`,
        button(word(lang, 'print'), () => window.open(`api/certificates/${encodeURIComponent(d.number!)}/pdf`, '_blank')),
      ),
    ),
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
            await decided();
          }),
          button(word(lang, 'returnDraft'), async () => {
            const note = window.prompt(word(lang, 'returnNote'));
            if (note?.trim()) await csrfPost(`drafts/${d.id}/return`, { note });
            await showQueue(call, lang, csrfPost, decided);
          }),
        );
        li.dataset.draft = d.id;
        return li;
      }),
    );
}
