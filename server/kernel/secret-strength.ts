/**
 * Guesses how hard a secret is to guess, without knowing how it was made: its length times
 * the Shannon entropy of its own characters. Repeats and short alphabets score low (32 × `a`
 * is 0 bits); 32 random bytes in hex (~240 bits) or base64 (~200 bits) score well above 128.
 */
export function estimatedEntropyBits(secret: string): number {
  const characters = [...secret];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bitsPerCharacter = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    bitsPerCharacter -= share * Math.log2(share);
  }
  return bitsPerCharacter * characters.length;
}

const MIN_SECRET_LENGTH = 32;
const MIN_SECRET_ENTROPY_BITS = 128;

/** Why production must refuse this secret, or null. `published` lists values anyone can read (the code's default, .env.example). */
export function secretWeakness(secret: string, published: readonly string[]): string | null {
  if (published.includes(secret)) return 'is a published value (the development default or the .env.example placeholder); generate one with `openssl rand -base64 32`';
  if (secret.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 32\``;
  if (estimatedEntropyBits(secret) < MIN_SECRET_ENTROPY_BITS) {
    return `looks too easy to guess (estimated under ${MIN_SECRET_ENTROPY_BITS} bits); generate one with \`openssl rand -base64 32\``;
  }
  return null;
}
