import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { hasBadCharacters } from '../../http/bad-bytes.ts';
import { AppError } from '../../http/errors.ts';
import { listPendingQuarantine } from './ingest.queries.ts';
import { authenticateDataSource } from './data-sources.service.ts';
import { quarantineQuerySchema, readingsCsvOptionsSchema } from './ingest.schemas.ts';
import { quarantineResponseSchema, readingsImportResponseSchema, wmbusIngestResponseSchema } from '#shared/contracts/ingest.ts';
import { RateLimiter } from './rate-limiter.ts';
import { importReadingsCsv } from './readings-import.service.ts';
import { countIngestedMessages } from './ingest.metrics.ts';
import { createGroupedWmbusIngest, splitMessages } from './wmbusmeters.service.ts';

/** A gateway posting every few seconds stays far below this; a loop gone wrong does not. */
const INGEST_REQUESTS_PER_MINUTE = 60_000;
const INGEST_BODY_LIMIT = 1024 * 1024;
const CSV_BODY_LIMIT = 200 * 1024 * 1024;

const ingestToken: AccessPolicy = { kind: 'ingest-token' };
const dataStaff: AccessPolicy = { kind: 'staff', staffRoles: ['data', 'admin'] };

/** Bodies are kept as text: JSON lines are not one JSON document, and index digits must stay as printed. */
const TEXT_CONTENT_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl', 'text/plain', 'text/csv'];

export function ingestRoutes(context: AppContext, options: { requestsPerMinute?: number } = {}): FastifyPluginAsyncZod {
  return async (app) => {
    app.removeContentTypeParser('application/json');
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser(TEXT_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

    const sources = new WeakMap<FastifyRequest, string>();
    const limiter = new RateLimiter(options.requestsPerMinute ?? INGEST_REQUESTS_PER_MINUTE, 60_000);
    /** Verifies the data-source token before the body is read; the session guard leaves these routes to it. */
    const requireIngestToken = async (request: FastifyRequest, reply: FastifyReply) => {
      const source = await authenticateDataSource(context, request.headers.authorization);
      const waitMs = limiter.take(source.id);
      if (waitMs > 0) {
        void reply.header('retry-after', Math.ceil(waitMs / 1000));
        throw new AppError('rate_limited', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
      }
      sources.set(request, source.id);
    };
    const wmbusIngest = createGroupedWmbusIngest(context, context.config.ingestGroup);
    // On close (graceful shutdown), posts waiting for their group are written at once, and later ones alone.
    app.addHook('onClose', () => wmbusIngest.close());

    app.post(
      '/ingest/wmbusmeters',
      {
        config: { access: ingestToken },
        onRequest: requireIngestToken,
        bodyLimit: INGEST_BODY_LIMIT,
        schema: {
          summary: 'wmbusmeters JSON in: one object or JSON lines, as wmbusmeters prints them',
          tags: ['ingest'],
          response: { 200: wmbusIngestResponseSchema },
        },
      },
      async (request) => {
        const body = typeof request.body === 'string' ? request.body : '';
        const summary = await wmbusIngest.ingest(splitMessages(body), { dataSourceId: sources.get(request) ?? null });
        countIngestedMessages(context, 'http', summary);
        return summary;
      },
    );

    app.post(
      '/ingest/readings-csv',
      {
        config: { access: dataStaff },
        bodyLimit: CSV_BODY_LIMIT,
        schema: {
          summary: 'Readings CSV upload (whole file refused on any bad line)',
          tags: ['ingest'],
          querystring: readingsCsvOptionsSchema,
          response: { 200: readingsImportResponseSchema },
        },
      },
      async (request) => {
        const { origin, ...options } = request.query;
        const body = typeof request.body === 'string' ? request.body : '';
        // A CSV import is all or nothing: a bad byte anywhere refuses the file.
        if (hasBadCharacters(body)) throw new AppError('invalid_characters');
        const report = await importReadingsCsv(context, { lines: body.split(/\r?\n/), origin: origin ?? 'upload' }, options);
        if (report.outcome === 'refused') {
          throw new AppError('import_refused', { batchId: report.batchId, errorCount: report.errorCount, errors: report.errors });
        }
        return { ...report, outcome: 'imported' as const };
      },
    );

    app.get(
      '/ingest/quarantine',
      {
        config: { access: { kind: 'staff', staffRoles: ['support', 'data', 'admin'] } },
        schema: {
          summary: 'Messages kept for devices not registered yet',
          tags: ['ingest'],
          querystring: quarantineQuerySchema,
          response: { 200: quarantineResponseSchema },
        },
      },
      async (request) => {
        const { total, messages } = await listPendingQuarantine(context.db, request.query.limit);
        return {
          total,
          messages: messages.map((message) => ({
            id: message.id,
            receivedAt: message.receivedAt.toISOString(),
            driver: message.driver,
            radioId: message.radioId,
            printedSerial: message.printedSerial,
            reason: message.reason,
            rawMessage: message.rawMessage,
          })),
        };
      },
    );
  };
}
