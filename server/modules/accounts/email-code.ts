import { SIGNUP_CODE_LENGTH } from '#shared/contracts/signup.ts';
import {
  SIGNUP_ADDRESS_SEND_LIMIT,
  SIGNUP_CODE_MAX_FAILED_TRIES,
  SIGNUP_CODE_SEND_LIMIT,
  SIGNUP_CODE_VALIDITY_MINUTES,
} from '../../kernel/code-policy.ts';
import { isAnyHash, randomDigits } from '../../kernel/keyed-hash.ts';

/**
 * A six-digit code emailed to prove a person reads an address: the sign-up's (issue 4) and the
 * resident's change of address (issue 6) follow the same rules — validity, wrong tries, and
 * how often codes may be sent per request and per address.
 */
export const EMAIL_CODE_RULES = {
  length: SIGNUP_CODE_LENGTH,
  validityMinutes: SIGNUP_CODE_VALIDITY_MINUTES,
  maxFailedTries: SIGNUP_CODE_MAX_FAILED_TRIES,
  sendLimit: SIGNUP_CODE_SEND_LIMIT,
  addressSendLimit: SIGNUP_ADDRESS_SEND_LIMIT,
} as const;

/** New digits and the moment they stop being valid. */
export function newEmailCode(now: Date): { digits: string; expiresAt: Date } {
  return { digits: randomDigits(EMAIL_CODE_RULES.length), expiresAt: new Date(now.getTime() + EMAIL_CODE_RULES.validityMinutes * 60_000) };
}

export type EmailCodeVerdict = 'expired' | 'too_many_tries' | 'incorrect' | 'right';

/** What a typed code is worth against the live stored one (`expected`: the keyed hashes of what was typed, one per accepted secret). */
export function judgeEmailCode(
  stored: { code_hash: Buffer; failed_tries: number; expires_at: Date } | undefined,
  expected: readonly Buffer[],
  now: Date,
): EmailCodeVerdict {
  if (!stored || stored.expires_at.getTime() <= now.getTime()) return 'expired';
  if (stored.failed_tries >= EMAIL_CODE_RULES.maxFailedTries) return 'too_many_tries';
  return isAnyHash(expected, stored.code_hash) ? 'right' : 'incorrect';
}
