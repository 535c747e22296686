/**
 * Errors as HTTP answers: one JSON shape for every failure, a status that
 * says whose fault it is, and never a value from the request.
 */
import { SuketError, type Issue } from '../errors.js';
import { Busy } from './admission.js';
import { catalogues, messageIn, say, type MessageKey } from '../language/catalogue.js';
import type { Language } from '../language/language.js';

/** The body of every failed request. */
export interface Problem {
  /** A stable code: the library's (INVALID_INPUT, ...) or the service's (UNAUTHORIZED, BUSY, ...). */
  error: string;
  message: string;
  issues?: readonly Issue[];
}

/** A failure the service itself answers with (auth, content type, limits). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.message);
  }
}

const MESSAGES: Record<SuketError['code'], string> = {
  INVALID_INPUT: 'the request is not valid: see issues',
  INVALID_PHOTO: 'the photo cannot be used: see issues',
  INVALID_TEMPLATE: 'the template cannot be used: see issues',
  RENDER_FAILED: 'the certificate cannot be laid out: see issues',
  INVALID_KEY: "the office's seal key cannot sign now: see issues",
  IO_FAILED: 'a file or the register cannot be read: see issues',
  SIGN_FAILED: "the office's PDF signature cannot be made now: see issues",
};

/** The status of a library error: whose fault, and whether a retry can help. */
function statusOf(e: SuketError): { status: number; headers?: Record<string, string>; error?: string } {
  const codes = new Set(e.issues.map((i) => i.code));
  const paths = new Set(e.issues.map((i) => i.path));
  if (e.code === 'IO_FAILED' && paths.has('register')) return { status: 503, headers: { 'retry-after': '5' } };
  if (codes.has('in_progress')) return { status: 409, headers: { 'retry-after': '1' } };
  // The register's own answer for a number it does not hold.
  if (e.code === 'INVALID_INPUT' && e.issues.some((i) => i.path === 'number' && i.code === 'not_allowed')) return { status: 404, error: 'NOT_FOUND' };
  if (e.code === 'INVALID_INPUT' && codes.has('conflict') && (paths.has('idempotencyKey') || paths.has('number'))) return { status: 409 };
  if (e.code === 'INVALID_PHOTO') return { status: 400 };
  // The time-stamp authority is another server: its failure is a gateway's, and may pass.
  if (e.code === 'SIGN_FAILED') return { status: 502, headers: { 'retry-after': '5' } };
  if (e.code === 'INVALID_KEY' || e.code === 'IO_FAILED' || e.code === 'INVALID_TEMPLATE') return { status: 500 };
  return { status: 422 };
}

/**
 * Any error as status, headers and body, its message and its issues' in the
 * client's language (`Accept-Language`); codes and paths are the same in every
 * language. Unknown errors say nothing of themselves.
 */
export function toProblem(e: unknown, language: Language = 'en'): { status: number; headers: Record<string, string>; body: Problem } {
  const { status, headers, body } = problemOf(e);
  const key = `error.${body.error}`;
  const message = language !== 'en' && Object.hasOwn(catalogues[language], key) ? say(language, key as MessageKey) : body.message;
  // The issues in the API's shape (path, code, message), whatever else the library's carry.
  const issues = body.issues?.map((i) => ({ path: i.path, code: i.code, message: messageIn(language, i) }));
  return {
    status,
    headers: { ...headers, 'content-language': language, vary: 'Accept-Language' },
    body: { error: body.error, message, ...(issues ? { issues } : {}) },
  };
}

function problemOf(e: unknown): { status: number; headers: Record<string, string>; body: Problem } {
  if (e instanceof HttpProblem) return { status: e.status, headers: e.headers, body: e.problem };
  if (e instanceof Busy)
    return {
      status: 503,
      // The connection stays open: closing it while a client still sends its body makes the client see a reset, not this answer.
      headers: { 'retry-after': '1' },
      body: { error: 'BUSY', message: e.message },
    };
  if (e instanceof SuketError) {
    const { status, headers, error } = statusOf(e);
    return { status, headers: headers ?? {}, body: { error: error ?? e.code, message: error ? e.issues[0]!.message : MESSAGES[e.code], issues: e.issues } };
  }
  const fastify = fastifyProblem(e);
  if (fastify) return fastify;
  return { status: 500, headers: {}, body: { error: 'INTERNAL', message: 'an unexpected failure (the service log has the details under this request id)' } };
}

/** Fastify's own request errors (body too large, bad content type, timeouts) in our shape, without their messages. */
function fastifyProblem(e: unknown): { status: number; headers: Record<string, string>; body: Problem } | undefined {
  const code = (e as { code?: unknown })?.code;
  const statusCode = (e as { statusCode?: unknown })?.statusCode;
  if (typeof code !== 'string' || typeof statusCode !== 'number' || statusCode >= 500) return undefined;
  const known: Record<string, [number, string, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: [413, 'TOO_LARGE', 'the body is larger than the service accepts'],
    FST_REQ_FILE_TOO_LARGE: [413, 'TOO_LARGE', 'the photo is larger than the service accepts'],
    FST_FILES_LIMIT: [413, 'TOO_LARGE', 'at most three file parts: photo, resident and issuance'],
    FST_PARTS_LIMIT: [413, 'TOO_LARGE', 'too many parts in the form'],
    FST_FIELDS_LIMIT: [413, 'TOO_LARGE', 'too many fields in the form'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json or multipart/form-data (and for /v1/verify an image or PDF)'],
    FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BAD_REQUEST', 'the JSON body is empty'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'the body is not as long as Content-Length says'],
    FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data'],
  };
  const [status, error, message] = known[code] ?? [statusCode, 'BAD_REQUEST', 'the request cannot be read'];
  return { status, headers: {}, body: { error, message } };
}
