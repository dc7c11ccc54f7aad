import type { AppContext } from '../../app-context.ts';
import type { StaffRole } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { closeAccount, hasActiveAccount, openAccount } from '../accounts/accounts.service.ts';
import { endAllSessionsOfUser } from '../accounts/sessions.service.ts';
import { sendAccountInvitation } from './account-invitation.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';
import type { StaffUser } from '#shared/contracts/backoffice.ts';
import { findStaffUser, insertStaffMember, listStaffUsers, lockActiveAdministrators, updateStaffRole, type StaffUserRow } from './staff-users.queries.ts';

/** Staff users and their roles, managed by administrators (SPEC §6). */
function toStaffUser(row: StaffUserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.staff_role,
    isActive: row.closed_at === null,
    hasPassword: row.has_password,
    hasSecondFactor: row.has_second_factor,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

export async function getStaffUsers(context: Pick<AppContext, 'db'>): Promise<{ items: StaffUser[] }> {
  return { items: (await listStaffUsers(context.db)).map(toStaffUser) };
}

async function requireStaffUser(context: Pick<AppContext, 'db'>, userId: string): Promise<StaffUserRow> {
  const row = await findStaffUser(context.db, userId);
  if (!row) throw new AppError('staff_user_not_found');
  return row;
}

/** Creates the account without a password and emails the set-password link. */
export async function inviteStaffUser(
  context: AppContext,
  actor: StaffActor,
  input: { email: string; displayName: string; role: StaffRole },
): Promise<{ user: StaffUser; invitationExpiresAt: string }> {
  const email = input.email.trim();
  if (await hasActiveAccount(context.db, 'staff', email)) throw new AppError('email_already_used');
  const userId = await context.db.transaction().execute(async (trx) => {
    const id = await openAccount(trx, { role: 'staff', email });
    await insertStaffMember(trx, { userId: id, displayName: input.displayName, role: input.role });
    await recordStaffAction(context, actor, { action: 'staff.staff_user_invited', target: { type: 'user', id }, details: { role: input.role } }, trx);
    return id;
  });
  const invitation = await sendAccountInvitation(context, { userId, email, space: 'staff' });
  return { user: toStaffUser(await requireStaffUser(context, userId)), invitationExpiresAt: invitation.expiresAt.toISOString() };
}

export async function resendStaffInvitation(context: AppContext, actor: StaffActor, userId: string): Promise<{ user: StaffUser; invitationExpiresAt: string }> {
  const row = await requireStaffUser(context, userId);
  if (row.closed_at) throw new AppError('staff_user_not_found');
  const invitation = await sendAccountInvitation(context, { userId, email: row.email, space: 'staff' });
  await recordStaffAction(context, actor, { action: 'staff.staff_user_invitation_resent', target: { type: 'user', id: userId } });
  return { user: toStaffUser(row), invitationExpiresAt: invitation.expiresAt.toISOString() };
}

/** Changing a role or deactivating never leaves the operator without an active administrator. */
async function refuseLosingLastAdmin(trx: Parameters<typeof lockActiveAdministrators>[0], userId: string): Promise<void> {
  const admins = await lockActiveAdministrators(trx);
  if (admins.length === 1 && admins[0] === userId) throw new AppError('staff_last_admin');
}

export async function changeStaffRole(context: AppContext, actor: StaffActor, userId: string, role: StaffRole): Promise<StaffUser> {
  const before = await requireStaffUser(context, userId);
  if (before.closed_at) throw new AppError('staff_user_not_found');
  if (before.staff_role !== role) {
    await context.db.transaction().execute(async (trx) => {
      if (before.staff_role === 'admin') await refuseLosingLastAdmin(trx, userId);
      await updateStaffRole(trx, userId, role);
      // A new role takes effect at the next login: the member's sessions end now.
      const endedSessions = await endAllSessionsOfUser(trx, userId);
      await recordStaffAction(
        context,
        actor,
        { action: 'staff.staff_role_changed', target: { type: 'user', id: userId }, details: { from: before.staff_role, to: role, ended_sessions: endedSessions } },
        trx,
      );
    });
  }
  return toStaffUser(await requireStaffUser(context, userId));
}

export async function deactivateStaffUser(context: AppContext, actor: StaffActor, userId: string): Promise<StaffUser> {
  const before = await requireStaffUser(context, userId);
  if (!before.closed_at) {
    await context.db.transaction().execute(async (trx) => {
      if (before.staff_role === 'admin') await refuseLosingLastAdmin(trx, userId);
      await closeAccount(trx, userId, context.clock.now());
      const endedSessions = await endAllSessionsOfUser(trx, userId);
      await recordStaffAction(context, actor, { action: 'staff.staff_user_deactivated', target: { type: 'user', id: userId }, details: { ended_sessions: endedSessions } }, trx);
    });
  }
  return toStaffUser(await requireStaffUser(context, userId));
}
