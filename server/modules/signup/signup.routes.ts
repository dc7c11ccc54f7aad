import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { publicAccess } from '../../http/access.ts';
import { requestLocale } from '../../http/error-handler.ts';
import {
  attestationBody,
  buildingCheckResponse,
  checkBuildingCodeBody,
  emailCorrectionBody,
  identifyByDwellingReferenceBody,
  identifyBySerialBody,
  optionsBody,
  personalInfoBody,
  profileBody,
  signupStateResponse,
  verificationBody,
} from '#shared/contracts/signup.ts';
import { SIGNUP_ATTEMPT_LIFETIME_MS } from './signup-attempt.ts';
import {
  checkBuildingCode,
  identifyDwellingByReference,
  identifyDwellingBySerial,
  type IdentifiedDwelling,
} from './signup-identification.service.ts';
import {
  abandonSignup,
  attestOccupancy,
  correctEmail,
  findSignupState,
  resendCode,
  saveOptions,
  savePersonalInfo,
  saveProfile,
  startAttempt,
  verifyCode,
} from './signup.service.ts';

/** The attempt token lives only in this cookie: HttpOnly, same-site only, sent to the sign-up API alone. */
const ATTEMPT_COOKIE = 'signup_attempt';
const ATTEMPT_COOKIE_PATH = '/api/signup';

const route = (summary: string) => ({ config: { access: publicAccess }, schema: { summary, tags: ['signup'] } });

export function signupRoutes(context: AppContext): FastifyPluginAsyncZod {
  const isSecure = context.config.publicUrl.startsWith('https://');
  const attemptToken = (request: FastifyRequest) => request.cookies[ATTEMPT_COOKIE];
  const setAttemptCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(ATTEMPT_COOKIE, token, {
      path: ATTEMPT_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: isSecure,
      maxAge: SIGNUP_ATTEMPT_LIFETIME_MS / 1000,
    });
  const clearAttemptCookie = (reply: FastifyReply) => reply.clearCookie(ATTEMPT_COOKIE, { path: ATTEMPT_COOKIE_PATH });
  /** Step 1 succeeded: the browser gets the new attempt's token, and the attempt it held before ends. */
  const beginAttempt = async (
    request: FastifyRequest,
    reply: FastifyReply,
    identified: IdentifiedDwelling,
    identifiedBy: 'serial_number' | 'dwelling_reference',
  ) => {
    const started = await startAttempt(context, { identified, identifiedBy, clientAddress: request.ip, previousToken: attemptToken(request) });
    setAttemptCookie(reply, started.token);
    return started.state;
  };

  return async (app) => {
    const stateSchema = { response: { 200: signupStateResponse } };

    app.get(
      '/signup',
      {
        ...route('The sign-up in progress: its step and dwelling (204 when none)'),
        schema: { response: { 200: signupStateResponse, 204: z.null() } },
      },
      async (request, reply) => {
        const state = await findSignupState(context, attemptToken(request));
        return state ? reply.status(200).send(state) : reply.status(204).send(null);
      },
    );

    app.post(
      '/signup/identify/serial-number',
      { ...route('Step 1: identify the dwelling by a device serial number'), schema: { body: identifyBySerialBody, ...stateSchema } },
      async (request, reply) => {
        const identified = await identifyDwellingBySerial(context, { ...request.body, clientAddress: request.ip });
        return beginAttempt(request, reply, identified, 'serial_number');
      },
    );

    app.post(
      '/signup/identify/building-code',
      {
        ...route('Step 1, building-code way: check the ista building code'),
        schema: { body: checkBuildingCodeBody, response: { 200: buildingCheckResponse } },
      },
      async (request) => ({ residence: await checkBuildingCode(context, { ...request.body, clientAddress: request.ip }) }),
    );

    app.post(
      '/signup/identify/dwelling-reference',
      {
        ...route('Step 1, building-code way: identify the dwelling by its reference'),
        schema: { body: identifyByDwellingReferenceBody, ...stateSchema },
      },
      async (request, reply) => {
        const identified = await identifyDwellingByReference(context, { ...request.body, clientAddress: request.ip });
        return beginAttempt(request, reply, identified, 'dwelling_reference');
      },
    );

    app.post(
      '/signup/attestation',
      { ...route('Step 2: attest being the current occupant'), schema: { body: attestationBody, ...stateSchema } },
      async (request) => attestOccupancy(context, attemptToken(request)),
    );

    app.delete('/signup', { ...route('« Ce n’est pas mon logement »: abandon the sign-up') }, async (request, reply) => {
      await abandonSignup(context, attemptToken(request));
      clearAttemptCookie(reply);
      return reply.status(204).send();
    });

    app.post(
      '/signup/profile',
      { ...route('Step 3: owner, move-in date, conseil syndical'), schema: { body: profileBody, ...stateSchema } },
      async (request) => saveProfile(context, attemptToken(request), request.body),
    );

    app.post(
      '/signup/options',
      { ...route('Step 4: notification options'), schema: { body: optionsBody, ...stateSchema } },
      async (request) => saveOptions(context, attemptToken(request), request.body),
    );

    app.post(
      '/signup/personal-info',
      { ...route('Step 5: personal information; sends the email code'), schema: { body: personalInfoBody, ...stateSchema } },
      async (request) => savePersonalInfo(context, attemptToken(request), request.body),
    );

    app.post(
      '/signup/verification',
      { ...route('Step 6: check the email code; creates the account'), schema: { body: verificationBody, ...stateSchema } },
      async (request, reply) => {
        const state = await verifyCode(context, attemptToken(request), {
          digits: request.body.code,
          locale: requestLocale(request),
          clientAddress: request.ip,
        });
        clearAttemptCookie(reply);
        return state;
      },
    );

    app.post('/signup/verification/resend', { ...route('« Renvoyer le code »') }, async (request, reply) => {
      await resendCode(context, attemptToken(request));
      return reply.status(204).send();
    });

    app.put(
      '/signup/email',
      { ...route('« Corriger mon adresse email »: new address, new code'), schema: { body: emailCorrectionBody, ...stateSchema } },
      async (request) => correctEmail(context, attemptToken(request), request.body.email),
    );
  };
}
