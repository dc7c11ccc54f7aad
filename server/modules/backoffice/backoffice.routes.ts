import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { assistanceInboxRoutes } from './assistance-inbox.routes.ts';
import { auditTrailRoutes } from './audit-trail.routes.ts';
import { clientRoutes } from './clients.routes.ts';
import { dataHealthRoutes } from './data-health.routes.ts';
import { inventoryScreenRoutes } from './inventory.routes.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { residentAccountRoutes } from './resident-accounts.routes.ts';
import { staffUserRoutes } from './staff-users.routes.ts';
import { uploadRoutes } from './uploads.routes.ts';

/**
 * The operator back office's API, under `/api/staff/…`: one plugin per screen, each route
 * with its staff roles (`staff-access.ts`) and every change written to the audit trail.
 */
export function backofficeRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(staffUserRoutes(context));
    await app.register(clientRoutes(context));
    await app.register(inventoryScreenRoutes(context));
    await app.register(uploadRoutes(context));
    await app.register(assistanceInboxRoutes(context));
    await app.register(residentAccountRoutes(context));
    await app.register(dataHealthRoutes(context));
    await app.register(outboxRoutes(context));
    await app.register(auditTrailRoutes(context));
  };
}
