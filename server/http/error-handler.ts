import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorDefinition, type ErrorCode, type Locale } from './errors.ts';

export function requestLocale(request: FastifyRequest): Locale {
  const cookieLocale = (request as { cookies?: Record<string, string | undefined> }).cookies?.lang;
  if (cookieLocale === 'en' || cookieLocale === 'fr') return cookieLocale;
  return request.headers['accept-language']?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/** Only for codes known to be registered: the platform's own, or an AppError's once checked. */
function body(request: FastifyRequest, code: ErrorCode, details?: Record<string, unknown>): ErrorBody {
  const message = errorDefinition(code)?.[requestLocale(request)] ?? code;
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Maps every failure to the one error shape; the details of a 5xx never leave the server. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const definition = errorDefinition(error.code);
      if (!definition) {
        request.log.error({ err: error }, 'application error whose code no module registered');
        return reply.status(500).send(body(request, 'internal_error'));
      }
      if (definition.status >= 500) request.log.error({ err: error }, 'application error');
      // Throttled refusals say when to come back.
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
      return reply.status(definition.status).send(body(request, error.code, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        problem: issue.keyword,
      }));
      return reply.status(400).send(body(request, 'validation_failed', { fields }));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status === 429) return reply.status(429).send(body(request, 'rate_limited'));
    if (status === 413) return reply.status(413).send(body(request, 'payload_too_large'));
    if (status === 415) return reply.status(415).send(body(request, 'unsupported_media_type'));
    if (status >= 400 && status < 500) return reply.status(status).send(body(request, 'malformed_request'));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body(request, 'internal_error'));
  });
}

/**
 * Unknown API paths get the JSON 404; with a web app, any other GET gets index.html so the
 * React router can take the path.
 */
export function registerNotFoundHandler(app: FastifyInstance, options: { webIndexHtml: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    if (options.webIndexHtml && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(body(request, 'not_found'));
  });
}
