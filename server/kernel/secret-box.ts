import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for secrets the server must read back, such as a
 * TOTP secret. The key is derived from SESSION_SECRET: during a rotation a box opens under any
 * accepted secret, and `npm run secrets -- reseal` seals every stored one again under the signing
 * secret before the old one is dropped.
 */
const ALGORITHM = 'aes-256-gcm';

function boxKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('secret-box\0v1').digest();
}

export function sealSecret(secret: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, boxKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Opens a box sealed under any of `secrets` (config.acceptedSessionSecrets). */
export function openSecret(secrets: readonly string[], sealed: string): string {
  for (const secret of secrets) {
    try {
      return openWith(secret, sealed);
    } catch {
      // Sealed under another accepted secret, or not at all: the next one says.
    }
  }
  throw new Error('Unreadable sealed secret');
}

function openWith(secret: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unreadable sealed secret');
  const decipher = createDecipheriv(ALGORITHM, boxKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
