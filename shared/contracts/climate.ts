import { z } from 'zod';
import { consumptionUnit } from './consumption.ts';

/** Degree days per weather station and the residences' stations (`/api/climate/...`, `/api/resident/heating-climate`). */

export const degreeDaysImported = z.object({
  outcome: z.literal('imported'),
  rowsRead: z.number(),
  stations: z.number(),
  /** Days new to their station. */
  inserted: z.number(),
  /** Days already stored for their station, replaced by the file's value. */
  replaced: z.number(),
});

export const weatherStationList = z.object({
  stations: z.array(z.object({ code: z.string(), days: z.number(), firstDay: z.string().nullable(), lastDay: z.string().nullable() })),
});

export const residenceStation = z.object({ residenceId: z.string(), station: z.string().nullable() });
export const residenceStationBody = z.strictObject({ station: z.string().trim().regex(/^[0-9A-Za-z_-]{1,20}$/, 'invalid_station').nullable() });

/**
 * Why a month's heating has no climate-corrected figure: no station tied to the residence, the
 * station lacks days in this month or the same month a year before, fewer than 50 degree days in
 * either (summer), a month not over yet or only partly the resident's, no consumption to correct.
 */
const climateCorrectionStatus = z.enum(['corrected', 'no_station', 'missing_days', 'below_threshold', 'month_not_over', 'partial_month', 'no_consumption']);

export const heatingClimate = z.object({
  station: z.string().nullable(),
  unit: consumptionUnit.nullable(),
  months: z.array(
    z.object({
      month: z.string(),
      consumption: z.number().nullable(),
      sameMonthLastYear: z.number().nullable(),
      /** The month's degree days at the station (null: none stored). */
      degreeDays: z.number().nullable(),
      /** The same month a year before. */
      referenceDegreeDays: z.number().nullable(),
      /** This month's consumption under last year's weather; null unless `correction` is `corrected`. */
      correctedConsumption: z.number().nullable(),
      correction: climateCorrectionStatus,
      missingDays: z.number().optional(),
    }),
  ),
});
