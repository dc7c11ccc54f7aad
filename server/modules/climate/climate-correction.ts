/**
 * Heating at equal climate (EED Annex VIIa 3(c)): this period's heating restated under the
 * reference period's weather, corrected = consumption × (reference degree days ÷ this period's
 * degree days). Never a silent wrong figure: when the correction cannot be trusted, the raw
 * figure stands alone and the reason is given.
 */

/** Below this many degree days in either period (summer), the ratio says nothing: no correction. */
const MINIMUM_DEGREE_DAYS = 50;

/** A period's degree days at a station: their sum, over how many days the station has, of how many the period holds. */
export interface PeriodDegreeDays {
  /** Sum of the days' degree days, in hundredths. */
  hundredths: number;
  daysWithData: number;
  daysInPeriod: number;
}

export type CorrectionOutcome =
  | { status: 'corrected'; corrected: number }
  /** The station lacks days of one period: a partial sum would inflate or shrink the ratio. */
  | { status: 'missing_days'; missingDays: number }
  | { status: 'below_threshold' };

export function correctForClimate(consumption: number, current: PeriodDegreeDays, reference: PeriodDegreeDays): CorrectionOutcome {
  const missingDays = current.daysInPeriod - current.daysWithData + (reference.daysInPeriod - reference.daysWithData);
  if (missingDays > 0) return { status: 'missing_days', missingDays };
  if (current.hundredths < MINIMUM_DEGREE_DAYS * 100 || reference.hundredths < MINIMUM_DEGREE_DAYS * 100) return { status: 'below_threshold' };
  return { status: 'corrected', corrected: (consumption * reference.hundredths) / current.hundredths };
}
