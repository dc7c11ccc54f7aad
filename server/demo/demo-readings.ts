import { restartsFromZero } from '#shared/device-kinds.ts';
import {
  createSlotGrid,
  heatingDegreeDays,
  simulateHeatUse,
  simulateWaterUse,
  type SlotGrid,
} from './consumption-model.ts';
import type { HouseholdStories } from './demo-households.ts';
import type { Inventory } from './demo-inventory.ts';
import type { PlannedDevice, ReadingSeries } from './demo-plan.ts';
import { calendarDayOf, DAY_MS, HOUR_MS, parisMidnightUtc } from './paris-calendar.ts';
import { buildReadingSeries, type DeviceReadingSpec } from './reading-series.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/**
 * Every device's readings over the history: daily indexes, hourly ones for the water meters
 * at the end, with the planted leaks, the replaced meter, a few gaps and estimates.
 */
export interface ReadingsInput {
  inventory: Inventory;
  stories: HouseholdStories;
  historyStartDay: number;
  hourlyStartDay: number;
  referenceDay: number;
  replacement: { removedDeviceId: string; newDeviceId: string; removedAtMs: number; installedAtMs: number };
  /** The one meter whose radio went quiet for a whole day inside the hourly window. */
  silentDayDeviceId: string;
}

const GAP_SHARE = 0.06;
const ESTIMATE_SHARE = 0.05;

function newYearDays(grid: SlotGrid): Set<number> {
  const days = new Set<number>();
  for (let year = calendarDayOf(grid.firstDay).year + 1; year <= calendarDayOf(grid.endDay - 1).year; year += 1) {
    days.add(Date.UTC(year, 0, 1) / DAY_MS);
  }
  return days;
}

function scaled(values: Float64Array, factor: number): Float64Array {
  const result = new Float64Array(values.length);
  for (let index = 0; index < values.length; index += 1) result[index] = values[index]! * factor;
  return result;
}

/** Runs of missing days, and isolated estimated days, drawn away from the edges and the hourly window. */
function drawIrregularities(
  device: PlannedDevice,
  random: SeededRandom,
  input: ReadingsInput,
  isExempt: boolean,
): { missingDays: Set<number>; estimatedDays: Set<number> } {
  const missingDays = new Set<number>();
  const estimatedDays = new Set<number>();
  if (device.id === input.silentDayDeviceId) missingDays.add(input.referenceDay - 4);
  const first = input.historyStartDay + 2;
  const last = input.hourlyStartDay - 6;
  if (isExempt || last <= first) return { missingDays, estimatedDays };
  if (random.chance(GAP_SHARE)) {
    for (let gap = random.intBetween(1, 2); gap > 0; gap -= 1) {
      const start = random.intBetween(first, last - 4);
      for (let day = start; day < start + random.intBetween(1, 4); day += 1) missingDays.add(day);
    }
  }
  if (device.unit === 'm3' && random.chance(ESTIMATE_SHARE)) {
    for (let estimate = random.intBetween(1, 3); estimate > 0; estimate -= 1) {
      const day = random.intBetween(first, last);
      const isolated = [day - 1, day, day + 1].every((near) => !missingDays.has(near) && !estimatedDays.has(near));
      if (isolated) estimatedDays.add(day);
    }
  }
  return { missingDays, estimatedDays };
}

export function planReadingSeries(input: ReadingsInput): ReadingSeries[] {
  const { inventory, stories } = input;
  const grid = createSlotGrid(input.historyStartDay, input.referenceDay);
  const gridEndMs = grid.startMs + grid.slotCount * HOUR_MS;
  const resetDays = newYearDays(grid);
  const firstYearStart = Date.UTC(calendarDayOf(input.historyStartDay).year, 0, 1) / DAY_MS;
  const climates = new Map(
    inventory.residences.map((residence) => {
      const climate = { ...residence.spec.climate, seed: `climate:${residence.spec.key}` };
      const beforeHistory = heatingDegreeDays(createSlotGrid(firstYearStart, input.historyStartDay - 1), climate);
      return [residence.id, { degreeDays: heatingDegreeDays(grid, climate), sinceNewYear: beforeHistory.reduce((sum, value) => sum + value, 0) }];
    }),
  );
  const leakDwellings = new Set(stories.leaks.map((leak) => leak.dwellingId));
  const devicesByDwelling = new Map<string, PlannedDevice[]>();
  for (const device of inventory.devices) {
    devicesByDwelling.set(device.dwellingId, [...(devicesByDwelling.get(device.dwellingId) ?? []), device]);
  }
  const series: ReadingSeries[] = [];

  for (const dwelling of inventory.dwellings) {
    const households = stories.householdsByDwelling.get(dwelling.id)!;
    const water = simulateWaterUse(
      grid,
      households,
      stories.leaks.filter((leak) => leak.dwellingId === dwelling.id),
    );
    const climate = climates.get(dwelling.residenceId)!;
    for (const device of devicesByDwelling.get(dwelling.id) ?? []) {
      const random = createSeededRandom(`device:${device.manufacturer}:${device.serialNumber}`);
      const isReplaced = device.id === input.replacement.removedDeviceId || device.id === input.replacement.newDeviceId;
      const base = {
        deviceId: device.id,
        residenceId: device.residenceId,
        grid,
        activeFromMs: device.id === input.replacement.newDeviceId ? input.replacement.installedAtMs : grid.startMs,
        activeUntilMs: device.id === input.replacement.removedDeviceId ? input.replacement.removedAtMs : gridEndMs,
        dailyReadOffsetMs: (5 + random.int(110)) * 60_000 + (1 + random.int(59)) * 1000,
        ...drawIrregularities(device, random, input, isReplaced || leakDwellings.has(dwelling.id)),
      };
      const initial = (range: [number, number]) => (device.id === input.replacement.newDeviceId ? 0 : random.between(...range));
      let spec: DeviceReadingSpec;
      if (device.kind === 'cold_water' || device.kind === 'hot_water') {
        const litres = device.kind === 'cold_water' ? water.coldLitres : water.hotLitres;
        spec = {
          ...base,
          volumes: scaled(litres, 0.001),
          initialIndex: initial(device.kind === 'cold_water' ? [40, 600] : [15, 250]),
          stepThousandths: 1,
          resetDays: new Set(),
          hourlyFromDay: input.hourlyStartDay,
        };
      } else {
        const perDegreeDay = device.kind === 'heat_cost_allocator' ? random.between(0.35, 1.1) : dwelling.rooms * random.between(0.9, 1.4);
        spec = {
          ...base,
          volumes: simulateHeatUse(grid, climate.degreeDays, households, perDegreeDay, `device:${device.serialNumber}`),
          initialIndex: restartsFromZero(device.kind) ? climate.sinceNewYear * perDegreeDay : initial([8_000, 40_000]),
          stepThousandths: 1000,
          resetDays: restartsFromZero(device.kind) ? resetDays : new Set(),
          hourlyFromDay: null,
        };
      }
      series.push(buildReadingSeries(spec));
    }
  }
  return series;
}

export function replacementMoments(replacedDay: number): { removedAtMs: number; installedAtMs: number } {
  const morning = parisMidnightUtc(replacedDay) + 10 * HOUR_MS;
  return { removedAtMs: morning, installedAtMs: morning + HOUR_MS / 2 };
}
