import type { TestApp } from './test-app.ts';
import { updatePasswordHash } from '../modules/accounts/accounts.queries.ts';
import { hashPassword } from '../modules/accounts/password-hashing.ts';
import { sessionCookieName } from '../modules/accounts/session-cookie.ts';
import { startSession } from '../modules/accounts/sessions.service.ts';
import type { UserRole } from '../db/schema.ts';

/** A password that meets every rule and is on no list. */
export const TEST_PASSWORD = 'Releve-Compteur-2026';

export interface SessionHeaders {
  cookie: string;
  /** Same-origin proof for state-changing requests (the CSRF guard). */
  origin: string;
  [name: string]: string;
}

export async function givePassword(testApp: TestApp, userId: string, password = TEST_PASSWORD): Promise<void> {
  await updatePasswordHash(testApp.context.db, userId, await hashPassword(password));
}

export function sessionHeaders(testApp: TestApp, token: string): SessionHeaders {
  const { config } = testApp.context;
  return { cookie: `${sessionCookieName(config)}=${token}`, origin: new URL(config.publicUrl).origin };
}

/** The session token a response set, if any. */
export function sessionTokenFrom(testApp: TestApp, response: { cookies: Array<{ name: string; value: string }> }): string | undefined {
  const name = sessionCookieName(testApp.context.config);
  return response.cookies.find((cookie) => cookie.name === name && cookie.value !== '')?.value;
}

/**
 * A full session for the user, opened directly (no password, no second factor): for tests of
 * other modules' routes. Tests of login itself go through POST /api/auth/login.
 */
export async function signInAs(testApp: TestApp, user: { id: string; role: UserRole }): Promise<SessionHeaders> {
  const started = await startSession(testApp.context, {
    userId: user.id,
    role: user.role,
    assurance: 'full',
    clientAddress: '127.0.0.1',
    userAgent: 'test',
  });
  return sessionHeaders(testApp, started.token);
}

/** Logs in through the real route; returns the session headers (throws when refused). */
export async function logInThroughRoute(
  testApp: TestApp,
  input: { space: UserRole; email: string; password?: string },
): Promise<SessionHeaders & { next: string }> {
  const response = await testApp.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { space: input.space, email: input.email, password: input.password ?? TEST_PASSWORD },
  });
  const token = sessionTokenFrom(testApp, response);
  if (response.statusCode !== 200 || !token) throw new Error(`Login refused: ${response.statusCode} ${response.body}`);
  return { ...sessionHeaders(testApp, token), next: (response.json() as { next: string }).next };
}
