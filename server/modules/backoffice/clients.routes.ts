import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { clientListQuery, idParams } from './backoffice.schemas.ts';
import {
  clientBody,
  clientDetail,
  clientPage,
  clientPatchBody,
  contractBody,
  contractPatchBody,
  managerInvitationSent,
  managerInviteBody,
  managerPatchBody,
  managerResidencesBody,
  managerUser,
} from '#shared/contracts/backoffice.ts';
import {
  createClient,
  createContract,
  deactivateManager,
  editClient,
  editContract,
  editManager,
  getClient,
  inviteManager,
  listClients,
  resendManagerInvitation,
  setManagerResidences,
} from './clients.service.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';

const tags = ['back office: clients'];

/** Clients, contracts and managers: every staff member reads them, administrators change them. */
export function clientRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { access: staffAccess.anyStaff };
    const admin = { access: staffAccess.admin };
    app.get('/clients', { config: read, schema: { tags, summary: 'Clients, searched by name', querystring: clientListQuery, response: { 200: clientPage } } }, async (request) =>
      listClients(context, request.query),
    );
    app.get('/clients/:id', { config: read, schema: { tags, summary: 'A client: contracts, residences, managers', params: idParams, response: { 200: clientDetail } } }, async (request) =>
      getClient(context, request.params.id),
    );
    app.post('/clients', { config: admin, schema: { tags, summary: 'Create a client', body: clientBody, response: { 201: clientDetail } } }, async (request, reply) =>
      reply.code(201).send(await createClient(context, staffActorOf(request), request.body)),
    );
    app.patch('/clients/:id', { config: admin, schema: { tags, summary: 'Rename a client or change its kind', params: idParams, body: clientPatchBody, response: { 200: clientDetail } } }, async (request) =>
      editClient(context, staffActorOf(request), request.params.id, request.body),
    );
    app.post(
      '/clients/:id/contracts',
      { config: admin, schema: { tags, summary: 'Add a contract and its booked options', params: idParams, body: contractBody, response: { 201: clientDetail } } },
      async (request, reply) => reply.code(201).send(await createContract(context, staffActorOf(request), request.params.id, request.body)),
    );
    app.patch(
      '/contracts/:id',
      { config: admin, schema: { tags, summary: "Change a contract's booked options or end date", params: idParams, body: contractPatchBody, response: { 200: clientDetail } } },
      async (request) => editContract(context, staffActorOf(request), request.params.id, request.body),
    );
    app.post(
      '/clients/:id/managers',
      { config: admin, schema: { tags, summary: 'Invite a manager user by email (set-password link)', params: idParams, body: managerInviteBody, response: { 201: managerInvitationSent } } },
      async (request, reply) => reply.code(201).send(await inviteManager(context, staffActorOf(request), request.params.id, request.body)),
    );
    app.patch('/managers/:id', { config: admin, schema: { tags, summary: "Change a manager's names and rights", params: idParams, body: managerPatchBody, response: { 200: managerUser } } }, async (request) =>
      editManager(context, staffActorOf(request), request.params.id, request.body),
    );
    app.put(
      '/managers/:id/residences',
      { config: admin, schema: { tags, summary: "Set the residences a manager sees (the client's only)", params: idParams, body: managerResidencesBody, response: { 200: managerUser } } },
      async (request) => setManagerResidences(context, staffActorOf(request), request.params.id, request.body.residenceIds),
    );
    app.post('/managers/:id/invitation', { config: admin, schema: { tags, summary: 'Send the invitation again', params: idParams, response: { 200: managerInvitationSent } } }, async (request) =>
      resendManagerInvitation(context, staffActorOf(request), request.params.id),
    );
    app.post('/managers/:id/deactivate', { config: admin, schema: { tags, summary: 'Deactivate a manager user', params: idParams, response: { 200: managerUser } } }, async (request) =>
      deactivateManager(context, staffActorOf(request), request.params.id),
    );
  };
}
