import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { idParams, residentSearchQuery } from './backoffice.schemas.ts';
import {
  closeOnMoveOutBody,
  closeOnMoveOutResult,
  residentAccount,
  residentAccountPage,
  resendCodeBody,
  resendCodeResult,
} from '#shared/contracts/backoffice.ts';
import { closeOnMoveOut, listResidentAccounts, liftResidentLockout, resendSignupCode } from './resident-accounts.service.ts';
import { staffAccess, staffActorOf } from './staff-access.ts';

const tags = ['back office: resident accounts'];

/** Resident accounts: support staff (and administrators). */
export function residentAccountRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { access: staffAccess.support };
    app.get(
      '/resident-accounts',
      { config, schema: { tags, summary: 'Find resident accounts by email, dwelling code, reference or client number, or serial number or radio id', querystring: residentSearchQuery, response: { 200: residentAccountPage } } },
      async (request) => listResidentAccounts(context, request.query),
    );
    app.post(
      '/resident-accounts/:id/move-out',
      { config, schema: { tags, summary: 'Close an account on move-out (the day after is the next occupant’s)', params: idParams, body: closeOnMoveOutBody, response: { 200: closeOnMoveOutResult } } },
      async (request) => closeOnMoveOut(context, staffActorOf(request), request.params.id, request.body),
    );
    app.post(
      '/resident-accounts/:id/lockout/lift',
      { config, schema: { tags, summary: "Lift the account's login lockout", params: idParams, response: { 200: residentAccount } } },
      async (request) => liftResidentLockout(context, staffActorOf(request), request.params.id),
    );
    app.post(
      '/signup-codes/resend',
      { config, schema: { tags, summary: 'Send a new sign-up code to an address whose sign-up waits for one', body: resendCodeBody, response: { 200: resendCodeResult } } },
      async (request) => resendSignupCode(context, staffActorOf(request), request.body.email),
    );
  };
}
