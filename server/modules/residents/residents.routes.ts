import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { residentOf } from '../../http/guards.ts';
import { getResidentDaily, getResidentDashboard, getResidentHourly } from './resident-consumption.service.ts';
import { resolveResidentScope } from './resident-scope.ts';
import { dailyQuery, hourlyQuery, residentDaily, residentDashboard, residentHourly } from './residents.schemas.ts';

const residentAccess: AccessPolicy = { kind: 'resident' };
const tags = ['resident portal'];

/** « Mes suivis de consommation »: a resident's own dwelling, never before their privacy boundary. */
export function residentRoutes(context: AppContext): FastifyPluginAsyncZod {
  const scopeOf = (request: Parameters<typeof residentOf>[0]) => resolveResidentScope(context, residentOf(request).userId);

  return async (app) => {
    app.get(
      '/resident/consumption',
      { config: { access: residentAccess }, schema: { tags, summary: 'Dashboard: each fluid’s month, year, history and comparisons', response: { 200: residentDashboard } } },
      async (request) => getResidentDashboard(context, await scopeOf(request)),
    );

    app.get(
      '/resident/consumption/daily',
      { config: { access: residentAccess }, schema: { tags, summary: 'Daily consumption of one fluid', querystring: dailyQuery, response: { 200: residentDaily } } },
      async (request) => getResidentDaily(context, await scopeOf(request), request.query),
    );

    app.get(
      '/resident/consumption/hourly',
      { config: { access: residentAccess }, schema: { tags, summary: 'Hourly consumption of one fluid on one day, for hourly meters', querystring: hourlyQuery, response: { 200: residentHourly } } },
      async (request) => getResidentHourly(context, await scopeOf(request), request.query),
    );
  };
}
