/**
 * The service's OpenAPI 3.1 document, generated from the very zod schemas
 * that check requests (the resident's and issuance's from the library, the
 * envelopes from shapes.ts), so the document cannot drift from the checks.
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import { residentSchema } from '../validate/resident.js';
import { issuanceSchema } from '../validate/issuance.js';
import { recordSchema } from '../register/transfer.js';
import { SCOPES } from '../register/clients.js';
import { base64, CLIENT_ISSUANCE_FIELDS, issueEnvelope, searchBody, verifyBody, voidBody } from './shapes.js';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });

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
      VoidRequest: schemaOf(voidBody),
      SearchRequest: schemaOf(searchBody),
      VerifyRequest: schemaOf(verifyBody),
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
    securitySchemes: { clientKey: { type: 'http', scheme: 'bearer', description: `a client key from suket serve keys add; scopes: ${SCOPES.join(', ')}` } },
  };
}

const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: STATUS_WORDS[s] ?? 'failure', content: json(ref('Problem')) }]));

const STATUS_WORDS: Record<number, string> = {
  400: 'a body that cannot be read, or an image that is not a photo',
  401: 'no valid client key',
  403: 'the key lacks the scope',
  404: 'no such certificate',
  409: 'the number or Idempotency-Key belongs to another request, or is being issued right now (Retry-After)',
  413: 'the body is too large',
  415: 'a content type the route does not take',
  422: 'the resident or issuance is not valid: every problem, with path and code, never the value',
  503: 'busy (the render queue is full) or the register is unreachable: retry after Retry-After seconds',
};

const numberParam = {
  name: 'number',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'the certificate number, URL-encoded (its slashes as %2F)',
};

const secured = (scope: string) => ({ security: [{ clientKey: [] }], 'x-scope': scope });

function paths(): Json {
  return { ...issuingPaths(), ...recordPaths(), ...otherPaths() };
}

/** Issuing: a certificate, a draft. */
function issuingPaths(): Json {
  return {
    '/v1/certificates': {
      post: {
        summary: 'Issue a certificate: the next number of the register, rendered and sealed',
        ...secured('issue'),
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: { type: 'string', maxLength: 128 },
            description: 'a retry with the same key gives the same certificate',
          },
        ],
        requestBody: {
          required: true,
          content: {
            ...json(ref('CertificateRequest')),
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  resident: { type: 'string', description: 'the resident as JSON, without photo' },
                  issuance: { type: 'string', description: 'ClientIssuance as JSON' },
                  template: { type: 'string' },
                  paper: { type: 'string' },
                  photo: { type: 'string', format: 'binary' },
                },
                required: ['resident', 'photo'],
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'issued; Suket-Number, Suket-Sha256 and Location headers (Accept: application/json gives the record)',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } }, ...json(ref('Issued')) },
          },
          '200': { description: 'given again for a repeated Idempotency-Key (Idempotent-Replayed: true)' },
          ...problems(400, 401, 403, 409, 413, 415, 422, 503),
        },
      },
    },
    '/v1/drafts': {
      post: {
        summary: 'A draft for approval: KONSEP across the page, no number, no seal, nothing recorded (issue it once approved)',
        ...secured('issue'),
        requestBody: { required: true, content: json(ref('CertificateRequest')) },
        responses: {
          '200': { description: 'the draft PDF (Suket-Draft: true)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          ...problems(400, 401, 403, 413, 415, 422, 503),
        },
      },
    },
  };
}

/** The register's records: one, voiding one, finding them. */
function recordPaths(): Json {
  return {
    '/v1/certificates/{number}': {
      get: {
        summary: 'A certificate: its record, or on Accept: application/pdf the stored PDF byte for byte',
        ...secured('read'),
        parameters: [numberParam],
        responses: { '200': { description: 'the record or the PDF', content: { ...json(ref('Record')), 'application/pdf': {} } }, ...problems(401, 403, 404) },
      },
    },
    '/v1/certificates/{number}/void': {
      post: {
        summary: 'Void an issued certificate; it then feeds the revocation list',
        ...secured('void'),
        parameters: [numberParam],
        requestBody: { required: true, content: json(ref('VoidRequest')) },
        responses: { '200': { description: 'the voided record', content: json(ref('Record')) }, ...problems(401, 403, 404, 409, 422, 503) },
      },
    },
    '/v1/certificates/search': {
      post: {
        summary: 'Find records',
        ...secured('read'),
        requestBody: { required: true, content: json(ref('SearchRequest')) },
        responses: {
          '200': { description: 'records, oldest first', content: json({ type: 'object', properties: { records: { type: 'array', items: ref('Record') } } }) },
          ...problems(401, 403, 422),
        },
      },
    },
  };
}

/** Verifying, the templates, and the probes. */
function otherPaths(): Json {
  return {
    '/v1/verify': {
      post: {
        summary: "Check a seal: its text, or a PDF or picture of the paper (JSON with base64, or the file's bytes as the body)",
        ...secured('verify'),
        requestBody: {
          required: true,
          content: { ...json(ref('VerifyRequest')), 'application/pdf': {}, 'image/png': {}, 'image/jpeg': {}, 'image/webp': {} },
        },
        responses: { '200': { description: 'the verdict (valid or not)', content: json(ref('Verdict')) }, ...problems(400, 401, 403, 413, 415, 422) },
      },
    },
    '/v1/templates': {
      get: { summary: 'The templates and papers this service prints', security: [{ clientKey: [] }], responses: { '200': { description: 'templates' } } },
    },
    '/health': { get: { summary: 'Alive', responses: { '200': { description: 'alive' } } } },
    '/ready': {
      get: {
        summary: 'Ready: the register answers and the service is not stopping',
        responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
      },
    },
    '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain; version=0.0.4' } } } },
    '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    ...verifierPaths(),
  };
}

/** The offline verifier page, where the service hosts it (`--verifier`; else these answer 404). */
function verifierPaths(): Json {
  const page = (summary: string, description: string) => ({
    get: { summary, responses: { '200': { description }, '404': { description: 'not hosted, or no such file' } } },
  });
  return {
    '/periksa': { get: { summary: 'The verifier page, at its address with the slash', responses: { '301': { description: 'to /periksa/' } } } },
    '/periksa/': page('The verifier page (works offline once visited)', 'text/html'),
    '/periksa/revocations.jws': page('The revocation list, signed by the service from the register, fresh on every request', 'application/jose'),
    '/periksa/{file}': page("The page's other files: script, styles, icons, manifest, service worker, trust list", 'the file'),
  };
}

let cached: Json | undefined;

/** The document, made once. */
export function openApiDocument(): Json {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'suket',
      version: VERSION,
      description: 'Surat keterangan pengganti KTP-el: certificates with a signed seal, from a register shared by every server.',
    },
    paths: paths(),
    components: components(),
  };
  return cached;
}
