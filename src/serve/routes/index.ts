/**
 * Every route the service answers, in the order the OpenAPI document lists
 * them. A new route is a module beside this one exporting a `Route`, added
 * here: the service mounts it and the document describes it.
 */
import type { Route } from '../route.js';
import { apiDocumentRoute } from './api-document.js';
import { counterAdminRoutes } from './counter-admin.js';
import { counterDraftRoutes } from './counter-drafts.js';
import { counterLoginRoute } from './counter-login.js';
import { counterPaperRoutes } from './counter-papers.js';
import { counterSessionRoutes } from './counter-session.js';
import { counterSiteRoutes } from './counter-site.js';
import { draftRoute } from './draft.js';
import { healthRoute } from './health.js';
import { issueRoute } from './issue.js';
import { metricsRoute } from './metrics.js';
import { readRoute } from './read.js';
import { readyRoute } from './ready.js';
import { searchRoute } from './search.js';
import { templatesRoute } from './templates.js';
import { verifierSiteRoutes } from './verifier-site.js';
import { verifyRoute } from './verify.js';
import { voidRoute } from './void.js';

export const ROUTES: readonly Route[] = [
  issueRoute,
  draftRoute,
  readRoute,
  voidRoute,
  searchRoute,
  verifyRoute,
  templatesRoute,
  healthRoute,
  readyRoute,
  metricsRoute,
  apiDocumentRoute,
  ...verifierSiteRoutes,
  counterLoginRoute,
  ...counterSessionRoutes,
  ...counterDraftRoutes,
  ...counterPaperRoutes,
  ...counterAdminRoutes,
  ...counterSiteRoutes,
];
