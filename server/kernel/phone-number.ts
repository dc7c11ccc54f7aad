import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * A phone number as typed (French national, or international with +) → E.164, or null when it
 * is not a valid number (or, with `mobileOnly`, not a mobile one). `+33 06 11 54 65 87` →
 * `+33611546587`: the national 0 typed after the country code is dropped.
 */
export function normalisePhoneNumber(typed: string, options: { mobileOnly: boolean }): string | null {
  const parsed = parsePhoneNumberFromString(typed, 'FR');
  if (!parsed || !parsed.isValid()) return null;
  const type = parsed.getType();
  if (options.mobileOnly && type !== undefined && !MOBILE_TYPES.has(type)) return null;
  return parsed.number;
}
