import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { alertNoticeQuery, idParams, outboxQuery } from './backoffice.schemas.ts';
import { alertNoticePage, alertNoticeRetryResult, outboxDetail, outboxPage } from '#shared/contracts/backoffice.ts';
import { getAlertNotices, getOutboxMessage, listOutbox, retryAlertNotice, retryOutboxMessage } from './outbox.service.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';

const tags = ['back office: outbox'];

/** The outbox: every staff member reads it and may send a failed message again. */
export function outboxRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { access: staffAccess.anyStaff };
    app.get('/outbox', { config, schema: { tags, summary: 'Every email and SMS: sent, pending or failed', querystring: outboxQuery, response: { 200: outboxPage } } }, async (request) =>
      listOutbox(context, request.query),
    );
    app.get('/outbox/:id', { config, schema: { tags, summary: 'One message with its text', params: idParams, response: { 200: outboxDetail } } }, async (request) =>
      getOutboxMessage(context, request.params.id),
    );
    app.post('/outbox/:id/retry', { config, schema: { tags, summary: 'Send a failed email again', params: idParams, response: { 200: outboxDetail } } }, async (request) =>
      retryOutboxMessage(context, staffActorOf(request), request.params.id),
    );
    app.get(
      '/alert-notices',
      { config, schema: { tags, summary: 'Alert notices (email, SMS) and their delivery', querystring: alertNoticeQuery, response: { 200: alertNoticePage } } },
      async (request) => getAlertNotices(context, request.query),
    );
    app.post(
      '/alert-notices/:id/retry',
      { config, schema: { tags, summary: 'Deliver an alert notice now (a failed one again)', params: idParams, response: { 200: alertNoticeRetryResult } } },
      async (request) => retryAlertNotice(context, staffActorOf(request), request.params.id),
    );
  };
}
