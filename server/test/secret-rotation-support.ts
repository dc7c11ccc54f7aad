import { Secret, TOTP } from 'otpauth';
import { buildStaff } from './factories.ts';
import { givePassword, logInThroughRoute, sessionHeaders, sessionTokenFrom, type SessionHeaders } from './login-as.ts';
import type { TestApp } from './test-app.ts';

/** Two secrets and the configuration of each phase of a SESSION_SECRET rotation (README). */
export const OLD_SECRET = 'old-rotation-secret-0123456789-abcdefghij';
export const NEW_SECRET = 'new-rotation-secret-9876543210-klmnopqrst';
export const rotationPhases = {
  before: { SESSION_SECRET: OLD_SECRET },
  acceptsNew: { SESSION_SECRET: OLD_SECRET, SESSION_SECRET_NEXT: NEW_SECRET },
  signsWithNew: { SESSION_SECRET: NEW_SECRET, SESSION_SECRET_PREVIOUS: OLD_SECRET },
  after: { SESSION_SECRET: NEW_SECRET },
};

export const post = (node: TestApp, url: string, headers: SessionHeaders | undefined, payload?: object) =>
  node.app.inject({ method: 'POST', url, ...(headers ? { headers } : {}), ...(payload ? { payload } : {}) });

export const signedInUser = async (node: TestApp, headers: SessionHeaders) =>
  (await node.app.inject({ method: 'GET', url: '/api/auth/me', headers })).json().user as { email: string } | null;

/** The code of the next TOTP time step (each step is accepted once): moves the shared clock on. */
export function nextTotpCode(node: TestApp, secret: string): string {
  node.clock.advance(30_000);
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: node.clock.now().getTime() });
}

/** A staff member enrolled through the routes on `node`, with their TOTP secret and recovery codes. */
export async function enrolledStaff(node: TestApp) {
  const { user } = await buildStaff(node.context.db, { staff_role: 'admin' });
  await givePassword(node, user.id);
  const pending = await logInThroughRoute(node, { space: 'staff', email: user.email });
  const { secret } = (await post(node, '/api/auth/second-factor/enrolment', pending)).json() as { secret: string };
  const confirmed = await post(node, '/api/auth/second-factor/enrolment/confirm', pending, { code: nextTotpCode(node, secret) });
  return { email: user.email, secret, recoveryCodes: confirmed.json().recoveryCodes as string[], session: sessionHeaders(node, sessionTokenFrom(node, confirmed)!) };
}

/** Logs in with the password then `proof`; the status of the second step, or 401 when no working session came of it. */
export async function staffLogsIn(node: TestApp, email: string, proof: { code: string } | { recoveryCode: string }): Promise<number> {
  const pending = await logInThroughRoute(node, { space: 'staff', email });
  const verified = await post(node, '/api/auth/second-factor/verify', pending, proof);
  const token = sessionTokenFrom(node, verified);
  return token && (await signedInUser(node, sessionHeaders(node, token)))?.email === email ? verified.statusCode : 401;
}
