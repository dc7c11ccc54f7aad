import type { UserRole } from '../../db/schema.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How long a session lives, per role: strictest for staff (back office, every resident's
 * data), then managers (a client's portfolio), then residents (one dwelling).
 * Idle: time since the last request. Absolute: time since login, whatever the activity.
 */
export const sessionTimeouts: Record<UserRole, { idleMs: number; absoluteMs: number }> = {
  staff: { idleMs: 15 * MINUTE, absoluteMs: 8 * HOUR },
  manager: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  resident: { idleMs: 60 * MINUTE, absoluteMs: 24 * HOUR },
};

/** A staff member between password and second factor has this long to give the code. */
export const PASSWORD_ONLY_SESSION_MS = 10 * MINUTE;

/** last_seen_at is written at most this often, so reading a page does not write on every request. */
export const LAST_SEEN_REFRESH_MS = MINUTE;
