import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { idParams } from './backoffice.schemas.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';
import { changeStaffRoleBody, invitationSent, inviteStaffBody, staffUser, staffUserList } from '#shared/contracts/backoffice.ts';
import { changeStaffRole, deactivateStaffUser, getStaffUsers, inviteStaffUser, resendStaffInvitation } from './staff-users.service.ts';

const tags = ['back office: staff users'];

export function staffUserRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { access: staffAccess.admin };
    app.get('/staff-users', { config, schema: { tags, summary: 'Staff users and their roles', response: { 200: staffUserList } } }, async () => getStaffUsers(context));
    app.post(
      '/staff-users',
      { config, schema: { tags, summary: 'Invite a staff member by email (set-password link)', body: inviteStaffBody, response: { 201: invitationSent } } },
      async (request, reply) => reply.code(201).send(await inviteStaffUser(context, staffActorOf(request), request.body)),
    );
    app.post(
      '/staff-users/:id/invitation',
      { config, schema: { tags, summary: 'Send the invitation again (a new code)', params: idParams, response: { 200: invitationSent } } },
      async (request) => resendStaffInvitation(context, staffActorOf(request), request.params.id),
    );
    app.patch(
      '/staff-users/:id',
      { config, schema: { tags, summary: "Change a staff member's role", params: idParams, body: changeStaffRoleBody, response: { 200: staffUser } } },
      async (request) => changeStaffRole(context, staffActorOf(request), request.params.id, request.body.role),
    );
    app.post(
      '/staff-users/:id/deactivate',
      { config, schema: { tags, summary: 'Deactivate a staff member (ends their sessions)', params: idParams, response: { 200: staffUser } } },
      async (request) => deactivateStaffUser(context, staffActorOf(request), request.params.id),
    );
  };
}
