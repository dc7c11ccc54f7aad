import { detectDelimiter, normaliseHeader, splitCsvLine } from '../../kernel/csv-line.ts';
import { degreeDayHundredthsFromTenths, parseHundredths, parseTenths } from '../../kernel/degree-days.ts';

/**
 * The degree-day CSV (docs/IMPORT-FORMATS.md, « Degree days CSV »): `station`, `day`, and either
 * `tmin` and `tmax` (°C, one decimal at most: the degree days are computed here by Météo-France's
 * method) or `degree_days` (given directly). Checked whole: any bad line refuses the file.
 */
export interface DegreeDayRow {
  station: string;
  day: string;
  /** Hundredths of a degree day. */
  hundredths: number;
  minimumTenths: number | null;
  maximumTenths: number | null;
}

export interface DegreeDayProblem {
  line: number;
  problem: string;
  column?: string;
  value?: string;
}

const STATION = /^[0-9A-Za-z_-]{1,20}$/;

export function parseDegreeDayCsv(text: string): { rows: DegreeDayRow[]; errors: DegreeDayProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: DegreeDayProblem[] = [];
  const rows: DegreeDayRow[] = [];
  const header = lines[0] ?? '';
  const delimiter = detectDelimiter(header);
  const names = (splitCsvLine(header, delimiter) ?? []).map(normaliseHeader);
  const column = (name: string) => names.indexOf(name);
  const at = { station: column('station'), day: column('day'), tmin: column('tmin'), tmax: column('tmax'), degreeDays: column('degree_days') };
  for (const required of ['station', 'day'] as const) if (at[required] < 0) errors.push({ line: 1, problem: 'missing_header_column', column: required });
  const hasTemperatures = at.tmin >= 0 && at.tmax >= 0;
  if (!hasTemperatures && at.degreeDays < 0) errors.push({ line: 1, problem: 'missing_header_column', column: 'tmin, tmax or degree_days' });
  if (errors.length > 0) return { rows, errors };

  const seen = new Map<string, number>();
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    const fields = splitCsvLine(line, delimiter);
    if (!fields || fields.length !== names.length) {
      errors.push({ line: lineNumber, problem: 'wrong_field_count' });
      continue;
    }
    const field = (position: number) => (position >= 0 ? fields[position]!.trim() : '');
    const station = field(at.station);
    const day = field(at.day);
    const lineErrors: DegreeDayProblem[] = [];
    if (!STATION.test(station)) lineErrors.push({ line: lineNumber, problem: 'invalid_value', column: 'station', value: station });
    const isoDay = toIsoDay(day);
    if (!isoDay) lineErrors.push({ line: lineNumber, problem: 'invalid_date', column: 'day', value: day });
    let hundredths: number | undefined;
    let minimumTenths: number | null = null;
    let maximumTenths: number | null = null;
    const tminText = field(at.tmin);
    const tmaxText = field(at.tmax);
    const degreeDaysText = field(at.degreeDays);
    if (tminText !== '' || tmaxText !== '') {
      const minimum = parseTenths(tminText);
      const maximum = parseTenths(tmaxText);
      if (minimum === undefined) lineErrors.push({ line: lineNumber, problem: 'invalid_temperature', column: 'tmin', value: tminText });
      if (maximum === undefined) lineErrors.push({ line: lineNumber, problem: 'invalid_temperature', column: 'tmax', value: tmaxText });
      if (minimum !== undefined && maximum !== undefined) {
        if (minimum > maximum) lineErrors.push({ line: lineNumber, problem: 'minimum_above_maximum', column: 'tmin', value: tminText });
        else {
          minimumTenths = minimum;
          maximumTenths = maximum;
          hundredths = degreeDayHundredthsFromTenths(minimum, maximum);
        }
      }
      if (degreeDaysText !== '') lineErrors.push({ line: lineNumber, problem: 'both_temperatures_and_degree_days', column: 'degree_days', value: degreeDaysText });
    } else if (degreeDaysText !== '') {
      hundredths = parseHundredths(degreeDaysText);
      if (hundredths === undefined) lineErrors.push({ line: lineNumber, problem: 'invalid_degree_days', column: 'degree_days', value: degreeDaysText });
    } else {
      lineErrors.push({ line: lineNumber, problem: 'no_temperatures_nor_degree_days' });
    }
    if (isoDay && STATION.test(station)) {
      const key = `${station}|${isoDay}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) lineErrors.push({ line: lineNumber, problem: 'duplicate_day', column: 'day', value: `${day} (line ${earlier})` });
      else seen.set(key, lineNumber);
    }
    if (lineErrors.length > 0) errors.push(...lineErrors);
    else rows.push({ station, day: isoDay!, hundredths: hundredths!, minimumTenths, maximumTenths });
  }
  return { rows, errors };
}

/** `YYYY-MM-DD`, `YYYYMMDD` (Météo-France's files) or `dd/MM/yyyy`, checked against the calendar. */
function toIsoDay(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const [year, month, day] = match ? [match[1]!, match[2]!, match[3]!] : french ? [french[3]!, french[2]!, french[1]!] : [];
  if (!year) return undefined;
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}
