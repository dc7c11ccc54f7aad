import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.ts';
import { requireDeclaredAccess } from './http/access.ts';
import { registerBadBytesGuard } from './http/bad-bytes.ts';
import { registerErrorHandler, registerNotFoundHandler } from './http/error-handler.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerHttpMetrics } from './metrics/http-metrics.ts';
import { moduleManifests } from './modules.ts';
import { listenForSessionChanges } from './modules/accounts/session-cache-listener.ts';
import { registerGuards } from './modules/accounts/session-guards.ts';
import { createSessionRowCache } from './modules/accounts/sessions.service.ts';

const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface BuildAppOptions {
  /** Serve the built React app (web/dist) beside the API. Tests of the API leave it off. */
  serveWeb?: boolean;
  logger?: boolean;
}

/** Builds the Fastify app: the platform's layers, then every module's routes from the one module list. */
export async function buildApp(context: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = context;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  requireDeclaredAccess(app);
  registerErrorHandler(app);

  registerHttpMetrics(app, context.metrics);
  registerSecurityHeaders(app, config);
  registerBadBytesGuard(app);
  await app.register(cookie, { secret: [...config.acceptedSessionSecrets] });
  const sessionCache = createSessionRowCache(context);
  if (sessionCache) {
    const stopListening = await listenForSessionChanges(context.database, sessionCache, app.log);
    app.addHook('onClose', stopListening);
  }
  // After the cookie plugin, whose onRequest hook parses the cookies the guards read.
  registerGuards(app, context, sessionCache);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Mes suivis de consommation API',
        description: 'Resident consumption portal: sign-up, consumption, manager space, back office, ingest.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          residentApiToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A resident’s personal access token (`rcp_…`), created in « Mes données »: read-only, opens only the routes that list it (consumption, alerts, consumption export, meter totals). Example: `curl -H "Authorization: Bearer rcp_…" https://portal.example/api/resident/consumption/meters`.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(
    async (api) => {
      for (const { routes } of moduleManifests) {
        if (routes) await api.register(routes.plugin(context), { prefix: routes.prefix });
      }
    },
    { prefix: '/api' },
  );

  const isWebBuilt = existsSync(path.join(webDistDir, 'index.html'));
  if (options.serveWeb && !isWebBuilt) app.log.warn('web/dist is missing: run `npm run build:web` to serve the web app');
  const serveWeb = Boolean(options.serveWeb && isWebBuilt);
  if (serveWeb) await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: 'index.html' });
  registerNotFoundHandler(app, { webIndexHtml: serveWeb });
  return app;
}
