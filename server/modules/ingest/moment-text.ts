import { wallTimeToInstant } from '../consumption/time-zone.ts';

/**
 * A reading's moment as written in a file: ISO 8601 (with `Z` or an offset: an instant; without:
 * a wall-clock time) or `dd/MM/yyyy HH:mm[:ss]` (a wall-clock time). Wall-clock times are read
 * in the declared time zone, by default the residence's.
 */
export type ParsedMoment = { kind: 'instant'; at: number } | { kind: 'wall'; wall: WallTime };

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

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
    const at = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(at) ? undefined : { kind: 'instant', at };
  }
  const french = FRENCH_PATTERN.exec(text);
  if (french) {
    const wall = toWallTime(french[3], french[2], french[1], french[4], french[5], french[6]);
    return wall ? { kind: 'wall', wall } : undefined;
  }
  return undefined;
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
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  const isRealDate =
    check.getUTCFullYear() === wall.year && check.getUTCMonth() === wall.month - 1 && check.getUTCDate() === wall.day;
  if (!isRealDate || wall.year < 1970 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
  return wall;
}

export function momentToInstant(moment: ParsedMoment, timeZone: string): number {
  return moment.kind === 'instant' ? moment.at : wallTimeToInstant(moment.wall, timeZone);
}
