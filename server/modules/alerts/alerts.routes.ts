import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { residentOf } from '../../http/guards.ts';
import { residentScopeOf } from '../residents/resident-scope.ts';
import { residentAlerts } from '#shared/contracts/alerts.ts';
import { getResidentAlerts } from './alerts.service.ts';

/** The resident's personal access token may read it too (GET only). */
const residentAccess: AccessPolicy = { kind: 'resident', apiToken: 'read' };

/** « Alertes » in the resident portal: the session's own dwelling, within the privacy boundary. */
export function alertRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/resident/alerts',
      {
        config: { access: residentAccess },
        schema: { tags: ['resident portal'], summary: 'Current leak and over-consumption alerts of the dwelling, and their history',
          description: 'Also with a personal access token (read-only): `curl -H "Authorization: Bearer rcp_…" https://portal.example/api/resident/alerts`',
          security: [{ residentApiToken: [] }],
          response: { 200: residentAlerts } },
      },
      async (request) => getResidentAlerts(context, residentScopeOf(residentOf(request), context.clock)),
    );
  };
}
