import type { AppContext } from '../../app-context.ts';
import { startOfLocalDay } from '../../kernel/local-time.ts';
import type { ResidentScope } from '../residents/resident-scope.ts';
import type { ResidentAlert, ResidentAlerts } from '#shared/contracts/alerts.ts';
import { selectDwellingEpisodes } from './alerts.queries.ts';

const HISTORY_LIMIT = 100;

/**
 * The resident's current alerts and their history, for their dwelling only and never before
 * their privacy boundary: an episode that ended before it is left out, one that began before
 * it is shown from the boundary on, and an over-consumption shows only the months from it on.
 */
export async function getResidentAlerts(context: Pick<AppContext, 'db'>, scope: ResidentScope): Promise<ResidentAlerts> {
  const boundary = new Date(scope.boundaryAt);
  const boundaryMonth = scope.boundaryDay.slice(0, 7);
  const isBoundaryMonthWhole = boundary.getTime() === startOfLocalDay(`${boundaryMonth}-01`, scope.timeZone);
  const rows = await selectDwellingEpisodes(context.db, scope.dwellingId, boundary, HISTORY_LIMIT);
  const alerts = rows.map((row): ResidentAlert => {
    const details = row.details as { minimumFlowLitresPerHour?: number; volumeLitres?: number; months?: ResidentAlert['months'] };
    return {
      id: row.id,
      kind: row.kind,
      fluid: row.fluid,
      source: row.source,
      startedAt: (row.started_at < boundary ? boundary : row.started_at).toISOString(),
      lastSeenAt: row.last_seen_at.toISOString(),
      closedAt: row.closed_at?.toISOString() ?? null,
      minimumFlowLitresPerHour: details.minimumFlowLitresPerHour ?? null,
      volumeLitres: row.started_at < boundary ? null : (details.volumeLitres ?? null),
      months: (details.months ?? []).filter((month) => month.month > boundaryMonth || (month.month === boundaryMonth && isBoundaryMonthWhole)),
    };
  });
  return { current: alerts.filter((alert) => alert.closedAt === null), history: alerts.filter((alert) => alert.closedAt !== null) };
}
