import type { AlarmKind, DeviceKind, DeviceUnit } from '../../db/schema.ts';
import { parseDecimalText } from './decimal-text.ts';
import { containsBadCharacters, hasBadCharacters } from '../../http/bad-bytes.ts';

/**
 * One wmbusmeters JSON message, exactly as `--format=json`, `shell=` or MQTT publishing prints
 * it. Its index field is named after the quantity and unit, and the name varies by driver: the
 * field is chosen by the registered device's unit, in the order below. Numbers are taken from
 * the message's text, not from a parsed double, so the index keeps exactly the printed digits.
 */
const INDEX_FIELDS_BY_UNIT: Record<DeviceUnit, readonly string[]> = {
  m3: ['total_m3', 'total_volume_m3', 'total_water_m3', 'volume_m3'],
  kWh: ['total_energy_consumption_kwh', 'total_kwh', 'total_energy_kwh', 'total_heating_kwh', 'heat_kwh'],
  units: ['current_consumption_hca', 'current_hca', 'consumption_hca'],
};

const STATUS_FIELDS = ['status', 'current_status', 'error_flags'];
const PRINTED_SERIAL_FIELDS = ['fabrication_no', 'serial_number'];
const EARLIEST_PLAUSIBLE = Date.parse('2000-01-01T00:00:00Z');
const ACCEPTED_CLOCK_DRIFT_MS = 24 * 60 * 60 * 1000;

const ALARM_PATTERNS: ReadonlyArray<[AlarmKind, RegExp]> = [
  ['leak', /LEAK/],
  ['burst', /BURST/],
  ['tamper', /TAMPER|SABOTAGE|SEAL_BROKEN|MAGNET|STRONG_LIGHT/],
  ['dry', /DRY/],
  ['reverse_flow', /REVERSE|BACKFLOW|WRONG_FLOW_DIRECTION/],
  ['battery', /BATTERY|POWER_LOW/],
  ['error', /ERROR|ALARM|SENSOR_BREAK|UNEXPECTED_RST|FAULT/],
];

/**
 * When a status flag says its condition held. Only a flag about now raises an alarm: a past event
 * (`PREV_LEAKAGE`, aptmbusna's `P_LEAK` "has been detected", `TAMPER_PREV_MONTH`, `…_THIS_MONTH`)
 * is history, kept in the telegram's flags; an ambiguous one (`LEAKAGE_OR_NO_USAGE`) is kept too,
 * and a leak then needs the readings' own flow to open (flow detection, alerts module).
 */
type FlagTense = 'now' | 'past' | 'ambiguous';

function flagTense(flag: string): FlagTense {
  if (/^PREV_|^P_|_PREV(_MONTH)?$|_THIS_MONTH$|_LAST_MONTH$|HISTORY/.test(flag)) return 'past';
  if (/_OR_/.test(flag)) return 'ambiguous';
  return 'now';
}

/**
 * Two meters of different families may share a radio id (and, in wmbusmeters' JSON, nothing else
 * tells them apart: it prints no manufacturer): the media says which family sent the message.
 */
function deviceKindsOfMedia(media: string): DeviceKind[] {
  const text = media.toLowerCase();
  if (text === 'warm water' || text === 'hot water') return ['hot_water'];
  if (text === 'cold water') return ['cold_water'];
  if (text === 'water') return ['cold_water', 'hot_water'];
  if (text.startsWith('heat cost allocat')) return ['heat_cost_allocator'];
  if (text.startsWith('heat') || text.startsWith('cooling')) return ['heat_meter'];
  return [];
}

export type MessageProblem = 'invalid_characters' | 'not_json' | 'not_an_object' | 'missing_id' | 'missing_driver' | 'invalid_timestamp' | 'implausible_timestamp';

export interface WmbusMessage {
  driver: string;
  /** The radio (link-layer) id, 8 hex digits, lower case. */
  radioId: string;
  printedSerials: string[];
  at: number;
  statusFlags: string[];
  alarmKinds: AlarmKind[];
  /** The kinds of device its `media` allows; empty when the media tells nothing (a radio converter, `unknown`). */
  deviceKinds: DeviceKind[];
  /** Every top-level numeric field, as printed. */
  numbers: Map<string, string>;
  raw: string;
}

export function parseWmbusMessage(raw: string, now: Date): { message: WmbusMessage } | { problem: MessageProblem } {
  if (hasBadCharacters(raw)) return { problem: 'invalid_characters' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { problem: 'not_json' };
  }
  if (containsBadCharacters(parsed)) return { problem: 'invalid_characters' };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'not_an_object' };
  const fields = parsed as Record<string, unknown>;
  const radioId = typeof fields.id === 'string' ? fields.id.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{8}$/.test(radioId)) return { problem: 'missing_id' };
  const driver = typeof fields.meter === 'string' ? fields.meter : '';
  if (driver === '') return { problem: 'missing_driver' };
  const timestamp = typeof fields.timestamp === 'string' ? fields.timestamp : '';
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(at)) return { problem: 'invalid_timestamp' };
  if (at < EARLIEST_PLAUSIBLE || at > now.getTime() + ACCEPTED_CLOCK_DRIFT_MS) return { problem: 'implausible_timestamp' };

  const statusFlags = [
    ...new Set(
      STATUS_FIELDS.flatMap((field) => (typeof fields[field] === 'string' ? (fields[field] as string).split(/\s+/) : [])).filter(
        (flag) => flag !== '' && flag !== 'OK',
      ),
    ),
  ];
  return {
    message: {
      driver,
      radioId,
      printedSerials: PRINTED_SERIAL_FIELDS.flatMap((field) => {
        const value = fields[field];
        return (typeof value === 'string' || typeof value === 'number') && String(value).trim() !== '' ? [String(value).trim()] : [];
      }),
      at,
      statusFlags,
      deviceKinds: deviceKindsOfMedia(typeof fields.media === 'string' ? fields.media : ''),
      alarmKinds: ALARM_PATTERNS.filter(([, pattern]) => statusFlags.some((flag) => flagTense(flag) === 'now' && pattern.test(flag))).map(([kind]) => kind),
      numbers: numberLiterals(raw),
      raw,
    },
  };
}

/** `"name": 12.345` pairs of the flat object wmbusmeters prints, keeping the literal digits. */
function numberLiterals(raw: string): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const match of raw.matchAll(/"([A-Za-z0-9_]+)"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*[,}]/g)) {
    if (!numbers.has(match[1]!)) numbers.set(match[1]!, match[2]!);
  }
  return numbers;
}

export type IndexProblem = 'no_index_field' | 'invalid_index';

/** The device's index in this message: the first field of its unit present with a number. */
export function indexForUnit(message: WmbusMessage, unit: DeviceUnit): { field: string; value: string } | { problem: IndexProblem } {
  for (const field of INDEX_FIELDS_BY_UNIT[unit]) {
    const text = message.numbers.get(field);
    if (text === undefined) continue;
    // A plain literal is stored as printed, trailing zeros included; other spellings are normalised.
    if (/^\d+(\.\d{1,9})?$/.test(text)) return { field, value: text };
    const parsed = parseDecimalText(text);
    return 'value' in parsed ? { field, value: parsed.value } : { problem: 'invalid_index' };
  }
  return { problem: 'no_index_field' };
}
