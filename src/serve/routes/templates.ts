/** GET /v1/templates: the templates and papers this service prints (any valid key). */
import type { ServiceContext } from '../context.js';
import type { Route } from '../route.js';

export const templatesRoute: Route = {
  method: 'GET',
  url: '/v1/templates',
  scope: null,
  doc: { summary: 'The templates and papers this service prints', responses: { '200': { description: 'templates' } } },
  handler: async (c: ServiceContext) => ({ default: c.defaultTemplate, templates: c.templates.map(({ name, papers }) => ({ name, papers })) }),
};
