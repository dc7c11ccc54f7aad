import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id at OWASP's minimum or above: 19 MiB, two passes, one lane. */
export const PASSWORD_HASH_PARAMETERS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_PARAMETERS);
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password).catch(() => false);
}

let dummyPasswordHash: Promise<string> | undefined;

/**
 * Checks a password against the account's hash, or, when there is no account (or no
 * password yet), against a hash of a random secret, so that every login failure costs one
 * argon2 verification and takes the same time.
 */
export async function verifyPasswordOrDummy(hash: string | null | undefined, password: string): Promise<boolean> {
  dummyPasswordHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const isRight = await verifyPassword(hash ?? (await dummyPasswordHash), password);
  return Boolean(hash) && isRight;
}
