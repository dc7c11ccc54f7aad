import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { auditPage } from '#shared/contracts/backoffice.ts';
import { auditQuery } from './backoffice.schemas.ts';
import { getAuditTrail } from './audit-trail.service.ts';
import { staffAccess } from './staff-access.ts';

/** Who did what: administrators search the append-only trail. */
export function auditTrailRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit-events',
      {
        config: { access: staffAccess.admin },
        schema: { tags: ['back office: audit'], summary: 'The audit trail, by actor, action, target and UTC time range', querystring: auditQuery, response: { 200: auditPage } },
      },
      async (request) => getAuditTrail(context, request.query),
    );
  };
}
