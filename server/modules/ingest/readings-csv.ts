import { localDayOf, repeatedWallTimeInstants } from '../../kernel/local-time.ts';
import { detectDelimiter, normaliseHeader, splitCsvLine, type CsvDelimiter } from '../../kernel/csv-line.ts';
import { parseDecimalText } from './decimal-text.ts';
import type { IngestDevice } from './ingest.queries.ts';
import { momentToInstant, parseMomentText, type ParsedMoment } from '../../kernel/moment-text.ts';
import type { CandidateReading } from './reading-store.ts';

/**
 * The readings CSV (docs/IMPORT-FORMATS.md): a header, then one reading a line. Column names
 * can be mapped so a utility's export is read as it is. Reading is in two passes: the syntax
 * of every line first, then what needs the inventory (device, its time zone and unit).
 */
type DeclaredUnit = 'l' | 'm3' | 'kWh' | 'units';

export interface ReadingsCsvOptions {
  delimiter?: CsvDelimiter;
  /** Zone of wall-clock times; default: each device's residence. */
  timeZone?: string;
  /** Unit of the index column; default: each device's own unit. */
  unit?: DeclaredUnit;
  serialColumn?: string;
  readAtColumn?: string;
  indexColumn?: string;
  manufacturerColumn?: string;
  estimatedColumn?: string;
}

const DEFAULT_READINGS_COLUMNS = {
  serialColumn: 'serial_number',
  readAtColumn: 'read_at',
  indexColumn: 'index',
  manufacturerColumn: 'manufacturer',
  estimatedColumn: 'is_estimated',
} as const;

export type LineProblem =
  | 'missing_header_column'
  | 'unreadable_line'
  | 'wrong_field_count'
  | 'missing_serial_number'
  | 'invalid_moment'
  | 'invalid_index'
  | 'negative_index'
  | 'too_many_decimals'
  | 'invalid_estimated_flag'
  | 'unknown_device'
  | 'ambiguous_device'
  | 'unit_mismatch'
  | 'before_installation'
  | 'after_removal';

export interface LineError {
  line: number;
  problem: LineProblem;
  value?: string;
}

export interface ParsedReadingLine {
  line: number;
  serialNumber: string;
  manufacturer: string | undefined;
  moment: ParsedMoment;
  /** Index in the declared unit, as plain decimal text. */
  indexValue: string;
  isEstimated: boolean;
}

interface ColumnPositions {
  serial: number;
  readAt: number;
  index: number;
  manufacturer: number;
  estimated: number;
  count: number;
}

const ESTIMATED_VALUES: Record<string, boolean> = { '': false, '0': false, '1': true, true: true, false: false, yes: true, no: false, oui: true, non: false };

export class ReadingsCsvParser {
  private columns: ColumnPositions | undefined;
  private delimiter: CsvDelimiter | undefined;
  readonly rows: ParsedReadingLine[] = [];
  readonly errors: LineError[] = [];
  rowsRead = 0;

  constructor(private readonly options: ReadingsCsvOptions) {}

  /** Feeds one line of the file (1-based line number). */
  accept(text: string, line: number): void {
    if (!this.columns) {
      this.readHeader(text, line);
      return;
    }
    if (text.trim() === '') return;
    this.rowsRead += 1;
    const fields = splitCsvLine(text, this.delimiter!);
    if (!fields) return this.refuse(line, 'unreadable_line');
    if (fields.length !== this.columns.count) return this.refuse(line, 'wrong_field_count', String(fields.length));
    const serialNumber = fields[this.columns.serial]!;
    if (serialNumber === '') return this.refuse(line, 'missing_serial_number');
    const momentText = fields[this.columns.readAt]!;
    const moment = parseMomentText(momentText);
    if (!moment) return this.refuse(line, 'invalid_moment', momentText);
    const indexText = fields[this.columns.index]!;
    const index = parseDecimalText(indexText, { shiftDecimals: this.options.unit === 'l' ? 3 : 0 });
    if ('problem' in index) {
      const problem = index.problem === 'not_a_number' ? 'invalid_index' : index.problem === 'negative' ? 'negative_index' : 'too_many_decimals';
      return this.refuse(line, problem, indexText);
    }
    const estimatedText = this.columns.estimated >= 0 ? fields[this.columns.estimated]!.toLowerCase() : '';
    const isEstimated = ESTIMATED_VALUES[estimatedText];
    if (isEstimated === undefined) return this.refuse(line, 'invalid_estimated_flag', estimatedText);
    this.rows.push({
      line,
      serialNumber,
      manufacturer: this.columns.manufacturer >= 0 ? fields[this.columns.manufacturer] || undefined : undefined,
      moment,
      indexValue: index.value,
      isEstimated,
    });
  }

  hasHeader(): boolean {
    return this.columns !== undefined;
  }

  private readHeader(text: string, line: number): void {
    this.delimiter = this.options.delimiter ?? detectDelimiter(text);
    const names = (splitCsvLine(text, this.delimiter) ?? []).map(normaliseHeader);
    const position = (name: string) => names.indexOf(normaliseHeader(name));
    const columns = {
      serial: position(this.options.serialColumn ?? DEFAULT_READINGS_COLUMNS.serialColumn),
      readAt: position(this.options.readAtColumn ?? DEFAULT_READINGS_COLUMNS.readAtColumn),
      index: position(this.options.indexColumn ?? DEFAULT_READINGS_COLUMNS.indexColumn),
      manufacturer: position(this.options.manufacturerColumn ?? DEFAULT_READINGS_COLUMNS.manufacturerColumn),
      estimated: position(this.options.estimatedColumn ?? DEFAULT_READINGS_COLUMNS.estimatedColumn),
      count: names.length,
    };
    const required = [
      ['serial', this.options.serialColumn ?? DEFAULT_READINGS_COLUMNS.serialColumn],
      ['readAt', this.options.readAtColumn ?? DEFAULT_READINGS_COLUMNS.readAtColumn],
      ['index', this.options.indexColumn ?? DEFAULT_READINGS_COLUMNS.indexColumn],
    ] as const;
    for (const [key, name] of required) {
      if (columns[key] < 0) this.refuse(line, 'missing_header_column', name);
    }
    this.columns = columns;
  }

  private refuse(line: number, problem: LineProblem, value?: string): void {
    this.errors.push(value === undefined ? { line, problem } : { line, problem, value });
  }
}

/**
 * Ties each parsed line to its device and turns it into a reading in the device's unit at a
 * UTC moment. Lines that cannot be tied are errors: the whole file is then refused.
 */
export function resolveReadingLines(
  rows: readonly ParsedReadingLine[],
  devices: readonly IngestDevice[],
  options: ReadingsCsvOptions,
): { candidates: CandidateReading[]; errors: LineError[] } {
  const bySerial = new Map<string, IngestDevice[]>();
  for (const device of devices) bySerial.set(device.serialNumber, [...(bySerial.get(device.serialNumber) ?? []), device]);
  const candidates: CandidateReading[] = [];
  const errors: LineError[] = [];
  for (const row of rows) {
    const sameSerial = bySerial.get(row.serialNumber) ?? [];
    const manufacturer = row.manufacturer?.toLowerCase();
    const matching =
      manufacturer === undefined ? sameSerial : sameSerial.filter((device) => device.manufacturer.toLowerCase() === manufacturer);
    if (matching.length === 0) {
      errors.push({ line: row.line, problem: 'unknown_device', value: row.serialNumber });
      continue;
    }
    if (matching.length > 1) {
      errors.push({ line: row.line, problem: 'ambiguous_device', value: row.serialNumber });
      continue;
    }
    const device = matching[0]!;
    if (options.unit && !isUnitCompatible(options.unit, device.unit)) {
      errors.push({ line: row.line, problem: 'unit_mismatch', value: `${options.unit}→${device.unit}` });
      continue;
    }
    const timeZone = options.timeZone ?? device.timeZone;
    const at = momentToInstant(row.moment, timeZone);
    const day = localDayOf(at, device.timeZone);
    if (day < device.installedOn) {
      errors.push({ line: row.line, problem: 'before_installation', value: day });
      continue;
    }
    if (device.removedOn !== null && day > device.removedOn) {
      errors.push({ line: row.line, problem: 'after_removal', value: day });
      continue;
    }
    const repeatedAt = row.moment.kind === 'wall' ? repeatedWallTimeInstants(row.moment.wall, timeZone) : undefined;
    candidates.push({ ref: row.line, device, at, indexValue: row.indexValue, isEstimated: row.isEstimated, ...(repeatedAt && { repeatedAt }) });
  }
  return { candidates, errors };
}

function isUnitCompatible(declared: DeclaredUnit, deviceUnit: IngestDevice['unit']): boolean {
  return declared === 'l' ? deviceUnit === 'm3' : declared === deviceUnit;
}
