/**
 * Calendar days and wall-clock times in a residence's IANA time zone, without a date library.
 * Offsets come from Intl and are cached per UTC day, or per quarter hour on a day the offset
 * changes (no zone changes it more often), which keeps day cutting cheap on millions of readings.
 */
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();
const dayStartCaches = new Map<string, Map<string, number>>();
/** YYYY-MM-DD of each day number since 1970, whatever the zone. */
const dayTexts = new Map<number, string>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in the zone. */
function offsetAt(instantMs: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  // Most UTC days have one offset throughout: one entry serves the whole day. A day with a
  // change (negative key) falls back to quarter hours.
  const day = Math.floor(instantMs / DAY_MS);
  const daily = cache.get(day);
  if (daily !== undefined) return daily;
  const quarter = Math.floor(instantMs / QUARTER_HOUR_MS);
  const quarterly = cache.get(-1 - quarter);
  if (quarterly !== undefined) return quarterly;
  const atDayStart = offsetFromIntl(day * DAY_MS, timeZone);
  if (atDayStart === offsetFromIntl((day + 1) * DAY_MS - QUARTER_HOUR_MS, timeZone)) {
    cache.set(day, atDayStart);
    return atDayStart;
  }
  const offset = offsetFromIntl(quarter * QUARTER_HOUR_MS, timeZone);
  cache.set(-1 - quarter, offset);
  return offset;
}

function offsetFromIntl(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - instantMs;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function localDayOf(instantMs: number, timeZone: string): string {
  const dayNumber = Math.floor((instantMs + offsetAt(instantMs, timeZone)) / DAY_MS);
  let text = dayTexts.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(dayNumber, text);
  }
  return text;
}

/**
 * The instant a wall-clock time names in the zone. In the hour repeated when clocks go back it
 * is the later one (the import then places each reading, see repeatedWallTimeInstants); a time
 * skipped when clocks go forward lands just after the jump.
 */
export function wallTimeToInstant(wall: WallClock, timeZone: string): number {
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstGuess = wallMs - offsetAt(wallMs, timeZone);
  return wallMs - offsetAt(firstGuess, timeZone);
}

/**
 * Both instants a wall-clock time names in the hour repeated when clocks go back (the earlier
 * one in summer time first), or undefined when it names only one.
 */
export function repeatedWallTimeInstants(wall: WallClock, timeZone: string): [number, number] | undefined {
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsets = new Set([offsetAt(wallMs - DAY_MS, timeZone), offsetAt(wallMs + DAY_MS, timeZone)]);
  const instants = [...offsets].map((offset) => wallMs - offset).filter((instant) => wallMs - offsetAt(instant, timeZone) === instant);
  return instants.length === 2 ? [Math.min(...instants), Math.max(...instants)] : undefined;
}

/** The instant the calendar day starts in the zone. */
export function startOfLocalDay(day: string, timeZone: string): number {
  let cache = dayStartCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    dayStartCaches.set(timeZone, cache);
  }
  const cached = cache.get(day);
  if (cached !== undefined) return cached;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const start = wallTimeToInstant({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
  cache.set(day, start);
  return start;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function firstDayOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
