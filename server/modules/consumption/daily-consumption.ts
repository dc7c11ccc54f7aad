import type { EstimateReason } from '../../db/schema.ts';
import { findOverLimitStretches, type OverLimitStretch } from './rate-check.ts';
import { addDays, localDayOf, startOfLocalDay } from '../../kernel/local-time.ts';

/**
 * The consumption engine, as a pure function over one device's readings.
 *
 * Between two consecutive readings, the index difference is spread over the time between them
 * and cut at the residence's midnights, so readings taken at any time of day give whole days.
 * Shares are exact integers (fixed point) computed from the cumulative elapsed time, so the
 * days of one interval add up to its difference exactly: the sum of daily consumption over a
 * period is the index difference over that period.
 *
 * Billing holds per segment. A lasting decrease (one no excursion explains) bills nothing and
 * holds billing at the highest index of its segment until the index passes it again; once staff
 * accept it as a reset (`acceptedResets`), a new segment starts at the new index. Within each
 * segment, the billed total is at most its last minus its first index, exactly that when nothing
 * was flagged.
 */
export interface EngineReading {
  /** UTC milliseconds. Readings are in strictly increasing time order. */
  at: number;
  /** Fixed-point index (see fixed-point.ts). */
  index: bigint;
  isEstimated: boolean;
}

/** Why a day's consumption is an estimate rather than a measurement (the most telling reason when several apply). */
export type { EstimateReason };

export interface DailyConsumption {
  day: string;
  consumption: bigint;
  /** Some of the day's consumption was spread over a gap, comes from an estimated reading, or replaces a spike. */
  isEstimated: boolean;
  estimateReason: EstimateReason | null;
}

export interface IndexDecrease {
  at: number;
  previousIndex: bigint;
  index: bigint;
}

/**
 * Readings the index took back within the spike window, left out of billing: a `spike` is a rise
 * that fell back to where it was, a `dip` a fall that came back up.
 */
export interface Excursion {
  kind: 'spike' | 'dip';
  /** First and last reading left out (UTC milliseconds). */
  from: number;
  to: number;
  readings: number;
  /** The index furthest from the readings around it. */
  extremeIndex: bigint;
  /** What billing the readings as they were would have added. */
  notBilled: bigint;
  /** Staff marked it real: it is billed as read, its falls starting new segments. */
  isAccepted: boolean;
}

export interface EngineOptions {
  timeZone: string;
  /** Heat cost allocators start again from zero on their set date each year. */
  restartsFromZero: boolean;
  /** An interval longer than this is a gap: what it holds is spread and marked estimated. */
  gapThresholdMs: number;
  /** Excursions staff marked real, by their first reading (UTC milliseconds): billed as read. */
  acceptedExcursions?: ReadonlySet<number>;
  /** Lasting decreases staff accepted as a reset or a swapped register, by their reading (UTC milliseconds). */
  acceptedResets?: ReadonlySet<number>;
  /** Fixed point per hour: sustained flow above it is reported (see rate-check.ts), never estimated away. */
  maxRatePerHour?: bigint;
}

/** Remote-read devices report at least daily; an hour's slack covers late telegrams. */
export const DEFAULT_GAP_THRESHOLD_MS = 25 * 60 * 60 * 1000;

/** A rise (or fall) the index takes back within this long is an excursion, not consumption. */
export const SPIKE_WINDOW_MS = 48 * 60 * 60 * 1000;

export function computeDailyConsumption(
  readings: readonly EngineReading[],
  options: EngineOptions,
): { days: DailyConsumption[]; decreases: IndexDecrease[]; excursions: Excursion[]; overLimit: OverLimitStretch[] } {
  for (let position = 1; position < readings.length; position += 1) {
    if (readings[position]!.at <= readings[position - 1]!.at) throw new Error('Readings must be in strictly increasing time order');
  }
  const { kept, excursions, boundaries } = keepReadingsOutsideExcursions(readings, options.acceptedExcursions ?? new Set());
  const acceptedResets = options.acceptedResets ?? new Set<number>();
  const days: DailyConsumption[] = [];
  const decreases: IndexDecrease[] = [];
  /** Positions in `kept` where a segment starts, for the rate check. */
  const segmentStarts = new Set<number>();
  let highest = kept.length > 0 ? readings[kept[0]!]!.index : 0n;
  for (let position = 1; position < kept.length; position += 1) {
    const previous = readings[kept[position - 1]!]!;
    const current = readings[kept[position]!]!;
    let difference: bigint;
    if (boundaries.has(kept[position]!)) {
      difference = 0n;
      highest = current.index;
      segmentStarts.add(position);
    } else if (current.index < previous.index) {
      if (options.restartsFromZero) {
        // Counted again from zero since the set date: what the allocator shows is what was used.
        difference = current.index;
        highest = current.index;
        segmentStarts.add(position);
      } else {
        decreases.push({ at: current.at, previousIndex: previous.index, index: current.index });
        difference = 0n;
        if (acceptedResets.has(current.at)) {
          highest = current.index;
          segmentStarts.add(position);
        }
      }
    } else {
      // Undecided or glitch decreases hold billing at the segment's highest index.
      difference = current.index > highest ? current.index - highest : 0n;
      if (current.index > highest) highest = current.index;
    }
    const reason: EstimateReason | null =
      kept[position]! - kept[position - 1]! > 1
        ? 'spike'
        : current.at - previous.at > options.gapThresholdMs
          ? 'gap'
          : previous.isEstimated || current.isEstimated
            ? 'estimated_reading'
            : null;
    spreadOverDays(previous.at, current.at, difference, reason, options.timeZone, days);
  }
  const overLimit =
    options.maxRatePerHour === undefined
      ? []
      : findOverLimitStretches(
          kept.map((position) => readings[position]!),
          options.maxRatePerHour,
          new Set([...segmentStarts, ...decreasePositions(kept, readings)]),
        );
  return { days, decreases, excursions, overLimit };
}

/** Positions in `kept` where the index goes down: no flow ends there. */
function decreasePositions(kept: readonly number[], readings: readonly EngineReading[]): number[] {
  const positions: number[] = [];
  for (let position = 1; position < kept.length; position += 1) {
    if (readings[kept[position]!]!.index < readings[kept[position - 1]!]!.index) positions.push(position);
  }
  return positions;
}

/**
 * The positions of the readings billing uses. At each decrease, the readings the index takes
 * back are looked for both ways: the rise before it that it falls back from (to at least the
 * reading before the rise), or the fall it comes back up from (to at least the reading before
 * the fall) within the window. The shorter excursion is left out (the rise when equal), so the
 * readings kept never go down around one; a decrease neither explains is lasting (a reset, a
 * swapped register, a step back of the last digit) and stays. An excursion staff marked real is
 * kept as read: each fall in it starts a new segment (`boundaries`, positions in `readings`).
 */
function keepReadingsOutsideExcursions(
  readings: readonly EngineReading[],
  accepted: ReadonlySet<number>,
): { kept: number[]; excursions: Excursion[]; boundaries: Set<number> } {
  const kept: number[] = readings.length > 0 ? [0] : [];
  const excursions: Excursion[] = [];
  const boundaries = new Set<number>();
  /** Where in `kept` the current segment starts: excursions are not looked for across a boundary. */
  let segmentStart = 0;
  for (let position = 1; position < readings.length; position += 1) {
    const current = readings[position]!;
    const last = readings[kept[kept.length - 1]!]!;
    if (current.index >= last.index) {
      kept.push(position);
      continue;
    }
    // A rise taken back: kept readings above where the index fell back to, risen within the window.
    let riseStart = kept.length;
    while (riseStart > segmentStart + 1 && readings[kept[riseStart - 1]!]!.index > current.index && current.at - readings[kept[riseStart - 1]!]!.at <= SPIKE_WINDOW_MS) {
      riseStart -= 1;
    }
    const isSpike =
      riseStart < kept.length && readings[kept[riseStart - 1]!]!.index <= current.index && current.at - readings[kept[riseStart]!]!.at <= SPIKE_WINDOW_MS;
    const spikeLength = isSpike ? kept.length - riseStart : Infinity;
    // A fall taken back: the first later reading back up to where the index was, within the window.
    let comeback = position + 1;
    while (comeback < readings.length && readings[comeback]!.at - current.at <= SPIKE_WINDOW_MS && readings[comeback]!.index < last.index) comeback += 1;
    const isDip = comeback < readings.length && readings[comeback]!.at - current.at <= SPIKE_WINDOW_MS;
    const dipLength = isDip ? comeback - position : Infinity;
    if (isSpike && spikeLength <= dipLength) {
      const left = kept.slice(riseStart);
      const before = readings[kept[riseStart - 1]!]!;
      const excursion = excursionOf('spike', readings, before, left, current, accepted);
      excursions.push(excursion);
      if (!excursion.isAccepted) kept.splice(riseStart);
      else {
        boundaries.add(position);
        segmentStart = kept.length;
      }
      kept.push(position);
    } else if (isDip) {
      const left = Array.from({ length: comeback - position }, (_, offset) => position + offset);
      const excursion = excursionOf('dip', readings, last, left, readings[comeback]!, accepted);
      excursions.push(excursion);
      if (excursion.isAccepted) {
        // Billed as read: the fall starts a segment (and so does each later fall inside it).
        for (const inside of left) {
          if (readings[inside]!.index < readings[kept[kept.length - 1]!]!.index) {
            boundaries.add(inside);
            segmentStart = kept.length;
          }
          kept.push(inside);
        }
      }
      position = comeback - 1;
    } else {
      kept.push(position);
    }
  }
  return { kept, excursions, boundaries };
}

function excursionOf(
  kind: Excursion['kind'],
  readings: readonly EngineReading[],
  before: EngineReading,
  left: readonly number[],
  after: EngineReading,
  accepted: ReadonlySet<number>,
): Excursion {
  const path = [before, ...left.map((position) => readings[position]!), after];
  let billedAsRead = 0n;
  for (let step = 1; step < path.length; step += 1) {
    const rise = path[step]!.index - path[step - 1]!.index;
    if (rise > 0n) billedAsRead += rise;
  }
  const billed = after.index > before.index ? after.index - before.index : 0n;
  const indexes = left.map((position) => readings[position]!.index);
  const extremeIndex = indexes.reduce((extreme, index) => (kind === 'spike' ? (index > extreme ? index : extreme) : index < extreme ? index : extreme));
  const from = readings[left[0]!]!.at;
  return { kind, from, to: readings[left[left.length - 1]!]!.at, readings: left.length, extremeIndex, notBilled: billedAsRead - billed, isAccepted: accepted.has(from) };
}

function spreadOverDays(
  from: number,
  to: number,
  difference: bigint,
  reason: EstimateReason | null,
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
    addToDay(days, day, cumulative - allocated, reason);
    allocated = cumulative;
    if (pieceEnd === to) return;
    cursor = pieceEnd;
    day = localDayOf(cursor, timeZone);
  }
}

function addToDay(days: DailyConsumption[], day: string, consumption: bigint, reason: EstimateReason | null): void {
  const last = days[days.length - 1];
  if (last && last.day === day) {
    last.consumption += consumption;
    last.isEstimated ||= reason !== null;
    last.estimateReason = moreTellingReason(last.estimateReason, reason);
    return;
  }
  days.push({ day, consumption, isEstimated: reason !== null, estimateReason: reason });
}

const REASON_RANK: Record<EstimateReason, number> = { spike: 0, gap: 1, estimated_reading: 2 };

/** Of two reasons for one period, the one a resident most needs to hear: an excursion left out, then a gap. */
export function moreTellingReason(a: EstimateReason | null | undefined, b: EstimateReason | null | undefined): EstimateReason | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return REASON_RANK[b] < REASON_RANK[a] ? b : a;
}
