/**
 * The administrator's view of the counter, read-only: the accounts (never a
 * password hash) and the office's settings as the service prints with them
 * (never a key or a passphrase). Accounts are made and changed with
 * `suket serve users`, on the server.
 */
import { COUNTER_PATH } from '../counter-auth.js';
import type { Route } from '../route.js';
import { counterHosted } from './counter-site.js';

const API = `${COUNTER_PATH}/api`;

export const counterAdminRoutes: Route[] = [
  {
    method: 'GET',
    url: `${API}/accounts`,
    roles: ['admin'],
    served: counterHosted,
    doc: {
      summary: 'The counter accounts: name, role, display name, created, disabled, locked until (no password hash)',
      responses: { '200': { description: 'accounts' } },
    },
    handler: async (c) => ({ accounts: await c.register.accounts.list() }),
  },
  {
    method: 'GET',
    url: `${API}/settings`,
    roles: ['admin'],
    served: counterHosted,
    doc: {
      summary: "The office's settings the service prints with: office, signatory, numbering, templates and papers (no key, passphrase or file path)",
      responses: { '200': { description: 'settings' } },
    },
    handler: async (c) => {
      const i = c.generate.issuance ?? {};
      return {
        office: i.office ? { ...i.office, logo: i.office.logo === undefined ? undefined : 'set' } : undefined,
        signatory: i.signatory,
        place: i.place,
        timeZone: i.timeZone,
        numbering: i.numbering,
        defaultTemplate: c.defaultTemplate,
        templates: c.templates.map(({ name, papers }) => ({ name, papers })),
        sealed: Boolean(c.generate.seal),
        signed: Boolean(c.generate.sign),
      };
    },
  },
];
