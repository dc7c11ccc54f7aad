import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { publicAccess, type AccessPolicy } from '../../http/access.ts';
import { AppError } from '../../http/errors.ts';
import { sessionOfRequest } from '../../http/guards.ts';
import {
  enrolmentConfirmBody,
  enrolmentConfirmResponse,
  enrolmentResponse,
  loginBody,
  loginResponse,
  meResponse,
  passwordChangeBody,
  recoveryCodesReissueBody,
  recoveryCodesReissueResponse,
  resetConfirmBody,
  resetRequestBody,
  resetRequestResponse,
  secondFactorBody,
  secondFactorResponse,
} from '#shared/contracts/accounts.ts';
import { presentSignedInUser } from './signed-in-user.presenter.ts';
import type { ClientInfo } from './auth-events.ts';
import { logIn, logOut } from './login.service.ts';
import { changePassword } from './password-change.service.ts';
import { confirmPasswordReset, passwordResetLimits, requestPasswordReset } from './password-reset.service.ts';
import {
  confirmSecondFactorEnrolment,
  reissueRecoveryCodes,
  secondFactorStepFor,
  startSecondFactorEnrolment,
  verifySecondFactor,
} from './second-factor.service.ts';
import { clearSessionCookie, readSessionToken, setSessionCookie } from './session-cookie.ts';
import { resolveSession, sessionIdHashes, type StartedSession } from './sessions.service.ts';

const secondFactorPending: AccessPolicy = { kind: 'second-factor-pending' };
const signedIn: AccessPolicy = { kind: 'signed-in' };
/** Every staff role, past the second factor. */
const anyStaff: AccessPolicy = { kind: 'staff', staffRoles: ['support', 'data', 'admin'] };
const tags = ['accounts'];

function clientOf(request: FastifyRequest): ClientInfo {
  return { clientAddress: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}

/** Login, logout, who am I, forgotten password, staff second factor, password change. */
export function authRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { config } = context;

  /** Hands the new session to the browser and says who now holds it. */
  async function openSession(reply: FastifyReply, started: StartedSession) {
    setSessionCookie(reply, config, started.token, started.maxAgeMs);
    const lookup = await resolveSession(context, started.token);
    if (lookup.status !== 'active') throw new AppError('internal_error');
    return lookup.session;
  }

  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: publicAccess },
        schema: { summary: 'Log in to one space with email and password', tags, body: loginBody, response: { 200: loginResponse } },
      },
      async (request, reply) => {
        const previousToken = readSessionToken(request, config);
        const result = await logIn(context, {
          ...request.body,
          client: clientOf(request),
          ...(previousToken ? { previousSessionHashes: sessionIdHashes(context, previousToken) } : {}),
        });
        const session = await openSession(reply, result.session);
        return { next: result.next, user: result.next === 'done' ? presentSignedInUser(session.user) : null };
      },
    );

    app.post(
      '/auth/logout',
      { config: { access: publicAccess }, schema: { summary: 'End the session, on the server too', tags } },
      async (request, reply) => {
        if (request.auth) await logOut(context, request.auth, clientOf(request));
        clearSessionCookie(reply, config);
        return reply.status(204).send();
      },
    );

    app.get(
      '/auth/me',
      { config: { access: publicAccess }, schema: { summary: 'Who is logged in', tags, response: { 200: meResponse } } },
      async (request) => {
        const session = request.auth;
        if (!session) return { user: null, pendingSecondFactor: null };
        if (session.assurance === 'password_only') {
          return { user: null, pendingSecondFactor: await secondFactorStepFor(context, session.user.userId) };
        }
        return { user: presentSignedInUser(session.user), pendingSecondFactor: null };
      },
    );

    app.post(
      '/auth/password-reset/request',
      {
        config: { access: publicAccess },
        schema: {
          summary: 'Email a 6-digit code to choose a new password (same answer whether the account exists or not)',
          tags,
          body: resetRequestBody,
          response: { 202: resetRequestResponse },
        },
      },
      async (request, reply) => {
        const { work } = requestPasswordReset(context, { ...request.body, client: clientOf(request) });
        work.catch((error: unknown) => request.log.error({ err: error }, 'password reset request not handled'));
        return reply.status(202).send({
          resendAfterSeconds: passwordResetLimits.resendAfterMs / 1000,
          validMinutes: passwordResetLimits.lifetimeMs / 60_000,
        });
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        config: { access: publicAccess },
        schema: { summary: 'Set a new password with the emailed code', tags, body: resetConfirmBody },
      },
      async (request, reply) => {
        await confirmPasswordReset(context, { ...request.body, client: clientOf(request) });
        return reply.status(204).send();
      },
    );

    app.post(
      '/auth/second-factor/enrolment',
      {
        config: { access: secondFactorPending },
        schema: { summary: 'Staff: get the TOTP secret to enrol (first login)', tags, response: { 200: enrolmentResponse } },
      },
      async (request) => startSecondFactorEnrolment(context, sessionOfRequest(request)),
    );

    app.post(
      '/auth/second-factor/enrolment/confirm',
      {
        config: { access: secondFactorPending },
        schema: {
          summary: 'Staff: confirm enrolment with a first code; returns the recovery codes once',
          tags,
          body: enrolmentConfirmBody,
          response: { 200: enrolmentConfirmResponse },
        },
      },
      async (request, reply) => {
        const result = await confirmSecondFactorEnrolment(context, sessionOfRequest(request), request.body.code, clientOf(request));
        const session = await openSession(reply, result.session);
        return { recoveryCodes: result.recoveryCodes, user: presentSignedInUser(session.user) };
      },
    );

    app.post(
      '/auth/second-factor/verify',
      {
        config: { access: secondFactorPending },
        schema: { summary: 'Staff: give the TOTP code or a recovery code', tags, body: secondFactorBody, response: { 200: secondFactorResponse } },
      },
      async (request, reply) => {
        const started = await verifySecondFactor(context, sessionOfRequest(request), request.body, clientOf(request));
        const session = await openSession(reply, started);
        return { user: presentSignedInUser(session.user) };
      },
    );

    app.post(
      '/auth/second-factor/recovery-codes',
      {
        config: { access: anyStaff },
        schema: {
          summary: 'Staff: issue a fresh set of recovery codes with a current TOTP code (the old ones stop working); returns them once',
          tags,
          body: recoveryCodesReissueBody,
          response: { 200: recoveryCodesReissueResponse },
        },
      },
      async (request) => reissueRecoveryCodes(context, sessionOfRequest(request), request.body.code, clientOf(request)),
    );

    app.post(
      '/account/password',
      {
        config: { access: signedIn },
        schema: { summary: 'Change the password (asks for the current one; ends the other sessions)', tags, body: passwordChangeBody },
      },
      async (request, reply) => {
        const started = await changePassword(context, sessionOfRequest(request), { ...request.body, client: clientOf(request) });
        await openSession(reply, started);
        return reply.status(204).send();
      },
    );
  };
}
