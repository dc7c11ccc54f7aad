import type { DeviceUnit } from '#shared/device-kinds.ts';

/** Dates, months, shares and quantities as the visitor's language writes them. */

const PORTAL_TIME_ZONE = 'Europe/Paris';

function locale(language: string): string {
  return language === 'en' ? 'en-GB' : 'fr-FR';
}

/** An instant (ISO 8601), as its calendar date in Paris: 12/05/2024. */
export function formatInstantDate(instant: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'short', timeZone: PORTAL_TIME_ZONE }).format(new Date(instant));
}

/** A calendar day ('YYYY-MM-DD'), which has no time zone of its own. */
export function formatDay(day: string, language: string, style: 'short' | 'long' = 'short'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'short' ? { dateStyle: 'short', timeZone: 'UTC' } : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale(language), options).format(new Date(`${day}T00:00:00Z`));
}

/** 0.4273 → « 42,7 % ». */
export function formatShare(share: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** The units quantities are shown in: what the API sends (m³, allocator units, kWh), and litres for small water volumes. */
export type QuantityUnit = 'm3' | 'litres' | 'units' | 'kWh' | 'litresPerHour';

/** One format per unit: m³ to the litre (3 decimals, always), litres, allocator units and kWh whole, as the devices count. */
const FRACTION_DIGITS: Record<QuantityUnit, number> = { m3: 3, litres: 0, units: 0, kWh: 0, litresPerHour: 1 };

/** « 3,550 » m³, « 1 585 » units, « 175 » litres: the number only, its unit written by the caller. */
export function formatQuantity(value: number, unit: QuantityUnit, language: string): string {
  const digits = FRACTION_DIGITS[unit];
  return new Intl.NumberFormat(locale(language), { minimumFractionDigits: unit === 'litresPerHour' ? 0 : digits, maximumFractionDigits: digits }).format(value);
}

export function formatLitres(litres: number, language: string): string {
  return formatQuantity(litres, 'litres', language);
}

/**
 * Daily and hourly water reads better in litres than in thousandths of a m³: the unit a chart
 * of days or hours shows, and the factor from the API's unit to it.
 */
export function dailyUnitOf(unit: DeviceUnit): { unit: 'litres' | 'units' | 'kWh'; factor: number } {
  return unit === 'm3' ? { unit: 'litres', factor: 1000 } : { unit, factor: 1 };
}

/** A month ('YYYY-MM'): « 11/26 » (numeric), « nov. 2026 » (short) or « novembre 2026 » (long). */
export function formatMonth(month: string, language: string, style: 'numeric' | 'short' | 'long' = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'numeric' ? { month: '2-digit', year: '2-digit', timeZone: 'UTC' } : { month: style, year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale(language), options).format(new Date(`${month.slice(0, 7)}-01T00:00:00Z`));
}

/** An hour's start (ISO 8601 instant) as Paris time: « 14:00 ». */
export function formatHour(instant: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { hour: '2-digit', minute: '2-digit', timeZone: PORTAL_TIME_ZONE }).format(new Date(instant));
}

/** An axis tick: as few decimals as the tick needs (0, 0,5, 1…), at most three. */
export function formatAxisTick(value: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: 3 }).format(value);
}
