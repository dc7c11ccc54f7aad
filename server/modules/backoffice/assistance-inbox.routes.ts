import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { assistanceDetail, assistancePage, codeReplyDraft, replyBody, statusBody } from '#shared/contracts/backoffice.ts';
import { assistanceListQuery, codeReplyQuery, idParams } from './backoffice.schemas.ts';
import { changeAssistanceStatus, draftCodeReply, getAssistanceRequest, listAssistanceRequests, replyToAssistanceRequest } from './assistance-inbox.service.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';

const tags = ['back office: assistance'];

/** The assistance inbox: support staff (and administrators). */
export function assistanceInboxRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { access: staffAccess.support };
    app.get(
      '/assistance-requests',
      { config, schema: { tags, summary: 'Requests from « Contacter l’assistance », by status, newest first', querystring: assistanceListQuery, response: { 200: assistancePage } } },
      async (request) => listAssistanceRequests(context, request.query),
    );
    app.get('/assistance-requests/:id', { config, schema: { tags, summary: 'A request and its replies', params: idParams, response: { 200: assistanceDetail } } }, async (request) =>
      getAssistanceRequest(context, request.params.id),
    );
    app.post(
      '/assistance-requests/:id/replies',
      { config, schema: { tags, summary: 'Reply by email (recorded); the request becomes « answered »', params: idParams, body: replyBody, response: { 200: assistanceDetail } } },
      async (request) => replyToAssistanceRequest(context, staffActorOf(request), request.params.id, request.body),
    );
    app.patch(
      '/assistance-requests/:id',
      { config, schema: { tags, summary: "Change a request's status", params: idParams, body: statusBody, response: { 200: assistanceDetail } } },
      async (request) => changeAssistanceStatus(context, staffActorOf(request), request.params.id, request.body.status),
    );
    app.get(
      '/assistance-requests/:id/code-reply',
      {
        config,
        schema: { tags, summary: 'Draft the reply giving the building code and dwelling reference (nothing sent)', params: idParams, querystring: codeReplyQuery, response: { 200: codeReplyDraft } },
      },
      async (request) => draftCodeReply(context, request.params.id, request.query.dwellingId),
    );
  };
}
