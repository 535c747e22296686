/** A seal key's signing window, checked alike when a key is made and when a trust list is read (no `node:` module: browsers read trust lists too). */
import { CIVIL_DATE_MESSAGE, parseCivilDate } from '../dates.js';

/**
 * Why a signing window cannot be used (empty when it can): each end is
 * 'YYYY-MM-DD' or absent, and the window is not empty. The same rule holds
 * when a key is made and when a trust list is read, so nothing fails open.
 */
export function keyWindowProblems(w: { notBefore?: unknown; notAfter?: unknown }, path = ''): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const k of ['notBefore', 'notAfter'] as const)
    if (w[k] !== undefined && !parseCivilDate(w[k])) out.push({ path: at(k), message: `${CIVIL_DATE_MESSAGE}, or left out` });
  if (!out.length && typeof w.notBefore === 'string' && typeof w.notAfter === 'string' && w.notAfter < w.notBefore)
    out.push({ path: at('notAfter'), message: 'must not be before notBefore' });
  return out;
}
