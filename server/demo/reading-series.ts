import type { SlotGrid } from './consumption-model.ts';
import type { ReadingSeries } from './demo-plan.ts';
import { HOUR_MS, parisMidnightUtc } from './paris-calendar.ts';

/** What turns one device's hourly volumes into the readings it would have sent. */
export interface DeviceReadingSpec {
  deviceId: string;
  residenceId: string;
  grid: SlotGrid;
  /** Volume per slot of the grid, in the device's unit; the dwelling's, before install or after removal included. */
  volumes: Float64Array;
  /** The index shown when the device starts counting at activeFromMs. */
  initialIndex: number;
  /** Install moment (the grid's start for a device already there). */
  activeFromMs: number;
  /** No reading after this moment (removal, or the grid's end). */
  activeUntilMs: number;
  /** The index's step in thousandths of the unit: 1 (litres for m³), 1000 (whole units, whole kWh). */
  stepThousandths: number;
  /** Days at whose Paris midnight the index restarts from 0 (heat cost allocators' set day). */
  resetDays: ReadonlySet<number>;
  /** The daily reading's time after Paris midnight; never a whole hour, so it never meets an hourly one. */
  dailyReadOffsetMs: number;
  /** First day with hourly readings (water meters with an hourly profile), or null. */
  hourlyFromDay: number | null;
  missingDays: ReadonlySet<number>;
  /** Days whose daily index is an estimate: interpolated between the real ones around it. */
  estimatedDays: ReadonlySet<number>;
}

/** The index (in the unit) at the start of each slot, with the install moment and resets applied. */
function indexAtSlotStarts(spec: DeviceReadingSpec): { starts: Float64Array; counted: Float64Array } {
  const { grid } = spec;
  const counted = spec.volumes.slice();
  const activeFromPosition = (spec.activeFromMs - grid.startMs) / HOUR_MS;
  const firstCountedSlot = Math.max(0, Math.floor(activeFromPosition));
  counted.fill(0, 0, firstCountedSlot);
  if (firstCountedSlot < grid.slotCount) counted[firstCountedSlot] = (counted[firstCountedSlot] ?? 0) * (firstCountedSlot + 1 - Math.max(activeFromPosition, firstCountedSlot));
  const resetSlots = [...spec.resetDays]
    .map((day) => (parisMidnightUtc(day) - grid.startMs) / HOUR_MS)
    .filter((slot) => slot > activeFromPosition)
    .sort((a, b) => a - b);
  const starts = new Float64Array(grid.slotCount + 1);
  let resetCount = 0;
  let nextResetSlot = resetSlots[0] ?? Infinity;
  let index = spec.initialIndex;
  for (let slot = 0; slot < grid.slotCount; slot += 1) {
    if (slot === nextResetSlot) {
      index = 0;
      resetCount += 1;
      nextResetSlot = resetSlots[resetCount] ?? Infinity;
    }
    starts[slot] = index;
    index += counted[slot]!;
  }
  starts[grid.slotCount] = index;
  return { starts, counted };
}

export function buildReadingSeries(spec: DeviceReadingSpec): ReadingSeries {
  const { grid } = spec;
  const { starts, counted } = indexAtSlotStarts(spec);
  const indexAt = (moment: number): number => {
    const position = (moment - grid.startMs) / HOUR_MS;
    const slot = Math.min(grid.slotCount - 1, Math.floor(position));
    return (starts[slot] ?? 0) + (position - slot) * (counted[slot] ?? 0);
  };
  const toThousandths = (value: number) =>
    Math.floor((value * 1000) / spec.stepThousandths + 1e-9) * spec.stepThousandths;

  const lastDay = grid.endDay - 1;
  const lastHourlyMs = parisMidnightUtc(lastDay);
  const capacity = (grid.endDay - grid.firstDay) * (spec.hourlyFromDay === null ? 1 : 26);
  const readAtMs = new Float64Array(capacity);
  const indexThousandths = new Float64Array(capacity);
  const isEstimated = new Uint8Array(capacity);
  let count = 0;
  const push = (moment: number, value: number, estimated: boolean) => {
    if (moment < spec.activeFromMs || moment > spec.activeUntilMs) return;
    readAtMs[count] = moment;
    indexThousandths[count] = toThousandths(value);
    isEstimated[count] = estimated ? 1 : 0;
    count += 1;
  };
  const dailyMoment = (day: number) => parisMidnightUtc(day) + spec.dailyReadOffsetMs;

  for (let day = grid.firstDay; day <= lastDay; day += 1) {
    if (spec.missingDays.has(day)) continue;
    const daily = dailyMoment(day);
    const isEstimatedDay = spec.estimatedDays.has(day);
    const dailyValue = isEstimatedDay ? interpolatedIndex(indexAt, dailyMoment(day - 1), dailyMoment(day + 1), daily) : indexAt(daily);
    let isDailyPushed = false;
    if (spec.hourlyFromDay !== null && day >= spec.hourlyFromDay) {
      const endOfDay = Math.min(parisMidnightUtc(day + 1) - 1, lastHourlyMs);
      for (let moment = parisMidnightUtc(day); moment <= endOfDay; moment += HOUR_MS) {
        if (!isDailyPushed && daily < moment) {
          push(daily, dailyValue, isEstimatedDay);
          isDailyPushed = true;
        }
        push(moment, indexAt(moment), false);
      }
    }
    if (!isDailyPushed) push(daily, dailyValue, isEstimatedDay);
  }
  return {
    deviceId: spec.deviceId,
    residenceId: spec.residenceId,
    readAtMs: readAtMs.slice(0, count),
    indexThousandths: indexThousandths.slice(0, count),
    isEstimated: isEstimated.slice(0, count),
  };
}

/** An estimate as the operator makes one: a straight line between the real indexes either side. */
function interpolatedIndex(indexAt: (moment: number) => number, before: number, after: number, moment: number): number {
  const from = indexAt(before);
  const to = indexAt(after);
  return from + ((to - from) * (moment - before)) / (after - before);
}
