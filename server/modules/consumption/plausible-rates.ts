import type { DeviceKind } from '../../db/schema.ts';
import { toFixedPoint } from '../../kernel/fixed-point.ts';

/**
 * The most a device of each kind can plausibly count in one hour, in its own unit, unless the
 * inventory sets the device's own limit (`devices.max_rate_per_hour`):
 * - water, hot and cold: a DN15 meter's overload flow Q4, 3.125 m³/h (EN ISO 4064, Q3 = 2.5);
 * - heat meter: 70 kWh/h, a dwelling's heating and hot water at full load (a 40 kW boiler plus margin);
 * - heat cost allocator: 50 units/h, above what a radiator's allocator counts in a cold hour at full heat.
 * See docs/IMPORT-FORMATS.md (inventory, `max_rate_per_hour`).
 */
const DEFAULT_MAX_RATE_PER_HOUR: Readonly<Record<DeviceKind, string>> = {
  hot_water: '3.125',
  cold_water: '3.125',
  heat_meter: '70',
  heat_cost_allocator: '50',
};

/** The device's limit per hour as a fixed-point number: its own when set, else its kind's. */
export function maxRatePerHourOf(kind: DeviceKind, ownLimit: string | null): bigint {
  return toFixedPoint(ownLimit ?? DEFAULT_MAX_RATE_PER_HOUR[kind]);
}
