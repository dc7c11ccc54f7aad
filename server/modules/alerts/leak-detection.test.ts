import { describe, expect, it } from 'vitest';
import { findContinuousFlowRuns, findDailyLeakRuns, type IndexSample } from './leak-detection.ts';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 2, 1);

/** Hourly samples whose flow per hour is given by `flowAt(hour)`. */
function hourlySeries(hours: number, flowAt: (hour: number) => number, stepHours = 1): IndexSample[] {
  const samples: IndexSample[] = [{ at: start, litres: 1000 }];
  for (let hour = stepHours; hour <= hours; hour += stepHours) {
    const previous = samples[samples.length - 1]!;
    samples.push({ at: start + hour * HOUR, litres: previous.litres + flowAt(hour) * stepHours });
  }
  return samples;
}

describe('continuous-flow leak runs', () => {
  it('flags 48 h in which every hour flows at 0.5 L/h or more', () => {
    const runs = findContinuousFlowRuns(hourlySeries(48, () => 0.5));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ startAt: start, endAt: start + 48 * HOUR, durationHours: 48, minimumFlowLitresPerHour: 0.5, volumeLitres: 24 });
  });

  it('does not flag 47 h of flow', () => {
    expect(findContinuousFlowRuns(hourlySeries(47, () => 2))).toEqual([]);
  });

  it('is broken by one slower hour', () => {
    expect(findContinuousFlowRuns(hourlySeries(80, (hour) => (hour === 40 ? 0.49 : 3)))).toEqual([]);
    const runs = findContinuousFlowRuns(hourlySeries(120, (hour) => (hour === 40 ? 0.49 : 3)));
    expect(runs.map((run) => run.durationHours)).toEqual([80]);
  });

  it('is broken by a gap of more than 3 h, and not by one of exactly 3 h', () => {
    const withFourHourGap = hourlySeries(60, () => 1).filter((sample) => ![30, 31, 32].includes((sample.at - start) / HOUR));
    expect(findContinuousFlowRuns(withFourHourGap)).toEqual([]);
    const withThreeHourGap = hourlySeries(60, () => 1).filter((sample) => ![30, 31].includes((sample.at - start) / HOUR));
    expect(findContinuousFlowRuns(withThreeHourGap).map((run) => run.durationHours)).toEqual([60]);
  });

  it('does not see ordinary use, which stops at night', () => {
    const ordinaryUse = hourlySeries(24 * 14, (hour) => (hour % 24 >= 1 && hour % 24 <= 5 ? 0 : 8));
    expect(findContinuousFlowRuns(ordinaryUse)).toEqual([]);
  });

  it('honours other thresholds', () => {
    const samples = hourlySeries(30, () => 0.3);
    expect(findContinuousFlowRuns(samples, { minimumFlowLitresPerHour: 0.2, minimumDurationHours: 24, maximumGapHours: 3 })).toHaveLength(1);
  });
});

describe('daily leak rule', () => {
  const series = (litresPerDay: number[]) =>
    litresPerDay.map((litres, index) => ({ day: new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10), litres }));

  it('flags a vacant dwelling that starts to flow 12 L a day, after 7 days', () => {
    const runs = findDailyLeakRuns(series([...Array(28).fill(0), ...Array(7).fill(12)]));
    expect(runs).toEqual([{ firstDay: '2026-01-29', lastDay: '2026-02-04', days: 7, baselineLitres: 0 }]);
    expect(findDailyLeakRuns(series([...Array(28).fill(0), ...Array(6).fill(12)]))).toEqual([]);
  });

  it('flags an occupied dwelling only when its use rises steadily by half', () => {
    const ordinary = Array.from({ length: 28 }, (_, day) => (day % 7 >= 5 ? 180 : 140));
    expect(findDailyLeakRuns(series([...ordinary, ...Array(10).fill(190)]))).toEqual([]);
    expect(findDailyLeakRuns(series([...ordinary, ...Array(10).fill(215)]))).toHaveLength(1);
  });
});
