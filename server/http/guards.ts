import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { StaffRole } from '../db/schema.ts';
import { opensToApiToken, type AccessPolicy } from './access.ts';
import type { ActiveSession, ManagerCaller, ResidentCaller, SessionPorts, SessionUser } from './caller.ts';
import { AppError } from './errors.ts';

/**
 * The one guard layer. Before any handler runs, it finds the session behind the cookie,
 * refuses cross-site state changes, and enforces the route's `config.access`. Handlers then
 * read who is calling through `residentOf`, `managerOf`, `staffOf` or `signedInUserOf`.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The valid session the request carries, if any (set by the guard layer). */
    auth: ActiveSession | null;
  }
  interface FastifyInstance {
    /** Every route registered after the guards, with its policy: what the route-listing test checks. */
    guardedRoutes: GuardedRoute[];
  }
}

export interface GuardedRoute {
  method: string;
  url: string;
  access: AccessPolicy | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a personal access token may do: read. */
const TOKEN_METHODS = new Set(['GET', 'HEAD']);
const API_TOKEN_BEARER = /^Bearer\s+(rcp_\S+)\s*$/i;

/** The personal access token the request's Authorization header carries, if any (`Bearer rcp_…`). */
function apiTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header ? API_TOKEN_BEARER.exec(header)?.[1] : undefined;
}

/**
 * CSRF defence: a state-changing request that carries the session cookie must say it comes
 * from the portal's own pages (Origin, or Referer when a browser sends no Origin). SameSite=Lax
 * already keeps the cookie off cross-site POSTs; this also covers sibling sites and old browsers.
 */
function isFromPortalOrigin(request: FastifyRequest, config: Config): boolean {
  const portalOrigin = new URL(config.publicUrl).origin;
  const origin = request.headers.origin;
  if (origin) return origin === portalOrigin;
  const referer = request.headers.referer;
  if (!referer) return false;
  try {
    return new URL(referer).origin === portalOrigin;
  } catch {
    return false;
  }
}

function refusalFor(access: AccessPolicy, session: ActiveSession | null, hasSessionExpired: boolean): AppError | null {
  if (access.kind === 'public' || access.kind === 'ingest-token') return null;
  if (!session) return new AppError(hasSessionExpired ? 'session_expired' : 'unauthenticated');
  if (access.kind === 'second-factor-pending') {
    return session.assurance === 'password_only' && session.user.staff ? null : new AppError('forbidden');
  }
  if (session.assurance !== 'full') return new AppError('second_factor_required');
  const { user } = session;
  switch (access.kind) {
    case 'signed-in':
      return null;
    case 'resident':
      return user.resident ? null : new AppError('forbidden');
    case 'manager':
      return user.manager && (!access.portalAdminOnly || user.manager.isPortalAdmin) ? null : new AppError('forbidden');
    case 'staff':
      return user.staff && access.staffRoles.includes(user.staff.staffRole) ? null : new AppError('forbidden');
  }
}

function hasOwnOnRequestHook(route: { onRequest?: unknown }): boolean {
  return Array.isArray(route.onRequest) ? route.onRequest.length > 0 : typeof route.onRequest === 'function';
}

/**
 * Registers the guard layer on the root app, before any module registers its routes, over the
 * sessions the composition root hands it (the accounts module's `registerGuards`).
 */
export function registerGuardLayer(app: FastifyInstance, config: Config, sessions: SessionPorts): void {
  app.decorateRequest('auth', null);
  const guardedRoutes: GuardedRoute[] = [];
  app.decorate('guardedRoutes', guardedRoutes);

  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: AccessPolicy } | undefined)?.access;
    for (const method of [route.method].flat()) guardedRoutes.push({ method: String(method), url: route.url, access });
    if (access?.kind === 'ingest-token' && !hasOwnOnRequestHook(route)) {
      throw new Error(`Route ${String(route.method)} ${route.url} is 'ingest-token' but has no onRequest hook checking the token.`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // A personal access token opens only the routes that say so, to read, and nothing of a
    // session: a request that carries one is judged on the token alone, its cookie ignored.
    const apiToken = apiTokenOf(request);
    if (apiToken !== undefined) {
      if (!opensToApiToken(access) || !TOKEN_METHODS.has(request.method)) throw new AppError('api_token_not_allowed');
      const lookup = await sessions.resolveApiToken(apiToken);
      if (lookup.status !== 'active') throw new AppError('api_token_invalid');
      request.auth = lookup.session;
      return;
    }
    // Unknown paths (404) and machine ingest (its own token check) carry no user session.
    if (!access || access.kind === 'ingest-token') return;
    const token = sessions.readToken(request);
    if (token && !SAFE_METHODS.has(request.method) && !isFromPortalOrigin(request, config)) throw new AppError('csrf_refused');
    const lookup = token ? await sessions.resolve(token) : ({ status: 'none' } as const);
    request.auth = lookup.status === 'active' ? lookup.session : null;
    if (token && lookup.status !== 'active') sessions.clearCookie(reply);
    const refusal = refusalFor(access, request.auth, lookup.status === 'expired');
    if (refusal) throw refusal;
  });
}

/** The session itself, for routes that act on it (second factor, password change). */
export function sessionOfRequest(request: FastifyRequest): ActiveSession {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

function signedInUserOf(request: FastifyRequest): SessionUser {
  return sessionOfRequest(request).user;
}

/** The resident calling a 'resident' route, and the only dwelling they may read. */
export function residentOf(request: FastifyRequest): ResidentCaller {
  const { userId, resident } = signedInUserOf(request);
  if (!resident) throw new AppError('forbidden');
  return { userId, ...resident };
}

/** The manager calling a 'manager' route; check each residence with accounts' `assertResidenceAccess`. */
export function managerOf(request: FastifyRequest): ManagerCaller {
  const { userId, manager } = signedInUserOf(request);
  if (!manager) throw new AppError('forbidden');
  return { userId, ...manager };
}

export function staffOf(request: FastifyRequest): { userId: string; staffRole: StaffRole } {
  const { userId, staff } = signedInUserOf(request);
  if (!staff) throw new AppError('forbidden');
  return { userId, ...staff };
}
