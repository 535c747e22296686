/**
 * One HTTP route as one value: its method and address, the scope its key
 * needs, its body limit and admission, the schema its body is checked with,
 * what the OpenAPI document says of it, and its handler. A route module
 * exports one (`routes/<name>.ts`); `routes/index.ts` lists them; the
 * service mounts the list and the OpenAPI document is generated from it,
 * so a route cannot be served undocumented or documented with another
 * scope or schema than it enforces.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { z } from 'zod';
import type { CounterRole } from '../register/accounts.js';
import type { Scope } from '../register/clients.js';
import type { ServiceContext } from './context.js';
import { parseBody } from './shapes.js';

/** An OpenAPI fragment. */
export type Json = Record<string, unknown>;

/** A request to a route, its path parameters by name. */
export type RouteRequest = FastifyRequest<{ Params: Record<string, string> }>;

export interface RouteBody {
  /** Its name among the document's components (one already there, such as CertificateRequest, is kept). */
  name: string;
  /** The schema the body is checked with, and documented from. */
  schema: z.ZodType;
  /** true: the body is checked before the handler, which gets the parsed value as `req.body`. */
  checked?: boolean;
  /** Other media types the route takes, as OpenAPI media objects. */
  also?: Json;
}

export interface RouteDoc {
  summary: string;
  /** Path and header parameters, as OpenAPI parameter objects. */
  parameters?: Json[];
  body?: RouteBody;
  /** The answers when it goes well, as OpenAPI responses. */
  responses: Json;
  /** The problem statuses it may answer (401 and 403 are added for a route that needs a key). */
  problems?: number[];
}

export interface Route {
  method: 'GET' | 'POST';
  /** Fastify's pattern: `:name` a parameter, a trailing `*` the rest of the path. */
  url: string;
  /** Where the document differs from the pattern (a trailing `*` is `{file}`). */
  documentedPath?: string;
  /** undefined: public; null: any valid key; else the scope the key needs. Checked before the body is read. */
  scope?: Scope | null;
  /** A counter route: a live counter session in one of these roles (and, to change anything, from the counter page). Checked before the body is read. */
  roles?: readonly CounterRole[];
  /** Below the service's: a route that takes no photo takes a small body. */
  bodyLimit?: number;
  /** A gate before the body is read (the render queue's, the reading threads'). */
  admit?: (c: ServiceContext) => onRequestHookHandler;
  /** false: this service does not answer it (the verifier page when not hosted). */
  served?: (c: ServiceContext) => boolean;
  doc: RouteDoc;
  handler(c: ServiceContext, req: RouteRequest, reply: FastifyReply): Promise<unknown>;
}

/** The routes on a Fastify instance, each with the context it needs. */
export function mountRoutes(app: FastifyInstance, c: ServiceContext, routes: readonly Route[]): void {
  for (const route of routes) {
    if (route.served && !route.served(c)) continue;
    const body = route.doc.body;
    app.route<{ Params: Record<string, string> }>({
      method: route.method,
      url: route.url,
      config: { ...(route.scope === undefined ? {} : { scope: route.scope }), ...(route.roles ? { roles: route.roles } : {}) },
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      ...(route.admit ? { onRequest: route.admit(c) } : {}),
      ...(body?.checked
        ? {
            preHandler: async (req) => {
              req.body = parseBody(body.schema, req.body);
            },
          }
        : {}),
      handler: (req, reply) => route.handler(c, req, reply),
    });
  }
}

/** The path the document names a route by: `{name}` for `:name`, `{file}` for a trailing `*`. */
export const documentedPath = (route: Route): string => route.documentedPath ?? route.url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{file}');

/** The body limit of a route that takes no photo: a search or a void's reason. */
export const SMALL_BODY = 64 * 1024;

/** A certificate number in a path. */
export const NUMBER_PARAMETER: Json = {
  name: 'number',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'the certificate number, URL-encoded (its slashes as %2F)',
};
