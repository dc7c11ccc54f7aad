import { z } from 'zod';
import { DEVICE_UNITS, FLUIDS } from '../device-kinds.ts';

/** The consumption vocabulary the resident, manager, alert and back-office contracts share. */
export const fluid = z.enum(FLUIDS);
export const consumptionUnit = z.enum(DEVICE_UNITS);

/**
 * Why a day (or a month) is estimated: a spike or dip of the index that the next reading took
 * back and that is left out, a gap between readings, or an estimated reading. Sent beside
 * `isEstimated` by the resident and manager APIs; the charts name it.
 */
const ESTIMATE_REASONS = ['spike', 'gap', 'estimated_reading'] as const;
export const estimateReasonSchema = z.enum(ESTIMATE_REASONS);
export type EstimateReasonCode = z.infer<typeof estimateReasonSchema>;
