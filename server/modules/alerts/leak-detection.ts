import type { FlowThresholds } from '../../config.ts';

/**
 * Leak detection on a water meter's readings, as pure functions.
 *
 * Continuous flow: between two consecutive readings the flow is the index difference over
 * the time between them. A leak is a run of consecutive intervals lasting at least
 * `minimumDurationHours` in which every interval flows at `minimumFlowLitresPerHour` or more.
 * A slower interval ends the run, and so does a gap: an interval longer than
 * `maximumGapHours`, over which the flow cannot be known hour by hour.
 */

export const DEFAULT_FLOW_THRESHOLDS: FlowThresholds = {
  minimumFlowLitresPerHour: 0.5,
  minimumDurationHours: 48,
  maximumGapHours: 3,
};

export interface IndexSample {
  /** UTC milliseconds, strictly increasing. */
  at: number;
  litres: number;
}

export interface ContinuousFlowRun {
  startAt: number;
  endAt: number;
  durationHours: number;
  /** The slowest interval of the run, in L/h: how surely it never stopped. */
  minimumFlowLitresPerHour: number;
  volumeLitres: number;
}

const HOUR_MS = 3_600_000;

/** Every run of continuous flow that lasts long enough to be a leak, oldest first. */
export function findContinuousFlowRuns(samples: readonly IndexSample[], thresholds: FlowThresholds = DEFAULT_FLOW_THRESHOLDS): ContinuousFlowRun[] {
  const runs: ContinuousFlowRun[] = [];
  let run: { startAt: number; endAt: number; minimumFlow: number; volume: number } | undefined;

  const closeRun = () => {
    if (run && run.endAt - run.startAt >= thresholds.minimumDurationHours * HOUR_MS) {
      runs.push({
        startAt: run.startAt,
        endAt: run.endAt,
        durationHours: (run.endAt - run.startAt) / HOUR_MS,
        minimumFlowLitresPerHour: run.minimumFlow,
        volumeLitres: run.volume,
      });
    }
    run = undefined;
  };

  for (let position = 1; position < samples.length; position += 1) {
    const previous = samples[position - 1]!;
    const current = samples[position]!;
    const hours = (current.at - previous.at) / HOUR_MS;
    const volume = current.litres - previous.litres;
    const flow = volume / hours;
    const isFlowing = hours > 0 && hours <= thresholds.maximumGapHours && flow >= thresholds.minimumFlowLitresPerHour;
    if (!isFlowing) {
      closeRun();
      continue;
    }
    if (run) {
      run.endAt = current.at;
      run.minimumFlow = Math.min(run.minimumFlow, flow);
      run.volume += volume;
    } else {
      run = { startAt: previous.at, endAt: current.at, minimumFlow: flow, volume };
    }
  }
  closeRun();
  return runs;
}

/**
 * For meters that send one index a day, the flow inside a day cannot be seen. The daily rule:
 * a leak adds a steady flow on top of ordinary use, day after day. It is `minimumDays`
 * consecutive days each consuming at least `minimumExtraLitres` (0.5 L/h around the clock)
 * and `minimumRelativeIncrease` more than the dwelling's own median day of the
 * `baselineDays` days before the run. A vacant dwelling (median near zero) that starts to
 * flow is flagged after `minimumDays`; an occupied one only when the rise is large and steady.
 */
export interface DailyThresholds {
  minimumDays: number;
  baselineDays: number;
  minimumExtraLitres: number;
  minimumRelativeIncrease: number;
}

export const DEFAULT_DAILY_THRESHOLDS: DailyThresholds = {
  minimumDays: 7,
  baselineDays: 28,
  minimumExtraLitres: 12,
  minimumRelativeIncrease: 0.5,
};

export interface DailySample {
  day: string;
  litres: number;
}

export interface DailyLeakRun {
  firstDay: string;
  lastDay: string;
  days: number;
  baselineLitres: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `days` are consecutive calendar days, oldest first. */
export function findDailyLeakRuns(days: readonly DailySample[], thresholds: DailyThresholds = DEFAULT_DAILY_THRESHOLDS): DailyLeakRun[] {
  const runs: DailyLeakRun[] = [];
  let run: { start: number; baseline: number } | undefined;
  const closeRun = (endPosition: number) => {
    if (run && endPosition - run.start + 1 >= thresholds.minimumDays) {
      runs.push({ firstDay: days[run.start]!.day, lastDay: days[endPosition]!.day, days: endPosition - run.start + 1, baselineLitres: run.baseline });
    }
    run = undefined;
  };
  for (let position = thresholds.baselineDays; position < days.length; position += 1) {
    // The baseline is fixed when a run starts, so a long leak does not become its own baseline.
    const baseline = run?.baseline ?? median(days.slice(position - thresholds.baselineDays, position).map((sample) => sample.litres));
    const threshold = baseline + Math.max(thresholds.minimumExtraLitres, baseline * thresholds.minimumRelativeIncrease);
    if (days[position]!.litres >= threshold) {
      run ??= { start: position, baseline };
    } else {
      closeRun(position - 1);
    }
  }
  closeRun(days.length - 1);
  return runs;
}
