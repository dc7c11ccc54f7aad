import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../db/schema.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { buildManager, buildResident, buildStaff } from '../../test/factories.ts';
import { sessionHeaders, signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { startSession } from '../accounts/sessions.service.ts';

function staffRolesOf(access: AccessPolicy | undefined): ReadonlyArray<StaffRole> {
  return access?.kind === 'staff' ? access.staffRoles : [];
}

/**
 * Every route under /api/staff, and every other route kept to staff (their own recovery codes),
 * read from the app's own route table: none may be forgotten.
 */
describe('access to every back-office route', () => {
  const harness = useTestApp();
  const callers: Record<'resident' | 'manager' | 'portalAdmin' | 'passwordOnlyAdmin' | StaffRole, SessionHeaders> = {} as never;
  let staffRoutes: Array<{ method: string; url: string; access: AccessPolicy | undefined }> = [];

  beforeAll(async () => {
    const testApp = harness();
    const { db } = testApp.context;
    staffRoutes = testApp.app.guardedRoutes.filter(
      (route) => (route.url.startsWith('/api/staff/') || route.access?.kind === 'staff') && route.method !== 'HEAD',
    );
    callers.resident = await signInAs(testApp, (await buildResident(db)).user);
    callers.manager = await signInAs(testApp, (await buildManager(db)).user);
    callers.portalAdmin = await signInAs(testApp, (await buildManager(db, { is_portal_admin: true, sees_all_residences: true })).user);
    for (const role of ['support', 'data', 'admin'] as const) callers[role] = await signInAs(testApp, (await buildStaff(db, { staff_role: role })).user);
    const pending = (await buildStaff(db, { staff_role: 'admin' })).user;
    const started = await startSession(testApp.context, { userId: pending.id, role: 'staff', assurance: 'password_only', clientAddress: '127.0.0.1', userAgent: 'test' });
    callers.passwordOnlyAdmin = sessionHeaders(testApp, started.token);
  });

  const call = (route: { method: string; url: string }, headers: Record<string, string>) =>
    harness().app.inject({
      method: route.method as 'GET',
      url: route.url.replace(/:[A-Za-z]+/g, randomUUID()),
      headers: { ...headers, 'content-type': 'application/json' },
      ...(route.method === 'GET' ? {} : { payload: '{}' }),
    });

  it('finds the staff routes in the route table, each with a staff policy', () => {
    expect(staffRoutes.length).toBeGreaterThan(40);
    const printed = harness().app.printRoutes({ commonPrefix: false });
    for (const route of staffRoutes) {
      expect(route.access?.kind, `${route.method} ${route.url}`).toBe('staff');
      expect(printed).toContain(route.url.split('/').at(-1)!);
    }
  });

  it('refuses anonymous callers, residents, managers and staff without their second factor on every route', async () => {
    const refusals: string[] = [];
    for (const route of staffRoutes) {
      const expectations: Array<[string, Record<string, string>, number, string]> = [
        ['anonymous', {}, 401, 'unauthenticated'],
        ['resident', callers.resident, 403, 'forbidden'],
        ['manager', callers.manager, 403, 'forbidden'],
        ['portal administrator', callers.portalAdmin, 403, 'forbidden'],
        ['staff before the second factor', callers.passwordOnlyAdmin, 401, 'second_factor_required'],
      ];
      for (const [who, headers, status, code] of expectations) {
        const response = await call(route, headers);
        const body = response.json() as { error?: { code?: string } };
        if (response.statusCode !== status || body.error?.code !== code) refusals.push(`${route.method} ${route.url} as ${who}: ${response.statusCode} ${body.error?.code}`);
      }
    }
    expect(refusals).toEqual([]);
  });

  it('refuses each staff role outside the route’s roles, and lets the roles in through the guard', async () => {
    const problems: string[] = [];
    for (const route of staffRoutes) {
      const allowed = staffRolesOf(route.access);
      for (const role of ['support', 'data', 'admin'] as const) {
        const response = await call(route, callers[role]);
        const code = (response.json() as { error?: { code?: string } }).error?.code;
        if (allowed.includes(role)) {
          // Past the guard, a made-up id or an empty body gets a refusal of its own, never a crash.
          if (response.statusCode === 401 || response.statusCode === 403 || response.statusCode >= 500) {
            problems.push(`${route.method} ${route.url} as ${role}: ${response.statusCode} ${code}`);
          }
        } else if (response.statusCode !== 403 || code !== 'forbidden') {
          problems.push(`${route.method} ${route.url} let ${role} through: ${response.statusCode}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives administrators every route, and keeps staff users, client changes and the audit trail to them', () => {
    const rolesOf = (method: string, url: string) => staffRolesOf(staffRoutes.find((route) => route.method === method && route.url === url)?.access);
    for (const route of staffRoutes) expect(staffRolesOf(route.access)).toContain('admin');
    expect(rolesOf('POST', '/api/staff/staff-users')).toEqual(['admin']);
    expect(rolesOf('GET', '/api/staff/audit-events')).toEqual(['admin']);
    expect(rolesOf('POST', '/api/staff/clients/:id/managers')).toEqual(['admin']);
    expect(rolesOf('POST', '/api/staff/residences/:id/publication')).toEqual(['data', 'admin']);
    expect(rolesOf('POST', '/api/staff/uploads/inventory/preview')).toEqual(['data', 'admin']);
    expect(rolesOf('POST', '/api/staff/assistance-requests/:id/replies')).toEqual(['support', 'admin']);
    expect(rolesOf('POST', '/api/staff/resident-accounts/:id/move-out')).toEqual(['support', 'admin']);
    expect(rolesOf('GET', '/api/staff/residences')).toEqual(['support', 'data', 'admin']);
    expect(rolesOf('POST', '/api/auth/second-factor/recovery-codes')).toEqual(['support', 'data', 'admin']);
    expect(rolesOf('GET', '/api/staff/data-health/items')).toEqual(['support', 'data', 'admin']);
    expect(rolesOf('POST', '/api/staff/data-health/items/:id/decision')).toEqual(['data', 'admin']);
  });
});
