import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { registerGuardLayer } from '../../http/guards.ts';
import { resolveApiToken } from './api-tokens.service.ts';
import { clearSessionCookie, readSessionToken } from './session-cookie.ts';
import { resolveSession, type SessionRowCache } from './sessions.service.ts';

/** The platform's guard layer over this module's sessions and cookie: app.ts registers it before any route. */
export function registerGuards(app: FastifyInstance, context: AppContext, sessionCache?: SessionRowCache): void {
  registerGuardLayer(app, context.config, {
    readToken: (request) => readSessionToken(request, context.config),
    clearCookie: (reply) => clearSessionCookie(reply, context.config),
    resolve: (token) => resolveSession(context, token, sessionCache),
    resolveApiToken: (token) => resolveApiToken(context, token),
  });
}
