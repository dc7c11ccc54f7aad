/** Successful sign-up look-ups of one residence's serials or references allowed per hour, across all client addresses: max(20, 25 % of its dwellings). */
export function residenceHitBudget(dwellingCount: number): number {
  return Math.max(20, Math.ceil(dwellingCount * 0.25));
}
