/** Moments as the back office shows them: Paris time for the portfolio's events, UTC for the audit trail. */

function locale(language: string): string {
  return language === 'en' ? 'en-GB' : 'fr-FR';
}

/** An instant (ISO 8601), as date and time in Paris: 12/05/2024 14:03. */
export function formatInstantDateTime(instant: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(instant));
}

/** An instant in UTC, to the second, as the audit trail keeps it: 2026-11-28 18:04:09 UTC. */
export function formatUtc(instant: string): string {
  return `${new Date(instant).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
