/**
 * `{{resident.name}}`, `{{resident.birthDate | date}}`, `{{issuance.sequence | pad:4}}`.
 * Compiled once when a template loads; values are substituted as data and
 * never read again as syntax, so a name holding '{{' prints as it is.
 */
import { formatLongDate, formatNumericDate, parseCivilDate } from '../dates.js';
import { DATA_PATHS, type DataContext, type DataPath } from './data.js';

export { DATA_PATHS, type DataContext, type DataPath };

const KNOWN_PATHS = new Set<string>(DATA_PATHS);

export type Formatter = (value: string, arg: string | undefined) => string;

// Indonesian title case keeps these small words lower case after the first word.
const SMALL_WORDS = new Set(['dan', 'di', 'ke', 'dari', 'yang', 'atau', 'untuk', 'pada', 'dengan']);
const titleCase = (s: string) =>
  s
    .toLowerCase()
    .replace(/(^|[\s\-/('.])(\p{L}+)/gu, (m, sep: string, word: string, offset: number) =>
      offset > 0 && SMALL_WORDS.has(word) ? m : sep + word[0]!.toUpperCase() + word.slice(1),
    );
const asDate = (s: string, f: (d: string) => string) => (parseCivilDate(s) ? f(s) : s);

export interface FormatterSpec {
  readonly fn: Formatter;
  readonly arg: 'none' | 'number' | 'text';
}

/** The formatters a placeholder may name (`{{resident.birthDate | date}}`); frozen. */
export const FORMATTERS: Readonly<Record<string, FormatterSpec>> = Object.freeze({
  upper: { fn: (s) => s.toUpperCase(), arg: 'none' },
  lower: { fn: (s) => s.toLowerCase(), arg: 'none' },
  title: { fn: titleCase, arg: 'none' },
  /** 17 Agustus 1990 */
  date: { fn: (s) => asDate(s, formatLongDate), arg: 'none' },
  /** 17-08-1990 */
  dmy: { fn: (s) => asDate(s, formatNumericDate), arg: 'none' },
  /** zero padding: pad:4 */
  pad: { fn: (s, n) => s.padStart(Number(n), '0'), arg: 'number' },
  /** text used when the value is empty: or:- */
  or: { fn: (s, alt) => s || (alt ?? ''), arg: 'text' },
} satisfies Record<string, FormatterSpec>);

/** A formatter by name: own entries only, so 'constructor' or 'toString' name none. */
const formatter = (name: string): FormatterSpec | undefined => (Object.hasOwn(FORMATTERS, name) ? FORMATTERS[name] : undefined);

export type Segment = string | { path: DataPath; formatters: Array<{ name: string; arg?: string }> };

export interface CompiledText {
  segments: Segment[];
  /** The data paths it prints, for error messages that name a field. */
  paths: DataPath[];
}

const TAG = /\{\{([^{}]*)\}\}/g;

/** Compiles a template string; returns problems (empty when fine). */
export function compileText(source: string): { compiled?: CompiledText; problems: string[] } {
  const segments: Segment[] = [];
  const paths: DataPath[] = [];
  const problems: string[] = [];
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    if (m.index > last) segments.push(source.slice(last, m.index));
    last = m.index + m[0].length;
    const [rawPath = '', ...rawFormatters] = (m[1] ?? '').split('|').map((s) => s.trim());
    if (!KNOWN_PATHS.has(rawPath)) {
      problems.push(`unknown placeholder {{${rawPath}}}`);
      continue;
    }
    const formatters: Array<{ name: string; arg?: string }> = [];
    for (const f of rawFormatters) {
      const colon = f.indexOf(':');
      const name = colon < 0 ? f : f.slice(0, colon);
      const arg = colon < 0 ? undefined : f.slice(colon + 1);
      const known = formatter(name);
      if (!known) problems.push(`unknown formatter "${name}" in {{${rawPath}}}`);
      else if (known.arg === 'none' && arg !== undefined) problems.push(`formatter "${name}" takes no argument`);
      else if (known.arg === 'number' && !/^\d{1,2}$/.test(arg ?? '')) problems.push(`formatter "${name}" needs a number, as ${name}:4`);
      else formatters.push(arg === undefined ? { name } : { name, arg });
    }
    segments.push({ path: rawPath as DataPath, formatters });
    paths.push(rawPath as DataPath);
  }
  const rest = source.slice(last);
  if (/\{\{|\}\}/.test(rest) || segments.some((s) => typeof s === 'string' && /\{\{|\}\}/.test(s))) problems.push('has an unclosed or nested {{ }}');
  if (rest) segments.push(rest);
  return problems.length ? { problems } : { compiled: { segments, paths }, problems };
}

export function renderText(text: CompiledText, data: DataContext): string {
  let out = '';
  for (const s of text.segments) {
    if (typeof s === 'string') out += s;
    else out += s.formatters.reduce((v, f) => formatter(f.name)!.fn(v, f.arg), data[s.path] ?? '');
  }
  return out;
}

/** Maps a data path to the input field a caller fixes (`resident.name` -> `name`). */
export function inputPath(path: DataPath): string {
  if (path === 'resident.address.rtRw') return 'address.rt';
  if (path === 'resident.occupationCode') return 'occupation';
  if (path === 'issuance.timeZoneName') return 'issuance.timeZone';
  return path.startsWith('resident.') ? path.slice('resident.'.length) : path;
}
