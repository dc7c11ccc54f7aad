import { fluidOf, restartsFromZero } from '#shared/device-kinds.ts';
import { computeDailyConsumption, DEFAULT_GAP_THRESHOLD_MS } from '../modules/consumption/daily-consumption.ts';
import { fromFixedPoint, FIXED_POINT_DECIMALS } from '../kernel/fixed-point.ts';
import { encodeCopyText, type CopyValue } from './copy-encoding.ts';
import type { DemoPlan } from './demo-plan.ts';

/** Every demo residence counts its days in Paris time. */
const DEMO_TIME_ZONE = 'Europe/Paris';
const THOUSANDTHS_TO_FIXED_POINT = 10n ** BigInt(FIXED_POINT_DECIMALS - 3);
const ROWS_PER_CHUNK = 100_000;

export const DAILY_CONSUMPTION_COPY_COLUMNS = [
  'residence_id',
  'dwelling_id',
  'device_id',
  'fluid',
  'unit',
  'day',
  'consumption',
  'is_estimated',
  'estimate_reason',
] as const;

/**
 * The demo's daily consumption, computed by the consumption engine itself from the planned
 * readings already in memory, so that the portal is ready the moment the load ends instead
 * of re-reading a million readings from the database afterwards. Yields COPY text chunks.
 */
export function* encodeDemoDailyConsumption(plan: DemoPlan): Generator<{ text: string; rowCount: number }> {
  const devices = new Map(plan.devices.map((device) => [device.id, device]));
  let rows: CopyValue[][] = [];
  for (const series of plan.readingSeries) {
    const device = devices.get(series.deviceId);
    if (!device) throw new Error(`The demo plan has readings for an unknown device ${series.deviceId}`);
    const readings = Array.from(series.readAtMs, (at, position) => ({
      at,
      index: BigInt(series.indexThousandths[position]!) * THOUSANDTHS_TO_FIXED_POINT,
      isEstimated: series.isEstimated[position] === 1,
    }));
    const { days, decreases } = computeDailyConsumption(readings, {
      timeZone: DEMO_TIME_ZONE,
      restartsFromZero: restartsFromZero(device.kind),
      gapThresholdMs: DEFAULT_GAP_THRESHOLD_MS,
    });
    if (decreases.length > 0) throw new Error(`The demo plan has an index decrease on device ${device.serialNumber}`);
    const fluid = fluidOf(device.kind);
    for (const day of days) {
      rows.push([device.residenceId, device.dwellingId, device.id, fluid, device.unit, day.day, fromFixedPoint(day.consumption), day.isEstimated, day.estimateReason]);
    }
    if (rows.length >= ROWS_PER_CHUNK) {
      yield { text: encodeCopyText(rows), rowCount: rows.length };
      rows = [];
    }
  }
  if (rows.length > 0) yield { text: encodeCopyText(rows), rowCount: rows.length };
}
