import type { AppContext } from '../../app-context.ts';
import type { DeviceKind } from '../../db/schema.ts';
import { fluidOf } from '#shared/device-kinds.ts';
import type { residentMeterTotals } from '#shared/contracts/api-tokens.ts';
import type { z } from 'zod';
import { firstWholeDayFrom } from '../occupancy/handover-day.ts';
import { selectDeviceTotals } from './resident-consumption.queries.ts';
import type { ResidentScope } from './resident-scope.ts';

/**
 * The kWh a heat cost allocator's unit stands for, in one residence, on one day; null when none
 * is set. The tariffs module (per residence, with validity dates) provides it; until the
 * composition root wires it, allocators are offered as plain sensors.
 */
type AllocatorKwhPerUnit = (context: Pick<AppContext, 'db'>, input: { residenceId: string; deviceId: string; day: string }) => Promise<number | null>;

declare module '../../app-context.ts' {
  interface AppHooks {
    /** Optional: the allocators' kWh-per-unit factor (server/modules.ts wires it when a module provides one). */
    allocatorKwhPerUnit?: AllocatorKwhPerUnit;
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
 * unless a kWh-per-unit factor is set for the residence.
 */
export async function getResidentMeterTotals(context: Pick<AppContext, 'db' | 'hooks'>, scope: ResidentScope): Promise<MeterTotals> {
  const from = firstWholeDayFrom(scope, scope.boundaryDay);
  const rows = await selectDeviceTotals(context.db, scope, from, scope.today);
  const factorOf = context.hooks.allocatorKwhPerUnit;
  const meters = await Promise.all(
    rows.map(async (row) => {
      const kind: DeviceKind = row.kind;
      const total = round(Number(row.total));
      const factor = kind === 'heat_cost_allocator' && factorOf ? await factorOf(context, { residenceId: scope.residenceId, deviceId: row.id, day: scope.today }) : null;
      const totalKwh = factor === null ? null : round(total * factor);
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
