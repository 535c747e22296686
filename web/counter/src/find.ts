/** The clerk's lists beside the form: drafts sent back with the head's note, and papers found by NIK or name to reprint. */
import { listItem } from './dom';
import { printButton, type Call } from './drafts';
import { word, type Lang, type WordKey } from './words';

/** Drafts the head sent back, with the note. */
export async function showReturned(call: Call): Promise<void> {
  const { drafts } = (await (await call('drafts?status=returned')).json()) as {
    drafts: Array<{ resident: { name?: string }; note: string | null; decidedBy: string }>;
  };
  document
    .getElementById('returned-list')!
    .replaceChildren(...drafts.slice(0, 20).map((d) => listItem(`${d.resident.name ?? ''}: ${d.note ?? ''} (${d.decidedBy})`)));
}

/** Papers in the register by NIK (16 digits) or by name, each with a reprint. */
export async function findPapers(call: Call, lang: Lang): Promise<void> {
  const text = (document.getElementById('find-text') as HTMLInputElement).value.trim();
  const list = document.getElementById('found-list')!;
  if (!text) return list.replaceChildren();
  const query = /^\d{16}$/.test(text) ? { nik: text } : { name: text };
  const r = await call('search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) });
  const { records } = (await r.json()) as { records: Array<{ number: string; name: string | null; status: string; issuedAt: string | null }> };
  if (!records.length) return list.replaceChildren(listItem(word(lang, 'notFound')));
  list.replaceChildren(
    ...records.map((p) => {
      const print = printButton(lang, `api/certificates/${encodeURIComponent(p.number)}/pdf`);
      const state = word(lang, `status_${p.status}` as WordKey);
      return p.status === 'issued' ? listItem(`${p.number} · ${p.name ?? ''} · ${state}`, print) : listItem(`${p.number} · ${p.name ?? ''} · ${state}`);
    }),
  );
}
