/** GET /openapi.json: the service's OpenAPI document, generated from the routes it serves. */
import type { ServiceContext } from '../context.js';
import type { Route } from '../route.js';

export const apiDocumentRoute: Route = {
  method: 'GET',
  url: '/openapi.json',
  doc: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
  handler: async (c: ServiceContext) => c.apiDocument(),
};
