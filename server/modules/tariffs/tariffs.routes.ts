import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { staffOf } from '../../http/guards.ts';
import { energySupplyBody, residenceTariffs, tariffRateBody } from '#shared/contracts/tariffs.ts';
import { addEnergySupply, addTariffRate, getResidenceTariffs } from './tariffs.service.ts';

const tags = ['back office: tariffs'];
const params = z.object({ id: z.uuid() });

/** Every staff member reads a residence's tariffs; data staff and admins add to them (see backoffice/staff-access.ts). */
const read: { access: AccessPolicy } = { access: { kind: 'staff', staffRoles: ['support', 'data', 'admin'] } };
const write: { access: AccessPolicy } = { access: { kind: 'staff', staffRoles: ['data', 'admin'] } };

export function tariffRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const actorOf = (request: Parameters<typeof staffOf>[0]) => ({ userId: staffOf(request).userId, clientAddress: request.ip });
    app.get(
      '/residences/:id/tariffs',
      { config: read, schema: { tags, summary: 'A residence’s prices, factors and energy supplies, each from its start day', params, response: { 200: residenceTariffs } } },
      async (request) => getResidenceTariffs(context, request.params.id),
    );
    app.post(
      '/residences/:id/tariffs/rates',
      { config: write, schema: { tags, summary: 'Add a price or factor from a day on (audited; never rewrites a row)', params, body: tariffRateBody, response: { 201: residenceTariffs } } },
      async (request, reply) => reply.code(201).send(await addTariffRate(context, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/residences/:id/tariffs/supplies',
      { config: write, schema: { tags, summary: 'Add the energy behind heat and hot water, with its CO₂ factor and source, from a day on (audited)', params, body: energySupplyBody, response: { 201: residenceTariffs } } },
      async (request, reply) => reply.code(201).send(await addEnergySupply(context, actorOf(request), request.params.id, request.body)),
    );
  };
}
