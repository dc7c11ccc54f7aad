import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';
import { applyQuery, readingsPreviewQuery } from './backoffice.schemas.ts';
import { inventoryApplied, inventoryPreview, readingsApplied, readingsPreview } from '#shared/contracts/backoffice.ts';
import { applyInventoryUpload, applyReadingsUpload, previewInventoryUpload, previewReadingsUpload } from './uploads.service.ts';
import { parseCleanText } from '../../http/bad-bytes.ts';

const tags = ['back office: uploads'];
const INVENTORY_BODY_LIMIT = 20 * 1024 * 1024;
const READINGS_BODY_LIMIT = 200 * 1024 * 1024;

/** Inventory and readings CSV: preview every error or every change, then apply the same file. Data staff. */
export function uploadRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, parseCleanText);
    const config = { access: staffAccess.data };
    const textOf = (body: unknown) => (typeof body === 'string' ? body : '');

    app.post(
      '/uploads/inventory/preview',
      { config, bodyLimit: INVENTORY_BODY_LIMIT, schema: { tags, summary: 'Inventory CSV: every error (line, reason) or what it would change; writes nothing', response: { 200: inventoryPreview } } },
      async (request) => previewInventoryUpload(context, staffActorOf(request), textOf(request.body)),
    );
    app.post(
      '/uploads/inventory/apply',
      { config, bodyLimit: INVENTORY_BODY_LIMIT, schema: { tags, summary: 'Inventory CSV: import the file previewed (same file, preview id)', querystring: applyQuery, response: { 200: inventoryApplied } } },
      async (request) => applyInventoryUpload(context, staffActorOf(request), { ...request.query, text: textOf(request.body) }),
    );
    app.post(
      '/uploads/readings/preview',
      {
        config,
        bodyLimit: READINGS_BODY_LIMIT,
        schema: { tags, summary: 'Readings CSV: every error (line, reason) or the readings it would add; writes nothing', querystring: readingsPreviewQuery, response: { 200: readingsPreview } },
      },
      async (request) => previewReadingsUpload(context, staffActorOf(request), { text: textOf(request.body), options: request.query }),
    );
    app.post(
      '/uploads/readings/apply',
      { config, bodyLimit: READINGS_BODY_LIMIT, schema: { tags, summary: 'Readings CSV: import the file previewed (same file, preview id)', querystring: applyQuery, response: { 200: readingsApplied } } },
      async (request) => applyReadingsUpload(context, staffActorOf(request), { ...request.query, text: textOf(request.body) }),
    );
  };
}
