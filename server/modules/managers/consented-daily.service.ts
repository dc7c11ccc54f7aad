import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database, DeviceUnit, Fluid } from '../../db/schema.ts';
import { FLUIDS, fluidOf } from '#shared/device-kinds.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { AppError } from '../../http/errors.ts';
import { assertResidenceAccess } from '../accounts/manager-access.service.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { exportQuantity } from '../consumption/export-quantity.ts';
import { addDays } from '../../kernel/local-time.ts';
import { getBoundedDailyConsumption } from '../occupancy/handover-day.ts';
import { findResidentPrivacyBoundary } from '../occupancy/occupancy.service.ts';
import { csvField } from './managers.service.ts';
import { selectDwellingFluids, selectDwellingForManager, selectTodayInZone } from './consented-daily.queries.ts';

const DEFAULT_RANGE_DAYS = 30;
const MAXIMUM_RANGE_DAYS = 366;

export interface DailyRange {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The daily consumption of a dwelling whose resident allowed their manager to see it. Nothing
 * at all otherwise: no account, no consent, or consent withdrawn (read at each request, so a
 * withdrawal hides it at once). Never from before the resident's privacy boundary.
 */
export async function getConsentedDailyConsumption(context: Pick<AppContext, 'db' | 'clock'>, manager: ManagerScope, dwellingId: string, range: DailyRange) {
  return consentedDailyConsumption(context, manager, dwellingId, range, context.db);
}

/**
 * The same as CSV, an export: its days may come from the replica while it is fresh, but the
 * access, consent and privacy-boundary checks (and the audit record) are the primary's, so a
 * consent withdrawn a moment ago cuts the manager off at once.
 */
export async function exportConsentedDailyCsv(context: Pick<AppContext, 'db' | 'lagTolerantDb' | 'clock'>, manager: ManagerScope, dwellingId: string, range: DailyRange) {
  const result = await consentedDailyConsumption(context, manager, dwellingId, range, context.lagTolerantDb());
  return { dwelling: result.dwelling, csv: dailyConsumptionCsv(result) };
}

/** Everything that decides what the manager may see is read on the primary; only the days themselves from `daysFrom`. */
async function consentedDailyConsumption(
  context: Pick<AppContext, 'db' | 'clock'>,
  manager: ManagerScope,
  dwellingId: string,
  range: DailyRange,
  daysFrom: Kysely<Database>,
) {
  const dwelling = await selectDwellingForManager(context.db, dwellingId);
  if (!dwelling) throw new AppError('forbidden');
  await assertResidenceAccess(context, manager, dwelling.residence_id);
  if (!dwelling.resident_user_id || dwelling.manager_may_see_daily !== true) throw new AppError('daily_data_not_shared');

  const yesterday = addDays(await selectTodayInZone(context.db, dwelling.time_zone, context.clock.now()), -1);
  const to = range.to && range.to < yesterday ? range.to : yesterday;
  const requestedFrom = range.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (requestedFrom > to || addDays(requestedFrom, MAXIMUM_RANGE_DAYS) <= to) throw new AppError('validation_failed', { fields: [{ field: 'from', problem: 'range' }] });
  const boundary = await findResidentPrivacyBoundary(context.db, dwelling.resident_user_id);
  const from = boundary && boundary.day > requestedFrom ? boundary.day : requestedFrom;

  // A manager reading a resident's daily data is an action on personal data: it goes in the audit trail.
  await recordAuditEvent(context.db, {
    occurredAt: context.clock.now(),
    action: 'manager.daily_data_viewed',
    actor: { userId: manager.userId, role: 'manager' },
    target: { type: 'dwelling', id: dwellingId },
    details: { from, to },
  });

  const fluids = [...new Set((await selectDwellingFluids(context.db, dwellingId)).map(fluidOf))].sort(
    (left, right) => FLUIDS.indexOf(left) - FLUIDS.indexOf(right),
  );
  const series = await Promise.all(
    fluids.map(async (fluid) => {
      const rows = boundary
        ? await getBoundedDailyConsumption(daysFrom, { dwellingId, residenceId: dwelling.residence_id, timeZone: dwelling.time_zone, boundaryAt: boundary.at.toISOString(), boundaryDay: boundary.day }, fluid, from, to)
        : [];
      return {
        fluid,
        days: rows.map((row) => ({
          day: row.period,
          unit: row.unit,
          consumption: Number(row.consumption),
          isEstimated: row.isEstimated,
          ...(row.estimateReason ? { estimateReason: row.estimateReason } : {}),
          ...(row.isPartial ? { isPartial: true } : {}),
        })),
      };
    }),
  );
  return {
    dwelling: {
      id: dwelling.id,
      buildingCode: dwelling.building_code,
      clientNumber: dwelling.client_number,
      dwellingCode: dwelling.dwelling_code,
      building: dwelling.building,
      staircase: dwelling.staircase,
      floor: dwelling.floor,
    },
    from,
    to,
    fluids: series,
  };
}

export const FLUID_LABELS: Record<Fluid, string> = { hot_water: 'eau chaude', cold_water: 'eau froide', heating: 'chauffage' };

/** Days as CSV rows: water in litres, exact (see exportQuantity). */
export function dailyConsumptionCsv(result: { fluids: Array<{ fluid: Fluid; days: Array<{ day: string; unit: DeviceUnit; consumption: number | string; isEstimated: boolean }> }> }): string {
  const lines = ['jour;fluide;consommation;unite;estime'];
  for (const series of result.fluids) {
    for (const day of series.days) {
      const quantity = exportQuantity(day.consumption, day.unit);
      lines.push([day.day, FLUID_LABELS[series.fluid], quantity.value, quantity.unit, day.isEstimated ? 'oui' : 'non'].map(csvField).join(';'));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
