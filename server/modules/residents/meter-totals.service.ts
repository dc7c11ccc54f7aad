import type { AppContext } from '../../app-context.ts';
import type { DeviceKind } from '../../db/schema.ts';
import { fluidOf } from '#shared/device-kinds.ts';
import type { residentMeterTotals } from '#shared/contracts/api-tokens.ts';
import type { z } from 'zod';
import { getDeviceDailyConsumption } from '../consumption/consumption.service.ts';
import { firstWholeDayFrom } from '../occupancy/handover-day.ts';
import { selectDeviceTotals } from './resident-consumption.queries.ts';
import type { ResidentScope } from './resident-scope.ts';

/**
 * The kWh a heat cost allocator's days stand for in one residence, each day at the kWh-per-unit
 * factor valid that day; null when none is set. The tariffs module (per residence, with validity
 * dates) provides it; until the composition root wires it, allocators are offered as plain sensors.
 */
type AllocatorKwh = (context: Pick<AppContext, 'db'>, input: { residenceId: string; days: ReadonlyArray<{ day: string; units: string }> }) => Promise<number | null>;

declare module '../../app-context.ts' {
  interface AppHooks {
    /** Optional: the allocators' energy (server/modules.ts wires it when a module provides one). */
    allocatorKwh?: AllocatorKwh;
  }
}

type MeterTotals = z.infer<typeof residentMeterTotals>;

const UNIT_LABELS = { m3: 'm³', kWh: 'kWh', units: 'units' } as const;

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Per device of the resident's dwelling, what it counted from the first whole day of their
 * history to today: a total that only grows as days are added, what Home Assistant's energy
 * dashboard expects (`state_class: total_increasing`). A same-day handover's partial first day
 * is left out, so that no part of the previous occupant's day is ever counted. Water meters are
 * `water` (m³), heat meters `energy` (kWh); an allocator's units are no energy: a plain sensor,
 * unless a kWh-per-unit factor is set for the residence (then each day's units at that day's factor).
 */
export async function getResidentMeterTotals(context: Pick<AppContext, 'db' | 'hooks'>, scope: ResidentScope): Promise<MeterTotals> {
  const from = firstWholeDayFrom(scope, scope.boundaryDay);
  const rows = await selectDeviceTotals(context.db, scope, from, scope.today);
  const kwhOf = context.hooks.allocatorKwh;
  const meters = await Promise.all(
    rows.map(async (row) => {
      const kind: DeviceKind = row.kind;
      const total = round(Number(row.total));
      // Each day at the factor valid that day: a new factor never rewrites a total Home Assistant already recorded.
      const totalKwh =
        kind === 'heat_cost_allocator' && kwhOf
          ? await kwhOf(context, {
              residenceId: scope.residenceId,
              days: (await getDeviceDailyConsumption(context.db, row.id, from, scope.today)).map((day) => ({ day: day.period, units: day.consumption })),
            })
          : null;
      const deviceClass = kind === 'heat_meter' || totalKwh !== null ? 'energy' : kind === 'heat_cost_allocator' ? null : 'water';
      return {
        deviceId: row.id,
        serialNumber: row.serial_number,
        kind,
        fluid: fluidOf(kind),
        location: row.location,
        total,
        unit: row.unit,
        isEstimated: row.is_estimated,
        homeAssistantDeviceClass: deviceClass,
        homeAssistantUnit: totalKwh !== null ? 'kWh' : UNIT_LABELS[row.unit],
        totalKwh,
      } satisfies MeterTotals['meters'][number];
    }),
  );
  return { historyStartsOn: scope.boundaryDay, through: scope.today, meters };
}
