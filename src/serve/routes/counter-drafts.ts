/**
 * The counter's drafts (issue 36): a clerk sends a resident as a KONSEP
 * draft (rendered once, so a draft that is kept is a draft that prints);
 * the head sees the queue and the page, approves (the register gives the
 * number only now, and the paper is sealed, and signed where configured) or
 * returns it with a note; the approved paper is printed from the register.
 */
import type { FastifyReply } from 'fastify';
import { SuketError } from '../../errors.js';
import type { CounterDraft } from '../../register/drafts.js';
import { asRequestPaths, draftRequest, readIssueRequest, renderOptions, sendPdf } from '../certificate-request.js';
import type { ServiceContext } from '../context.js';
import { COUNTER_PATH } from '../counter-auth.js';
import { pdfContent } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { NUMBER_PARAMETER, SMALL_BODY, type Route, type RouteRequest } from '../route.js';
import { counterHosted } from './counter-site.js';
import { draftDecisionBody, issueEnvelope } from '../shapes.js';

const API = `${COUNTER_PATH}/api`;
const ID_PARAMETER = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
async function foundDraft(c: ServiceContext, id: string): Promise<CounterDraft> {
  const draft = /^[0-9a-f-]{36}$/.test(id) ? await c.register.drafts.get(id) : undefined;
  if (!draft) throw new HttpProblem(404, { error: 'NOT_FOUND', message: 'no such draft', issues: [] });
  return draft;
}

/** The KONSEP page of a resident, rendered by the pool (a draft takes no number). */
async function konsep(c: ServiceContext, resident: Record<string, unknown>, envelope: { template?: string; paper?: 'F4' | 'A4' }) {
  const leave = c.pool.admit();
  try {
    return await c.pool.render(resident, { ...renderOptions(c, envelope), draft: true }).catch((e: unknown) => {
      throw asRequestPaths(e);
    });
  } finally {
    leave();
  }
}

/** A clerk's request read and rendered as its KONSEP page: the office's issuance only. */
async function clerkKonsep(c: ServiceContext, req: RouteRequest) {
  const { envelope, resident } = await readIssueRequest(req, c);
  if (envelope.issuance || envelope.secondReason)
    throw new SuketError('INVALID_INPUT', [{ path: 'issuance', code: 'not_allowed', message: "a clerk's draft takes the office's issuance" }]);
  return { envelope, resident, page: await konsep(c, resident, envelope) };
}

async function create(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const { envelope, resident } = await clerkKonsep(c, req);
  const { photo, ...rest } = resident;
  const id = await c.register.drafts.add({
    resident: rest,
    ...(photo instanceof Uint8Array ? { photo } : {}),
    ...(envelope.template ? { template: envelope.template } : {}),
    ...(envelope.paper ? { paper: envelope.paper } : {}),
    by: req.staff!.account.name,
  });
  return reply.code(201).send({ id, status: 'waiting' });
}

async function approve(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const draft = await foundDraft(c, req.params.id!);
  if (draft.status !== 'waiting') throw new HttpProblem(409, { error: 'CONFLICT', message: `the draft is ${draft.status} already`, issues: [] });
  const leave = c.pool.admit();
  try {
    // The draft's id is the key: approving again after a failure gives the same certificate, never a second number.
    const { resident, envelope } = draftRequest(draft);
    const cert = await c.register.issue(resident, {
      ...renderOptions(c, envelope, true),
      idempotencyKey: `loket:${draft.id}`,
      operator: req.staff!.account.name,
      ...(c.reset ? { reset: c.reset } : {}),
    });
    await c.register.drafts.decide(draft.id, { status: 'approved', number: cert.number, by: req.staff!.account.name });
    req.certificate = cert.number;
    return reply.send({ id: draft.id, status: 'approved', number: cert.number });
  } finally {
    leave();
  }
}

export const counterDraftRoutes: Route[] = [
  {
    method: 'POST',
    url: `${API}/drafts`,
    roles: ['petugas'],
    served: counterHosted,
    admit: (c) => c.pool.turnAwayWhenFull,
    doc: {
      summary: 'A clerk sends a resident for approval: checked and rendered as a KONSEP page, kept, no number taken',
      body: { name: 'CertificateRequest', schema: issueEnvelope },
      responses: { '201': { description: 'the draft id; it waits for the head' } },
      problems: [400, 413, 415, 422, 503],
    },
    handler: create,
  },
  {
    method: 'POST',
    url: `${API}/preview`,
    roles: ['petugas'],
    served: counterHosted,
    admit: (c) => c.pool.turnAwayWhenFull,
    doc: {
      summary: 'The page as it will print, before the clerk sends it: checked and rendered as KONSEP; nothing kept, no number taken',
      body: { name: 'CertificateRequest', schema: issueEnvelope },
      responses: { '200': { description: 'the KONSEP PDF', content: pdfContent } },
      problems: [400, 413, 415, 422, 503],
    },
    handler: async (c, req, reply) => sendPdf(reply, (await clerkKonsep(c, req)).page.pdf, 'konsep'),
  },
  {
    method: 'GET',
    url: `${API}/drafts`,
    roles: ['petugas', 'kepala'],
    served: counterHosted,
    doc: {
      summary: 'The drafts by status (?status=waiting, approved or returned), oldest first',
      parameters: [{ name: 'status', in: 'query', schema: { type: 'string', enum: ['waiting', 'approved', 'returned'] } }],
      responses: { '200': { description: 'drafts: id, status, resident (without photo), who drafted and decided, note, number' } },
    },
    handler: async (c, req) => {
      const status = (req.query as { status?: string }).status ?? 'waiting';
      if (!['waiting', 'approved', 'returned'].includes(status))
        throw new SuketError('INVALID_INPUT', [{ path: 'status', code: 'not_allowed', message: 'must be one of: waiting, approved, returned' }]);
      return { drafts: await c.register.drafts.list(status as 'waiting') };
    },
  },
  {
    method: 'GET',
    url: `${API}/drafts/:id/page`,
    roles: ['petugas', 'kepala'],
    served: counterHosted,
    admit: (c) => c.pool.turnAwayWhenFull,
    doc: {
      summary: "A draft's KONSEP page, as it will print",
      parameters: [ID_PARAMETER],
      responses: { '200': { description: 'the PDF', content: pdfContent } },
      problems: [404, 503],
    },
    handler: async (c, req, reply) => {
      const draft = await foundDraft(c, req.params.id!);
      const { resident, envelope } = draftRequest(draft);
      return sendPdf(reply, (await konsep(c, resident, envelope)).pdf, 'konsep');
    },
  },
  {
    method: 'POST',
    url: `${API}/drafts/:id/approve`,
    roles: ['kepala'],
    served: counterHosted,
    admit: (c) => c.pool.turnAwayWhenFull,
    doc: {
      summary: "The head approves a draft: the register's next number, the seal (and the PDF signature where configured)",
      parameters: [ID_PARAMETER],
      responses: { '200': { description: 'the number' } },
      problems: [404, 409, 422, 503],
    },
    handler: approve,
  },
  {
    method: 'POST',
    url: `${API}/drafts/:id/return`,
    roles: ['kepala'],
    bodyLimit: SMALL_BODY,
    served: counterHosted,
    doc: {
      summary: 'The head sends a draft back to the clerk with a note',
      parameters: [ID_PARAMETER],
      body: { name: 'DraftReturn', schema: draftDecisionBody, checked: true },
      responses: { '200': { description: 'returned' } },
      problems: [404, 409, 422],
    },
    handler: async (c, req, reply) => {
      const draft = await foundDraft(c, req.params.id!);
      await c.register.drafts.decide(draft.id, { status: 'returned', note: (req.body as { note: string }).note, by: req.staff!.account.name });
      return reply.send({ id: draft.id, status: 'returned' });
    },
  },
  {
    method: 'GET',
    url: `${API}/certificates/:number/pdf`,
    roles: ['petugas', 'kepala'],
    served: counterHosted,
    doc: {
      summary: 'An issued certificate to print, byte for byte as the register keeps it (logged as printed); a voided or replaced one is refused',
      parameters: [NUMBER_PARAMETER],
      responses: { '200': { description: 'the PDF', content: pdfContent } },
      problems: [404, 409],
    },
    handler: async (c, req, reply) => {
      const number = req.params.number!;
      const record = await c.register.get(number);
      // A paper voided or replaced must not be handed out again: offline verifiers with an older list would still call it valid.
      if (record && record.status !== 'issued')
        throw new HttpProblem(409, { error: 'NOT_ISSUED', message: `${number} is ${record.status}: it is not printed again`, issues: [] });
      const bytes = await c.register.reprint(number).catch(() => {
        throw new HttpProblem(404, { error: 'NOT_FOUND', message: `${number} has no stored PDF`, issues: [] });
      });
      await c.register.drafts.log({ account: req.staff!.account.name, action: 'printed', draft: null, number, note: null });
      req.certificate = number;
      return sendPdf(reply, bytes, number);
    },
  },
];
