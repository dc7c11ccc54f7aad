import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { idParams, inventorySearchQuery } from './backoffice.schemas.ts';
import {
  devicePage,
  dwellingDetail,
  dwellingPage,
  occupantChangeBody,
  publicationResult,
  replacementBody,
  replacementResult,
  residenceDetail,
  residencePage,
  signupLookupBudgetLift,
} from '#shared/contracts/backoffice.ts';
import {
  getDwelling,
  getResidence,
  liftSignupLookupBudgetAsStaff,
  listDevices,
  listDwellings,
  listResidences,
  publishResidenceAsStaff,
  recordOccupantChange,
  replaceDevice,
} from './inventory.service.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';

const tags = ['back office: inventory'];

/** Every staff member reads the inventory; data staff change it and publish residences. */
export function inventoryScreenRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { access: staffAccess.anyStaff };
    const data = { access: staffAccess.data };
    app.get(
      '/residences',
      { config: read, schema: { tags, summary: 'Residences by building code, name or address', querystring: inventorySearchQuery, response: { 200: residencePage } } },
      async (request) => listResidences(context, request.query),
    );
    app.post(
      '/residences/:id/signup-lookup-budget/lift',
      {
        config: { access: staffAccess.support },
        schema: { tags, summary: "Lift the residence's sign-up look-up budget for 24 hours (a flyer day)", params: idParams, response: { 200: signupLookupBudgetLift } },
      },
      async (request) => liftSignupLookupBudgetAsStaff(context, staffActorOf(request), request.params.id),
    );
    app.get('/residences/:id', { config: read, schema: { tags, summary: 'A residence and its dwellings', params: idParams, response: { 200: residenceDetail } } }, async (request) =>
      getResidence(context, request.params.id),
    );
    app.post(
      '/residences/:id/publication',
      { config: data, schema: { tags, summary: "Publish a residence's data (only when it has readings); notifies its managers", params: idParams, response: { 200: publicationResult } } },
      async (request) => publishResidenceAsStaff(context, staffActorOf(request), request.params.id),
    );
    app.get(
      '/dwellings',
      { config: read, schema: { tags, summary: 'Dwellings by dwelling code, client number or reference', querystring: inventorySearchQuery, response: { 200: dwellingPage } } },
      async (request) => listDwellings(context, request.query),
    );
    app.get(
      '/dwellings/:id',
      { config: read, schema: { tags, summary: 'A dwelling: devices, changes of occupant, resident accounts', params: idParams, response: { 200: dwellingDetail } } },
      async (request) => getDwelling(context, request.params.id),
    );
    app.post(
      '/dwellings/:id/occupant-changes',
      { config: data, schema: { tags, summary: "Record a dwelling's change of occupant", params: idParams, body: occupantChangeBody, response: { 201: dwellingDetail } } },
      async (request, reply) => reply.code(201).send(await recordOccupantChange(context, staffActorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/devices',
      { config: read, schema: { tags, summary: 'Devices by serial number (prefix) or radio id', querystring: inventorySearchQuery, response: { 200: devicePage } } },
      async (request) => listDevices(context, request.query),
    );
    app.post(
      '/devices/:id/replacement',
      {
        config: data,
        schema: { tags, summary: 'Replace a device: removed and its successor installed the same day', params: idParams, body: replacementBody, response: { 200: replacementResult } },
      },
      async (request) => replaceDevice(context, staffActorOf(request), request.params.id, request.body),
    );
  };
}
