import type { Kysely } from 'kysely';
import type { Database, Fluid } from '../../db/schema.ts';
import { kindsOfFluid } from '#shared/device-kinds.ts';
import { selectReadingSpansAfter } from './handover-day.queries.ts';
import { getDailyConsumption, type ConsumptionRow } from '../consumption/consumption.service.ts';
import { fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';
import { addDays, startOfLocalDay } from '../../kernel/local-time.ts';

type Db = Kysely<Database>;

/** Where a resident's history starts: the boundary instant and the day it falls on, in the dwelling's residence. */
export interface HistoryStart {
  dwellingId: string;
  residenceId: string;
  timeZone: string;
  /** ISO 8601. */
  boundaryAt: string;
  boundaryDay: string;
}

/** The boundary falls after its day's midnight (a same-day handover): that day is only partly the resident's. */
export function isHandoverDayPartial(start: HistoryStart): boolean {
  return new Date(start.boundaryAt).getTime() !== startOfLocalDay(start.boundaryDay, start.timeZone);
}

/** A day's consumption row, marked when it counts only what was read after the boundary. */
export type BoundedDayRow = ConsumptionRow & { isPartial: boolean };

/**
 * The partial handover day of one fluid, per unit: for each device, its last reading of the day
 * less its first one after the boundary (the stored daily figure covers the whole day, the
 * previous occupant's part included).
 */
async function computeHandoverDay(db: Db, start: HistoryStart, fluid: Fluid): Promise<BoundedDayRow[]> {
  const kinds = kindsOfFluid(fluid);
  const dayEnd = new Date(startOfLocalDay(addDays(start.boundaryDay, 1), start.timeZone));
  const rows = await selectReadingSpansAfter(db, { ...start, after: new Date(start.boundaryAt), until: dayEnd, kinds });
  return rows.map((row) => ({
    period: start.boundaryDay,
    unit: row.unit,
    consumption: fromFixedPoint(toFixedPoint(row.consumption)),
    isEstimated: row.is_estimated,
    ...(row.is_estimated ? { estimateReason: 'estimated_reading' as const } : {}),
    isPartial: true,
  }));
}

/** The handover day's rows of one fluid when `from` is a partial boundary day, else none. */
export async function handoverDayRows(db: Db, start: HistoryStart, fluid: Fluid, from: string): Promise<BoundedDayRow[]> {
  return from === start.boundaryDay && isHandoverDayPartial(start) ? computeHandoverDay(db, start, fluid) : [];
}

/** The first day whose stored daily figure is wholly the resident's, from `from` (never before the boundary day). */
export function firstWholeDayFrom(start: HistoryStart, from: string): string {
  return from === start.boundaryDay && isHandoverDayPartial(start) ? addDays(from, 1) : from;
}

/**
 * A dwelling's days of one fluid from `from` (never before the boundary day) to `to`, within a
 * resident's history: the stored daily figures, and a partial handover day from its readings
 * after the boundary.
 */
export async function getBoundedDailyConsumption(db: Db, start: HistoryStart, fluid: Fluid, from: string, to: string): Promise<BoundedDayRow[]> {
  if (from > to) return [];
  const wholeFrom = firstWholeDayFrom(start, from);
  const [handover, whole] = await Promise.all([
    handoverDayRows(db, start, fluid, from),
    wholeFrom <= to ? getDailyConsumption(db, start.dwellingId, fluid, wholeFrom, to) : Promise.resolve([]),
  ]);
  return [...handover, ...whole.map((row) => ({ ...row, isPartial: false }))];
}
