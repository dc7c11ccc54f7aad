import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { importInventoryCsv } from './inventory-import.service.ts';
import { inventoryImportQuerySchema, inventoryImportResponseSchema } from './inventory.schemas.ts';
import { parseCleanText } from '../../http/bad-bytes.ts';

const CSV_BODY_LIMIT = 20 * 1024 * 1024;

export function inventoryRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(['text/csv'], { parseAs: 'string' }, parseCleanText);

    app.post(
      '/inventory/import',
      {
        config: { access: { kind: 'staff', staffRoles: ['data', 'admin'] } },
        bodyLimit: CSV_BODY_LIMIT,
        schema: {
          summary: 'Inventory CSV upload: clients, residences, dwellings and devices (whole file refused on any bad line)',
          tags: ['inventory'],
          querystring: inventoryImportQuerySchema,
          response: { 200: inventoryImportResponseSchema },
        },
      },
      async (request) => {
        const text = typeof request.body === 'string' ? request.body : '';
        const report = await importInventoryCsv(context, { text, origin: request.query.origin ?? 'upload' });
        if (report.outcome === 'refused') {
          throw new AppError('import_refused', { batchId: report.batchId, errorCount: report.errors.length, errors: report.errors.slice(0, 500) });
        }
        return { ...report, outcome: 'imported' as const };
      },
    );
  };
}
