import { describe, expect, it } from 'vitest';
import { checkPasswordRules, meetsPasswordRules } from '#shared/password-rules.ts';

describe('password rules of the seed', () => {
  it('checks each rule on its own, for the live checklist', () => {
    expect(checkPasswordRules('abc')).toEqual([
      { id: 'min_length', isMet: false },
      { id: 'lower_case', isMet: true },
      { id: 'upper_case', isMet: false },
      { id: 'digit_or_special', isMet: false },
    ]);
    expect(checkPasswordRules('ABCDEFGHIJ%').map((rule) => rule.isMet)).toEqual([true, false, true, true]);
  });

  it.each([
    ['Abcdefghi1', true],
    ['Abcdefghi!', true],
    ['Abcdefgh1', false],
    ['abcdefghi1', false],
    ['ABCDEFGHI1', false],
    ['Abcdefghij', false],
    ['Abcdefghi#', false],
    ['Élégance-été2', true],
  ])('%s → %s', (password, expected) => {
    expect(meetsPasswordRules(password)).toBe(expected);
  });

  it('takes up to 128 characters, counted as characters', () => {
    expect(meetsPasswordRules(`Aa1${'é'.repeat(125)}`)).toBe(true);
    expect(meetsPasswordRules(`Aa1${'x'.repeat(126)}`)).toBe(false);
  });
});
