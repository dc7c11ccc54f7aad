/**
 * The seed's password rules, as data: the server enforces them and the web app shows them as a
 * live checklist, from this one definition. Labels are i18n keys on the web side.
 */
const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase; argon2 hashes the whole of it, nothing is truncated. */
const PASSWORD_MAX_LENGTH = 128;

type PasswordRuleId = 'min_length' | 'lower_case' | 'upper_case' | 'digit_or_special';

interface PasswordRule {
  id: PasswordRuleId;
  isMetBy(password: string): boolean;
}

/** Counted in characters as a person sees them (code points), not UTF-16 units. */
function passwordLength(password: string): number {
  return [...password].length;
}

const passwordRules: readonly PasswordRule[] = [
  { id: 'min_length', isMetBy: (password) => passwordLength(password) >= PASSWORD_MIN_LENGTH },
  { id: 'lower_case', isMetBy: (password) => /\p{Ll}/u.test(password) },
  { id: 'upper_case', isMetBy: (password) => /\p{Lu}/u.test(password) },
  { id: 'digit_or_special', isMetBy: (password) => /[0-9@$!%*&]/.test(password) },
];

export interface PasswordRuleCheck {
  id: PasswordRuleId;
  isMet: boolean;
}

/** Each rule with whether the password meets it, in display order. */
export function checkPasswordRules(password: string): PasswordRuleCheck[] {
  return passwordRules.map((rule) => ({ id: rule.id, isMet: rule.isMetBy(password) }));
}

export function meetsPasswordRules(password: string): boolean {
  return passwordLength(password) <= PASSWORD_MAX_LENGTH && passwordRules.every((rule) => rule.isMetBy(password));
}
