/**
 * Indexes and consumptions as integers of 10⁻⁹ units. Bills are computed on these numbers, so
 * the engine never rounds through floating point: a day's share of an interval is an exact
 * integer, and the shares of one interval add up to its difference exactly.
 */
export const FIXED_POINT_DECIMALS = 9;
const SCALE = 10n ** BigInt(FIXED_POINT_DECIMALS);

/** A plain decimal text (`123`, `0.5`, `457.579333`), as numeric columns return it. */
export function toFixedPoint(decimalText: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimalText);
  if (!match) throw new Error(`Not a plain decimal: ${decimalText}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > FIXED_POINT_DECIMALS && /[1-9]/.test(fraction.slice(FIXED_POINT_DECIMALS))) {
    throw new Error(`More than ${FIXED_POINT_DECIMALS} decimals: ${decimalText}`);
  }
  const scaled = BigInt(whole!) * SCALE + BigInt(fraction.slice(0, FIXED_POINT_DECIMALS).padEnd(FIXED_POINT_DECIMALS, '0'));
  return sign === '-' ? -scaled : scaled;
}

/** Back to the shortest decimal text (`1.5`, `0`, `12`). */
export function fromFixedPoint(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(FIXED_POINT_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
