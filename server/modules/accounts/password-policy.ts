import { meetsPasswordRules } from '#shared/password-rules.ts';
import { AppError } from '../../http/errors.ts';
import { foldText } from '#shared/fold-text.ts';
import { isCommonPassword } from './common-passwords.ts';

export type PasswordRefusal = 'password_rules_unmet' | 'password_too_common' | 'password_contains_personal_info';

/** Pieces of an address or a name long enough to matter: « jean-marc.dupont@ex.fr » → jean, marc, dupont. */
function personalTokens(words: readonly string[]): string[] {
  return words.flatMap((word) => {
    const folded = foldText(word);
    const localPart = folded.includes('@') ? folded.slice(0, folded.indexOf('@')) : folded;
    return [localPart, ...localPart.split(/[^\p{L}\p{N}]+/u)].filter((token) => token.length >= 3);
  });
}

/** Why the password is refused, or null. `personalWords`: the person's email address and names. */
export function findPasswordRefusal(password: string, personalWords: readonly string[]): PasswordRefusal | null {
  if (!meetsPasswordRules(password)) return 'password_rules_unmet';
  const folded = foldText(password);
  if (personalTokens(personalWords).some((token) => folded.includes(token))) return 'password_contains_personal_info';
  if (isCommonPassword(password)) return 'password_too_common';
  return null;
}

export function assertPasswordAcceptable(password: string, personalWords: readonly string[]): void {
  const refusal = findPasswordRefusal(password, personalWords);
  if (refusal) throw new AppError(refusal);
}
