import { AppError, type ErrorCode } from './errors.ts';

/**
 * Limits counted in the database (so they hold across app nodes): a count of recent events
 * and the oldest of them tell whether to refuse and when to come back. The refusal carries
 * `retryAfterSeconds`, which the error handler sends as the Retry-After header.
 */
export interface SlidingLimit {
  count: number;
  windowMs: number;
}

export function windowStart(limit: SlidingLimit, now: Date): Date {
  return new Date(now.getTime() - limit.windowMs);
}

/** Throws `code` with the seconds until the oldest counted event leaves the window. */
export function refuseWhenOverLimit(
  recent: { count: number; oldest: Date | null },
  limit: SlidingLimit,
  now: Date,
  code: ErrorCode,
  options: { allowed: 'up-to' | 'below' } = { allowed: 'below' },
): void {
  const isOver = options.allowed === 'up-to' ? recent.count > limit.count : recent.count >= limit.count;
  if (!isOver) return;
  const freedAt = (recent.oldest ?? now).getTime() + limit.windowMs;
  throw new AppError(code, { retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000)) });
}
