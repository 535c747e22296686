/**
 * What the service's requests carry, as zod schemas: the envelope is
 * checked here, the resident and issuance by the library's own validator,
 * and the OpenAPI document is generated from both, so the document and
 * the checks cannot disagree.
 */
import { z } from 'zod';
import { SuketError, type Issue } from '../errors.js';
import { fromZod } from '../validate/fields.js';
import { RECORD_STATUSES, type RecordQuery } from '../register/types.js';
import type { IssuanceOverrides } from '../validate/issuance.js';

/** A photo or picture as base64 (standard alphabet, line breaks allowed, `data:` prefix allowed). */
export const base64 = z
  .string()
  .max(30_000_000)
  .meta({ description: 'base64 (standard alphabet); line breaks and a data: URL prefix are allowed', contentEncoding: 'base64' });

/** The issuance fields a client system may set; office, numbering and key come from the office's settings. */
export const CLIENT_ISSUANCE_FIELDS = ['number', 'issuedAt', 'validUntil', 'validMonths', 'place', 'signatory'] as const;

export const issueEnvelope = z
  .object({
    resident: z.record(z.string(), z.unknown()).meta({ description: 'the resident, as in the library (photo as base64)' }),
    issuance: z
      .object({
        number: z.string().optional().meta({ description: "the certificate's own number; default: the next of the office's numbering" }),
        issuedAt: z.string().optional().meta({ description: 'YYYY-MM-DD; default: today in the office time zone' }),
        validUntil: z.string().optional(),
        validMonths: z.number().int().optional(),
        place: z.string().optional(),
        signatory: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
    template: z.string().max(100).optional().meta({ description: 'a template the service offers (GET /v1/templates); default: the office settings' }),
    paper: z.enum(['F4', 'A4']).optional(),
    secondReason: z.string().min(1).max(500).optional().meta({
      description:
        'why this resident gets a second certificate while one of theirs is still valid (recorded); without it such a request is refused (422, issue code already_issued, naming the certificate they hold)',
    }),
  })
  .strict();

export type IssueEnvelope = z.infer<typeof issueEnvelope>;

export const voidBody = z.object({ reason: z.string().min(1).max(500).meta({ description: 'why; kept in the register, never published' }) }).strict();

export const searchBody = z
  .object({
    number: z.string().max(200).optional(),
    nik: z
      .string()
      .regex(/^\d{16}$/, 'must be 16 digits')
      .optional(),
    name: z.string().min(1).max(100).optional().meta({ description: 'part of the name, any case, with or without accents' }),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    status: z.enum(RECORD_STATUSES as unknown as [string, ...string[]]).optional(),
    limit: z.number().int().min(1).max(1000).optional().meta({ description: 'default 100' }),
  })
  .strict()
  .meta({ description: 'every given part must match; sent in the body so a NIK or name never sits in a URL or a proxy log' });

export const verifyBody = z
  .object({
    seal: z.string().max(4096).optional().meta({ description: "the barcode's text: SK1:... or the verifier page link with #SK1:..." }),
    image: base64.optional().meta({ description: 'a PDF, or a PNG, JPEG or WebP picture of the paper, as base64' }),
  })
  .strict()
  .meta({ description: 'give seal or image' });

/**
 * Parses a body by a schema, or throws INVALID_INPUT with every problem (paths under `prefix`).
 * @throws SuketError INVALID_INPUT
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw new SuketError('INVALID_INPUT', fromZod(parsed.error.issues));
  return parsed.data;
}

/** The issue problems of an envelope, without throwing (they are reported with the resident's own). */
export function envelopeIssues(body: unknown): { value?: IssueEnvelope; issues: Issue[] } {
  const parsed = issueEnvelope.safeParse(body ?? {}, { reportInput: true });
  return parsed.success ? { value: parsed.data, issues: [] } : { issues: fromZod(parsed.error.issues) };
}

/** base64 text to bytes, or undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const bare = text.replace(/^data:[a-z]+\/[a-z0-9.+-]+;base64,/i, '').replace(/[\r\n]/g, '');
  if (bare.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(bare)) return undefined;
  return new Uint8Array(Buffer.from(bare, 'base64'));
}

/** A checked search body as the register's query. */
export const toQuery = (b: z.infer<typeof searchBody>): RecordQuery => b as RecordQuery;

/** A client's issuance over the office's. */
export const clientIssuance = (e: Pick<IssueEnvelope, 'issuance'>): IssuanceOverrides => (e.issuance ?? {}) as IssuanceOverrides;

/** A counter login: the account's name and password (never logged, never echoed). */
export const loginBody = z
  .object({ name: z.string().min(1).max(63), password: z.string().min(1).max(200).meta({ description: 'sent over HTTPS, or on this computer only' }) })
  .strict();

/** The head's note when sending a draft back. */
export const draftDecisionBody = z.object({ note: z.string().trim().min(1).max(500).meta({ description: 'what the clerk should correct' }) }).strict();

/** The counter log's filters: days (YYYY-MM-DD) and one person. */
export const logQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional(), account: z.string().min(1).max(63).optional() }).strict();
