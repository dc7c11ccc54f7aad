/**
 * Calendar arithmetic for the demo generator, which must stay pure and fast over millions of
 * readings. Days are numbers (days since 1970-01-01); local time is Europe/Paris, the time
 * zone of every demo residence. Its rule (UTC+1, UTC+2 from the last Sunday of March to the
 * last Sunday of October, switching at 01:00 UTC) is the EU rule in force since 1996.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function dayNumberOf(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function isoDateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  return (dayNumber + 4) % 7;
}

export interface CalendarDay {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0-based day of the year */
  dayOfYear: number;
}

export function calendarDayOf(dayNumber: number): CalendarDay {
  const date = new Date(dayNumber * DAY_MS);
  const year = date.getUTCFullYear();
  return {
    year,
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    dayOfYear: dayNumber - Date.UTC(year, 0, 1) / DAY_MS,
  };
}

function lastSundayOf(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0) / DAY_MS;
  return lastDay - weekdayOf(lastDay);
}

/** Summer time of the year last asked about: the generator asks about the same year millions of times in a row. */
let cachedYear = { startMs: 0, endMs: -1, summerStartMs: 0, summerEndMs: 0 };

/** Offset of Paris local time from UTC at an instant, in hours (1 or 2). */
function parisOffsetHours(utcMs: number): number {
  if (utcMs < cachedYear.startMs || utcMs >= cachedYear.endMs) {
    const year = new Date(utcMs).getUTCFullYear();
    cachedYear = {
      startMs: Date.UTC(year, 0, 1),
      endMs: Date.UTC(year + 1, 0, 1),
      summerStartMs: lastSundayOf(year, 2) * DAY_MS + HOUR_MS,
      summerEndMs: lastSundayOf(year, 9) * DAY_MS + HOUR_MS,
    };
  }
  return utcMs >= cachedYear.summerStartMs && utcMs < cachedYear.summerEndMs ? 2 : 1;
}

/** The UTC instant of midnight, Paris time, starting a given day (never near a clock change). */
export function parisMidnightUtc(dayNumber: number): number {
  const utcMidnight = dayNumber * DAY_MS;
  return utcMidnight - parisOffsetHours(utcMidnight - 3 * HOUR_MS) * HOUR_MS;
}

/** Paris local hour (0–23) at an instant. */
export function parisHourAt(utcMs: number): number {
  return (new Date(utcMs).getUTCHours() + parisOffsetHours(utcMs)) % 24;
}

/** The Paris calendar day an instant falls on. */
export function parisDayNumberAt(utcMs: number): number {
  return Math.floor((utcMs + parisOffsetHours(utcMs) * HOUR_MS) / DAY_MS);
}
