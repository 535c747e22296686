/**
 * What a client system may choose of an issuance (the office decides the
 * rest): by default the issue day (today, or yesterday for a paper handed
 * over after midnight), the validity up to six months, and the place; never
 * the signatory or the number unless the office's settings allow them
 * (`serve.clientIssuance`). Checked with the request's other problems, before
 * a number is taken.
 */
import type { Issue } from '../errors.js';
import { addDays, addMonths, parseCivilDate, todayIn } from '../dates.js';
import type { TimeZone } from '../time-zones.js';

/** The issuance fields a client request may carry. */
export const CLIENT_FIELDS = Object.freeze(['issuedAt', 'validUntil', 'validMonths', 'place', 'signatory', 'number'] as const);
export type ClientField = (typeof CLIENT_FIELDS)[number];

export interface ClientIssuancePolicy {
  /** Fields a client may set; the others are the office's. */
  fields: readonly ClientField[];
  /** How many days before today a client may date a certificate. */
  backdateDays: number;
  /** The longest validity a client may ask for, in months from the issue day. */
  maxValidMonths: number;
}

/** Safe defaults: issue day today or yesterday, validity up to six months, the place; no signatory, no number. */
export const DEFAULT_CLIENT_POLICY: ClientIssuancePolicy = Object.freeze({
  fields: Object.freeze(['issuedAt', 'validUntil', 'validMonths', 'place'] as const),
  backdateDays: 1,
  maxValidMonths: 6,
});

/**
 * The problems of a client's issuance under the office's policy (empty when none).
 * @example clientIssuanceIssues({ issuedAt: '2021-01-01' }, DEFAULT_CLIENT_POLICY, 'Asia/Jakarta') // [{ path: 'issuance.issuedAt', code: 'not_allowed', ... }]
 */
export function clientIssuanceIssues(given: Record<string, unknown> | undefined, policy: ClientIssuancePolicy, timeZone: TimeZone): Issue[] {
  if (!given) return [];
  const issues: Issue[] = [];
  const bad = (field: string, code: Issue['code'], message: string) => issues.push({ path: `issuance.${field}`, code, message });
  for (const field of Object.keys(given))
    if (!(policy.fields as readonly string[]).includes(field)) bad(field, 'not_allowed', 'is set by the office, not by a client (serve.clientIssuance.fields)');
  const today = todayIn(timeZone);
  const earliest = addDays(today, -policy.backdateDays);
  const day = typeof given.issuedAt === 'string' ? parseCivilDate(given.issuedAt) : undefined;
  if (day && (day > today || day < earliest))
    bad(
      'issuedAt',
      'not_allowed',
      `must be from ${earliest} to ${today} (today, or up to ${policy.backdateDays} days before: serve.clientIssuance.backdateDays)`,
    );
  if (typeof given.validMonths === 'number' && given.validMonths > policy.maxValidMonths)
    bad('validMonths', 'not_allowed', `must be at most ${policy.maxValidMonths} (serve.clientIssuance.maxValidMonths)`);
  const until = typeof given.validUntil === 'string' ? parseCivilDate(given.validUntil) : undefined;
  const latest = addMonths(day ?? today, policy.maxValidMonths);
  if (until && until > latest)
    bad('validUntil', 'not_allowed', `must be at most ${policy.maxValidMonths} months after the issue day (serve.clientIssuance.maxValidMonths)`);
  return issues;
}
