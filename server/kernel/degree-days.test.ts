import { describe, expect, it } from 'vitest';
import { degreeDayHundredthsFromTenths, hundredthsToText, parseHundredths, parseTenths } from './degree-days.ts';

describe("Météo-France's degree days, base 18 °C", () => {
  it('is 18 − (Tmin + Tmax) / 2, never below zero', () => {
    // Tmin 2.0, Tmax 8.0: mean 5.0, 18 − 5 = 13.
    expect(degreeDayHundredthsFromTenths(20, 80)).toBe(1300);
    // Tmin −1.5, Tmax 4.1: mean 1.3, 18 − 1.3 = 16.7.
    expect(degreeDayHundredthsFromTenths(-15, 41)).toBe(1670);
    // Tmin 9.3, Tmax 14.6: mean 11.95, 18 − 11.95 = 6.05 (the half tenth is kept exactly).
    expect(degreeDayHundredthsFromTenths(93, 146)).toBe(605);
    // Tmin 12.4, Tmax 25.1: mean 18.75, above the base: 0, not −0.75.
    expect(degreeDayHundredthsFromTenths(124, 251)).toBe(0);
  });

  it('reads temperatures and degree days as the CSV gives them', () => {
    expect(parseTenths('-3,4')).toBe(-34);
    expect(parseTenths('12')).toBe(120);
    expect(parseTenths('1.25')).toBeUndefined();
    expect(parseHundredths('7,25')).toBe(725);
    expect(parseHundredths('-1')).toBeUndefined();
    expect(hundredthsToText(1280)).toBe('12.8');
    expect(hundredthsToText(605)).toBe('6.05');
    expect(hundredthsToText(0)).toBe('0');
  });
});
