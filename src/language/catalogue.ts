/**
 * Messages by key, in the language people read: one catalogue per language
 * (`en.ts`, `id.ts`), the same keys and parameters in each. An issue made
 * with `issueOf` carries its key and parameters, so any edge (the CLI, the
 * service, a host) can word it in either language; its `message` is English.
 */
import type { Issue, IssueCode } from '../errors.js';
import { en, type MessageKey } from './en.js';
import { id } from './id.js';
import type { Language } from './language.js';

import type { MessageParams } from './types.js';

export type { MessageKey, MessageParams };

const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, id };

/**
 * A message in a language, its `{name}`s filled.
 * @example say('id', 'field.too_long', { max: 60 }) // 'paling banyak 60 karakter'
 */
export function say(language: Language, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (all, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : all));
}

/**
 * An issue whose message comes from the catalogue (English in `message`; `key` and `params` for other languages).
 * @example issueOf('name', 'too_long', 'field.too_long', { max: 60 }).message // 'must be at most 60 characters'
 */
export function issueOf(path: string, code: IssueCode, key: MessageKey, params?: MessageParams): Issue {
  return { path, code, message: say('en', key, params), key, ...(params ? { params } : {}) };
}

/**
 * An issue's message in a language: its own sentence where it has a key;
 * else, in Indonesian, what its code means, followed by the English detail.
 * Throws nothing: an unknown key or code falls back to the English message.
 * @example messageIn('id', e.issues[0]) // 'harus tepat 16 digit angka'
 */
export function messageIn(language: Language, issue: Pick<Issue, 'code' | 'message' | 'key' | 'params'>): string {
  if (issue.key && Object.hasOwn(CATALOGUES[language], issue.key)) return say(language, issue.key, issue.params);
  if (language === 'en') return issue.message;
  const general = `code.${issue.code}`;
  return Object.hasOwn(id, general) ? `${say(language, general as MessageKey)} (${issue.message})` : issue.message;
}

/** The catalogues, for the test that checks they hold the same keys and parameters. */
export const catalogues = CATALOGUES;

// Every stable code has its general sentence in English (and so, by id.ts's type, in Indonesian): checked when this compiles.
const _everyCode: Readonly<Record<`code.${IssueCode}`, string>> = en;
void _everyCode;
