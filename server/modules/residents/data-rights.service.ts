import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { ClientInfo } from '../accounts/auth-events.ts';
import { closeAccount, closeAndAnonymiseAccount } from '../accounts/accounts.service.ts';
import { appendErasure } from '../accounts/erasure-log.ts';
import { accountThrottleKey } from '../accounts/login-throttle.ts';
import { confirmCurrentPassword } from '../accounts/password-change.service.ts';
import { revokeApiTokensOfUser } from '../accounts/api-tokens.service.ts';
import { endAllSessionsOfUser } from '../accounts/sessions.service.ts';
import { getBoundedDailyConsumption } from '../occupancy/handover-day.ts';
import { exportQuantity } from '../consumption/export-quantity.ts';
import { addDays, localDayOf, startOfLocalDay } from '../../kernel/local-time.ts';
import { dailyConsumptionCsv, FLUID_LABELS } from '../managers/consented-daily.service.ts';
import { csvField } from '../managers/managers.service.ts';
import { costFigureFinder, getResidentCosts } from './resident-costs.service.ts';
import { getResidentDashboard } from './resident-consumption.service.ts';
import {
  anonymiseResidentProfile,
  deleteOccupantChangesRecordedBy,
  insertOccupantChange,
  lockOpenResidentPlace,
  lockResidentAccount,
  selectAuditEventsAbout,
  selectResidentsPastMoveOut,
  selectSessionsOfUser,
  updateResidentProfile,
} from './resident-account.queries.ts';
import type { ResidentScope } from './resident-scope.ts';
import { requireResidentAccount, toOptions, toProfile } from './resident-settings.service.ts';
import type { ActiveSession, SessionUser } from '../../http/caller.ts';
import type { CostFigure } from '#shared/contracts/tariffs.ts';

type Context = Pick<AppContext, 'config' | 'db' | 'clock'>;

/**
 * The resident's data rights (GDPR articles 15, 17 and 20): their consumption as CSV, their
 * personal data as JSON, deleting the account, and declaring a move-out.
 */

/**
 * Consumption as CSV for a spreadsheet: `;` separated, decimal comma, UTF-8 with a byte-order
 * mark (the route adds it) so Excel reads accents; one line per day or month and fluid (water
 * in litres, exact), the estimated flag as `oui`/`non`; monthly lines carry the estimated € and
 * kg CO₂e (empty without a tariff or a CO₂ factor). Daily lines carry none: the € and CO₂ are
 * rounded once per month (a day's rounded cents would not add up to the month's figure). Only
 * from the privacy boundary on, like every view.
 */
export async function exportConsumptionCsv(context: Pick<AppContext, 'lagTolerantDb'>, scope: ResidentScope, period: 'daily' | 'monthly'): Promise<string> {
  // An export tolerates a few seconds of lag; the scope (dwelling, privacy boundary) comes from the session, read on the primary.
  const reader = { db: context.lagTolerantDb() };
  if (period === 'daily') {
    const fluids = await Promise.all(
      scope.fluids.map(async ({ fluid, unit }) => {
        const rows = await getBoundedDailyConsumption(reader.db, scope, fluid, scope.boundaryDay, scope.today);
        return {
          fluid,
          days: rows.filter((row) => row.unit === unit).map((row) => ({ day: row.period, unit: row.unit, consumption: row.consumption, isEstimated: row.isEstimated })),
        };
      }),
    );
    return dailyConsumptionCsv({ fluids });
  }
  const [dashboard, costs] = await Promise.all([getResidentDashboard(reader, scope), getResidentCosts(reader, scope, { from: scope.boundaryDay })]);
  // Estimated € and kg CO₂e of every month exported (an estimate from the residence's tariffs, not a bill).
  const costOf = costFigureFinder(costs.months);
  const decimalComma = (value: string | null | undefined) => (value == null ? '' : value.replace('.', ','));
  const lines = ['mois;fluide;consommation;unite;estime;mois_partiel;cout_estime_eur;co2_estime_kg'];
  for (const series of dashboard.fluids) {
    for (const month of series.months) {
      if (month.consumption === null) continue;
      const quantity = exportQuantity(month.consumption, series.unit);
      lines.push(
        [
          month.month,
          FLUID_LABELS[series.fluid],
          quantity.value,
          quantity.unit,
          month.isEstimated ? 'oui' : 'non',
          month.isPartial ? 'oui' : 'non',
          decimalComma(costOf(month.month, series.fluid, series.unit)?.costEur),
          decimalComma(costOf(month.month, series.fluid, series.unit)?.co2Kg),
        ]
          .map(csvField)
          .join(';'),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** Everything the portal holds about the resident, secrets left out (no password hash, no session id, no code). */
export async function exportPersonalData(context: Context, scope: ResidentScope, session: ActiveSession) {
  const account = await requireResidentAccount(context, scope.userId);
  const [sessions, auditEvents, dashboard, costs] = await Promise.all([
    selectSessionsOfUser(context.db, scope.userId),
    selectAuditEventsAbout(context.db, scope.userId),
    getResidentDashboard(context, scope),
    getResidentCosts(context, scope, { from: scope.boundaryDay }),
  ]);
  const monthCost = costFigureFinder(costs.months);
  const yearCost = costFigureFinder(costs.years);
  return {
    exportedAt: context.clock.now().toISOString(),
    account: { email: account.email, language: account.locale, createdAt: account.created_at.toISOString() },
    profile: { ...toProfile(account), isOwner: account.is_owner, councilMember: account.council_member },
    options: toOptions(account),
    consents: {
      privacyPolicy: { acceptedAt: account.privacy_consent_at.toISOString(), version: account.privacy_policy_version },
      newsletter: account.newsletter_consent_at ? { acceptedAt: account.newsletter_consent_at.toISOString(), version: account.newsletter_policy_version } : null,
    },
    dwelling: { ...scope.dwelling, residence: scope.residence },
    sessions: sessions.map((row) => ({
      createdAt: row.created_at.toISOString(),
      lastSeenAt: row.last_seen_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      clientAddress: row.client_address,
      userAgent: row.user_agent,
      isThisSession: Buffer.from(row.id_hash).equals(session.idHash),
    })),
    auditEvents: auditEvents.map((row) => ({
      occurredAt: row.occurred_at.toISOString(),
      action: row.action,
      actorRole: row.actor_role,
      clientAddress: row.client_address,
      details: row.details,
    })),
    consumption: {
      historyStartsOn: dashboard.historyStartsOn,
      costsAreEstimates: true as const,
      fluids: dashboard.fluids.map((series) => ({
        fluid: series.fluid,
        unit: series.unit,
        dataUntil: series.dataUntil,
        months: series.months.map((month) => ({
          month: month.month,
          consumption: month.consumption,
          isEstimated: month.isEstimated,
          isPartial: month.isPartial,
          ...estimatesOf(monthCost(month.month, series.fluid, series.unit)),
        })),
        years: costs.years.flatMap((year) => {
          const figure = yearCost(year.period, series.fluid, series.unit);
          return figure ? [{ year: year.period, consumption: Number(figure.consumption), ...estimatesOf(figure) }] : [];
        }),
      })),
    },
  };
}

/** A figure's estimated € and kg CO₂e as the personal-data export names them (null: no tariff or factor). */
function estimatesOf(figure: CostFigure | undefined) {
  return { estimatedCostEur: figure?.costEur ?? null, estimatedCo2Kg: figure?.co2Kg ?? null };
}

/**
 * Deletes the account: the current password first; then every session ends, the address and
 * the dwelling are free at once, the names and phone are wiped, and a change of occupant from
 * tomorrow on keeps whoever signs up next from seeing this resident's days. The audit trail
 * keeps that an account of that dwelling was deleted, and when, without any personal data.
 */
export async function deleteResidentAccount(context: Context, scope: ResidentScope, user: SessionUser, input: { currentPassword: string; client: ClientInfo }): Promise<void> {
  await confirmCurrentPassword(context, user, input.currentPassword, input.client);
  if (!(await eraseResidentAccount(context, user.userId, { actor: 'resident' }))) throw new AppError('unauthenticated');
}

/**
 * Erases an open resident account (what `deleteResidentAccount` does once the password is
 * confirmed), then appends it to the erasure log (`accounts/erasure-log.ts`) so that restoring
 * an older backup erases it again: `npm run restore` replays the log through this function
 * (actor `restore`, which does not log again). False when there was no open resident account with that id (already
 * erased or closed, or unknown): nothing is written then.
 */
export async function eraseResidentAccount(context: Context, userId: string, options: { actor: 'resident' | 'restore' }): Promise<boolean> {
  const now = context.clock.now();
  const erased = await context.db.transaction().execute(async (trx) => {
    const account = await lockOpenResidentPlace(trx, userId);
    if (!account || !account.dwelling_id) return false;
    await revokeApiTokensOfUser(trx, userId, now, 'deletion');
    await closeAndAnonymiseAccount(trx, userId, now, accountThrottleKey('resident', account.email));
    await anonymiseResidentProfile(trx, userId);
    const endedSessions = await endAllSessionsOfUser(trx, userId);
    await insertOccupantChange(trx, {
      residenceId: account.residence_id,
      dwellingId: account.dwelling_id,
      changedOn: addDays(localDayOf(now.getTime(), account.time_zone), 1),
      recordedByUserId: userId,
      note: options.actor === 'resident' ? 'Compte résident supprimé par son titulaire' : 'Suppression du compte résident rejouée après une restauration',
    });
    await recordAuditEvent(trx, {
      occurredAt: now,
      action: 'resident.account_deleted',
      actor: options.actor === 'resident' ? { userId, role: 'resident' } : { userId: null, role: 'system' },
      target: { type: 'dwelling', id: account.dwelling_id },
      clientAddress: null,
      details: { ended_sessions: endedSessions, ...(options.actor === 'restore' ? { replayed_after_restore: true } : {}) },
    });
    // Logged before the commit: a crash between the two leaves a line for an erasure the resident
    // asked for (a replay completes it) rather than an erasure no restore would know of.
    if (options.actor === 'resident') appendErasure(context.config.erasureLogPath, { userId, erasedAt: now });
    return true;
  });
  return erased;
}

const MOVE_OUT_MAXIMUM_DAYS_AHEAD = 365;

/**
 * Declares the day the resident leaves. Until that day ends (in the residence's zone) nothing
 * changes; from the next day the account is closed (`closeAccountsPastMoveOut`), every session
 * refused, and the dwelling free. A change of occupant on the next day is recorded at once, so
 * the next occupant's history can only start after the move-out; it never hides the resident's
 * own days (the privacy boundary skips changes a resident recorded themselves). Declaring again
 * replaces the date.
 */
export async function declareMoveOut(
  context: Context,
  scope: ResidentScope,
  user: SessionUser,
  input: { movedOutOn: string; currentPassword: string; client: ClientInfo },
): Promise<{ movedOutOn: string; accessEndsAt: string; hasAccessEnded: boolean }> {
  if (input.movedOutOn < scope.boundaryDay || input.movedOutOn > addDays(scope.today, MOVE_OUT_MAXIMUM_DAYS_AHEAD)) {
    throw new AppError('move_out_date_invalid', { field: 'movedOutOn' });
  }
  await confirmCurrentPassword(context, user, input.currentPassword, input.client);
  const nextOccupantFrom = addDays(input.movedOutOn, 1);
  await context.db.transaction().execute(async (trx) => {
    if (!(await lockResidentAccount(trx, user.userId))) throw new AppError('unauthenticated');
    await updateResidentProfile(trx, user.userId, { moved_out_on: input.movedOutOn });
    await deleteOccupantChangesRecordedBy(trx, user.userId, scope.dwellingId);
    await insertOccupantChange(trx, {
      residenceId: scope.residenceId,
      dwellingId: scope.dwellingId,
      changedOn: nextOccupantFrom,
      recordedByUserId: user.userId,
      note: 'Départ déclaré par le résident',
    });
    await recordAuditEvent(trx, {
      occurredAt: context.clock.now(),
      action: 'resident.move_out_declared',
      actor: { userId: user.userId, role: 'resident' },
      target: { type: 'dwelling', id: scope.dwellingId },
      clientAddress: input.client.clientAddress,
      details: { moved_out_on: input.movedOutOn },
    });
  });
  const closed = await closeAccountsPastMoveOut(context, { userId: user.userId });
  return {
    movedOutOn: input.movedOutOn,
    accessEndsAt: new Date(startOfLocalDay(nextOccupantFrom, scope.timeZone)).toISOString(),
    hasAccessEnded: closed > 0,
  };
}

/**
 * Closes the accounts whose move-out day is over in their residence's zone: the account
 * closes (as of the end of that day), its sessions end, and the dwelling and address are free. Run every minute by
 * the job `residents.close-moved-out-accounts` (`residents.jobs.ts`) and at once after a declaration of a past day.
 */
export async function closeAccountsPastMoveOut(context: Pick<AppContext, 'db' | 'clock'>, options: { userId?: string } = {}): Promise<number> {
  const now = context.clock.now();
  const due = await selectResidentsPastMoveOut(context.db, now, options.userId);
  for (const resident of due) {
    await context.db.transaction().execute(async (trx) => {
      // Closed as of the first moment after the move-out day, so the closure never reaches past it.
      const accessEndedAt = startOfLocalDay(addDays(resident.moved_out_on!, 1), resident.time_zone);
      await revokeApiTokensOfUser(trx, resident.id, now, 'move_out');
      await closeAccount(trx, resident.id, new Date(Math.min(accessEndedAt, now.getTime())));
      await endAllSessionsOfUser(trx, resident.id);
      await recordAuditEvent(trx, {
        occurredAt: now,
        action: 'resident.access_ended',
        actor: { userId: null, role: 'system' },
        target: { type: 'user', id: resident.id },
        details: { moved_out_on: resident.moved_out_on },
      });
    });
  }
  return due.length;
}
