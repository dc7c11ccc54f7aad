import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read over the phone. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DWELLING_REFERENCE_LENGTH = 10;

/**
 * The dwelling reference customer service gives for the two-step sign-up. Random (≈50 bits),
 * so it cannot be derived from the building or dwelling codes.
 */
export function generateDwellingReference(random: (max: number) => number = randomInt): string {
  let reference = '';
  for (let index = 0; index < DWELLING_REFERENCE_LENGTH; index += 1) {
    reference += ALPHABET[random(ALPHABET.length)];
  }
  return reference;
}
