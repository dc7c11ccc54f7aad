import type { AppContext } from '../../app-context.ts';
import type { DeviceUnit, EstimateReason, Fluid } from '../../db/schema.ts';
import { kindsOfFluid } from '#shared/device-kinds.ts';
import { AppError } from '../../http/errors.ts';
import { getMonthlyConsumption, moreTellingReason } from '../consumption/consumption.service.ts';
import { fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';
import { addDays, firstDayOfMonth, startOfLocalDay } from '../../kernel/local-time.ts';
import { firstWholeDayFrom, getBoundedDailyConsumption, handoverDayRows, isHandoverDayPartial } from '../occupancy/handover-day.ts';
import { selectDashboardRows, selectLastDayWithData, selectReadingsBetween, type DashboardRow } from './resident-consumption.queries.ts';
import { laterDay, type ResidentScope } from './resident-scope.ts';

type Context = Pick<AppContext, 'db'>;

const MONTHLY_HISTORY_MONTHS = 60;
const DEFAULT_DAILY_RANGE_DAYS = 30;
const MAXIMUM_DAILY_RANGE_DAYS = 400;

/** The first day of the month `months` after (or before) the month of `month` (YYYY-MM-DD), by plain arithmetic. */
function monthShift(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function lastDayOfMonth(month: string): string {
  return addDays(monthShift(month, 1), -1);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** `estimateReason` is sent beside `isEstimated` on estimated periods only. */
const reasonField = (reason: EstimateReason | null | undefined) => (reason ? { estimateReason: reason } : {});

/** A month's rows (one per unit, or the boundary month's days) added up. */
function addedUp(month: string, previous: MonthValue | undefined, row: { value: string; flag: boolean; reason: EstimateReason | null }) {
  return {
    month,
    consumption: round((previous?.consumption ?? 0) + Number(row.value)),
    isEstimated: (previous?.isEstimated ?? false) || row.flag,
    estimateReason: moreTellingReason(previous?.estimateReason, row.reason),
  };
}

interface MonthValue {
  /** YYYY-MM */
  month: string;
  consumption: number | null;
  isEstimated: boolean;
  estimateReason: EstimateReason | null;
  /** The month began before the resident's history: only its days from the boundary on count. */
  isPartial: boolean;
}

/** From the first day of `fromMonth` (or the boundary, if later) to the last day with data, added up from the resident's own months. */
function periodOfMonths(own: Map<string, MonthValue>, scope: ResidentScope, fromMonth: string, dataUntil: string | null) {
  const start = laterDay(fromMonth, scope.boundaryDay);
  const end = dataUntil !== null && dataUntil < scope.today ? dataUntil : scope.today;
  if (start > end) return null;
  const values = [...own.values()].filter((value) => value.month >= fromMonth.slice(0, 7) && value.consumption !== null);
  if (values.length === 0) return null;
  return {
    consumption: round(values.reduce((total, value) => total + value.consumption!, 0)),
    isEstimated: values.some((value) => value.isEstimated),
    from: start,
    to: end,
  };
}

/**
 * A partial handover day (see handover-day.ts) as dashboard rows: in the boundary month's own
 * total and, while recent, among the recent days.
 */
async function handoverDashboardRows(context: Context, scope: ResidentScope, recentFrom: string): Promise<Array<DashboardRow & { isPartial?: boolean }>> {
  if (scope.boundaryDay > scope.today) return [];
  const perFluid = await Promise.all(
    scope.fluids.map(async ({ fluid }) => (await handoverDayRows(context.db, scope, fluid, scope.boundaryDay)).map((row) => ({ fluid, row }))),
  );
  return perFluid.flat().flatMap(({ fluid, row }) => {
    const value = { fluid, unit: row.unit, value: row.consumption, flag: row.isEstimated, reason: row.estimateReason ?? null };
    return [
      { part: 'partial' as const, period: null, ...value },
      ...(recentFrom === scope.boundaryDay ? [{ part: 'day' as const, period: row.period, ...value, isPartial: true }] : []),
    ];
  });
}

/** Readings in the 24 hours before a device's last one that make an hourly profile. */
const HOURLY_PROFILE_MINIMUM_READINGS = 12;

/**
 * What the dashboard shows for each fluid: this month so far, last month, this year, the
 * monthly history with the same month a year before and the residence's average dwelling
 * (the comparisons the Energy Efficiency Directive's Annex VIIa asks for), the last 30 days,
 * whether hourly views exist, and the day up to which data is available. One query reads it
 * all (`selectDashboardRows`); the resident's own months are the maintained monthly totals for
 * whole months and the boundary month's days from the boundary on, never before.
 */
export async function getResidentDashboard(context: Context, scope: ResidentScope) {
  const window = monthWindowOf(scope);
  const { currentMonth, historyStart } = window;
  const lastMonth = monthShift(currentMonth, -1);
  const recentFrom = laterDay(addDays(scope.today, -(DEFAULT_DAILY_RANGE_DAYS - 1)), scope.boundaryDay);

  const stored = await selectDashboardRows(context.db, {
    dwellingId: scope.dwellingId,
    residenceId: scope.residenceId,
    fromMonth: window.fromMonth,
    averagesFromMonth: historyStart,
    toMonth: currentMonth,
    recent: recentFrom <= scope.today ? { from: firstWholeDayFrom(scope, recentFrom), to: scope.today } : null,
    partial: window.partial,
  });
  const rows: Array<DashboardRow & { isPartial?: boolean }> = [...(await handoverDashboardRows(context, scope, recentFrom)), ...stored];
  const hourlyKinds = new Set(
    rows.filter((row) => row.part === 'readings_last_day' && Number(row.value) >= HOURLY_PROFILE_MINIMUM_READINGS).map((row) => row.fluid as string),
  );

  const fluids = await Promise.all(
    scope.fluids.map(async ({ fluid, unit }) => {
      const monthRows: MonthRow[] = [];
      const averages = new Map<string, number>();
      const recentDays: Array<{ day: string; consumption: number; isEstimated: boolean; estimateReason?: EstimateReason }> = [];
      for (const row of rows) {
        if (row.fluid !== fluid) continue;
        if (row.part === 'month' || row.part === 'partial') {
          monthRows.push({ part: row.part, period: row.period, value: row.value, flag: row.flag, reason: row.reason });
        } else if (row.part === 'average' && row.unit === unit) {
          averages.set(row.period.slice(0, 7), Number(row.value));
        } else if (row.part === 'day' && row.unit === unit) {
          recentDays.push(dayEntryOf({ period: row.period, consumption: row.value, isEstimated: row.flag, estimateReason: row.reason, isPartial: row.isPartial }));
        }
      }
      const { own, months } = monthSeriesOf(window, monthRows, averages);
      const lastMonthEntry = months.find((entry) => entry.month === lastMonth.slice(0, 7));
      // The last day with data is in the last 30 days whenever the meter is alive; else one look-up.
      const lastRecentDay = recentDays.at(-1);
      const dataUntil: string | null = lastRecentDay
        ? lastRecentDay.day
        : await selectLastDayWithData(context.db, scope.dwellingId, fluid).then((day) => (day && day >= firstWholeDayFrom(scope, scope.boundaryDay) ? day : null));
      return {
        fluid,
        unit,
        dataUntil,
        currentMonth: periodOfMonths(own, scope, currentMonth, dataUntil),
        lastMonth: lastMonthEntry && lastMonthEntry.consumption !== null ? { ...lastMonthEntry } : null,
        year: periodOfMonths(own, scope, `${scope.today.slice(0, 4)}-01-01`, dataUntil),
        months,
        hasHourlyData: dataUntil !== null && kindsOfFluid(fluid).some((kind) => hourlyKinds.has(kind)),
        recentDays: { from: recentFrom, to: scope.today, days: recentDays },
      };
    }),
  );
  return {
    dwelling: scope.dwelling,
    residence: scope.residence,
    historyStartsOn: scope.boundaryDay,
    today: scope.today,
    fluids,
  };
}

/**
 * One fluid's monthly history exactly as the dashboard shows it (each month with the same month a
 * year before, the boundary month partial), without the rest of the dashboard: the monthly totals
 * and, when the boundary falls within a month, that month's own days. Null when the dwelling has
 * no device of that fluid. For the heating comparison at equal climate (climate module).
 */
export async function getResidentMonthlySeries(context: Context, scope: ResidentScope, fluid: Fluid) {
  const found = scope.fluids.find((entry) => entry.fluid === fluid);
  if (!found) return null;
  const window = monthWindowOf(scope);
  const [monthly, partialDays] = await Promise.all([
    getMonthlyConsumption(context.db, scope.dwellingId, fluid, window.fromMonth, window.currentMonth),
    window.partial ? getBoundedDailyConsumption(context.db, scope, fluid, scope.boundaryDay, window.partial.to) : Promise.resolve([]),
  ]);
  const monthRows: MonthRow[] = monthly.map((row) => ({ part: 'month', period: row.period, value: row.consumption, flag: row.isEstimated, reason: row.estimateReason ?? null }));
  // The boundary month's own days added up per unit, as the dashboard's query sums them.
  const partialByUnit = new Map<DeviceUnit, { total: bigint; flag: boolean; reason: EstimateReason | null }>();
  for (const day of partialDays) {
    const sum = partialByUnit.get(day.unit) ?? { total: 0n, flag: false, reason: null };
    partialByUnit.set(day.unit, { total: sum.total + toFixedPoint(day.consumption), flag: sum.flag || day.isEstimated, reason: moreTellingReason(sum.reason, day.estimateReason ?? null) });
  }
  for (const sum of partialByUnit.values()) monthRows.push({ part: 'partial', period: null, value: fromFixedPoint(sum.total), flag: sum.flag, reason: sum.reason });
  return { fluid, unit: found.unit, months: monthSeriesOf(window, monthRows, new Map()).months };
}

/** The months a resident's history shows and reads, from their privacy boundary and today. */
function monthWindowOf(scope: ResidentScope) {
  const currentMonth = firstDayOfMonth(scope.today);
  const historyStart = laterDay(firstDayOfMonth(scope.boundaryDay), monthShift(currentMonth, -(MONTHLY_HISTORY_MONTHS - 1)));
  const boundaryMonth = firstDayOfMonth(scope.boundaryDay);
  const isBoundaryMidMonth = scope.boundaryDay !== boundaryMonth || isHandoverDayPartial(scope);
  const firstFullMonth = isBoundaryMidMonth ? monthShift(boundaryMonth, 1) : boundaryMonth;
  // The months shown, each with the same month a year before when the resident's whole month is theirs to see.
  const shownMonths: Array<{ month: string; key: string; yearBeforeKey: string | null }> = [];
  for (let month = historyStart; month <= currentMonth; month = monthShift(month, 1)) {
    const yearBefore = monthShift(month, -12);
    const isYearBeforeWhole = yearBefore > boundaryMonth || (yearBefore === boundaryMonth && !isBoundaryMidMonth);
    shownMonths.push({ month, key: month.slice(0, 7), yearBeforeKey: isYearBeforeWhole ? yearBefore.slice(0, 7) : null });
  }
  return {
    currentMonth,
    historyStart,
    boundaryMonth,
    isBoundaryMidMonth,
    firstFullMonth,
    // A year before the first month shown, for its « same month last year ».
    fromMonth: laterDay(firstFullMonth, monthShift(historyStart, -12)),
    shownMonths,
    /** The boundary month's own days, when the boundary falls within a month. */
    partial: isBoundaryMidMonth && boundaryMonth <= currentMonth ? { from: firstWholeDayFrom(scope, scope.boundaryDay), to: lastDayOfMonth(boundaryMonth) } : null,
  };
}

/** A stored month's total of one unit, or (`partial`) the boundary month's own days of one unit added up. */
interface MonthRow {
  part: 'month' | 'partial';
  period: string | null;
  value: string;
  flag: boolean;
  reason: EstimateReason | null;
}

/** One fluid's months as shown: the resident's own (whole months, and the boundary month from the boundary on), from the first with data. */
function monthSeriesOf(window: ReturnType<typeof monthWindowOf>, rows: readonly MonthRow[], averages: ReadonlyMap<string, number>) {
  const own = new Map<string, MonthValue>();
  for (const row of rows) {
    if (row.part === 'month' && row.period !== null && row.period >= window.firstFullMonth) {
      const month = row.period.slice(0, 7);
      own.set(month, { ...addedUp(month, own.get(month), row), isPartial: false });
    } else if (row.part === 'partial') {
      const month = window.boundaryMonth.slice(0, 7);
      own.set(month, { ...addedUp(month, own.get(month), row), isPartial: true });
    }
  }
  const months: Array<{
    month: string;
    consumption: number | null;
    isEstimated: boolean;
    estimateReason?: EstimateReason;
    isPartial: boolean;
    sameMonthLastYear: number | null;
    residenceAverage: number | null;
  }> = [];
  for (const { month, key, yearBeforeKey } of window.shownMonths) {
    const value = own.get(key);
    months.push({
      month: key,
      consumption: value?.consumption ?? null,
      isEstimated: value?.isEstimated ?? false,
      ...reasonField(value?.estimateReason),
      isPartial: value?.isPartial ?? (month === window.boundaryMonth && window.isBoundaryMidMonth),
      sameMonthLastYear: yearBeforeKey === null ? null : (own.get(yearBeforeKey)?.consumption ?? null),
      residenceAverage: averages.get(key) ?? null,
    });
  }
  // The history starts at the first month with data, not at the boundary of an empty past.
  const firstWithData = months.findIndex((entry) => entry.consumption !== null);
  if (firstWithData > 0) months.splice(0, firstWithData);
  if (firstWithData < 0) months.length = 0;
  return { own, months };
}

/** A day as the resident's views send it; `isPartial` only on a handover day counted from the boundary. */
function dayEntryOf(row: { period: string; consumption: string; isEstimated: boolean; estimateReason?: EstimateReason | null; isPartial?: boolean }) {
  return { day: row.period, consumption: Number(row.consumption), isEstimated: row.isEstimated, ...reasonField(row.estimateReason), ...(row.isPartial ? { isPartial: true } : {}) };
}

function assertFluid(scope: ResidentScope, fluid: Fluid): DeviceUnit {
  const found = scope.fluids.find((entry) => entry.fluid === fluid);
  if (!found) throw new AppError('not_found');
  return found.unit;
}

/** Days of one fluid, any range within the resident's history (the last 30 days by default). */
export async function getResidentDaily(context: Context, scope: ResidentScope, query: { fluid: Fluid; from?: string | undefined; to?: string | undefined }) {
  const unit = assertFluid(scope, query.fluid);
  const to = query.to && query.to < scope.today ? query.to : scope.today;
  const requestedFrom = query.from ?? addDays(to, -(DEFAULT_DAILY_RANGE_DAYS - 1));
  if (requestedFrom > to || addDays(requestedFrom, MAXIMUM_DAILY_RANGE_DAYS) <= to) {
    throw new AppError('validation_failed', { fields: [{ field: 'from', problem: 'range' }] });
  }
  const from = laterDay(requestedFrom, scope.boundaryDay);
  const rows = await getBoundedDailyConsumption(context.db, scope, query.fluid, from, to);
  return {
    fluid: query.fluid,
    unit,
    from,
    to,
    days: rows.filter((row) => row.unit === unit).map(dayEntryOf),
  };
}

/**
 * Hour by hour within one day, from the readings themselves, for meters that send hourly
 * profiles. Each hour is the index difference between the readings at its ends; an hour
 * without a reading at both ends is left out rather than guessed.
 */
export async function getResidentHourly(context: Context, scope: ResidentScope, query: { fluid: Fluid; day: string }) {
  const unit = assertFluid(scope, query.fluid);
  if (query.day < scope.boundaryDay || query.day > scope.today) return { fluid: query.fluid, unit, day: query.day, hours: [] };
  const dayStart = startOfLocalDay(query.day, scope.timeZone);
  const dayEnd = startOfLocalDay(addDays(query.day, 1), scope.timeZone);
  // On a handover day, only what was read after the boundary instant.
  const from = query.day === scope.boundaryDay && isHandoverDayPartial(scope) ? new Date(scope.boundaryAt).getTime() + 1 : dayStart;
  const readings = await selectReadingsBetween(context.db, scope, kindsOfFluid(query.fluid), new Date(from), new Date(dayEnd));
  const hourly = new Map<number, { consumption: number; isEstimated: boolean }>();
  for (let position = 1; position < readings.length; position += 1) {
    const previous = readings[position - 1]!;
    const current = readings[position]!;
    const span = current.read_at.getTime() - previous.read_at.getTime();
    if (previous.device_id !== current.device_id || span > 3_600_000 * 1.25) continue;
    const hourStart = Math.floor((previous.read_at.getTime() - dayStart) / 3_600_000);
    const difference = Math.max(0, Number(current.index_value) - Number(previous.index_value));
    const entry = hourly.get(hourStart) ?? { consumption: 0, isEstimated: false };
    hourly.set(hourStart, { consumption: entry.consumption + difference, isEstimated: entry.isEstimated || previous.is_estimated || current.is_estimated });
  }
  return {
    fluid: query.fluid,
    unit,
    day: query.day,
    hours: [...hourly]
      .sort(([left], [right]) => left - right)
      .map(([hour, value]) => ({ startsAt: new Date(dayStart + hour * 3_600_000).toISOString(), consumption: round(value.consumption), isEstimated: value.isEstimated })),
  };
}
