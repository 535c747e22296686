/**
 * Reading a request to issue or draft a certificate: a JSON body or a form,
 * the photo as bytes, the envelope checked with the resident and issuance so
 * every problem is told at once, under the request's own paths; and the
 * office's render options with what the request may choose.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CounterDraft } from '../register/drafts.js';
import { SuketError, type Issue } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import { checkForRegister, registerIssuance } from '../register/register.js';
import { mergeIssuance } from '../validate/issuance.js';
import { residentSchema } from '../validate/resident.js';
import type { ServiceContext } from './context.js';
import { clientIssuanceIssues, DEFAULT_CLIENT_POLICY } from './client-issuance.js';
import { DEFAULT_TIME_ZONE, type TimeZone } from '../time-zones.js';
import { HttpProblem } from './problems.js';
import { clientIssuance, decodeBase64, envelopeIssues, type IssueEnvelope } from './shapes.js';

/** The request's envelope, with the photo as bytes. */
export interface IssueRequest {
  envelope: IssueEnvelope;
  resident: Record<string, unknown>;
}

const badRequest = (message: string) => new HttpProblem(400, { error: 'BAD_REQUEST', message });
const unsupported = () =>
  new HttpProblem(415, { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json (photo as base64) or multipart/form-data (photo as a file)' });

/** A form's parts: resident and issuance as JSON (text or a file part), template and paper as text, the photo as a file. */
async function fromForm(req: FastifyRequest): Promise<{ body: Record<string, unknown>; photo?: Uint8Array }> {
  const body: Record<string, unknown> = {};
  let photo: Uint8Array | undefined;
  for await (const part of req.parts()) {
    const name = part.fieldname;
    if (part.type === 'file' && name === 'photo') {
      if (photo) throw badRequest('send one photo');
      photo = new Uint8Array(await part.toBuffer());
    } else if (name === 'resident' || name === 'issuance')
      body[name] = jsonPart(name, part.type === 'file' ? (await part.toBuffer()).toString('utf8') : String(part.value));
    else if (part.type === 'file') throw badRequest(`${name} cannot be a file: only photo, resident and issuance can`);
    else body[name] = part.value;
  }
  return photo ? { body, photo } : { body };
}

function jsonPart(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`the ${name} part is not valid JSON`);
  }
}

/** The photo as bytes: from the form, or base64 in the JSON. */
function withPhoto(resident: Record<string, unknown>, photo: Uint8Array | undefined, issues: Issue[]): Record<string, unknown> {
  if (photo) return { ...resident, photo };
  if (resident.photo === undefined) return resident;
  const bytes = typeof resident.photo === 'string' ? decodeBase64(resident.photo) : undefined;
  // Never a path: the service reads no file a caller names.
  if (!bytes) issues.push({ path: 'resident.photo', code: 'format', message: 'must be the photo as base64' });
  return { ...resident, photo: bytes ?? new Uint8Array(0) };
}

/**
 * The checked request; every problem of envelope, resident and issuance at once.
 * @throws SuketError INVALID_INPUT; HttpProblem 400/415 for a body that cannot be read.
 */
export async function readIssueRequest(req: FastifyRequest, c: ServiceContext): Promise<IssueRequest> {
  const form = req.isMultipart() ? await fromForm(req) : undefined;
  if (!form && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw unsupported();
  const raw = form ? form.body : req.body;
  const { value, issues } = envelopeIssues(raw);
  const rawResident = (raw as { resident?: unknown })?.resident;
  const resident = rawResident && typeof rawResident === 'object' && !Array.isArray(rawResident) ? (rawResident as Record<string, unknown>) : {};
  const prepared = withPhoto(resident, form?.photo, issues);
  const template = value?.template;
  if (template !== undefined && !c.templates.some((t) => t.name === template))
    issues.push({ path: 'template', code: 'not_allowed', message: `must be one of: ${c.templates.map((t) => t.name).join(', ')}` });
  const zone = (c.generate.issuance?.timeZone ?? DEFAULT_TIME_ZONE) as TimeZone;
  issues.push(...clientIssuanceIssues(value?.issuance, c.clientPolicy ?? DEFAULT_CLIENT_POLICY, zone));
  if (issues.length) {
    // The resident's and issuance's own problems too, so a client fixes everything in one round.
    let more: readonly Issue[] = [];
    try {
      checkForRegister(prepared, { issuance: registerIssuance(c.generate.issuance, value ? clientIssuance(value) : {}) });
    } catch (e) {
      if (e instanceof SuketError) more = (asRequestPaths(e) as SuketError).issues;
    }
    throw new SuketError('INVALID_INPUT', [...issues, ...more]);
  }
  return { envelope: value!, resident: prepared };
}

const RESIDENT_FIELDS = new Set(Object.keys(residentSchema.shape));

/** The library names a resident's fields from the resident; the request has them under `resident`. */
export function asRequestPaths(e: unknown): unknown {
  if (!(e instanceof SuketError)) return e;
  const moved = e.issues.map((i) => (RESIDENT_FIELDS.has(i.path.split(/[.[]/)[0]!) ? { ...i, path: `resident.${i.path}` } : i));
  return new SuketError(e.code, moved, { cause: e });
}

/** The client's Idempotency-Key, in the client's own space of keys. */
export function idempotencyKey(req: FastifyRequest, client: string): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key))
    throw new SuketError('INVALID_INPUT', [{ path: 'Idempotency-Key', code: 'format', message: 'must be 1 to 128 visible ASCII characters' }]);
  return `api:${client}:${key}`;
}

/** The office's options with what the request may choose: a template it offers, the paper, the client's issuance fields. */
export function renderOptions(c: ServiceContext, envelope: Pick<IssueEnvelope, 'template' | 'paper' | 'issuance'>, register = false): GenerateOptions {
  const template = c.templates.find((t) => t.name === (envelope.template ?? c.defaultTemplate))!;
  return {
    ...c.generate,
    template: template.source,
    ...(envelope.paper ? { paper: envelope.paper } : {}),
    issuance: (register ? registerIssuance : mergeIssuance)(c.generate.issuance, clientIssuance(envelope)),
  };
}

/** application/json when the caller asks for it before application/pdf; the PDF otherwise. */
export function wantsJson(req: FastifyRequest): boolean {
  const accept = (req.headers.accept ?? '').toLowerCase();
  const json = accept.indexOf('application/json');
  const pdf = accept.indexOf('application/pdf');
  return json >= 0 && (pdf < 0 || json < pdf);
}

export const notFound = (number: string) => new HttpProblem(404, { error: 'NOT_FOUND', message: `${number} is not in the register` });

/** A PDF shown in the browser (the counter's pages and papers), never cached: it holds personal data. */
export function sendPdf(reply: FastifyReply, bytes: Uint8Array, name: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name.replace(/[^A-Za-z0-9.-]+/g, '-')}.pdf"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** A counter draft as the request it stands for: the resident with its photo, the template and paper chosen. */
export function draftRequest(d: CounterDraft): { resident: Record<string, unknown>; envelope: { template?: string; paper?: 'F4' | 'A4' } } {
  return {
    resident: { ...d.resident, ...(d.photo ? { photo: d.photo } : {}) },
    envelope: { ...(d.template ? { template: d.template } : {}), ...(d.paper ? { paper: d.paper as 'F4' | 'A4' } : {}) },
  };
}
