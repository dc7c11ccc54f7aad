/**
 * Heating degree days, base 18 °C, by Météo-France's « méthode météo » (the simple method):
 * for each day, DJU = max(0, 18 − (Tmin + Tmax) / 2), with Tmin and Tmax the day's minimum and
 * maximum air temperatures in °C; a period's degree days are the sum of its days'. Source:
 * Météo-France's « Fiche méthode Degrés Jours » (meteo.fr), also the method the CEGIBAT
 * calculator offers as « Météo ». It is not the COSTIC « professionnels de l'énergie » method,
 * which weighs Tmin and Tmax with factors (0.08 + 0.42 …) on days where 18 °C falls between them.
 *
 * Arithmetic is done on integers: temperatures in tenths of a degree (Météo-France publishes
 * them so), degree days in hundredths, so (360 − tmin₁₀ − tmax₁₀) × 5 hundredths is exact.
 */
const DEGREE_DAY_BASE_CELSIUS = 18;

/** One day's degree days, in hundredths, from its minimum and maximum in tenths of a degree. */
export function degreeDayHundredthsFromTenths(minimumTenths: number, maximumTenths: number): number {
  if (!Number.isInteger(minimumTenths) || !Number.isInteger(maximumTenths)) throw new Error('Temperatures must be whole tenths of a degree');
  return Math.max(0, (DEGREE_DAY_BASE_CELSIUS * 20 - minimumTenths - maximumTenths) * 5);
}

/** A temperature text (`-3.4`, `12`, `7,5`) in whole tenths of a degree, or undefined when it is not one. */
export function parseTenths(text: string): number | undefined {
  const match = /^(-?)(\d{1,2})(?:[.,](\d))?$/.exec(text.trim());
  if (!match) return undefined;
  const tenths = Number(match[2]) * 10 + Number(match[3] ?? '0');
  return match[1] === '-' ? -tenths : tenths;
}

/** A degree-day text (`12.8`, `0`, `7,25`) in whole hundredths, or undefined when it is not one. */
export function parseHundredths(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Hundredths as the decimal text a numeric column takes (`1280` → `12.8`). */
export function hundredthsToText(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const fraction = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
