/**
 * Where a JSON text is broken, for a message a person can act on: the line
 * and column V8 reports, never the text around it (a resident's file holds
 * personal data, and V8's own message quotes it).
 */

/**
 * ' at line L, column C' of a JSON syntax error, from the position V8 reports; else what can be said.
 * @example `is not valid JSON${jsonErrorPlace(text, e)}` // 'is not valid JSON at line 4, column 3'
 */
export function jsonErrorPlace(text: string, e: unknown): string {
  const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  if (!at) return text.trim() === '' ? ' (the file is empty)' : ' (it ends too early)';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}
