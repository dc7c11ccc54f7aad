import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDailyConsumption, DEFAULT_GAP_THRESHOLD_MS, type EngineReading } from './daily-consumption.ts';
import { fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';
import { addDays, startOfLocalDay } from '../../kernel/local-time.ts';

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

  it('flags an index that goes down, never counts it as negative, and holds billing at the highest index until passed', () => {
    const readings = [
      reading('2026-02-01T10:00:00Z', '50'),
      reading('2026-02-01T11:00:00Z', '20'),
      reading('2026-02-01T12:00:00Z', '21'),
      reading('2026-02-02T12:00:00Z', '22'),
      reading('2026-02-03T12:00:00Z', '49'),
      reading('2026-02-04T12:00:00Z', '52'),
    ];
    const { days, decreases } = computeDailyConsumption(readings, paris);
    expect(days.reduce((sum, day) => sum + day.consumption, 0n)).toBe(toFixedPoint('2'));
    expect(asText(days).slice(0, 2)).toEqual([
      { day: '2026-02-01', consumption: '0', isEstimated: false },
      { day: '2026-02-02', consumption: '0', isEstimated: false },
    ]);
    expect(decreases).toEqual([
      { at: Date.parse('2026-02-01T11:00:00Z'), previousIndex: toFixedPoint('50'), index: toFixedPoint('20') },
    ]);
  });

  it('starts a new segment at a decrease staff accepted as a reset', () => {
    const readings = [reading('2026-02-01T10:00:00Z', '50'), reading('2026-02-01T11:00:00Z', '20'), reading('2026-02-01T12:00:00Z', '21')];
    const { days, decreases } = computeDailyConsumption(readings, { ...paris, acceptedResets: new Set([readings[1]!.at]) });
    expect(asText(days)).toEqual([{ day: '2026-02-01', consumption: '1', isEstimated: false }]);
    expect(decreases).toHaveLength(1);
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

  describe('excursions the index takes back', () => {
    const hourly = (from: string, indexes: readonly string[]) => indexes.map((index, hour) => ({ at: Date.parse(from) + hour * HOUR, index: toFixedPoint(index), isEstimated: false }));
    const total = (days: ReturnType<typeof computeDailyConsumption>['days']) => fromFixedPoint(days.reduce((sum, day) => sum + day.consumption, 0n));

    it('bills neither a rise the index falls back from nor its fall, estimates the day from the readings around it and says why', () => {
      // A second register interleaved for a few hours, as a utility export shows it.
      const readings = hourly('2026-01-17T08:00:00Z', ['207.774', '456.017', '207.814', '456.273', '207.851', '207.86', '207.9']);
      const { days, decreases, excursions } = computeDailyConsumption(readings, paris);
      expect(total(days)).toBe('0.126');
      expect(days).toMatchObject([{ day: '2026-01-17', isEstimated: true, estimateReason: 'spike' }]);
      expect(decreases).toEqual([]);
      expect(excursions.map((excursion) => ({ ...excursion, notBilled: fromFixedPoint(excursion.notBilled), extremeIndex: fromFixedPoint(excursion.extremeIndex) }))).toEqual([
        { kind: 'spike', from: readings[1]!.at, to: readings[1]!.at, readings: 1, extremeIndex: '456.017', notBilled: '248.203', isAccepted: false },
        { kind: 'spike', from: readings[3]!.at, to: readings[3]!.at, readings: 1, extremeIndex: '456.273', notBilled: '248.422', isAccepted: false },
      ]);
    });

    it('leaves out a fall the index comes back up from, instead of billing the way back up', () => {
      const readings = hourly('2026-09-30T08:00:00Z', ['307.763', '295.487', '307.788', '304.712', '307.824']);
      const { days, decreases, excursions } = computeDailyConsumption(readings, paris);
      expect(total(days)).toBe('0.061');
      expect(decreases).toEqual([]);
      expect(excursions.map((excursion) => excursion.kind)).toEqual(['dip', 'dip']);
    });

    it('keeps a decrease that lasts beyond the window as a decrease, holding billing at the highest index until accepted as a reset', () => {
      const days = Array.from({ length: 80 }, (_, hour) => (hour < 10 ? String(500 + hour) : hour < 60 ? String(20 + hour) : String(9000 + hour)));
      const readings = hourly('2026-03-01T00:00:00Z', days);
      const { days: billed, decreases, excursions } = computeDailyConsumption(readings, paris);
      expect(excursions).toEqual([]);
      expect(decreases).toHaveLength(1);
      expect(total(billed)).toBe(String(9 + (9079 - 509)));
      const accepted = computeDailyConsumption(readings, { ...paris, acceptedResets: new Set([readings[10]!.at]) });
      expect(total(accepted.days)).toBe(String(9 + 49 + 19 + 9000 + 60 - (20 + 59)));
    });

    it('bills an excursion staff marked real as read', () => {
      const readings = hourly('2026-01-17T08:00:00Z', ['207.774', '456.017', '207.814', '207.9']);
      const { days, excursions } = computeDailyConsumption(readings, { ...paris, acceptedExcursions: new Set([readings[1]!.at]) });
      expect(excursions).toMatchObject([{ kind: 'spike', isAccepted: true }]);
      expect(total(days)).toBe(String(456.017 - 207.774 + (207.9 - 207.814)).slice(0, 7));
      expect(days.every((day) => day.estimateReason === null)).toBe(true);
    });

    it('reports flow sustained above the limit for an hour in intervals of at least 15 minutes, and keeps it billed', () => {
      const quarter = 15 * 60 * 1000;
      const burst = ['10', '11', '12', '13', '14', '14.1'].map((index, step) => ({ at: Date.parse('2026-02-01T10:00:00Z') + step * quarter, index: toFixedPoint(index), isEstimated: false }));
      const { days, overLimit } = computeDailyConsumption(burst, { ...paris, maxRatePerHour: toFixedPoint('3.125') });
      expect(overLimit).toEqual([{ from: burst[0]!.at, to: burst[4]!.at, volume: toFixedPoint('4'), peakRatePerHour: toFixedPoint('4') }]);
      expect(total(days)).toBe('4.1');
      // Telegrams seconds apart, or less than an hour over the limit, prove nothing.
      const seconds = [
        [0, '10'],
        [5_000, '11'],
        [10_000, '12'],
        [40 * 60_000, '12.5'],
        [100 * 60_000, '12.6'],
      ].map(([offset, index]) => ({ at: burst[0]!.at + Number(offset), index: toFixedPoint(String(index)), isEstimated: false }));
      expect(computeDailyConsumption(seconds, { ...paris, maxRatePerHour: toFixedPoint('3.125') }).overLimit).toEqual([]);
    });

    const withExcursionsArbitrary = fc
      .record({
        base: readingsArbitrary,
        excursions: fc.array(fc.record({ at: fc.nat(), size: fc.bigInt({ min: 10n ** 10n, max: 10n ** 16n }), isDip: fc.boolean() }), { maxLength: 5 }),
        resets: fc.array(fc.record({ at: fc.nat(), drop: fc.bigInt({ min: 1n, max: 10n ** 16n }) }), { maxLength: 2 }),
      })
      .map(({ base, excursions, resets }) => {
        const readings = base.map((item) => ({ ...item }));
        for (const reset of resets) {
          const from = 1 + (reset.at % Math.max(1, readings.length - 1));
          for (let position = from; position < readings.length; position += 1) readings[position]!.index -= reset.drop;
        }
        for (const excursion of excursions) {
          const position = excursion.at % readings.length;
          readings[position]!.index += excursion.isDip ? -excursion.size : excursion.size;
        }
        return readings;
      });

    /** Σ over segments of last − first, segments cut at `boundaries` (UTC milliseconds of a segment's first reading). */
    function segmentAllowance(readings: readonly EngineReading[], boundaries: ReadonlySet<number>): bigint {
      let segmentFirst = readings[0]!.index;
      let allowed = 0n;
      for (let position = 1; position < readings.length; position += 1) {
        if (boundaries.has(readings[position]!.at)) {
          allowed += readings[position - 1]!.index - segmentFirst;
          segmentFirst = readings[position]!.index;
        }
      }
      return allowed + readings[readings.length - 1]!.index - segmentFirst;
    }
    const billedOf = (days: ReturnType<typeof computeDailyConsumption>['days']) => days.reduce((sum, day) => sum + day.consumption, 0n);

    it('within each segment between lasting decreases, bills at most its last minus first index, exactly that when nothing was flagged', () => {
      fc.assert(
        fc.property(withExcursionsArbitrary, (readings) => {
          const { days, decreases, excursions } = computeDailyConsumption(readings, paris);
          const billed = billedOf(days);
          expect(billed).toBeLessThanOrEqual(segmentAllowance(readings, new Set(decreases.map((decrease) => decrease.at))));
          if (excursions.length === 0 && decreases.length === 0) expect(billed).toBe(readings[readings.length - 1]!.index - readings[0]!.index);
          expect(days.every((day) => day.consumption >= 0n)).toBe(true);
          // Undecided, a decrease bills nothing until the index passes its segment's highest again.
          const accepted = computeDailyConsumption(readings, { ...paris, acceptedResets: new Set(decreases.map((decrease) => decrease.at)) });
          expect(billed).toBeLessThanOrEqual(billedOf(accepted.days));
          // Accepted as resets, the decreases are segment boundaries and each segment bills exactly last − first.
          const allowed = segmentAllowance(readings, new Set(decreases.map((decrease) => decrease.at)));
          expect(billedOf(accepted.days)).toBeLessThanOrEqual(allowed);
          if (excursions.length === 0) expect(billedOf(accepted.days)).toBe(allowed);
        }),
        { numRuns: 300 },
      );
    });

    it('with every excursion marked real and every decrease accepted, bills each rise as read', () => {
      fc.assert(
        fc.property(withExcursionsArbitrary, (readings) => {
          // Accepting an excursion can reveal another around it: accept until none is left undecided.
          const acceptedExcursions = new Set<number>();
          const options = { ...paris, acceptedExcursions, acceptedResets: new Set(readings.map((item) => item.at)) };
          let everything = computeDailyConsumption(readings, options);
          while (everything.excursions.some((excursion) => !excursion.isAccepted)) {
            for (const excursion of everything.excursions) acceptedExcursions.add(excursion.from);
            everything = computeDailyConsumption(readings, options);
          }
          let rises = 0n;
          for (let position = 1; position < readings.length; position += 1) {
            const rise = readings[position]!.index - readings[position - 1]!.index;
            if (rise > 0n) rises += rise;
          }
          expect(billedOf(everything.days)).toBe(rises);
        }),
        { numRuns: 300 },
      );
    });
  });
});
