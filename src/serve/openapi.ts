/**
 * The service's OpenAPI 3.1 document, generated from the routes (route.ts)
 * and the very zod schemas that check requests (the resident's and
 * issuance's from the library, the envelopes from shapes.ts), so the
 * document cannot drift from what the service serves and checks.
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import { residentSchema } from '../validate/resident.js';
import { issuanceSchema } from '../validate/issuance.js';
import { recordSchema } from '../register/transfer.js';
import { SCOPES } from '../register/clients.js';
import { COUNTER_ROLES } from '../register/accounts.js';
import { documentedPath, type Json, type Route } from './route.js';
import { base64, CLIENT_ISSUANCE_FIELDS, issueEnvelope } from './shapes.js';

const schemaOf = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
};
/** A reference to a component schema. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** JSON content of a schema. */
export const json = (schema: Json) => ({ 'application/json': { schema } });

/** Who may call: a client system's key, or the counter page's session. */
const SECURITY_SCHEMES = {
  clientKey: { type: 'http', scheme: 'bearer', description: `a client key from suket serve keys add; scopes: ${SCOPES.join(', ')}` },
  counterSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'suket_loket',
    description: `the counter page's session (POST /loket/api/login); a request that changes anything also needs Origin and X-CSRF-Token; roles: ${COUNTER_ROLES.join(', ')}`,
  },
};

function components(): Json {
  const resident = schemaOf(residentSchema) as { properties: Json };
  resident.properties.photo = { ...schemaOf(base64), description: 'the photo as base64 (JPEG, PNG or WebP); in multipart, a file part named photo' };
  const issuance = schemaOf(issuanceSchema) as { properties: Json };
  const clientIssuance = {
    type: 'object',
    description: "what a client system may set; office, numbering and seal come from the office's settings",
    properties: Object.fromEntries(CLIENT_ISSUANCE_FIELDS.map((k) => [k, issuance.properties[k]])),
    additionalProperties: false,
  };
  const request = schemaOf(issueEnvelope) as { properties: Json };
  request.properties.resident = ref('Resident');
  request.properties.issuance = ref('ClientIssuance');
  const record = schemaOf(recordSchema) as { properties: Json; required?: string[] };
  delete record.properties.pdf;
  const issue = {
    type: 'object',
    properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
    required: ['path', 'code', 'message'],
  };
  return {
    schemas: {
      Resident: resident,
      ClientIssuance: clientIssuance,
      CertificateRequest: request,
      Record: record,
      Issued: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          sha256: { type: 'string' },
          sealed: { type: 'boolean' },
          barcodeText: { type: 'string' },
          repeated: { type: 'boolean', description: 'true when the Idempotency-Key had issued it before' },
          warnings: { type: 'array', items: issue },
          record: ref('Record'),
          pdf: { type: 'string', contentEncoding: 'base64' },
        },
      },
      Verdict: {
        type: 'object',
        description: 'verifySeal: valid, reason and message when not, the sealed fields, the key',
        properties: { valid: { type: 'boolean' } },
      },
      Problem: {
        type: 'object',
        properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: issue } },
        required: ['error', 'message'],
      },
    },
    securitySchemes: SECURITY_SCHEMES,
  };
}

/** A PDF as the content of an answer. */
export const pdfContent = { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };

const problems = (statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: STATUS_WORDS[s] ?? 'failure', content: json(ref('Problem')) }]));

const STATUS_WORDS: Record<number, string> = {
  400: 'a body that cannot be read, or an image that is not a photo',
  401: 'no valid client key',
  403: 'the key lacks the scope',
  404: 'no such certificate',
  409: 'the number or Idempotency-Key belongs to another request, or is being issued right now (Retry-After)',
  413: 'the body is too large',
  415: 'a content type the route does not take',
  429: 'too many wrong logins from this address: retry after Retry-After seconds',
  422: 'the resident or issuance is not valid: every problem, with path and code, never the value',
  503: 'busy (the render queue is full) or the register is unreachable: retry after Retry-After seconds',
};

/** The statuses a route may answer: its own, and 401 and 403 where a key is needed. */
function statusesOf(route: Route): number[] {
  const keyed = route.roles ? [401, 403] : route.scope === undefined ? [] : route.scope === null ? [401] : [401, 403];
  return [...new Set([...keyed, ...(route.doc.problems ?? [])])].sort((a, b) => a - b);
}

function operation(route: Route): Json {
  const { summary, parameters, body, responses } = route.doc;
  const statuses = statusesOf(route);
  return {
    summary,
    ...(route.scope === undefined ? {} : { security: [{ clientKey: [] }], ...(route.scope ? { 'x-scope': route.scope } : {}) }),
    ...(route.roles ? { security: [{ counterSession: [] }], 'x-roles': route.roles } : {}),
    ...(parameters ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: { ...json(ref(body.name)), ...body.also } } } : {}),
    responses: { ...responses, ...problems(statuses) },
  };
}

function paths(routes: readonly Route[]): Json {
  const out: Record<string, Json> = {};
  for (const route of routes) {
    const path = documentedPath(route);
    out[path] = { ...out[path], [route.method.toLowerCase()]: operation(route) };
  }
  return out;
}

/** The shared schemas, and each route body's own under its name. */
function componentsOf(routes: readonly Route[]): Json {
  const all = components() as { schemas: Record<string, Json> };
  for (const body of routes.map((r) => r.doc.body)) if (body) all.schemas[body.name] ??= schemaOf(body.schema);
  return all;
}

const made = new WeakMap<readonly Route[], Json>();

/**
 * The document of these routes, made once.
 * @example openApiDocument(ROUTES).paths['/v1/verify']
 */
export function openApiDocument(routes: readonly Route[]): Json {
  let document = made.get(routes);
  if (!document) {
    document = {
      openapi: '3.1.0',
      info: {
        title: 'suket',
        version: VERSION,
        description: 'Surat keterangan pengganti KTP-el: certificates with a signed seal, from a register shared by every server.',
      },
      paths: paths(routes),
      components: componentsOf(routes),
    };
    made.set(routes, document);
  }
  return document;
}
