import { wallTimeToInstant, type WallClock } from './local-time.ts';

/**
 * A reading's moment as written in a file: ISO 8601 (with `Z` or an offset: an instant; without:
 * a wall-clock time) or `dd/MM/yyyy HH:mm[:ss]` (a wall-clock time). Wall-clock times are read
 * in the declared time zone, by default the residence's.
 */
export type ParsedMoment = { kind: 'instant'; at: number } | { kind: 'wall'; wall: WallTime };

type WallTime = WallClock;

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const FRENCH_PATTERN = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export function parseMomentText(text: string): ParsedMoment | undefined {
  const iso = ISO_PATTERN.exec(text);
  if (iso) {
    const wall = toWallTime(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]);
    if (!wall) return undefined;
    const zone = iso[7];
    if (!zone) return { kind: 'wall', wall };
    if (!iso[4]) return undefined;
    const milliseconds = Number((/\.(\d{1,6})/.exec(text)?.[1] ?? '0').padEnd(3, '0').slice(0, 3));
    const at = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, milliseconds);
    return { kind: 'instant', at: at - zoneOffsetMs(zone) };
  }
  const french = FRENCH_PATTERN.exec(text);
  if (french) {
    const wall = toWallTime(french[3], french[2], french[1], french[4], french[5], french[6]);
    return wall ? { kind: 'wall', wall } : undefined;
  }
  return undefined;
}

/** `Z`, `+02:00` or `-0530` as milliseconds ahead of UTC. */
function zoneOffsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return (zone.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && isLeap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function toWallTime(
  yearText?: string,
  monthText?: string,
  dayText?: string,
  hourText?: string,
  minuteText?: string,
  secondText?: string,
): WallTime | undefined {
  const wall = {
    year: Number(yearText),
    month: Number(monthText),
    day: Number(dayText),
    hour: Number(hourText ?? 0),
    minute: Number(minuteText ?? 0),
    second: Number(secondText ?? 0),
  };
  if (!isRealDate(wall.year, wall.month, wall.day) || wall.year < 1970 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    return undefined;
  }
  return wall;
}

export function momentToInstant(moment: ParsedMoment, timeZone: string): number {
  return moment.kind === 'instant' ? moment.at : wallTimeToInstant(moment.wall, timeZone);
}
