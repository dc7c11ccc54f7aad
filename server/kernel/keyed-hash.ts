import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed to people (session ids, one-time codes, recovery codes) are stored only as
 * an HMAC keyed with SESSION_SECRET: a copy of the database alone cannot replay them, and a
 * six-digit code cannot be found by hashing the million candidates. During a rotation of that
 * secret a stored hash may have been made under any accepted secret: look-ups try each.
 */
export type KeyedHashPurpose =
  | 'session'
  | 'password-reset'
  | 'recovery-code'
  | 'signup-attempt-token'
  | 'signup-email-code'
  | 'signup-lookup'
  | 'email-change-code'
  | 'api-token';

/** HMAC-SHA256 of the purpose label and each part, NUL-separated: a hash made for one use never matches another. */
export function keyedHash(secret: string, purpose: KeyedHashPurpose, ...parts: string[]): Buffer {
  const hmac = createHmac('sha256', secret).update(purpose);
  for (const part of parts) hmac.update(`\0${part}`);
  return hmac.digest();
}

/** The hash under each accepted secret (config.acceptedSessionSecrets), the signing secret's first. */
export function keyedHashes(secrets: readonly string[], purpose: KeyedHashPurpose, ...parts: string[]): Buffer[] {
  return secrets.map((secret) => keyedHash(secret, purpose, ...parts));
}

/**
 * A short fingerprint of a secret, stored beside what it keyed or sealed (`key_id`): it says
 * which secret a row depends on without revealing it (64 bits of an HMAC, not invertible).
 */
export function secretKeyId(secret: string): string {
  let keyId = keyIds.get(secret);
  if (keyId === undefined) {
    keyId = createHmac('sha256', secret).update('key-id').digest().subarray(0, 8).toString('hex');
    keyIds.set(secret, keyId);
  }
  return keyId;
}
const keyIds = new Map<string, string>();

/** Every candidate is compared, so the time taken does not tell which secret made the stored hash. */
export function isAnyHash(candidates: readonly Buffer[], stored: Buffer): boolean {
  return candidates.map((candidate) => isSameHash(candidate, stored)).includes(true);
}

function isSameHash(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

/** 256 random bits, URL-safe: session ids, sign-up attempt tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A uniformly random code of `count` decimal digits, leading zeros kept. */
export function randomDigits(count: number): string {
  return Array.from({ length: count }, () => String(randomInt(10))).join('');
}
