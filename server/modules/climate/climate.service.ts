import type { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { hundredthsToText } from '../../kernel/degree-days.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { getResidentMonthlySeries } from '../residents/resident-consumption.service.ts';
import type { ResidentScope } from '../residents/resident-scope.ts';
import type { heatingClimate } from '#shared/contracts/climate.ts';
import { correctForClimate, type PeriodDegreeDays } from './climate-correction.ts';
import {
  bumpDegreeDayVersions,
  countStoredDays,
  deleteResidenceStation,
  findResidenceStation,
  findResidenceStationVersion,
  insertStations,
  isKnownResidence,
  isKnownStation,
  selectMonthlyDegreeDays,
  selectStations,
  upsertDegreeDays,
  upsertResidenceStation,
} from './climate.queries.ts';
import { parseDegreeDayCsv, type DegreeDayProblem } from './degree-days-csv.ts';

type Context = Pick<AppContext, 'db' | 'clock'>;
type Actor = { userId: string } | null;

export type DegreeDayImportReport =
  | { outcome: 'imported'; rowsRead: number; stations: number; inserted: number; replaced: number }
  | { outcome: 'refused'; rowsRead: number; errors: DegreeDayProblem[] };

const BATCH = 1000;

/**
 * Imports a degree-day CSV whole or not at all. A day already stored for its station is
 * replaced by the file's value (counted as `replaced`), so a corrected file is simply imported again.
 */
export async function importDegreeDays(context: Context, text: string, actor: Actor): Promise<DegreeDayImportReport> {
  const { rows, errors } = parseDegreeDayCsv(text);
  if (errors.length > 0) return { outcome: 'refused', rowsRead: rows.length + new Set(errors.map((error) => error.line)).size, errors };
  const now = context.clock.now();
  const stations = [...new Set(rows.map((row) => row.station))];
  let replaced = 0;
  await context.db.transaction().execute(async (trx) => {
    await insertStations(trx, stations);
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      for (const station of new Set(batch.map((row) => row.station))) {
        replaced += await countStoredDays(trx, station, batch.filter((row) => row.station === station).map((row) => row.day));
      }
      await upsertDegreeDays(
        trx,
        batch.map((row) => ({
          station_code: row.station,
          day: row.day,
          degree_days: hundredthsToText(row.hundredths),
          minimum_temperature: row.minimumTenths === null ? null : (row.minimumTenths / 10).toFixed(1),
          maximum_temperature: row.maximumTenths === null ? null : (row.maximumTenths / 10).toFixed(1),
          imported_at: now,
        })),
      );
    }
    await bumpDegreeDayVersions(trx, stations);
    await recordAuditEvent(trx, {
      occurredAt: now,
      action: 'climate.degree_days_imported',
      actor: actor ? { userId: actor.userId, role: 'staff' } : { userId: null, role: 'system' },
      details: { rows: rows.length, stations: stations.join(' '), replaced },
    });
  });
  return { outcome: 'imported', rowsRead: rows.length, stations: stations.length, inserted: rows.length - replaced, replaced };
}

export async function listWeatherStations(context: Context) {
  const rows = await selectStations(context.db);
  return { stations: rows.map((row) => ({ code: row.code, days: Number(row.days), firstDay: row.first_day ?? null, lastDay: row.last_day ?? null })) };
}

export async function getResidenceStation(context: Context, residenceId: string) {
  if (!(await isKnownResidence(context.db, residenceId))) throw new AppError('climate_residence_unknown');
  return { residenceId, station: (await findResidenceStation(context.db, residenceId)) ?? null };
}

/** Ties a residence to a station (whose degree days must be imported first), or unties it with `null`. */
export async function setResidenceStation(context: Context, residenceId: string, station: string | null, actor: { userId: string }) {
  if (!(await isKnownResidence(context.db, residenceId))) throw new AppError('climate_residence_unknown');
  if (station !== null && !(await isKnownStation(context.db, station))) throw new AppError('weather_station_unknown', { station });
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    if (station === null) await deleteResidenceStation(trx, residenceId);
    else await upsertResidenceStation(trx, residenceId, station, now);
    await recordAuditEvent(trx, {
      occurredAt: now,
      action: 'climate.residence_station_set',
      actor: { userId: actor.userId, role: 'staff' },
      target: { type: 'residence', id: residenceId },
      details: { station },
    });
  });
  return { residenceId, station };
}

function monthShift(month: string, months: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + monthNumber - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function daysInMonth(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

/** The station a residence is tied to and its degree-day version, or null: with the resident's scope, all a heating comparison depends on. */
export async function findHeatingClimateStation(context: Pick<AppContext, 'db'>, residenceId: string): Promise<HeatingClimateStation | null> {
  const row = await findResidenceStationVersion(context.db, residenceId);
  return row ? { code: row.code, degreeDaysVersion: row.version } : null;
}

export interface HeatingClimateStation {
  code: string;
  /** Moves on at each import of the station's degree days. */
  degreeDaysVersion: string;
}

/**
 * The resident's heating, month by month, raw and at last year's climate: each month's
 * consumption × (the same month a year before's degree days ÷ this month's), at the residence's
 * station (`findHeatingClimateStation`). Only whole months the resident holds and that are over
 * are corrected. Reads the heating months alone (`getResidentMonthlySeries`), not the dashboard.
 */
export async function getHeatingClimate(context: Context, scope: ResidentScope, tied: HeatingClimateStation | null): Promise<z.infer<typeof heatingClimate>> {
  const station = tied?.code ?? null;
  const heating = await getResidentMonthlySeries(context, scope, 'heating');
  if (!heating) return { station, unit: null, months: [] };
  const currentMonth = scope.today.slice(0, 7);
  const degreeDays = new Map<string, { hundredths: number; days: number }>();
  if (station !== null && heating.months.length > 0) {
    const from = `${monthShift(heating.months[0]!.month, -12)}-01`;
    const rows = await selectMonthlyDegreeDays(context.db, station, from, scope.today);
    for (const row of rows) degreeDays.set(row.month.slice(0, 7), { hundredths: Number(row.hundredths), days: Number(row.days) });
  }
  const periodOf = (month: string): PeriodDegreeDays => {
    const stored = degreeDays.get(month);
    return { hundredths: stored?.hundredths ?? 0, daysWithData: stored?.days ?? 0, daysInPeriod: daysInMonth(month) };
  };
  const asDegreeDays = (month: string) => {
    const stored = degreeDays.get(month);
    return stored ? stored.hundredths / 100 : null;
  };
  return {
    station,
    unit: heating.unit,
    months: heating.months.map((entry) => {
      const reference = monthShift(entry.month, -12);
      const base = {
        month: entry.month,
        consumption: entry.consumption,
        sameMonthLastYear: entry.sameMonthLastYear,
        degreeDays: asDegreeDays(entry.month),
        referenceDegreeDays: asDegreeDays(reference),
        correctedConsumption: null,
      };
      if (station === null) return { ...base, correction: 'no_station' as const };
      if (entry.month >= currentMonth) return { ...base, correction: 'month_not_over' as const };
      if (entry.isPartial) return { ...base, correction: 'partial_month' as const };
      if (entry.consumption === null) return { ...base, correction: 'no_consumption' as const };
      const outcome = correctForClimate(entry.consumption, periodOf(entry.month), periodOf(reference));
      if (outcome.status === 'corrected') return { ...base, correctedConsumption: outcome.corrected, correction: 'corrected' as const };
      if (outcome.status === 'missing_days') return { ...base, correction: 'missing_days' as const, missingDays: outcome.missingDays };
      return { ...base, correction: 'below_threshold' as const };
    }),
  };
}
