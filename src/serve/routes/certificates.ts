/** Issuing, reading, voiding and finding certificates. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SuketError, type Issue } from '../../errors.js';
import type { GenerateOptions } from '../../generate.js';
import { checkForRegister, registerIssuance, type RegisteredCertificate } from '../../register/register.js';
import { mergeIssuance } from '../../validate/issuance.js';
import { residentSchema } from '../../validate/resident.js';
import type { ServiceContext } from '../context.js';
import { owns } from '../auth.js';
import { clientIssuanceIssues, DEFAULT_CLIENT_POLICY } from '../client-issuance.js';
import { DEFAULT_TIME_ZONE, type TimeZone } from '../../time-zones.js';
import { HttpProblem } from '../problems.js';
import { clientIssuance, decodeBase64, envelopeIssues, parseBody, searchBody, toQuery, voidBody, type IssueEnvelope } from '../shapes.js';

/** The request's envelope, with the photo as bytes. */
interface IssueRequest {
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
async function readIssueRequest(req: FastifyRequest, c: ServiceContext): Promise<IssueRequest> {
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
function asRequestPaths(e: unknown): unknown {
  if (!(e instanceof SuketError)) return e;
  const moved = e.issues.map((i) => (RESIDENT_FIELDS.has(i.path.split(/[.[]/)[0]!) ? { ...i, path: `resident.${i.path}` } : i));
  return new SuketError(e.code, moved, { cause: e });
}

/** The client's Idempotency-Key, in the client's own space of keys. */
function idempotencyKey(req: FastifyRequest, client: string): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key))
    throw new SuketError('INVALID_INPUT', [{ path: 'Idempotency-Key', code: 'format', message: 'must be 1 to 128 visible ASCII characters' }]);
  return `api:${client}:${key}`;
}

/** application/json when the caller asks for it before application/pdf; the PDF otherwise. */
function wantsJson(req: FastifyRequest): boolean {
  const accept = (req.headers.accept ?? '').toLowerCase();
  const json = accept.indexOf('application/json');
  const pdf = accept.indexOf('application/pdf');
  return json >= 0 && (pdf < 0 || json < pdf);
}

const location = (number: string) => `/v1/certificates/${encodeURIComponent(number)}`;

function sendIssued(req: FastifyRequest, reply: FastifyReply, cert: RegisteredCertificate) {
  reply
    .code(cert.repeated ? 200 : 201)
    .header('location', location(cert.number))
    .header('suket-number', cert.number)
    .header('suket-sha256', cert.sha256);
  if (cert.repeated) reply.header('idempotent-replayed', 'true');
  if (cert.warnings.length) reply.header('suket-warnings', cert.warnings.map((w) => `${w.path}:${w.code}`).join(', '));
  if (wantsJson(req)) {
    const { number, sha256, sealed, barcodeText, warnings, record, repeated } = cert;
    return reply
      .type('application/json')
      .send({ number, sha256, sealed, barcodeText, repeated, warnings, record, pdf: Buffer.from(cert.pdf).toString('base64') });
  }
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${cert.number.replace(/[^A-Za-z0-9.-]+/g, '-')}.pdf"`)
    .send(Buffer.from(cert.pdf.buffer, cert.pdf.byteOffset, cert.pdf.byteLength));
}

/** The office's options with what the request may choose: a template it offers, the paper, the client's issuance fields. */
function renderOptions(c: ServiceContext, envelope: IssueEnvelope, register = false): GenerateOptions {
  const template = c.templates.find((t) => t.name === (envelope.template ?? c.defaultTemplate))!;
  return {
    ...c.generate,
    template: template.source,
    ...(envelope.paper ? { paper: envelope.paper } : {}),
    issuance: (register ? registerIssuance : mergeIssuance)(c.generate.issuance, clientIssuance(envelope)),
  };
}

async function issue(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  const caller = req.caller!;
  const key = idempotencyKey(req, caller.name);
  const { envelope, resident } = await readIssueRequest(req, c);
  // Admitted before a number is taken: a full queue spends none.
  const leave = c.pool.admit();
  try {
    const cert = await c.register
      .issue(resident, {
        ...renderOptions(c, envelope, true),
        ...(key ? { idempotencyKey: key } : {}),
        ...(envelope.secondReason ? { secondReason: envelope.secondReason } : {}),
        operator: caller.name,
        ...(c.reset ? { reset: c.reset } : {}),
      })
      .catch((e: unknown) => {
        throw asRequestPaths(e);
      });
    req.certificate = cert.number;
    c.metrics.issued(cert.repeated ? 'repeated' : 'new');
    return sendIssued(req, reply, cert);
  } finally {
    leave();
  }
}

/** A draft: the same request, rendered by the pool with KONSEP and no number; the register is not asked. */
async function draft(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  const { envelope, resident } = await readIssueRequest(req, c);
  const leave = c.pool.admit();
  try {
    const issued = await c.pool.render(resident, { ...renderOptions(c, envelope), draft: true }).catch((e: unknown) => {
      throw asRequestPaths(e);
    });
    return reply
      .code(200)
      .header('suket-draft', 'true')
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="konsep.pdf"')
      .send(Buffer.from(issued.pdf.buffer, issued.pdf.byteOffset, issued.pdf.byteLength));
  } finally {
    leave();
  }
}

const notFound = (number: string) => new HttpProblem(404, { error: 'NOT_FOUND', message: `${number} is not in the register` });

async function read(c: ServiceContext, req: FastifyRequest<{ Params: { number: string } }>, reply: FastifyReply) {
  const { number } = req.params;
  const record = await c.register.get(number);
  // Another client's certificate is not found, not forbidden: its existence is not told either.
  if (!record || !owns(req.caller!, 'read', record.operator)) throw notFound(number);
  req.certificate = number;
  if (!wantsJson(req) && /application\/pdf/i.test(req.headers.accept ?? '')) {
    const pdf = await c.register.reprint(number).catch(() => {
      throw new HttpProblem(404, { error: 'NOT_FOUND', message: `${number} has no stored PDF (${record.status})` });
    });
    return reply
      .type('application/pdf')
      .header('suket-sha256', record.sha256 ?? '')
      .send(Buffer.from(pdf));
  }
  return reply.send(record);
}

async function voidOne(c: ServiceContext, req: FastifyRequest<{ Params: { number: string } }>, reply: FastifyReply) {
  const caller = req.caller!;
  const { number } = req.params;
  const { reason } = parseBody(voidBody, req.body);
  const record = await c.register.get(number);
  if (!record || !owns(caller, 'void', record.operator)) throw notFound(number);
  req.certificate = number;
  const voided = await c.register.void(number, reason, { operator: caller.name });
  c.revoked.forget();
  // The number, its status and when: never the resident's data (a void client need not read them).
  return reply.send({ number: voided.number, status: voided.status, voidedAt: voided.voidedAt });
}

async function search(c: ServiceContext, req: FastifyRequest, reply: FastifyReply) {
  const asked = toQuery(parseBody(searchBody, req.body));
  const query = req.caller!.scopes.includes('read:any') ? asked : { ...asked, operator: req.caller!.name };
  return reply.send({ records: await c.register.find(query) });
}

/** The body limit of a route that takes no photo: a search or a void's reason. */
const SMALL_BODY = 64 * 1024;

export function certificateRoutes(app: FastifyInstance, c: ServiceContext): void {
  const turnAwayWhenFull = c.pool.turnAwayWhenFull;
  app.post('/v1/certificates', { config: { scope: 'issue' }, onRequest: turnAwayWhenFull }, (req, reply) => issue(c, req, reply));
  app.post('/v1/drafts', { config: { scope: 'issue' }, onRequest: turnAwayWhenFull }, (req, reply) => draft(c, req, reply));
  // Routes that take no photo take a small body.
  app.post('/v1/certificates/search', { config: { scope: 'read' }, bodyLimit: SMALL_BODY }, (req, reply) => search(c, req, reply));
  app.get<{ Params: { number: string } }>('/v1/certificates/:number', { config: { scope: 'read' } }, (req, reply) => read(c, req, reply));
  app.post<{ Params: { number: string } }>('/v1/certificates/:number/void', { config: { scope: 'void' }, bodyLimit: SMALL_BODY }, (req, reply) =>
    voidOne(c, req, reply),
  );
}
