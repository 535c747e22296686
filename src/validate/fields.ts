/**
 * Building blocks of the input schemas: each normalises as the paper prints
 * (trim, collapse spaces, NFC, upper case where the card prints it) and
 * reports problems with a stable code, never with the value.
 */
import { z } from 'zod';
import { joinPath, type Issue, type IssueCode } from '../errors.js';
import { CIVIL_DATE, parseCivilDate } from '../dates.js';
import { issueOf, say, type MessageKey, type MessageParams } from '../language/catalogue.js';

type Ctx = z.RefinementCtx;

/** A sentence of the catalogues and what fills it. */
export interface Worded {
  key: MessageKey;
  params?: MessageParams;
}

/** A problem's wording for `report`: its catalogue sentence where it has one, else its English message. */
export const wordingOf = (p: { message: string; key?: MessageKey | undefined; params?: MessageParams | undefined }): string | Worded =>
  p.key ? { key: p.key, ...(p.params ? { params: p.params } : {}) } : p.message;

/** Adds a problem to zod's: a sentence of the catalogues, or (where none was written) plain English. */
export function report(ctx: Ctx, code: IssueCode, what: string | Worded, path?: PropertyKey[]): void {
  const message = typeof what === 'string' ? what : say('en', what.key, what.params);
  const worded = typeof what === 'string' ? {} : { key: what.key, values: what.params };
  ctx.addIssue({ code: 'custom', message, params: { code, ...worded }, ...(path ? { path } : {}) });
}

// Controls, format characters (bidi overrides, zero-width), private use,
// surrogates and unassigned code points have no place on a paper.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}]/u;

/** NFC, trimmed, any run of white space as one space. */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export interface TextOptions {
  max: number;
  upper?: boolean;
  /** Allowed characters, checked after cleaning. */
  pattern?: RegExp;
  patternMessage?: Worded;
}

export function text(o: TextOptions) {
  return z.string().transform((raw, ctx) => {
    // Bound the work before touching a hostile 10 MB string.
    if (raw.length > o.max * 4) return tooLong(ctx, o.max);
    const s = cleanText(raw);
    if (s.length === 0) {
      report(ctx, 'empty', { key: 'field.empty' });
      return z.NEVER;
    }
    if (s.length > o.max) return tooLong(ctx, o.max);
    if (FORBIDDEN.test(s)) {
      report(ctx, 'characters', { key: 'field.invisible' });
      return z.NEVER;
    }
    if (o.pattern && !o.pattern.test(s)) {
      report(ctx, 'characters', o.patternMessage ?? { key: 'field.characters' });
      return z.NEVER;
    }
    return o.upper ? s.toUpperCase() : s;
  });
}

function tooLong(ctx: Ctx, max: number): never {
  report(ctx, 'too_long', { key: 'field.too_long', params: { max } });
  return z.NEVER;
}

/** Letters (any script), marks, spaces and ' . , - as names are written. */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '.,-]*$/u;
export const NAME_MESSAGE: Worded = { key: 'field.name_characters' };

/** A fixed-length digit string (NIK, KK). */
export function digits(length: number, code: IssueCode) {
  const pattern = new RegExp(`^\\d{${length}}$`);
  return z.string().transform((raw, ctx) => {
    const s = raw.trim();
    if (!pattern.test(s)) {
      report(ctx, code, { key: 'field.digits', params: { length } });
      return z.NEVER;
    }
    return s;
  });
}

/** 'YYYY-MM-DD', strictly: no 2022-13-31, no 31 February. */
export const civilDate = z.string().transform((raw, ctx) => {
  const d = raw.length <= 10 ? parseCivilDate(raw.trim()) : null;
  if (!d) {
    report(ctx, 'date', CIVIL_DATE);
    return z.NEVER;
  }
  return d;
});

/**
 * One of a list, in any case and spacing; `aliases` maps older spellings
 * (KATHOLIK) to the one printed today (KATOLIK).
 */
export function oneOf<const T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  return z.string().transform((raw, ctx): T => {
    const s = raw.length <= 100 ? cleanText(raw).toUpperCase() : '';
    // Own properties only: 'CONSTRUCTOR' is no alias.
    const hit = values.find((v) => v === s) ?? (Object.hasOwn(aliases, s) ? aliases[s] : undefined);
    if (!hit) {
      report(ctx, 'not_allowed', { key: 'field.one_of', params: { values: values.join(', ') } });
      return z.NEVER;
    }
    return hit;
  });
}

/** Turns zod's issues into ours: path, stable code, message without values. */
export function fromZod(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const i of issues) {
    const path = [...prefix, ...i.path];
    switch (i.code) {
      case 'invalid_type':
        if (i.input === undefined) out.push(issueOf(joinPath(path), 'required', 'field.required'));
        else out.push(issueOf(joinPath(path), 'type', 'field.type', { article: /^[aeiou]/.test(i.expected) ? 'an' : 'a', type: i.expected }));
        break;
      case 'unrecognized_keys':
        for (const k of i.keys) out.push(issueOf(joinPath([...path, k]), 'unknown_field', 'field.unknown'));
        break;
      case 'too_big':
        out.push(issueOf(joinPath(path), i.origin === 'string' ? 'too_long' : 'too_big', 'field.at_most', { max: String(i.maximum) }));
        break;
      case 'too_small':
        out.push(issueOf(joinPath(path), i.origin === 'string' ? 'empty' : 'too_small', 'field.at_least', { min: String(i.minimum) }));
        break;
      case 'invalid_value':
        out.push(issueOf(joinPath(path), 'not_allowed', 'field.one_of', { values: i.values.map(String).join(', ') }));
        break;
      case 'invalid_union':
        if (i.input === undefined) out.push(issueOf(joinPath(path), 'required', 'field.required'));
        else out.push(issueOf(joinPath(path), 'type', 'field.wrong_type'));
        break;
      case 'custom':
        out.push(fromCustom(joinPath(path), i));
        break;
      default:
        out.push(issueOf(joinPath(path), 'format', 'field.wrong_form'));
    }
  }
  return out;
}

/** One of our own problems (`report`), its code and, where it has one, its sentence's key and parameters. */
function fromCustom(path: string, i: z.core.$ZodIssueCustom): Issue {
  const p = (i.params ?? {}) as { code?: IssueCode; key?: MessageKey; values?: MessageParams };
  const code = p.code ?? 'format';
  return p.key ? issueOf(path, code, p.key, p.values) : { path, code, message: i.message };
}
