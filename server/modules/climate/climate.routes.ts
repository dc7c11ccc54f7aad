import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { parseCleanText } from '../../http/bad-bytes.ts';
import { AppError } from '../../http/errors.ts';
import { residentOf, staffOf } from '../../http/guards.ts';
import { ResponseCache, sendCached } from '../../http/response-cache.ts';
import { residentScopeOf } from '../residents/resident-scope.ts';
import { degreeDaysImported, heatingClimate, residenceStation, residenceStationBody, weatherStationList } from '#shared/contracts/climate.ts';
import { findHeatingClimateStation, getHeatingClimate, getResidenceStation, importDegreeDays, listWeatherStations, setResidenceStation } from './climate.service.ts';

const CSV_BODY_LIMIT = 20 * 1024 * 1024;
const dataStaff = { access: { kind: 'staff', staffRoles: ['data', 'admin'] } } as const;
const anyStaff = { access: { kind: 'staff', staffRoles: ['support', 'data', 'admin'] } } as const;
const tags = ['climate'];
const residenceParams = z.object({ residenceId: z.uuid() });
/** Some thousand residents' heating comparisons per process (about 10 kB each, plus 1 kB gzipped). */
const HEATING_CLIMATE_CACHE_SIZE = 8 * 1024 * 1024;

/** Degree days in (staff), a residence's station (staff), and the resident's heating at equal climate. */
export function climateRoutes(context: AppContext): FastifyPluginAsyncZod {
  const heatingComparisons = new ResponseCache(HEATING_CLIMATE_CACHE_SIZE);

  return async (app) => {
    app.addContentTypeParser(['text/csv'], { parseAs: 'string' }, parseCleanText);

    app.post(
      '/climate/degree-days',
      {
        config: dataStaff,
        bodyLimit: CSV_BODY_LIMIT,
        schema: { tags, summary: 'Degree-day CSV upload (whole file refused on any bad line; a day imported again is replaced)', response: { 200: degreeDaysImported } },
      },
      async (request) => {
        const text = typeof request.body === 'string' ? request.body : '';
        const report = await importDegreeDays(context, text, { userId: staffOf(request).userId });
        if (report.outcome === 'refused') throw new AppError('degree_days_refused', { errorCount: report.errors.length, errors: report.errors.slice(0, 500) });
        return report;
      },
    );

    app.get('/climate/stations', { config: anyStaff, schema: { tags, summary: 'Weather stations with their degree days', response: { 200: weatherStationList } } }, async () =>
      listWeatherStations(context),
    );

    app.get(
      '/climate/residences/:residenceId/station',
      { config: anyStaff, schema: { tags, summary: 'The weather station a residence is tied to', params: residenceParams, response: { 200: residenceStation } } },
      async (request) => getResidenceStation(context, request.params.residenceId),
    );

    app.put(
      '/climate/residences/:residenceId/station',
      {
        config: dataStaff,
        schema: { tags, summary: 'Ties a residence to a weather station (null unties it)', params: residenceParams, body: residenceStationBody, response: { 200: residenceStation } },
      },
      async (request) => setResidenceStation(context, request.params.residenceId, request.body.station, { userId: staffOf(request).userId }),
    );

    app.get(
      '/resident/heating-climate',
      { config: { access: { kind: 'resident' } }, schema: { tags, summary: 'The resident’s monthly heating, raw and climate-corrected, with the degree days', response: { 200: heatingClimate } } },
      async (request, reply) => {
        const scope = residentScopeOf(residentOf(request), context.clock);
        // Cached like the dashboard: the key holds all the answer depends on (the scope with its
        // consumption version, the station and its degree-day version), so it is never stale.
        const station = await findHeatingClimateStation(context, scope.residenceId);
        return sendCached(request, reply, heatingComparisons, JSON.stringify({ scope, station }), async () =>
          JSON.stringify(z.encode(heatingClimate, await getHeatingClimate(context, scope, station))),
        );
      },
    );
  };
}
