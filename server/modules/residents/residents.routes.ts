import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { residentOf, sessionOfRequest } from '../../http/guards.ts';
import { ResponseCache, sendCached } from '../../http/response-cache.ts';
import type { ClientInfo } from '../accounts/auth-events.ts';
import { clearSessionCookie } from '../accounts/session-cookie.ts';
import { declareMoveOut, deleteResidentAccount, exportConsumptionCsv, exportPersonalData } from './data-rights.service.ts';
import { confirmEmailChange, emailChangeLimits, requestEmailChange } from './email-change.service.ts';
import { residentCosts } from '#shared/contracts/tariffs.ts';
import { getResidentCosts } from './resident-costs.service.ts';
import { getResidentDaily, getResidentDashboard, getResidentHourly } from './resident-consumption.service.ts';
import { residentScopeOf } from './resident-scope.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../accounts/api-tokens.service.ts';
import { getResidentMeterTotals } from './meter-totals.service.ts';
import { apiTokenCreateBody, apiTokenCreated, apiTokenList, residentMeterTotals } from '#shared/contracts/api-tokens.ts';
import { getResidentOptions, getResidentProfile, updateResidentOptions, updateResidentProfileDetails } from './resident-settings.service.ts';
import { consumptionExportQuery, dailyQuery, hourlyQuery } from './residents.schemas.ts';
import {
  currentPasswordBody,
  emailChangeConfirmBody,
  emailChangeConfirmed,
  emailChangeRequestBody,
  emailChangeRequested,
  moveOutBody,
  moveOutDeclared,
  personalDataExport,
  residentDaily,
  residentDashboard,
  residentHourly,
  residentOptions,
  residentOptionsBody,
  residentProfile,
  residentProfileBody,
} from '#shared/contracts/residents.ts';

const residentAccess: AccessPolicy = { kind: 'resident' };
/** The resident's consumption reads, which their personal access token may also call (GET only). */
const tokenReadAccess: AccessPolicy = { kind: 'resident', apiToken: 'read' };
/** OpenAPI: the route accepts the session cookie or `Authorization: Bearer rcp_…`. */
const tokenSecurity = [{ residentApiToken: [] }];
const tokenNote = (example: string) =>
  `Also with a personal access token (read-only): \`curl -H "Authorization: Bearer rcp_…" https://portal.example/api${example}\``;
/** Some thousand residents' dashboards per process (about 30 kB each, plus 3 kB gzipped). */
const DASHBOARD_CACHE_SIZE = 32 * 1024 * 1024;
const tags = ['resident portal'];

function clientOf(request: FastifyRequest): ClientInfo {
  return { clientAddress: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}

/**
 * « Mes suivis de consommation »: a resident's own dwelling, never before their privacy
 * boundary. No route takes a dwelling or user id: everything follows from the session.
 */
export function residentRoutes(context: AppContext): FastifyPluginAsyncZod {
  const scopeOf = (request: FastifyRequest) => residentScopeOf(residentOf(request), context.clock);
  const config = { access: residentAccess };
  const tokenConfig = { access: tokenReadAccess };

  const dashboards = new ResponseCache(DASHBOARD_CACHE_SIZE);

  return async (app) => {
    app.get(
      '/resident/consumption',
      {
        config: tokenConfig,
        schema: {
          tags,
          summary: 'Dashboard: each fluid’s month, year, history, last 30 days and comparisons',
          description: tokenNote('/resident/consumption'),
          security: tokenSecurity,
          response: { 200: residentDashboard },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        // The scope holds all a dashboard depends on: the dwelling, the privacy boundary, today, the residence's consumption version.
        return sendCached(request, reply, dashboards, JSON.stringify(scope), async () =>
          JSON.stringify(z.encode(residentDashboard, await getResidentDashboard(context, scope))),
        );
      },
    );

    app.get(
      '/resident/costs',
      { config, schema: { tags, summary: 'Estimated costs (€) and CO₂ (kg CO₂e) per month and per year, with the tariffs used; not a bill', response: { 200: residentCosts } } },
      async (request) => getResidentCosts(context, scopeOf(request)),
    );

    app.get(
      '/resident/consumption/daily',
      {
        config: tokenConfig,
        schema: {
          tags,
          summary: 'Daily consumption of one fluid',
          description: tokenNote('/resident/consumption/daily?fluid=cold_water&from=2026-03-01&to=2026-03-15'),
          security: tokenSecurity,
          querystring: dailyQuery,
          response: { 200: residentDaily },
        },
      },
      async (request) => getResidentDaily(context, scopeOf(request), request.query),
    );

    app.get(
      '/resident/consumption/hourly',
      {
        config: tokenConfig,
        schema: {
          tags,
          summary: 'Hourly consumption of one fluid on one day, for hourly meters',
          description: tokenNote('/resident/consumption/hourly?fluid=hot_water&day=2026-03-15'),
          security: tokenSecurity,
          querystring: hourlyQuery,
          response: { 200: residentHourly },
        },
      },
      async (request) => getResidentHourly(context, scopeOf(request), request.query),
    );

    app.get(
      '/resident/consumption/meters',
      {
        config: tokenConfig,
        schema: {
          tags,
          summary: 'Per meter, the consumption since move-in as a growing total and its unit (for Home Assistant’s energy dashboard)',
          description: `${tokenNote('/resident/consumption/meters')}. See docs/HOME-ASSISTANT.md for REST sensors reading it.`,
          security: tokenSecurity,
          response: { 200: residentMeterTotals },
        },
      },
      async (request) => getResidentMeterTotals(context, scopeOf(request)),
    );

    app.get(
      '/resident/api-tokens',
      { config, schema: { tags, summary: 'The resident’s personal access tokens: name, expiry, last use, daily use counts (never the token itself)', response: { 200: apiTokenList } } },
      async (request) => listApiTokens(context, residentOf(request)),
    );

    app.post(
      '/resident/api-tokens',
      {
        config,
        schema: { tags, summary: 'Create a personal access token (read-only; shown once, in this answer only)', body: apiTokenCreateBody, response: { 201: apiTokenCreated } },
      },
      async (request, reply) => reply.status(201).send(await createApiToken(context, residentOf(request), request.body)),
    );

    app.delete(
      '/resident/api-tokens/:tokenId',
      { config, schema: { tags, summary: 'Revoke a personal access token at once', params: z.object({ tokenId: z.uuid() }) } },
      async (request, reply) => {
        await revokeApiToken(context, residentOf(request).userId, request.params.tokenId);
        return reply.status(204).send();
      },
    );


    app.get(
      '/resident/options',
      { config, schema: { tags, summary: 'Notice options and the manager’s access to daily data', response: { 200: residentOptions } } },
      async (request) => getResidentOptions(context, residentOf(request).userId),
    );

    app.put(
      '/resident/options',
      { config, schema: { tags, summary: 'Change the options (effective at once; audited)', body: residentOptionsBody, response: { 200: residentOptions } } },
      async (request) => updateResidentOptions(context, residentOf(request).userId, request.body, request.ip),
    );

    app.get(
      '/resident/profile',
      { config, schema: { tags, summary: 'Civilité, names, mobile, email, move-in and move-out dates', response: { 200: residentProfile } } },
      async (request) => getResidentProfile(context, residentOf(request).userId),
    );

    app.put(
      '/resident/profile',
      { config, schema: { tags, summary: 'Change civilité, names and mobile (normalised)', body: residentProfileBody, response: { 200: residentProfile } } },
      async (request) => updateResidentProfileDetails(context, residentOf(request).userId, request.body, request.ip),
    );

    app.post(
      '/resident/email-change',
      {
        config,
        schema: { tags, summary: 'Ask to change the email address: current password, then a code sent to the new address', body: emailChangeRequestBody, response: { 202: emailChangeRequested } },
      },
      async (request, reply) => {
        residentOf(request);
        const sent = await requestEmailChange(context, sessionOfRequest(request).user, { ...request.body, client: clientOf(request) });
        return reply.status(202).send({ ...sent, ...emailChangeLimits });
      },
    );

    app.post(
      '/resident/email-change/confirm',
      { config, schema: { tags, summary: 'Confirm the new address with the emailed code', body: emailChangeConfirmBody, response: { 200: emailChangeConfirmed } } },
      async (request) => {
        residentOf(request);
        return confirmEmailChange(context, sessionOfRequest(request).user, { code: request.body.code, clientAddress: request.ip });
      },
    );

    app.get(
      '/resident/export/consumption.csv',
      {
        config: tokenConfig,
        schema: {
          tags,
          summary: 'Own consumption as CSV (daily or monthly; `;`, decimal comma, UTF-8 with BOM)',
          description: tokenNote('/resident/export/consumption.csv?period=monthly'),
          security: tokenSecurity,
          querystring: consumptionExportQuery,
        },
      },
      async (request, reply) => {
        const csv = await exportConsumptionCsv(context, scopeOf(request), request.query.period);
        const name = request.query.period === 'daily' ? 'consommation-quotidienne.csv' : 'consommation-mensuelle.csv';
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(`\uFEFF${csv}`);
      },
    );

    app.get(
      '/resident/export/personal-data.json',
      { config, schema: { tags, summary: 'Personal data export: profile, options, consents, sessions, audit events, consumption', response: { 200: personalDataExport } } },
      async (request, reply) => {
        reply.header('content-disposition', 'attachment; filename="mes-donnees-personnelles.json"');
        return exportPersonalData(context, scopeOf(request), sessionOfRequest(request));
      },
    );

    app.delete(
      '/resident/account',
      { config, schema: { tags, summary: 'Delete the account (current password; ends every session; frees the email and the dwelling)', body: currentPasswordBody } },
      async (request, reply) => {
        await deleteResidentAccount(context, scopeOf(request), sessionOfRequest(request).user, { ...request.body, client: clientOf(request) });
        clearSessionCookie(reply, context.config);
        return reply.status(204).send();
      },
    );

    app.put(
      '/resident/move-out',
      { config, schema: { tags, summary: 'Declare the move-out date (access ends after it; the dwelling is then free)', body: moveOutBody, response: { 200: moveOutDeclared } } },
      async (request, reply) => {
        const declared = await declareMoveOut(context, scopeOf(request), sessionOfRequest(request).user, { ...request.body, client: clientOf(request) });
        if (declared.hasAccessEnded) clearSessionCookie(reply, context.config);
        return declared;
      },
    );
  };
}
