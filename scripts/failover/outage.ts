/** How long a stream went without service after a kill, from the times its requests ended. */
import type { RequestOutcome } from './traffic.ts';

export interface Outage {
  /** From the first request that failed after the kill to the first success after it (0: none failed). */
  failureToSuccessSeconds: number;
  /** The longest time between two successes, counted from the kill (covers requests that hung rather than failed). */
  longestGapSeconds: number;
  failedRequests: number;
}

export function outageAfter(killAt: number, outcomes: readonly RequestOutcome[]): Outage {
  const sorted = [...outcomes].sort((a, b) => a.at - b.at);
  const firstFailure = sorted.find((outcome) => !outcome.ok && outcome.at >= killAt);
  const recovery = firstFailure ? sorted.find((outcome) => outcome.ok && outcome.at > firstFailure.at) : undefined;
  const failureToSuccessSeconds = firstFailure ? ((recovery?.at ?? Number.NaN) - firstFailure.at) / 1000 : 0;
  return {
    failureToSuccessSeconds,
    longestGapSeconds: longestGapSeconds(killAt, sorted.filter((outcome) => outcome.ok).map((outcome) => outcome.at)),
    failedRequests: sorted.filter((outcome) => !outcome.ok && outcome.at >= killAt).length,
  };
}

/** The longest interval between consecutive moments ending after `from`: the first runs from the last moment before it. */
export function longestGapSeconds(from: number, moments: readonly number[]): number {
  const sorted = [...moments].sort((a, b) => a - b);
  let longest = 0;
  for (let index = 1; index < sorted.length; index += 1) {
    if (sorted[index]! > from) longest = Math.max(longest, sorted[index]! - sorted[index - 1]!);
  }
  return longest / 1000;
}

