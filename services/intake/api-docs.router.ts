import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { endpointDocs, fieldRows, webhookDocs } from './api-docs.js';
import { buildOpenApiDocument } from './openapi.js';

/**
 * `/api/v1/openapi.json` and a readable `/api/v1/docs`, both public: they describe the API and the
 * category list, nothing about tickets. Mounted at `/api/v1` before the authenticated router.
 */
export function apiDocsRouter(ctx: AppContext): Router {
  // Both follow the organisation in force (its categories), rebuilt only when a new version is installed.
  const document = () =>
    ctx.domain.derived('openapi-document', (domain) =>
      buildOpenApiDocument(domain.table, ctx.config.PUBLIC_BASE_URL),
    );
  const page = () =>
    ctx.domain.derived('api-docs-page', () =>
      ctx.views.render('api-docs.njk', {
        endpoints: endpointDocs(document()),
        webhooks: webhookDocs(document()),
        ticketFields: fieldRows(document() as never, { $ref: '#/components/schemas/Ticket' }),
        errorFields: fieldRows(document() as never, { $ref: '#/components/schemas/Error' }),
        baseUrl: ctx.config.PUBLIC_BASE_URL,
      }),
    );
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document());
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page());
  });
  return router;
}
