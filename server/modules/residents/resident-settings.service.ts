import type { AppContext } from '../../app-context.ts';
import type { Civility, CouncilMember } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { normalisePhoneNumber } from '../../kernel/phone-number.ts';
import { selectResidentAccount, updateResidentProfile, type ResidentAccountRow } from './resident-account.queries.ts';

type Context = Pick<AppContext, 'db' | 'clock'>;

export interface ResidentOptions {
  notifyLeakByEmail: boolean;
  notifyLeakBySms: boolean;
  notifyOverconsumption: boolean;
  managerMaySeeDaily: boolean;
}

export async function requireResidentAccount(context: Pick<AppContext, 'db'>, userId: string): Promise<ResidentAccountRow> {
  const account = await selectResidentAccount(context.db, userId);
  if (!account) throw new AppError('unauthenticated');
  return account;
}

export function toOptions(account: ResidentAccountRow): ResidentOptions {
  return {
    notifyLeakByEmail: account.notify_leak_by_email,
    notifyLeakBySms: account.notify_leak_by_sms,
    notifyOverconsumption: account.notify_overconsumption,
    managerMaySeeDaily: account.manager_may_see_daily,
  };
}

export function toProfile(account: ResidentAccountRow) {
  return {
    civility: account.civility,
    lastName: account.last_name,
    firstName: account.first_name,
    mobile: account.mobile_e164,
    email: account.email,
    isOwner: account.is_owner,
    councilMember: account.council_member,
    movedInOn: account.moved_in_on,
    movedOutOn: account.moved_out_on,
  };
}

export async function getResidentOptions(context: Context, userId: string): Promise<ResidentOptions> {
  return toOptions(await requireResidentAccount(context, userId));
}

/**
 * The options chosen at sign-up, changed at any time. Every reader (alert delivery, the
 * manager's daily data) reads them at each use, so a change takes effect at once.
 */
export async function updateResidentOptions(context: Context, userId: string, options: ResidentOptions, clientAddress: string): Promise<ResidentOptions> {
  const account = await requireResidentAccount(context, userId);
  if (options.notifyLeakBySms && !account.mobile_e164) throw new AppError('resident_mobile_required_for_sms');
  const before = toOptions(account);
  await context.db.transaction().execute(async (trx) => {
    await updateResidentProfile(trx, userId, {
      notify_leak_by_email: options.notifyLeakByEmail,
      notify_leak_by_sms: options.notifyLeakBySms,
      notify_overconsumption: options.notifyOverconsumption,
      manager_may_see_daily: options.managerMaySeeDaily,
    });
    const changed = (Object.keys(options) as Array<keyof ResidentOptions>).filter((key) => options[key] !== before[key]);
    await recordAuditEvent(trx, {
      occurredAt: context.clock.now(),
      action: 'resident.options_changed',
      actor: { userId, role: 'resident' },
      target: { type: 'user', id: userId },
      clientAddress,
      details: Object.fromEntries(changed.map((key) => [key, options[key]])),
    });
  });
  return options;
}

export async function getResidentProfile(context: Context, userId: string) {
  return toProfile(await requireResidentAccount(context, userId));
}

/**
 * Civilité, names, mobile (normalised to E.164 as at sign-up; removing it also stops SMS
 * notices), « Propriétaire » and the conseil-syndical answer.
 */
export async function updateResidentProfileDetails(
  context: Context,
  userId: string,
  input: { civility: Civility; lastName: string; firstName: string; mobile: string | null; isOwner: boolean; councilMember: CouncilMember },
  clientAddress: string,
) {
  const account = await requireResidentAccount(context, userId);
  const mobile = input.mobile === null ? null : normalisePhoneNumber(input.mobile, { mobileOnly: true });
  if (input.mobile !== null && !mobile) throw new AppError('resident_mobile_invalid', { field: 'mobile' });
  await context.db.transaction().execute(async (trx) => {
    await updateResidentProfile(trx, userId, {
      civility: input.civility,
      last_name: input.lastName,
      first_name: input.firstName,
      mobile_e164: mobile,
      is_owner: input.isOwner,
      council_member: input.councilMember,
      ...(mobile === null ? { notify_leak_by_sms: false } : {}),
    });
    const changed = [
      input.civility !== account.civility && 'civility',
      input.lastName !== account.last_name && 'lastName',
      input.firstName !== account.first_name && 'firstName',
      mobile !== account.mobile_e164 && 'mobile',
      input.isOwner !== account.is_owner && 'isOwner',
      input.councilMember !== account.council_member && 'councilMember',
    ].filter((field): field is string => typeof field === 'string');
    await recordAuditEvent(trx, {
      occurredAt: context.clock.now(),
      action: 'resident.profile_changed',
      actor: { userId, role: 'resident' },
      target: { type: 'user', id: userId },
      clientAddress,
      details: { fields: changed.join(',') },
    });
  });
  return getResidentProfile(context, userId);
}
