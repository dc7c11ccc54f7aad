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

export function formatQuantity(value: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: 3 }).format(value);
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
