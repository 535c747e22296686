/**
 * Building blocks of the input schemas: each normalises as the paper prints
 * (trim, collapse spaces, NFC, upper case where the card prints it) and
 * reports problems with a stable code, never with the value.
 */
import { z } from 'zod';
import { joinPath, type Issue, type IssueCode } from '../errors.js';
import { CIVIL_DATE_MESSAGE, parseCivilDate } from '../dates.js';

type Ctx = z.RefinementCtx;

export function report(ctx: Ctx, code: IssueCode, message: string, path?: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message, params: { code }, ...(path ? { path } : {}) });
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
  patternMessage?: string;
}

export function text(o: TextOptions) {
  return z.string().transform((raw, ctx) => {
    // Bound the work before touching a hostile 10 MB string.
    if (raw.length > o.max * 4) return tooLong(ctx, o.max);
    const s = cleanText(raw);
    if (s.length === 0) {
      report(ctx, 'empty', 'must not be empty');
      return z.NEVER;
    }
    if (s.length > o.max) return tooLong(ctx, o.max);
    if (FORBIDDEN.test(s)) {
      report(ctx, 'characters', 'contains control, invisible or unassigned characters');
      return z.NEVER;
    }
    if (o.pattern && !o.pattern.test(s)) {
      report(ctx, 'characters', o.patternMessage ?? 'contains characters that are not allowed');
      return z.NEVER;
    }
    return o.upper ? s.toUpperCase() : s;
  });
}

function tooLong(ctx: Ctx, max: number): never {
  report(ctx, 'too_long', `must be at most ${max} characters`);
  return z.NEVER;
}

/** Letters (any script), marks, spaces and ' . , - as names are written. */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '.,-]*$/u;
export const NAME_MESSAGE = "may hold only letters, spaces and ' . , -";

/** A fixed-length digit string (NIK, KK). */
export function digits(length: number, code: IssueCode) {
  const pattern = new RegExp(`^\\d{${length}}$`);
  return z.string().transform((raw, ctx) => {
    const s = raw.trim();
    if (!pattern.test(s)) {
      report(ctx, code, `must be exactly ${length} digits`);
      return z.NEVER;
    }
    return s;
  });
}

/** 'YYYY-MM-DD', strictly: no 2022-13-31, no 31 February. */
export const civilDate = z.string().transform((raw, ctx) => {
  const d = raw.length <= 10 ? parseCivilDate(raw.trim()) : null;
  if (!d) {
    report(ctx, 'date', CIVIL_DATE_MESSAGE);
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
      report(ctx, 'not_allowed', `must be one of: ${values.join(', ')}`);
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
        if (i.input === undefined) out.push({ path: joinPath(path), code: 'required', message: 'is required' });
        else out.push({ path: joinPath(path), code: 'type', message: `must be ${article(i.expected)}` });
        break;
      case 'unrecognized_keys':
        for (const k of i.keys) out.push({ path: joinPath([...path, k]), code: 'unknown_field', message: 'is not a known field' });
        break;
      case 'too_big':
        out.push({ path: joinPath(path), code: i.origin === 'string' ? 'too_long' : 'too_big', message: `must be at most ${String(i.maximum)}` });
        break;
      case 'too_small':
        out.push({ path: joinPath(path), code: i.origin === 'string' ? 'empty' : 'too_small', message: `must be at least ${String(i.minimum)}` });
        break;
      case 'invalid_value':
        out.push({ path: joinPath(path), code: 'not_allowed', message: `must be one of: ${i.values.map(String).join(', ')}` });
        break;
      case 'invalid_union':
        if (i.input === undefined) out.push({ path: joinPath(path), code: 'required', message: 'is required' });
        else out.push({ path: joinPath(path), code: 'type', message: 'has the wrong type' });
        break;
      case 'custom': {
        const code = (i.params as { code?: IssueCode } | undefined)?.code ?? 'format';
        out.push({ path: joinPath(path), code, message: i.message });
        break;
      }
      default:
        out.push({ path: joinPath(path), code: 'format', message: 'has the wrong form' });
    }
  }
  return out;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
