import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { dataHealthItemsQuery, idParams, residenceHealthQuery } from './backoffice.schemas.ts';
import {
  createDataSourceBody,
  createdDataSource,
  dataHealthDecisionBody,
  dataHealthDecisionResult,
  dataHealthItemsPage,
  dataSourceList,
  registerDeviceBody,
  registerDeviceResult,
  replayBody,
  replayResult,
  residenceHealthPage,
} from '#shared/contracts/backoffice.ts';
import { quarantineResponseSchema } from '#shared/contracts/ingest.ts';
import { quarantineQuerySchema } from '../ingest/ingest.schemas.ts';
import {
  createDataSourceAsStaff,
  decideDataHealthItemAsStaff,
  getDataHealthItems,
  getDataSources,
  getQuarantine,
  getResidenceHealth,
  registerDeviceAndReplay,
  replayQuarantine,
  revokeDataSourceAsStaff,
} from './data-health.service.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';

const tags = ['back office: data health'];

/** Data health: every staff member reads it; data staff register devices, replay and manage tokens. */
export function dataHealthRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { access: staffAccess.anyStaff };
    const data = { access: staffAccess.data };
    app.get('/quarantine', { config: read, schema: { tags, summary: 'Messages kept for unknown devices, newest first', querystring: quarantineQuerySchema, response: { 200: quarantineResponseSchema } } }, async (request) =>
      getQuarantine(context, request.query.limit),
    );
    app.post(
      '/quarantine/devices',
      { config: data, schema: { tags, summary: 'Register the unknown device in a dwelling, then replay its messages', body: registerDeviceBody, response: { 201: registerDeviceResult } } },
      async (request, reply) => reply.code(201).send(await registerDeviceAndReplay(context, staffActorOf(request), request.body)),
    );
    app.post(
      '/quarantine/replay',
      { config: data, schema: { tags, summary: 'Replay the messages of devices now registered (by radio id or serial)', body: replayBody, response: { 200: replayResult } } },
      async (request) => replayQuarantine(context, staffActorOf(request), request.body),
    );
    app.get(
      '/data-health/residences',
      { config: read, schema: { tags, summary: 'Latest reading per residence, and its silent devices', querystring: residenceHealthQuery, response: { 200: residenceHealthPage } } },
      async (request) => getResidenceHealth(context, request.query),
    );
    app.get(
      '/data-health/items',
      {
        config: read,
        schema: { tags, summary: 'Excursions, flow over the plausible rate and lasting decreases, newest first', querystring: dataHealthItemsQuery, response: { 200: dataHealthItemsPage } },
      },
      async (request) => getDataHealthItems(context, request.query),
    );
    app.post(
      '/data-health/items/:id/decision',
      {
        config: data,
        schema: {
          tags,
          summary: 'Mark an item real (an excursion is billed, a lasting decrease starts a new segment) or a glitch; the device is recomputed',
          params: idParams,
          body: dataHealthDecisionBody,
          response: { 200: dataHealthDecisionResult },
        },
      },
      async (request) => decideDataHealthItemAsStaff(context, staffActorOf(request), request.params.id, request.body.status),
    );
    app.get('/data-sources', { config: data, schema: { tags, summary: 'Data sources (machine ingest tokens)', response: { 200: dataSourceList } } }, async () => getDataSources(context));
    app.post(
      '/data-sources',
      { config: data, schema: { tags, summary: 'Create a data source: its token is shown in this answer only', body: createDataSourceBody, response: { 201: createdDataSource } } },
      async (request, reply) => reply.code(201).send(await createDataSourceAsStaff(context, staffActorOf(request), request.body.name)),
    );
    app.post(
      '/data-sources/:id/revoke',
      { config: data, schema: { tags, summary: 'Revoke a data source: its token stops working at once', params: idParams, response: { 200: dataSourceList } } },
      async (request) => revokeDataSourceAsStaff(context, staffActorOf(request), request.params.id),
    );
  };
}
