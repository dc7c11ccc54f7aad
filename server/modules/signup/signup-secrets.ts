import { SIGNUP_CODE_LENGTH } from '#shared/contracts/signup.ts';
import { keyedHash, keyedHashes, randomDigits, randomToken } from '../../kernel/keyed-hash.ts';

/**
 * The sign-up's secrets never reach the database in clear: attempt tokens, email codes and
 * looked-up values are stored as keyed hashes under the server secret, each with its own purpose.
 */

/** The opaque token the browser holds in an HttpOnly cookie: 256 random bits. */
export function generateAttemptToken(): string {
  return randomToken();
}

export function hashAttemptToken(secret: string, token: string): Buffer {
  return keyedHash(secret, 'signup-attempt-token', token);
}

/** To find an attempt: its token under each accepted secret (an attempt may predate a rotation's phase). */
export function attemptTokenHashes(secrets: readonly string[], token: string): Buffer[] {
  return keyedHashes(secrets, 'signup-attempt-token', token);
}

/** Six uniformly random digits from the system's cryptographic generator. */
export function generateEmailCode(): string {
  return randomDigits(SIGNUP_CODE_LENGTH);
}

/** Bound to the attempt and the address: the same digits are worthless for another sign-up or address. */
export function hashEmailCode(secret: string, code: { attemptId: string; email: string; digits: string }): Buffer {
  return keyedHash(secret, 'signup-email-code', code.attemptId, code.email.toLowerCase(), code.digits);
}

export function digestLookupInput(secret: string, input: string): Buffer {
  return keyedHash(secret, 'signup-lookup', input);
}
