import type { ContractOption, DeviceKind } from '../../db/schema.ts';
import { isDeviceKind } from '#shared/device-kinds.ts';
import { isValidTimeZone } from '../../kernel/local-time.ts';
import { detectDelimiter, normaliseHeader, splitCsvLine } from '../../kernel/csv-line.ts';

/**
 * The inventory CSV (docs/IMPORT-FORMATS.md, templates/inventory.csv): one line per device,
 * carrying its dwelling, residence and client, so one file describes a whole portfolio. A line
 * without device columns describes a dwelling alone. Every line is checked against the same
 * rules as the database before anything is written.
 */
export const INVENTORY_COLUMNS = [
  'client_name',
  'client_kind',
  'contract_reference',
  'contract_options',
  'building_code',
  'residence_name',
  'street',
  'postal_code',
  'city',
  'time_zone',
  'dwelling_code',
  'client_number',
  'building',
  'staircase',
  'floor',
  'device_kind',
  'serial_number',
  'radio_id',
  'manufacturer',
  'location',
  'is_in_common_area',
  'installed_on',
  'removed_on',
  'replaces_serial_number',
] as const;

/** Columns a file may add to the template's: a device's own maximum plausible rate per hour. */
const EXTRA_INVENTORY_COLUMNS = ['max_rate_per_hour'] as const;

type Column = (typeof INVENTORY_COLUMNS)[number] | (typeof EXTRA_INVENTORY_COLUMNS)[number];
const KNOWN_COLUMNS: readonly string[] = [...INVENTORY_COLUMNS, ...EXTRA_INVENTORY_COLUMNS];
const REQUIRED_COLUMNS: readonly Column[] = ['client_name', 'client_kind', 'contract_reference', 'building_code', 'street', 'postal_code', 'city', 'dwelling_code', 'client_number'];

interface InventoryDevice {
  kind: DeviceKind;
  serialNumber: string;
  radioId: string | null;
  manufacturer: string;
  location: string;
  isInCommonArea: boolean;
  installedOn: string;
  removedOn: string | null;
  replacesSerialNumber: string | null;
  /** In the device's unit per hour; null: its kind's default (consumption/plausible-rates.ts). */
  maxRatePerHour: string | null;
}

export interface InventoryLine {
  line: number;
  client: { name: string; kind: 'syndic' | 'bailleur' };
  contract: { reference: string; options: ContractOption[] | null };
  residence: { buildingCode: string; name: string | null; street: string; postalCode: string; city: string; timeZone: string };
  dwelling: { dwellingCode: string; clientNumber: string; building: string; staircase: string; floor: string };
  device: InventoryDevice | null;
}

export interface InventoryLineError {
  line: number;
  problem: string;
  column?: string;
  value?: string;
}

const CONTRACT_OPTIONS: readonly ContractOption[] = ['resident_portal', 'remote_reading'];
const BOOLEANS: Record<string, boolean> = { '': false, '0': false, '1': true, true: true, false: false, yes: true, no: false, oui: true, non: false };

export function parseInventoryCsv(lines: readonly string[]): { rows: InventoryLine[]; errors: InventoryLineError[] } {
  const rows: InventoryLine[] = [];
  const errors: InventoryLineError[] = [];
  const header = lines[0] ?? '';
  const delimiter = detectDelimiter(header);
  const names = (splitCsvLine(header, delimiter) ?? []).map(normaliseHeader);
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !KNOWN_COLUMNS.includes(name));
  for (const column of missing) errors.push({ line: 1, problem: 'missing_header_column', column });
  for (const column of unknown) errors.push({ line: 1, problem: 'unknown_header_column', column });
  if (errors.length > 0) return { rows, errors };

  for (let position = 1; position < lines.length; position += 1) {
    const text = lines[position]!;
    if (text.trim() === '') continue;
    const line = position + 1;
    const fields = splitCsvLine(text, delimiter);
    if (!fields || fields.length !== names.length) {
      errors.push({ line, problem: 'wrong_field_count', value: String(fields?.length ?? 0) });
      continue;
    }
    const record = Object.fromEntries(names.map((name, index) => [name, fields[index]!])) as Partial<Record<Column, string>>;
    const lineErrors: InventoryLineError[] = [];
    const parsed = parseRecord(record, (column, problem, value) => lineErrors.push({ line, problem, column, value: value ?? record[column] ?? '' }));
    if (lineErrors.length > 0) errors.push(...lineErrors);
    else rows.push({ ...parsed, line });
  }
  errors.push(...findContradictions(rows));
  return { rows, errors };
}

type Report = (column: Column, problem: string, value?: string) => void;

function parseRecord(record: Partial<Record<Column, string>>, report: Report): Omit<InventoryLine, 'line'> {
  const text = (column: Column) => record[column] ?? '';
  const check = (column: Column, isValid: (value: string) => boolean, problem = 'invalid_value') => {
    if (!isValid(text(column))) report(column, problem);
    return text(column);
  };
  const clientKind = check('client_kind', (value) => value === 'syndic' || value === 'bailleur') as 'syndic' | 'bailleur';
  const optionsText = text('contract_options');
  const options = optionsText === '' ? null : (optionsText.split('|').map((option) => option.trim()) as ContractOption[]);
  if (options && !options.every((option) => CONTRACT_OPTIONS.includes(option))) report('contract_options', 'invalid_value');
  const timeZone = text('time_zone') || 'Europe/Paris';
  if (!isValidTimeZone(timeZone) || !timeZone.includes('/') && timeZone !== 'UTC') report('time_zone', 'invalid_value', timeZone);

  const parsed: Omit<InventoryLine, 'line'> = {
    client: { name: check('client_name', (value) => length(value, 1, 200)), kind: clientKind },
    contract: { reference: check('contract_reference', (value) => length(value, 1, 50)), options },
    residence: {
      buildingCode: check('building_code', (value) => /^[0-9]{8}$/.test(value)),
      name: check('residence_name', (value) => length(value, 0, 200)) || null,
      street: check('street', (value) => length(value, 1, 200)),
      postalCode: check('postal_code', (value) => /^[0-9A-Z -]{3,10}$/.test(value)),
      city: check('city', (value) => length(value, 1, 100)),
      timeZone,
    },
    dwelling: {
      dwellingCode: check('dwelling_code', (value) => /^[0-9]{8}$/.test(value)),
      clientNumber: check('client_number', (value) => length(value, 1, 30)),
      building: check('building', (value) => length(value, 0, 10)),
      staircase: check('staircase', (value) => length(value, 0, 10)),
      floor: check('floor', (value) => length(value, 0, 10)),
    },
    device: null,
  };
  const deviceColumns: Column[] = ['device_kind', 'serial_number', 'radio_id', 'manufacturer', 'installed_on', 'removed_on', 'replaces_serial_number'];
  if (deviceColumns.every((column) => text(column) === '')) return parsed;

  const kind = check('device_kind', isDeviceKind) as DeviceKind;
  const installedOn = parseDay(text('installed_on'));
  if (!installedOn) report('installed_on', 'invalid_date');
  const removedOn = text('removed_on') === '' ? null : parseDay(text('removed_on'));
  if (removedOn === undefined) report('removed_on', 'invalid_date');
  if (installedOn && removedOn && removedOn < installedOn) report('removed_on', 'removed_before_installed');
  const isInCommonArea = BOOLEANS[text('is_in_common_area').toLowerCase()];
  if (isInCommonArea === undefined) report('is_in_common_area', 'invalid_value');
  parsed.device = {
    kind,
    serialNumber: check('serial_number', (value) => /^[0-9A-Za-z-]{1,40}$/.test(value)),
    radioId: check('radio_id', (value) => value === '' || /^[0-9A-Fa-f]{8}$/.test(value)).toLowerCase() || null,
    manufacturer: check('manufacturer', (value) => length(value, 1, 40)).toUpperCase(),
    location: check('location', (value) => length(value, 0, 100)),
    isInCommonArea: isInCommonArea ?? false,
    installedOn: installedOn ?? '',
    removedOn: removedOn ?? null,
    replacesSerialNumber: check('replaces_serial_number', (value) => value === '' || /^[0-9A-Za-z-]{1,40}$/.test(value)) || null,
    maxRatePerHour: parseRate(check('max_rate_per_hour', (value) => value === '' || parseRate(value) !== null)),
  };
  return parsed;
}

/** A positive decimal, `.` or `,` before at most 9 decimals (`3.125`, `70`); null when empty or not one. */
function parseRate(value: string): string | null {
  const match = /^(\d{1,9})(?:[.,](\d{1,9}))?$/.exec(value.trim());
  if (!match || !/[1-9]/.test(`${match[1]}${match[2] ?? ''}`)) return null;
  return match[2] ? `${match[1]}.${match[2]}` : match[1]!;
}

function length(value: string, min: number, max: number): boolean {
  return value.length >= min && value.length <= max;
}

/** YYYY-MM-DD or dd/MM/yyyy, and a real calendar day. */
function parseDay(text: string): string | undefined {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** Two lines that say different things about the same client, residence, dwelling or device. */
function findContradictions(rows: readonly InventoryLine[]): InventoryLineError[] {
  const errors: InventoryLineError[] = [];
  const seen = new Map<string, { line: number; value: string }>();
  const expectSame = (line: number, key: string, value: unknown, problem: string) => {
    const serialised = JSON.stringify(value);
    const first = seen.get(key);
    if (!first) seen.set(key, { line, value: serialised });
    else if (first.value !== serialised) errors.push({ line, problem, value: `line ${first.line}` });
  };
  for (const row of rows) {
    expectSame(row.line, `client:${row.client.name}`, row.client.kind, 'contradicts_client');
    expectSame(row.line, `contract:${row.contract.reference}`, [row.client.name, row.contract.options], 'contradicts_contract');
    expectSame(row.line, `residence:${row.residence.buildingCode}`, [row.residence, row.contract.reference], 'contradicts_residence');
    expectSame(row.line, `dwelling:${row.residence.buildingCode}:${row.dwelling.dwellingCode}`, row.dwelling, 'contradicts_dwelling');
    if (row.device) {
      expectSame(row.line, `device:${row.device.manufacturer}:${row.device.serialNumber}`, row.line, 'duplicate_device');
      // A removed device may have handed its radio id on; two devices in service may not share one.
      if (row.device.radioId && row.device.removedOn === null) expectSame(row.line, `radio:${row.device.radioId}`, row.line, 'duplicate_radio_id');
    }
  }
  return errors;
}
