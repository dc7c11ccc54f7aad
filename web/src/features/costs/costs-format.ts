/** Amounts the server computed in fixed point (decimal texts), written as the visitor's language does. */

function locale(language: string): string {
  return language === 'en' ? 'en-GB' : 'fr-FR';
}

/** « 12,24 € »: always 2 decimals. The text is already rounded to cents by the server. */
export function formatEuros(amount: string, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(amount));
}

/** « 14,7 » (kg CO₂e, 1 decimal). */
export function formatKilograms(amount: string, language: string): string {
  return new Intl.NumberFormat(locale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(amount));
}

/** A price or factor as entered (up to 9 decimals). */
export function formatDecimal(value: string, language: string): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: 9 }).format(Number(value));
}
