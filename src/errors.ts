/**
 * One error type for everything a caller can get wrong. Messages name the
 * field path and the rule, never the value: values are personal data.
 */

import type { MessageKey, MessageParams } from './language/types.js';

/** Stable codes of a single problem. Part of the public API. */
export type IssueCode =
  | 'required'
  | 'type'
  | 'unknown_field'
  | 'empty'
  | 'too_long'
  | 'too_small'
  | 'too_big'
  | 'format'
  | 'not_allowed'
  | 'characters'
  | 'date'
  | 'conflict'
  | 'nik_format'
  | 'nik_date'
  | 'nik_serial'
  | 'nip_format'
  | 'nip_date'
  | 'numbering'
  // warnings (returned, never thrown)
  | 'nik_birth_date_mismatch'
  | 'nik_sex_mismatch'
  | 'nik_region_unknown'
  // photo, template and drawing
  | 'photo_format'
  | 'photo_corrupt'
  | 'photo_too_large'
  | 'photo_too_small'
  | 'photo_low_resolution'
  | 'template_json'
  | 'template_schema'
  | 'template_placeholder'
  | 'template_file'
  | 'template_layout'
  | 'text_overflow'
  | 'missing_glyph'
  | 'seal_key'
  | 'key_not_valid'
  | 'key_window_unknown'
  | 'key_not_trusted'
  | 'list_signature'
  | 'list_format'
  | 'list_rollback'
  | 'seal_size'
  | 'io'
  // signing the PDF (PAdES)
  | 'sign_file'
  | 'passphrase'
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'certificate_chain'
  | 'certificate_usage'
  | 'timestamp'
  // the register: a number or key being issued by another process right now
  | 'in_progress'
  // one valid certificate per resident
  | 'already_issued'
  // a batch row: the worker stopped; a row repeating an earlier one
  | 'internal'
  | 'duplicate';

export interface Issue {
  /** Where: a dotted path into the input (`address.rt`, `issuance.office.name`, `elements[3].x`). */
  path: string;
  code: IssueCode;
  /** What is wrong, in plain words (English), without the value. */
  message: string;
  /**
   * The message's entry in suket's catalogues, where it has one, and what
   * fills it (counts, limits, headers; never a personal value): a host can
   * word the message in another language from them (`messageIn`).
   */
  key?: MessageKey;
  params?: MessageParams;
}

/** Stable codes of a failed call. */
export type SuketErrorCode = 'INVALID_INPUT' | 'INVALID_PHOTO' | 'INVALID_TEMPLATE' | 'RENDER_FAILED' | 'INVALID_KEY' | 'IO_FAILED' | 'SIGN_FAILED';

export class SuketError extends Error {
  override readonly name = 'SuketError';
  readonly code: SuketErrorCode;
  readonly issues: readonly Issue[];

  /**
   * @param options `cause`: the underlying error, kept for debugging (`--debug` prints it); its message never reaches `message`.
   */
  constructor(code: SuketErrorCode, issues: readonly Issue[], options?: { cause?: unknown }) {
    super(formatIssues(code, issues), options);
    this.code = code;
    this.issues = issues;
  }
}

function formatIssues(code: SuketErrorCode, issues: readonly Issue[]): string {
  const lines = issues.map((i) => `${i.path || '(root)'}: ${i.message} [${i.code}]`);
  const head = `${code}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  return lines.length === 1 ? `${head}: ${lines[0]}` : `${head}\n  ${lines.join('\n  ')}`;
}

/**
 * Whether an error is one of suket's (also across module copies, e.g. the
 * CommonJS and ES builds loaded side by side).
 * @example try { await generateCertificate(r, o); } catch (e) { if (isSuketError(e)) console.log(e.issues); }
 */
export function isSuketError(e: unknown): e is SuketError {
  if (e instanceof SuketError) return true;
  const x = e as Partial<SuketError> | null;
  return e instanceof Error && x?.name === 'SuketError' && typeof x.code === 'string' && Array.isArray(x.issues);
}

/** Join path segments as `a.b[2].c`. */
export function joinPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}
