import { describe, expect, it } from 'vitest';
import { findPasswordRefusal } from './password-policy.ts';

const person = ['jean-marc.dupont@exemple.fr', 'Jean-Marc', 'Dupont'];

describe('password policy', () => {
  it.each([
    ['Motdepasse123', 'password_too_common'],
    ['Azertyuiop2024!', 'password_too_common'],
    ['Soleil-2024!', 'password_too_common'],
    ['Password1234', 'password_too_common'],
    ['Qwertyuiop1', 'password_too_common'],
    ['Dupont-2026!', 'password_contains_personal_info'],
    ['MonJeanMarc99', 'password_contains_personal_info'],
    ['Jean-Marc.Dupont1', 'password_contains_personal_info'],
    ['Court1!', 'password_rules_unmet'],
    ['Robinet-Bleu-7319', null],
    ['Chaudière&Radiateur4', null],
  ])('%s → %s', (password, refusal) => {
    expect(findPasswordRefusal(password, person)).toBe(refusal);
  });

  it('ignores accents and case when comparing with names', () => {
    expect(findPasswordRefusal('Xx-HELENE-2026', ['helene.roux@exemple.fr', 'Hélène', 'Roux'])).toBe('password_contains_personal_info');
  });
});
