/** The head's approved papers (void, replace) and the counter log, searchable by day and person. */
import { button, listItem, tableRow } from './dom';
import type { Call } from './drafts';
import { word, type Lang, type WordKey } from './words';

interface Approved {
  number: string | null;
  resident: { name?: string };
}
interface Entry {
  at: string;
  account: string;
  action: string;
  number: string | null;
}

type Post = (path: string, body?: unknown) => Promise<Response>;

/** Approved papers the head may void or replace, each with a reason. */
export async function showIssued(call: Call, post: Post, lang: Lang): Promise<void> {
  const list = document.getElementById('issued-list')!;
  const { drafts } = (await (await call('drafts?status=approved')).json()) as { drafts: Approved[] };
  const done = (li: HTMLElement, text: string) => li.replaceChildren(listItem(text).firstChild!);
  list.replaceChildren(
    ...drafts.map((d) => {
      const number = d.number!;
      const path = `certificates/${encodeURIComponent(number)}`;
      const li = listItem(
        `${number} · ${d.resident.name ?? ''}`,
        button(word(lang, 'voidPaper'), async () => {
          const reason = window.prompt(word(lang, 'reason'))?.trim();
          if (reason && (await post(`${path}/void`, { reason })).ok) done(li, word(lang, 'voided', { number }));
        }),
        button(word(lang, 'replacePaper'), async () => {
          const reason = window.prompt(word(lang, 'reason'))?.trim();
          if (!reason) return;
          const r = await post(`${path}/replace`, { reason });
          if (r.ok) done(li, word(lang, 'replacedBy', { old: number, number: ((await r.json()) as { number: string }).number }));
        }),
      );
      return li;
    }),
  );
}

/** The log for the form's days and person, newest first. */
export async function showLog(call: Call, lang: Lang): Promise<void> {
  const form = document.getElementById('log-form') as HTMLFormElement;
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'account']) {
    const value = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    if (value) query.set(name, value);
  }
  const { entries } = (await (await call(`log?${query}`)).json()) as { entries: Entry[] };
  const body = document.querySelector('#log-table tbody')!;
  body.replaceChildren(
    ...entries.map((e) =>
      tableRow([new Date(e.at).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB'), e.account, word(lang, `act_${e.action}` as WordKey), e.number ?? '']),
    ),
  );
}
