/** The administrator's read-only view: the accounts and the office's settings. */
import { tableRow } from './dom';
import type { Call } from './drafts';
import { word, type Lang, type WordKey } from './words';

interface Account {
  name: string;
  role: string;
  displayName: string;
  disabledAt: string | null;
  lockedUntil: string | null;
}
interface Settings {
  office?: { name?: string; government?: string };
  signatory?: { name?: string; title?: string };
  numbering?: string;
  defaultTemplate: string;
  sealed: boolean;
}

export async function showAdmin(call: Call, lang: Lang): Promise<void> {
  const { accounts } = (await (await call('accounts')).json()) as { accounts: Account[] };
  const state = (a: Account) =>
    a.disabledAt
      ? word(lang, 'disabled')
      : a.lockedUntil && a.lockedUntil > new Date().toISOString()
        ? word(lang, 'lockedUntil', { until: a.lockedUntil })
        : word(lang, 'active');
  document.querySelector('#accounts-table tbody')!.replaceChildren(...accounts.map((a) => tableRow([a.name, a.role, a.displayName, state(a)])));
  const s = (await (await call('settings')).json()) as Settings;
  const rows: Array<[WordKey, string]> = [
    ['set_office', [s.office?.government, s.office?.name].filter(Boolean).join(', ')],
    ['set_signatory', [s.signatory?.name, s.signatory?.title].filter(Boolean).join(', ')],
    ['set_numbering', s.numbering ?? ''],
    ['set_template', s.defaultTemplate],
    ['set_seal', word(lang, s.sealed ? 'yes' : 'no')],
  ];
  document.getElementById('settings-list')!.replaceChildren(
    ...rows.flatMap(([key, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = word(lang, key);
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}
