/**
 * Which language people are spoken to in: Bahasa Indonesia where the
 * locale is Indonesian, English otherwise. Stable codes and field paths are
 * the same in both.
 */

/** The languages suket speaks to people in. */
export type Language = 'en' | 'id';

/** Whether a locale name (`id_ID.UTF-8`, `id-ID`, `in_ID`, `id`) is Indonesian; `in` is its old ISO 639 code, still seen in Java-era systems. */
const INDONESIAN = /^(id|in)([_.@-]|$)/i;

/**
 * The language of a command: `--lang`, else `SUKET_LANG`, else the locale
 * (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set, as POSIX reads them).
 * @example languageOf(undefined, { LANG: 'id_ID.UTF-8' }) // 'id'
 */
export function languageOf(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Language {
  const chosen = flag || env.SUKET_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return INDONESIAN.test(chosen.trim()) ? 'id' : 'en';
}

/**
 * The language an HTTP client asks for in `Accept-Language`: Indonesian when
 * it ranks Indonesian above English (or names only Indonesian), else English.
 * @example languageOfRequest('id-ID,id;q=0.9,en;q=0.8') // 'id'
 */
export function languageOfRequest(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en';
  let best: { language: Language; q: number } = { language: 'en', q: 0 };
  // A header is short; a hostile one is cut rather than parsed at length.
  for (const part of acceptLanguage.slice(0, 512).split(',')) {
    const [tag = '', ...rest] = part.trim().split(';');
    const qPart = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
    const q = qPart ? Number(qPart.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const language: Language | undefined = INDONESIAN.test(tag) ? 'id' : /^en([-_]|$)/i.test(tag) || tag === '*' ? 'en' : undefined;
    if (language && q > best.q) best = { language, q };
  }
  return best.language;
}
