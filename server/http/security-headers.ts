import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.ts';

/**
 * Security headers on every answer (CSP, frame, referrer, content-type sniffing, HSTS on
 * https), and Cache-Control on every API answer. helmet's middleware is built once here: the Fastify plugin builds it again, and
 * parses the policy again, on every request.
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'publicUrl'>): void {
  const isHttps = config.publicUrl.startsWith('https://');
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: isHttps ? [] : null,
      },
    },
    hsts: isHttps,
  });
  app.addHook('onRequest', (request, reply, done) => setSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', API_CACHE_CONTROL);
    return payload;
  });
}

/**
 * Every API answer may carry personal data (an account page, an export, a dwelling's
 * figures): no shared cache may keep it, and none is stored at all unless the route says
 * otherwise (the dashboards' `private, no-cache` with an ETag, response-cache.ts).
 */
const API_CACHE_CONTROL = 'private, no-store';
