import { describe, expect, it } from 'vitest';
import { parseDecimalText } from './decimal-text.ts';

describe('parseDecimalText', () => {
  it.each([
    ['68321', {}, '68321'],
    ['457.579333', {}, '457.579333'],
    ['4e+05', {}, '400000'],
    ['4E+05', { shiftDecimals: 3 }, '400'],
    ['68321', { shiftDecimals: 3 }, '68.321'],
    ['5', { shiftDecimals: 3 }, '0.005'],
    ['12,50', {}, '12.5'],
    ['0.000', {}, '0'],
    ['007', {}, '7'],
    ['1.5e-3', {}, '0.0015'],
    ['-0', {}, '0'],
  ])('reads %s (%o) as %s', (text, options, expected) => {
    expect(parseDecimalText(text, options)).toEqual({ value: expected });
  });

  it.each([
    ['', 'not_a_number'],
    ['abc', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['.', 'not_a_number'],
    ['-3', 'negative'],
    ['0.0000000001', 'too_many_decimals'],
  ])('refuses %j as %s', (text, problem) => {
    expect(parseDecimalText(text)).toEqual({ problem });
  });
});
