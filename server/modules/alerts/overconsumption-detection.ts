/**
 * Over-consumption, as a pure function over monthly totals (the French rule for abnormal
 * water consumption): a month above `factor` times the average of the same month in the
 * resident's own previous years; with less than a year of their own history, above `factor`
 * times the residence's average dwelling for that month. Heating compares with the
 * resident's own history only, since dwellings differ too much in exposure and size.
 * The resident's history never reaches past their privacy boundary: callers pass only
 * months from it on.
 */
export interface OverconsumptionThresholds {
  factor: number;
  /** Below this, a month is too small to call abnormal whatever the ratio (m³, units or kWh). */
  minimumConsumption: number;
}

export const DEFAULT_OVERCONSUMPTION_THRESHOLDS: OverconsumptionThresholds = { factor: 2, minimumConsumption: 0.5 };

export interface MonthlyTotal {
  /** YYYY-MM */
  month: string;
  consumption: number;
}

export type OverconsumptionVerdict =
  | { isAbnormal: false; reference: number | null; basis: 'own_history' | 'residence_average' | 'none' }
  | { isAbnormal: true; reference: number; basis: 'own_history' | 'residence_average'; ratio: number };

export function assessMonth(input: {
  month: MonthlyTotal;
  /** The resident's own complete months before `month`, from the privacy boundary on. */
  ownHistory: readonly MonthlyTotal[];
  /** The residence's average dwelling for the same month; absent for heating. */
  residenceAverage: number | null;
  thresholds?: OverconsumptionThresholds;
}): OverconsumptionVerdict {
  const thresholds = input.thresholds ?? DEFAULT_OVERCONSUMPTION_THRESHOLDS;
  const calendarMonth = input.month.month.slice(5, 7);
  const sameMonthsBefore = input.ownHistory.filter((entry) => entry.month.slice(5, 7) === calendarMonth && entry.month < input.month.month);
  const hasAYearOfHistory = input.ownHistory.filter((entry) => entry.month < input.month.month).length >= 12;

  let reference: number | null = null;
  let basis: 'own_history' | 'residence_average' | 'none' = 'none';
  if (hasAYearOfHistory && sameMonthsBefore.length > 0) {
    reference = sameMonthsBefore.reduce((sum, entry) => sum + entry.consumption, 0) / sameMonthsBefore.length;
    basis = 'own_history';
  } else if (input.residenceAverage !== null) {
    reference = input.residenceAverage;
    basis = 'residence_average';
  }
  if (reference === null || basis === 'none') return { isAbnormal: false, reference, basis };
  const consumption = input.month.consumption;
  const isAbnormal = consumption >= thresholds.minimumConsumption && consumption > thresholds.factor * reference;
  return isAbnormal ? { isAbnormal, reference, basis, ratio: reference > 0 ? consumption / reference : Infinity } : { isAbnormal, reference, basis };
}
