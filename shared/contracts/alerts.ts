import { z } from 'zod';
import { consumptionUnit, fluid } from './consumption.ts';

/** Response shapes of the resident's « Alertes » (`GET /api/resident/alerts`). */

const overconsumptionMonth = z.object({
  month: z.string(),
  consumption: z.number(),
  reference: z.number(),
  basis: z.enum(['own_history', 'residence_average']),
  unit: consumptionUnit,
});

const residentAlert = z.object({
  id: z.uuid(),
  kind: z.enum(['leak', 'overconsumption']),
  fluid,
  source: z.enum(['meter_flag', 'readings', 'daily_rule', 'monthly_rule']),
  /** When the condition began (never before the resident's privacy boundary). */
  startedAt: z.string(),
  /** The last moment the data showed it. */
  lastSeenAt: z.string(),
  /** When detection saw it end; null while it is current. */
  closedAt: z.string().nullable(),
  /** Leak from the readings: the slowest hour of the run and the water lost over it. */
  minimumFlowLitresPerHour: z.number().nullable(),
  volumeLitres: z.number().nullable(),
  /** Over-consumption: the months above the threshold, each with its reference. */
  months: z.array(overconsumptionMonth),
});

export const residentAlerts = z.object({
  current: z.array(residentAlert),
  history: z.array(residentAlert),
});

export type ResidentAlert = z.infer<typeof residentAlert>;
export type ResidentAlerts = z.infer<typeof residentAlerts>;
