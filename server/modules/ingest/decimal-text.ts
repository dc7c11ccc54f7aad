import { FIXED_POINT_DECIMALS } from '../../kernel/fixed-point.ts';

/**
 * Meter values arrive as text in several spellings (`68321`, `457.579333`, `4e+05`, `12,5`).
 * They are turned into one plain decimal text by moving digits, never through floating point,
 * so an index keeps exactly the digits the meter printed.
 */
const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:[.,](\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

export type DecimalProblem = 'not_a_number' | 'negative' | 'too_many_decimals';

export function parseDecimalText(
  text: string,
  options: { shiftDecimals?: number } = {},
): { value: string } | { problem: DecimalProblem } {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) return { problem: 'not_a_number' };
  const [, sign, whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return { problem: 'not_a_number' };
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
  const exponent = Number(exponentText ?? 0) - fraction.length - (options.shiftDecimals ?? 0);
  const plain = placeDecimalPoint(digits, exponent);
  if (sign === '-' && /[1-9]/.test(plain)) return { problem: 'negative' };
  const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  if (decimals > FIXED_POINT_DECIMALS) return { problem: 'too_many_decimals' };
  return { value: plain };
}

/** digits × 10^exponent as plain text, without leading or trailing zeros that carry nothing. */
function placeDecimalPoint(digits: string, exponent: number): string {
  let text: string;
  if (exponent >= 0) {
    text = digits + '0'.repeat(exponent);
  } else {
    const padded = digits.padStart(-exponent + 1, '0');
    text = `${padded.slice(0, exponent)}.${padded.slice(exponent)}`;
  }
  text = text.replace(/^0+(?=\d)/, '');
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
