import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDailyConsumption, DEFAULT_GAP_THRESHOLD_MS, type EngineReading } from './daily-consumption.ts';
import { fromFixedPoint, toFixedPoint } from './fixed-point.ts';
import { addDays, startOfLocalDay } from './time-zone.ts';

const HOUR = 3_600_000;
const paris = { timeZone: 'Europe/Paris', restartsFromZero: false, gapThresholdMs: DEFAULT_GAP_THRESHOLD_MS };

function reading(at: string, index: string, isEstimated = false): EngineReading {
  return { at: Date.parse(at), index: toFixedPoint(index), isEstimated };
}

function asText(days: ReturnType<typeof computeDailyConsumption>['days']) {
  return days.map((day) => ({ day: day.day, consumption: fromFixedPoint(day.consumption), isEstimated: day.isEstimated }));
}

/** The index the engine's spreading implies at an instant: linear between readings, floored like the engine. */
function interpolatedIndexAt(readings: readonly EngineReading[], at: number): bigint {
  const nextPosition = readings.findIndex((candidate) => candidate.at >= at);
  if (nextPosition <= 0) return readings[Math.max(nextPosition, 0)]!.index;
  const previous = readings[nextPosition - 1]!;
  const current = readings[nextPosition]!;
  if (current.at === at) return current.index;
  return previous.index + ((current.index - previous.index) * BigInt(at - previous.at)) / BigInt(current.at - previous.at);
}

describe('computeDailyConsumption', () => {
  it('cuts an interval at the residence midnight in proportion to time', () => {
    // 18:00 to 06:00 Paris time (UTC+1 in January): 6 hours on each day.
    const { days } = computeDailyConsumption(
      [reading('2026-01-10T17:00:00Z', '100'), reading('2026-01-11T05:00:00Z', '101.2')],
      paris,
    );
    expect(asText(days)).toEqual([
      { day: '2026-01-10', consumption: '0.6', isEstimated: false },
      { day: '2026-01-11', consumption: '0.6', isEstimated: false },
    ]);
  });

  it('counts the 23-hour day of the spring clock change as one day', () => {
    const readings = [reading('2026-03-28T23:00:00Z', '0'), reading('2026-03-29T22:00:00Z', '23')];
    expect(asText(computeDailyConsumption(readings, paris).days)).toEqual([
      { day: '2026-03-29', consumption: '23', isEstimated: false },
    ]);
  });

  it('spreads a gap over the days it covers and marks them estimated', () => {
    const readings = [
      reading('2026-02-01T11:00:00Z', '10'),
      reading('2026-02-02T11:00:00Z', '11'),
      reading('2026-02-05T11:00:00Z', '14'),
    ];
    const days = asText(computeDailyConsumption(readings, paris).days);
    expect(days.map((day) => day.isEstimated)).toEqual([false, true, true, true, true]);
    expect(days.map((day) => day.day)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05']);
    expect(days[2]).toEqual({ day: '2026-02-03', consumption: '1', isEstimated: true });
  });

  it('keeps an estimated reading marked in the days it touches', () => {
    const readings = [reading('2026-02-01T10:00:00Z', '10'), reading('2026-02-01T12:00:00Z', '11', true)];
    expect(computeDailyConsumption(readings, paris).days[0]!.isEstimated).toBe(true);
  });

  it('flags an index that goes down and never counts it as negative', () => {
    const readings = [
      reading('2026-02-01T10:00:00Z', '50'),
      reading('2026-02-01T11:00:00Z', '20'),
      reading('2026-02-01T12:00:00Z', '21'),
    ];
    const { days, decreases } = computeDailyConsumption(readings, paris);
    expect(asText(days)).toEqual([{ day: '2026-02-01', consumption: '1', isEstimated: false }]);
    expect(decreases).toEqual([
      { at: Date.parse('2026-02-01T11:00:00Z'), previousIndex: toFixedPoint('50'), index: toFixedPoint('20') },
    ]);
  });

  it('counts a heat cost allocator restarting at its set date from zero', () => {
    const readings = [reading('2026-05-30T10:00:00Z', '812'), reading('2026-05-31T10:00:00Z', '7')];
    const { days, decreases } = computeDailyConsumption(readings, { ...paris, restartsFromZero: true });
    expect(decreases).toEqual([]);
    expect(days.reduce((sum, day) => sum + day.consumption, 0n)).toBe(toFixedPoint('7'));
  });

  const timeZones = ['Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
  const readingsArbitrary = fc
    .record({
      start: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
      firstIndex: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      steps: fc.array(
        fc.record({
          elapsed: fc.oneof(fc.integer({ min: 1, max: 3 * HOUR }), fc.integer({ min: 1, max: 6 * 24 * HOUR })),
          increase: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 13n })),
        }),
        { minLength: 1, maxLength: 60 },
      ),
    })
    .map(({ start, firstIndex, steps }) => {
      const readings: EngineReading[] = [{ at: start, index: firstIndex, isEstimated: false }];
      for (const step of steps) {
        const last = readings[readings.length - 1]!;
        readings.push({ at: last.at + step.elapsed, index: last.index + step.increase, isEstimated: false });
      }
      return readings;
    });

  it('for a device without replacement, the days of any period add up to the index difference over it', () => {
    fc.assert(
      fc.property(readingsArbitrary, fc.constantFrom(...timeZones), fc.nat(), fc.nat(), (readings, timeZone, a, b) => {
        const { days, decreases } = computeDailyConsumption(readings, { ...paris, timeZone });
        expect(decreases).toEqual([]);
        const first = readings[0]!;
        const last = readings[readings.length - 1]!;
        expect(days.reduce((sum, day) => sum + day.consumption, 0n)).toBe(last.index - first.index);
        for (let position = 1; position < days.length; position += 1) {
          expect(days[position]!.day).toBe(addDays(days[position - 1]!.day, 1));
        }
        const from = Math.min(a, b) % days.length;
        const to = Math.max(a, b) % days.length;
        const [low, high] = from <= to ? [from, to] : [to, from];
        const periodStart = Math.max(startOfLocalDay(days[low]!.day, timeZone), first.at);
        const periodEnd = Math.min(startOfLocalDay(addDays(days[high]!.day, 1), timeZone), last.at);
        const periodSum = days.slice(low, high + 1).reduce((sum, day) => sum + day.consumption, 0n);
        expect(periodSum).toBe(interpolatedIndexAt(readings, periodEnd) - interpolatedIndexAt(readings, periodStart));
        expect(days.every((day) => day.consumption >= 0n)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
