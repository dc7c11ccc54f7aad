import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { accountThrottleKey, forgetFailures, runningAccountLock } from '../accounts/login-throttle.ts';
import { closeAccountsPastMoveOut } from '../residents/data-rights.service.ts';
import { recordMoveOut } from '../residents/occupant-changes.service.ts';
import { sendNewCode, signupsWaitingForCode } from '../signup/signup-verification.service.ts';
import { findResidentAccount, searchResidentAccounts, type ResidentAccountRow } from './resident-accounts.queries.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';

/** Resident accounts for the support team: find one, close it on move-out, resend a sign-up code, lift a lockout. */
async function toResidentAccount(context: Pick<AppContext, 'db' | 'clock'>, row: ResidentAccountRow) {
  const lockedUntil = await runningAccountLock(context, 'resident', row.email);
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    movedInOn: row.moved_in_on,
    movedOutOn: row.moved_out_on,
    dwelling: { id: row.dwelling_id, dwellingCode: row.dwelling_code, reference: row.reference, clientNumber: row.client_number },
    residence: { id: row.residence_id, buildingCode: row.building_code, name: row.residence_name, city: row.city },
    lockedUntil: lockedUntil?.toISOString() ?? null,
  };
}

/**
 * A search: its accounts may come from the replica while it is fresh (docs/SCALING.md, « Read
 * replicas »), but each one's login lockout, authentication state, is the primary's.
 */
export async function listResidentAccounts(context: Pick<AppContext, 'db' | 'lagTolerantDb' | 'clock'>, query: { search?: string; includeClosed: boolean; page: number; pageSize: number }) {
  const { rows, total } = await searchResidentAccounts(context.lagTolerantDb(), query);
  return { items: await Promise.all(rows.map((row) => toResidentAccount(context, row))), page: query.page, pageSize: query.pageSize, total };
}

async function requireResidentAccount(context: Pick<AppContext, 'db'>, userId: string): Promise<ResidentAccountRow> {
  const row = await findResidentAccount(context.db, userId);
  if (!row) throw new AppError('resident_account_not_found');
  return row;
}

/**
 * Closes an account on the resident's move-out, as the resident's own declaration does: the
 * move-out day is recorded, the next occupant's data starts the day after (a change of
 * occupant), and the account closes once that day is over in the residence's zone.
 */
export async function closeOnMoveOut(context: AppContext, actor: StaffActor, userId: string, input: { movedOutOn: string; note: string }) {
  const account = await requireResidentAccount(context, userId);
  if (account.closed_at) throw new AppError('resident_account_not_found');
  if (account.moved_in_on && input.movedOutOn < account.moved_in_on) {
    throw new AppError('validation_failed', { fields: [{ field: 'movedOutOn', problem: 'before_move_in' }] });
  }
  await context.db.transaction().execute(async (trx) => {
    const isRecorded = await recordMoveOut(trx, {
      userId,
      residenceId: account.residence_id,
      dwellingId: account.dwelling_id,
      movedOutOn: input.movedOutOn,
      recordedByUserId: actor.userId,
      note: input.note || 'Départ enregistré par le service client',
    });
    if (!isRecorded) throw new AppError('resident_account_not_found');
    await recordStaffAction(
      context,
      actor,
      { action: 'staff.resident_move_out_recorded', target: { type: 'user', id: userId }, details: { moved_out_on: input.movedOutOn, dwelling_id: account.dwelling_id } },
      trx,
    );
  });
  const closed = await closeAccountsPastMoveOut(context, { userId });
  return { account: await toResidentAccount(context, await requireResidentAccount(context, userId)), isClosed: closed > 0 };
}

/** « Renvoyer le code »: a new code for each sign-up of this address waiting for one (the sign-up's own send limits apply). */
export async function resendSignupCode(context: AppContext, actor: StaffActor, email: string) {
  const attemptIds = await signupsWaitingForCode(context, email.trim());
  if (attemptIds.length === 0) throw new AppError('no_signup_in_progress');
  for (const attemptId of attemptIds) {
    await sendNewCode(context, attemptId);
    await recordStaffAction(context, actor, { action: 'staff.signup_code_resent', target: { type: 'signup_attempt', id: attemptId } });
  }
  return { resent: attemptIds.length };
}

export async function liftResidentLockout(context: AppContext, actor: StaffActor, userId: string) {
  const account = await requireResidentAccount(context, userId);
  const lockedUntil = await runningAccountLock(context, 'resident', account.email);
  await forgetFailures(context, accountThrottleKey('resident', account.email));
  await recordStaffAction(context, actor, {
    action: 'staff.lockout_lifted',
    target: { type: 'user', id: userId },
    details: { was_locked_until: lockedUntil?.toISOString() ?? null },
  });
  return toResidentAccount(context, account);
}
