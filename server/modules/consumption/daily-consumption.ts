import { addDays, localDayOf, startOfLocalDay } from './time-zone.ts';

/**
 * The consumption engine, as a pure function over one device's readings.
 *
 * Between two consecutive readings, the index difference is spread over the time between them
 * and cut at the residence's midnights, so readings taken at any time of day give whole days.
 * Shares are exact integers (fixed point) computed from the cumulative elapsed time, so the
 * days of one interval add up to its difference exactly: the sum of daily consumption over a
 * period is the index difference over that period.
 */
export interface EngineReading {
  /** UTC milliseconds. Readings are in strictly increasing time order. */
  at: number;
  /** Fixed-point index (see fixed-point.ts). */
  index: bigint;
  isEstimated: boolean;
}

export interface DailyConsumption {
  day: string;
  consumption: bigint;
  /** Some of the day's consumption was spread over a gap, or comes from an estimated reading. */
  isEstimated: boolean;
}

export interface IndexDecrease {
  at: number;
  previousIndex: bigint;
  index: bigint;
}

export interface EngineOptions {
  timeZone: string;
  /** Heat cost allocators start again from zero on their set date each year. */
  restartsFromZero: boolean;
  /** An interval longer than this is a gap: what it holds is spread and marked estimated. */
  gapThresholdMs: number;
}

/** Remote-read devices report at least daily; an hour's slack covers late telegrams. */
export const DEFAULT_GAP_THRESHOLD_MS = 25 * 60 * 60 * 1000;

export function computeDailyConsumption(
  readings: readonly EngineReading[],
  options: EngineOptions,
): { days: DailyConsumption[]; decreases: IndexDecrease[] } {
  const days: DailyConsumption[] = [];
  const decreases: IndexDecrease[] = [];
  for (let position = 1; position < readings.length; position += 1) {
    const previous = readings[position - 1]!;
    const current = readings[position]!;
    if (current.at <= previous.at) throw new Error('Readings must be in strictly increasing time order');
    let difference = current.index - previous.index;
    if (difference < 0n) {
      if (options.restartsFromZero) {
        // Counted again from zero since the set date: what the allocator shows is what was used.
        difference = current.index;
      } else {
        decreases.push({ at: current.at, previousIndex: previous.index, index: current.index });
        difference = 0n;
      }
    }
    const isEstimated =
      previous.isEstimated || current.isEstimated || current.at - previous.at > options.gapThresholdMs;
    spreadOverDays(previous.at, current.at, difference, isEstimated, options.timeZone, days);
  }
  return { days, decreases };
}

function spreadOverDays(
  from: number,
  to: number,
  difference: bigint,
  isEstimated: boolean,
  timeZone: string,
  days: DailyConsumption[],
): void {
  const span = BigInt(to - from);
  let day = localDayOf(from, timeZone);
  let cursor = from;
  let allocated = 0n;
  for (;;) {
    const dayEnd = startOfLocalDay(addDays(day, 1), timeZone);
    const pieceEnd = Math.min(dayEnd, to);
    // Share of the cumulative elapsed time, floored: consecutive shares telescope to the total.
    const cumulative = pieceEnd === to ? difference : (difference * BigInt(pieceEnd - from)) / span;
    addToDay(days, day, cumulative - allocated, isEstimated);
    allocated = cumulative;
    if (pieceEnd === to) return;
    cursor = pieceEnd;
    day = localDayOf(cursor, timeZone);
  }
}

function addToDay(days: DailyConsumption[], day: string, consumption: bigint, isEstimated: boolean): void {
  const last = days[days.length - 1];
  if (last && last.day === day) {
    last.consumption += consumption;
    last.isEstimated ||= isEstimated;
    return;
  }
  days.push({ day, consumption, isEstimated });
}
