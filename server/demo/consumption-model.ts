import { calendarDayOf, DAY_MS, HOUR_MS, parisHourAt, parisMidnightUtc, weekdayOf } from './paris-calendar.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/**
 * How much water and heat a dwelling uses, hour by hour, over the demo's history. Volumes are
 * laid on a grid of one-hour slots starting at Paris midnight of the first day.
 */
export interface SlotGrid {
  firstDay: number;
  /** Exclusive. */
  endDay: number;
  startMs: number;
  slotCount: number;
}

export function createSlotGrid(firstDay: number, lastDay: number): SlotGrid {
  const startMs = parisMidnightUtc(firstDay);
  return {
    firstDay,
    endDay: lastDay + 1,
    startMs,
    slotCount: (parisMidnightUtc(lastDay + 1) - startMs) / HOUR_MS,
  };
}

/** The slots [first, end) of one Paris day (23 or 25 of them on clock-change days). */
function slotsOfDay(grid: SlotGrid, day: number): [number, number] {
  return [(parisMidnightUtc(day) - grid.startMs) / HOUR_MS, (parisMidnightUtc(day + 1) - grid.startMs) / HOUR_MS];
}

/** A household living in a dwelling from a day on; 0 persons is a vacant dwelling. */
export interface HouseholdPeriod {
  fromDay: number;
  persons: number;
  /** Around 148 L per person and day. */
  litresPerPersonDay: number;
  /** Share of the water drawn hot: a quarter to a third. */
  hotWaterShare: number;
  seed: string;
}

export interface ContinuousFlow {
  startMs: number;
  /** Exclusive; the end of the grid when still running. */
  endMs: number;
  litresPerHour: number;
}

export interface WaterUse {
  hotLitres: Float64Array;
  coldLitres: Float64Array;
}

/** Weight of each local hour in a day's draw: nothing between 1 and 5 a.m. */
const WEEKDAY_HOURS = [0.3, 0, 0, 0, 0, 0.4, 3.5, 8, 7, 4.5, 3.5, 4, 5, 4, 3, 2.8, 3, 4, 6, 7.5, 8, 6.5, 4.5, 1.5];
const WEEKEND_HOURS = [0.6, 0, 0, 0, 0, 0, 0.5, 2.5, 5.5, 7.5, 7, 6, 6, 4.5, 3.5, 3, 3.5, 4.5, 6, 7, 7.5, 6.5, 5, 2];
const WEEKEND_FACTOR = 1.12;

/** Days a household is away: two to three summer weeks most years, a Christmas week sometimes. */
function absenceDays(seed: string, years: readonly number[]): Set<number> {
  const away = new Set<number>();
  for (const year of years) {
    const random = createSeededRandom(`${seed}:absence:${year}`);
    if (random.chance(0.75)) {
      const start = Date.UTC(year, 6, random.intBetween(1, 40)) / DAY_MS;
      const length = random.intBetween(10, 21);
      for (let day = start; day < start + length; day += 1) away.add(day);
    }
    if (random.chance(0.3)) {
      const start = Date.UTC(year, 11, random.intBetween(21, 26)) / DAY_MS;
      for (let day = start; day < start + random.intBetween(4, 9); day += 1) away.add(day);
    }
  }
  return away;
}

function yearsOf(grid: SlotGrid): number[] {
  const first = calendarDayOf(grid.firstDay).year;
  const last = calendarDayOf(grid.endDay).year;
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

function householdOn(periods: readonly HouseholdPeriod[], day: number): HouseholdPeriod | undefined {
  let current: HouseholdPeriod | undefined;
  for (const period of periods) if (period.fromDay <= day) current = period;
  return current;
}

/** Spreads a day's litres over its slots by the hour weights, with some noise hour to hour. */
function spreadOverDay(
  grid: SlotGrid,
  day: number,
  litres: number,
  hourWeights: readonly number[],
  random: SeededRandom,
  target: Float64Array,
  hotShare: number,
  hotTarget: Float64Array,
): void {
  const [first, end] = slotsOfDay(grid, day);
  const isClockChangeDay = end - first !== 24;
  const weights: number[] = [];
  let total = 0;
  for (let slot = first; slot < end; slot += 1) {
    const hour = isClockChangeDay ? parisHourAt(grid.startMs + slot * HOUR_MS) : slot - first;
    const weight = (hourWeights[hour] ?? 0) * random.between(0.4, 1.6);
    weights.push(weight);
    total += weight;
  }
  if (total === 0) return;
  for (let slot = first; slot < end; slot += 1) {
    const volume = (litres * (weights[slot - first] ?? 0)) / total;
    target[slot] = (target[slot] ?? 0) + volume * (1 - hotShare);
    hotTarget[slot] = (hotTarget[slot] ?? 0) + volume * hotShare;
  }
}

/**
 * Hot and cold water drawn by the successive households of a dwelling, hour by hour, plus any
 * continuous flow (a leak) on the cold side.
 */
export function simulateWaterUse(
  grid: SlotGrid,
  households: readonly HouseholdPeriod[],
  leaks: readonly ContinuousFlow[],
): WaterUse {
  const cold = new Float64Array(grid.slotCount);
  const hot = new Float64Array(grid.slotCount);
  const years = yearsOf(grid);
  const absences = new Map<string, Set<number>>();
  for (let day = grid.firstDay; day < grid.endDay; day += 1) {
    const household = householdOn(households, day);
    if (!household) continue;
    const random = createSeededRandom(`${household.seed}:day:${day}`);
    if (household.persons === 0) {
      // A vacant dwelling: a visit now and then (cleaning, viewing).
      if (random.chance(0.04)) spreadOverDay(grid, day, random.between(5, 40), WEEKDAY_HOURS, random, cold, 0.2, hot);
      continue;
    }
    let away = absences.get(household.seed);
    if (!away) {
      away = absenceDays(household.seed, years);
      absences.set(household.seed, away);
    }
    const { dayOfYear } = calendarDayOf(day);
    const isWeekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    const presence = away.has(day) ? 0.02 : 1;
    const dayFactor = Math.max(0.3, random.normal(1, 0.18)) * (isWeekend ? WEEKEND_FACTOR : 1);
    const litres = household.persons * household.litresPerPersonDay * dayFactor * presence;
    // More of the water is drawn hot in winter.
    const hotShare = household.hotWaterShare * (1 + 0.12 * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365));
    spreadOverDay(grid, day, litres, isWeekend ? WEEKEND_HOURS : WEEKDAY_HOURS, random, cold, hotShare, hot);
  }
  for (const leak of leaks) addContinuousFlow(grid, leak, cold);
  return { hotLitres: hot, coldLitres: cold };
}

function addContinuousFlow(grid: SlotGrid, flow: ContinuousFlow, target: Float64Array): void {
  const firstSlot = Math.max(0, Math.floor((flow.startMs - grid.startMs) / HOUR_MS));
  const endSlot = Math.min(grid.slotCount, Math.ceil((flow.endMs - grid.startMs) / HOUR_MS));
  for (let slot = firstSlot; slot < endSlot; slot += 1) {
    const slotStart = grid.startMs + slot * HOUR_MS;
    const covered = Math.min(slotStart + HOUR_MS, flow.endMs) - Math.max(slotStart, flow.startMs);
    target[slot] = (target[slot] ?? 0) + (flow.litresPerHour * covered) / HOUR_MS;
  }
}

/** A residence's climate: daily mean outdoor temperature, same for all its dwellings. */
export interface Climate {
  meanCelsius: number;
  amplitudeCelsius: number;
  seed: string;
}

/** Heating degree days (base 17 °C) for each day of the grid; none outside the heating season. */
export function heatingDegreeDays(grid: SlotGrid, climate: Climate): Float64Array {
  const days = new Float64Array(grid.endDay - grid.firstDay);
  const random = createSeededRandom(`${climate.seed}:weather`);
  let anomaly = 0;
  for (let day = grid.firstDay; day < grid.endDay; day += 1) {
    const { month, dayOfYear } = calendarDayOf(day);
    anomaly = 0.8 * anomaly + random.normal(0, 1.6);
    const temperature =
      climate.meanCelsius - climate.amplitudeCelsius * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365) + anomaly;
    const inHeatingSeason = month >= 10 || month <= 4 || (month === 5 && calendarDayOf(day).day <= 15);
    days[day - grid.firstDay] = inHeatingSeason ? Math.max(0, 17 - temperature) : 0;
  }
  return days;
}

/**
 * Heat drawn by one heating device (allocator units or kWh), spread evenly over each day:
 * proportional to the degree days, lower while the dwelling is empty or its people away.
 */
export function simulateHeatUse(
  grid: SlotGrid,
  degreeDays: Float64Array,
  households: readonly HouseholdPeriod[],
  perDegreeDay: number,
  seed: string,
): Float64Array {
  const slots = new Float64Array(grid.slotCount);
  const random = createSeededRandom(`${seed}:heat`);
  for (let day = grid.firstDay; day < grid.endDay; day += 1) {
    const household = householdOn(households, day);
    const occupancy = !household || household.persons === 0 ? 0.25 : 1;
    const amount = (degreeDays[day - grid.firstDay] ?? 0) * perDegreeDay * occupancy * Math.max(0, random.normal(1, 0.15));
    const [first, end] = slotsOfDay(grid, day);
    for (let slot = first; slot < end; slot += 1) slots[slot] = amount / (end - first);
  }
  return slots;
}
