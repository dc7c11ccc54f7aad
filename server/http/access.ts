import type { FastifyInstance } from 'fastify';

/**
 * Every API route declares who may call it in `config.access`. The guard layer
 * (`server/http/guards.ts`) enforces the policies; this file only makes sure none is
 * forgotten: a route without one stops the app from starting.
 */
export type AccessPolicy =
  | { kind: 'public' }
  /** Machine ingest: a data-source token, not a user session. The route brings its own onRequest hook. */
  | { kind: 'ingest-token' }
  /** Any fully signed-in person, whatever the role (their own account settings). */
  | { kind: 'signed-in' }
  /** A staff member who gave the password and still owes the second factor (enrolment or code). */
  | { kind: 'second-factor-pending' }
  /**
   * A resident, on their own dwelling only (`residentOf(request)`). `apiToken: 'read'` also lets
   * the resident's personal access token (`Authorization: Bearer rcp_…`) call the route, GET only;
   * every other route refuses such a token.
   */
  | { kind: 'resident'; apiToken?: 'read' }
  /** A manager, on the residences their user has access to (`managerOf(request)`, `assertResidenceAccess`). */
  | { kind: 'manager'; portalAdminOnly?: boolean }
  | { kind: 'staff'; staffRoles: ReadonlyArray<'support' | 'data' | 'admin'> };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessPolicy;
  }
}

export const publicAccess: AccessPolicy = { kind: 'public' };

/** Whether a personal access token may call a route of this policy (its method aside: GET and HEAD only). */
export function opensToApiToken(access: AccessPolicy | undefined): boolean {
  return access?.kind === 'resident' && access.apiToken === 'read';
}

/** Routes that Fastify plugins register on their own (OpenAPI UI) rather than a module. */
const pluginRoutePrefixes = ['/api/docs'];

export function requireDeclaredAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (pluginRoutePrefixes.some((prefix) => route.url.startsWith(prefix))) return;
    const access = (route.config as { access?: AccessPolicy } | undefined)?.access;
    if (!access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy (config.access).`);
    }
  });
}
