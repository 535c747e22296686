/**
 * The counter's papers once approved: a day's papers as one print file
 * (each at 100% on the office's paper), voiding one with a reason, replacing
 * one (a new number for the same resident, the old one voided), and the log
 * of who did what, searchable by day and person.
 */
import type { FastifyReply } from 'fastify';
import { SuketError } from '../../errors.js';
import { mergePdfs } from '../../codecs/merge-pdf.js';
import { asRequestPaths, draftRequest, renderOptions, sendPdf } from '../certificate-request.js';
import type { ServiceContext } from '../context.js';
import { COUNTER_PATH } from '../counter-auth.js';
import { pdfContent } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { NUMBER_PARAMETER, SMALL_BODY, type Route, type RouteRequest } from '../route.js';
import { counterHosted } from './counter-site.js';
import { logQuery, searchBody, toQuery, voidBody } from '../shapes.js';
import type { z } from 'zod';

const API = `${COUNTER_PATH}/api`;

async function dayPrint(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const day = (req.query as { date?: string }).date ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new SuketError('INVALID_INPUT', [{ path: 'date', code: 'format', message: 'must be a day as YYYY-MM-DD' }]);
  const numbers = await c.register.drafts.approvedOn(day);
  if (!numbers.length) throw new HttpProblem(404, { error: 'NOT_FOUND', message: `no paper was approved at the counter on ${day}`, issues: [] });
  const pdfs = [];
  for (const number of numbers) pdfs.push(await c.register.reprint(number));
  for (const number of numbers)
    await c.register.drafts.log({ account: req.staff!.account.name, action: 'printed', draft: null, number, note: `print file ${day}` });
  return sendPdf(reply, mergePdfs(pdfs), `cetak-${day}`);
}

async function voidPaper(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const number = req.params.number!;
  const { reason } = req.body as { reason: string };
  const voided = await c.register.void(number, reason, { operator: req.staff!.account.name });
  c.revoked.forget();
  await c.register.drafts.log({ account: req.staff!.account.name, action: 'voided', draft: null, number, note: reason });
  return reply.send({ number: voided.number, status: voided.status, voidedAt: voided.voidedAt });
}

async function replacePaper(c: ServiceContext, req: RouteRequest, reply: FastifyReply) {
  const number = req.params.number!;
  const draft = await c.register.drafts.ofNumber(number);
  if (!draft) throw new HttpProblem(404, { error: 'NOT_FOUND', message: `${number} was not issued at the counter`, issues: [] });
  const { reason } = req.body as { reason: string };
  const leave = c.pool.admit();
  try {
    const { resident, envelope } = draftRequest(draft);
    const fresh = await c.register
      .replace(number, resident, {
        ...renderOptions(c, envelope, true),
        reason,
        idempotencyKey: `loket:replace:${number}`,
        operator: req.staff!.account.name,
      })
      .catch((e: unknown) => {
        throw asRequestPaths(e);
      });
    c.revoked.forget();
    await c.register.drafts.replaced(draft.id, { from: number, to: fresh.number, by: req.staff!.account.name, reason });
    return reply.send({ replaced: number, number: fresh.number });
  } finally {
    leave();
  }
}

export const counterPaperRoutes: Route[] = [
  {
    method: 'POST',
    url: `${API}/search`,
    roles: ['petugas', 'kepala'],
    bodyLimit: SMALL_BODY,
    served: counterHosted,
    doc: {
      summary: 'Find papers in the register by NIK or name (to reprint or replace): at most 50, newest first',
      body: { name: 'SearchRequest', schema: searchBody, checked: true },
      responses: { '200': { description: 'number, name, status, issuedAt of each' } },
      problems: [422],
    },
    handler: async (c, req) => {
      const records = await c.register.find({ limit: 50, ...toQuery(req.body as z.infer<typeof searchBody>) });
      return {
        records: records.reverse().map((r) => ({ number: r.number, name: r.resident?.name ?? null, status: r.status, issuedAt: r.issuedAt })),
      };
    },
  },
  {
    method: 'GET',
    url: `${API}/print/day`,
    roles: ['petugas', 'kepala'],
    served: counterHosted,
    doc: {
      summary: "A day's papers approved at the counter as one print file, in the order of their numbers (each logged as printed)",
      parameters: [{ name: 'date', in: 'query', required: true, schema: { type: 'string', format: 'date' } }],
      responses: { '200': { description: 'the print file', content: pdfContent } },
      problems: [404, 422],
    },
    handler: dayPrint,
  },
  {
    method: 'POST',
    url: `${API}/certificates/:number/void`,
    roles: ['kepala'],
    bodyLimit: SMALL_BODY,
    served: counterHosted,
    doc: {
      summary: 'The head voids a paper with a reason; it then feeds the revocation list',
      parameters: [NUMBER_PARAMETER],
      body: { name: 'VoidRequest', schema: voidBody, checked: true },
      responses: { '200': { description: 'voided' } },
      problems: [404, 409, 422],
    },
    handler: voidPaper,
  },
  {
    method: 'POST',
    url: `${API}/certificates/:number/replace`,
    roles: ['kepala'],
    bodyLimit: SMALL_BODY,
    served: counterHosted,
    admit: (c) => c.pool.turnAwayWhenFull,
    doc: {
      summary: "The head replaces a counter paper: the register's next number for the same resident, the old one voided with the reason",
      parameters: [NUMBER_PARAMETER],
      body: { name: 'VoidRequest', schema: voidBody, checked: true },
      responses: { '200': { description: 'the new number' } },
      problems: [404, 409, 422, 503],
    },
    handler: replacePaper,
  },
  {
    method: 'GET',
    url: `${API}/log`,
    roles: ['kepala', 'admin'],
    served: counterHosted,
    doc: {
      summary: 'The counter log, newest first: who drafted, approved, returned, printed, voided, replaced what and when',
      parameters: ['from', 'to', 'account'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
      responses: { '200': { description: 'entries' } },
      problems: [422],
    },
    handler: async (c, req) => {
      const parsed = logQuery.safeParse(req.query ?? {});
      if (!parsed.success) throw new SuketError('INVALID_INPUT', [{ path: 'query', code: 'format', message: 'from and to as YYYY-MM-DD, account a name' }]);
      return { entries: await c.register.drafts.entries(parsed.data) };
    },
  },
];
