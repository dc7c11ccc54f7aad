import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { publicAccess } from '../../http/access.ts';
import { assistanceRequestBody, assistanceRequestResponse } from '#shared/contracts/assistance.ts';
import { submitAssistanceRequest } from './assistance.service.ts';

export function assistanceRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/assistance-requests',
      {
        config: { access: publicAccess },
        schema: {
          summary: '« Contacter l’assistance »: a request to customer service, acknowledged by email',
          tags: ['assistance'],
          body: assistanceRequestBody,
          response: { 201: assistanceRequestResponse },
        },
      },
      async (request, reply) => {
        const created = await submitAssistanceRequest(context, { ...request.body, clientAddress: request.ip });
        return reply.status(201).send(created);
      },
    );
  };
}
