import type { DeviceUnit } from '../../db/schema.ts';

/**
 * A quantity as the CSV exports write it: water in litres, allocator units and kWh as the
 * device counts them, the decimals the database holds and no more (no floating-point noise),
 * with a decimal comma. From the database's own numeric text the value is exact, so the daily
 * rows of a month add up to it; a number (a sum made in JavaScript) is first cut to the
 * database's precision.
 */
export function exportQuantity(value: string | number, unit: DeviceUnit): { value: string; unit: string } {
  const decimal = typeof value === 'number' ? value.toFixed(DATABASE_DECIMALS) : value;
  return unit === 'm3' ? { value: withComma(shiftDecimal(decimal, 3)), unit: 'litres' } : { value: withComma(shiftDecimal(decimal, 0)), unit };
}

/** More decimals than any stored consumption has (numeric values from readings and estimates). */
const DATABASE_DECIMALS = 9;

/** '0.175208542' shifted by 3 → '175.208542', on the digits, never through a float. */
function shiftDecimal(decimal: string, places: number): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a decimal number: ${decimal}`);
  const [, sign = '', integerDigits = '', fractionDigits = ''] = match;
  const fraction = fractionDigits.padEnd(places, '0');
  const integer = `${integerDigits}${fraction.slice(0, places)}`.replace(/^0+(?=\d)/, '') || '0';
  const rest = fraction.slice(places).replace(/0+$/, '');
  const text = rest ? `${integer}.${rest}` : integer;
  return text === '0' ? text : `${sign}${text}`;
}

function withComma(decimal: string): string {
  return decimal.replace('.', ',');
}
