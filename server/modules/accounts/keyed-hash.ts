import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed to people (session ids, one-time codes, recovery codes) are stored only as
 * an HMAC keyed with SESSION_SECRET: a copy of the database alone cannot replay them, and a
 * six-digit code cannot be found by hashing the million candidates.
 */
export type KeyedHashPurpose = 'session' | 'password-reset' | 'recovery-code';

export function keyedHash(secret: string, purpose: KeyedHashPurpose, value: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest();
}

export function isSameHash(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

/** 256 random bits, URL-safe: session ids. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A uniformly random code of `count` decimal digits, leading zeros kept. */
export function randomDigits(count: number): string {
  return Array.from({ length: count }, () => String(randomInt(10))).join('');
}
