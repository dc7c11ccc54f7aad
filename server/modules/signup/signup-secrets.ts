import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { SIGNUP_CODE_LENGTH } from '../../../shared/signup.ts';

/**
 * The sign-up's secrets never reach the database in clear: attempt tokens, email codes and
 * looked-up values are stored as HMAC-SHA256 under the server secret, each with its own
 * purpose label so that a hash made for one use can never match another.
 */
function keyedHash(secret: string, purpose: string, ...parts: string[]): Buffer {
  const hmac = createHmac('sha256', secret);
  hmac.update(purpose);
  for (const part of parts) hmac.update(`\u0000${part}`);
  return hmac.digest();
}

/** The opaque token the browser holds in an HttpOnly cookie: 256 random bits. */
export function generateAttemptToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashAttemptToken(secret: string, token: string): Buffer {
  return keyedHash(secret, 'signup-attempt-token', token);
}

/** Six uniformly random digits from the system's cryptographic generator. */
export function generateEmailCode(): string {
  return String(randomInt(0, 10 ** SIGNUP_CODE_LENGTH)).padStart(SIGNUP_CODE_LENGTH, '0');
}

/** Bound to the attempt and the address: the same digits are worthless for another sign-up or address. */
export function hashEmailCode(secret: string, code: { attemptId: string; email: string; digits: string }): Buffer {
  return keyedHash(secret, 'signup-email-code', code.attemptId, code.email.toLowerCase(), code.digits);
}

export function digestLookupInput(secret: string, input: string): Buffer {
  return keyedHash(secret, 'signup-lookup', input);
}
