/**
 * `suket/register`: the register of certificates (numbers, records, voids,
 * exports) on SQLite or PostgreSQL. A certificate it issues is rendered by
 * the library, loaded on the first one.
 * @example
 * import { openRegister } from 'suket/register';
 * const register = await openRegister('suket.db');
 * const { number, pdf } = await register.issue(resident, { issuance, seal });
 * @module suket/register
 */
export { openRegister, Register, checkForRegister, registerIssuance } from '../register/register.js';
export type { RegisterIssueOptions, RegisteredCertificate, OpenRegisterOptions, RegisterIdentity } from '../register/register.js';
export type { ApiClients, ApiClient, Scope } from '../register/clients.js';
export { SCOPES } from '../register/clients.js';
export { CounterAccounts, COUNTER_ROLES, LOCKOUT, SESSION_LIMITS } from '../register/accounts.js';
export type { CounterAccount, CounterRole, LoginResult } from '../register/accounts.js';
export { CounterDrafts } from '../register/drafts.js';
export type { CounterDraft, CounterLogEntry, DraftStatus, CounterAction } from '../register/drafts.js';
export type { CertificateRecord, RecordStatus, RecordQuery, Revocation, MonthCount, RecordedIssuance } from '../register/types.js';
export { RECORD_STATUSES } from '../register/types.js';
export type { CounterReset } from '../register/counter.js';
export { SuketError, isSuketError } from '../errors.js';
export type { Issue, IssueCode, SuketErrorCode } from '../errors.js';
