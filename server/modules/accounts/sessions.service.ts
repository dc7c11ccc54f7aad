import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database, SessionAssurance, UserRole } from '../../db/schema.ts';
import type { ResidentDwelling, SessionLookup, SessionUser } from '../../http/caller.ts';
import { localDayOf } from '../../kernel/local-time.ts';
import { defineCounter } from '../../metrics/metrics.ts';
import { toResidentDwelling } from '../occupancy/occupancy.service.ts';
import { keyedHash, keyedHashes, randomToken, secretKeyId } from '../../kernel/keyed-hash.ts';
import { SessionCache } from './session-cache.ts';
import { LAST_SEEN_REFRESH_MS, PASSWORD_ONLY_SESSION_MS, sessionTimeouts } from './session-policy.ts';
import type { AccountProfile } from './accounts.queries.ts';
import {
  deleteSession,
  deleteSessionsEndedBefore,
  deleteSessionsOfUser,
  findSessionWithAccount,
  insertSession,
  touchSession,
} from './sessions.queries.ts';

/** `metrics` counts the session cache's hits and misses; callers that pass no cache need none. */
type SessionContext = Pick<AppContext, 'config' | 'db' | 'clock'> & Partial<Pick<AppContext, 'metrics'>>;

const sessionCacheLookups = defineCounter<'result'>({
  name: 'portal_session_cache_lookups_total',
  help: 'Sessions looked up in this node\'s cache, by result (hit, miss: read from the database).',
  labelNames: ['result'],
  initialLabels: [{ result: 'hit' }, { result: 'miss' }],
});

/** Shows the session cache's counters at 0 from the start (the accounts manifest's `metrics`). */
export function registerSessionMetrics(context: Pick<AppContext, 'metrics'>): void {
  context.metrics.counter(sessionCacheLookups);
}

export interface StartedSession {
  /** Goes to the cookie only; the database keeps its keyed hash. */
  token: string;
  maxAgeMs: number;
}

function sessionIdHash(context: Pick<AppContext, 'config'>, token: string): Buffer {
  return keyedHash(context.config.sessionSecret, 'session', token);
}

/** Where a session may be stored: its id under each accepted secret, the signing secret's first. */
export function sessionIdHashes(context: Pick<AppContext, 'config'>, token: string): Buffer[] {
  return keyedHashes(context.config.acceptedSessionSecrets, 'session', token);
}

function sessionLifetimeMs(role: UserRole, assurance: SessionAssurance): number {
  return assurance === 'password_only' ? PASSWORD_ONLY_SESSION_MS : sessionTimeouts[role].absoluteMs;
}

/** Always a new random id: callers end the previous session themselves (rotation). */
export async function startSession(
  context: SessionContext,
  input: { userId: string; role: UserRole; assurance: SessionAssurance; clientAddress: string; userAgent: string },
  db: Kysely<Database> = context.db,
): Promise<StartedSession> {
  const now = context.clock.now();
  const token = randomToken();
  const maxAgeMs = sessionLifetimeMs(input.role, input.assurance);
  await insertSession(db, {
    id_hash: sessionIdHash(context, token),
    key_id: secretKeyId(context.config.sessionSecret),
    user_id: input.userId,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(now.getTime() + maxAgeMs),
    assurance: input.assurance,
    client_address: input.clientAddress.slice(0, 100),
    user_agent: input.userAgent.slice(0, 300),
  });
  return { token, maxAgeMs };
}

type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionWithAccount>>>;

function isExpired(row: SessionRow, role: UserRole, now: Date): boolean {
  const idleMs = row.assurance === 'password_only' ? PASSWORD_ONLY_SESSION_MS : sessionTimeouts[role].idleMs;
  return row.expires_at.getTime() <= now.getTime() || now.getTime() - row.last_seen_at.getTime() >= idleMs;
}

/** A resident's access ends with their declared move-out day, in their residence's zone. */
function hasMovedOut(row: AccountProfile, now: Date): boolean {
  return row.resident_moved_out_on !== null && row.resident_time_zone !== null && row.resident_moved_out_on < localDayOf(now.getTime(), row.resident_time_zone);
}

function fullName(firstName: string | null, lastName: string | null): string {
  return [firstName, lastName].filter(Boolean).join(' ');
}

function toSessionUser(row: AccountProfile, residentDwelling: ResidentDwelling | null): SessionUser {
  const displayName =
    row.role === 'resident'
      ? fullName(row.resident_first_name, row.resident_last_name)
      : row.role === 'manager'
        ? fullName(row.manager_first_name, row.manager_last_name)
        : (row.staff_display_name ?? '');
  return {
    userId: row.id,
    role: row.role,
    email: row.email,
    locale: row.locale,
    displayName: displayName || row.email,
    resident: row.role === 'resident' ? residentDwelling : null,
    manager:
      row.role === 'manager' && row.manager_client_id
        ? {
            clientId: row.manager_client_id,
            isPortalAdmin: row.is_portal_admin ?? false,
            seesAllResidences: row.sees_all_residences ?? false,
          }
        : null,
    staff: row.role === 'staff' && row.staff_role ? { staffRole: row.staff_role } : null,
  };
}

function accountProfileOf(row: SessionRow): AccountProfile | null {
  const { id, role, email, locale } = row;
  if (id === null || role === null || email === null || locale === null) return null;
  return { ...row, id, role, email, locale };
}

/** Sessions as the lookup reads them, kept by each node (see session-cache.ts). */
export type SessionRowCache = SessionCache<SessionRow>;

export function createSessionRowCache(context: Pick<AppContext, 'config'>): SessionRowCache | undefined {
  return context.config.sessionCacheMs > 0 ? new SessionCache<SessionRow>(context.config.sessionCacheMs) : undefined;
}

/** The session's row: kept by this node, or read (and kept) when not. */
async function sessionRowOf(context: SessionContext, idHash: Buffer, now: Date, cache: SessionRowCache | undefined): Promise<SessionRow | undefined> {
  const kept = cache?.get(idHash, now.getTime());
  if (cache) context.metrics?.counter(sessionCacheLookups).inc({ result: kept ? 'hit' : 'miss' });
  if (kept) return kept;
  const mark = cache?.mark();
  const row = await findSessionWithAccount(context.db, idHash);
  if (row && cache && mark !== undefined) {
    const names = { userId: row.user_id, dwellingIds: [row.dwelling_id], residenceIds: [row.residence_id, row.resident_dwelling?.residence_id ?? null] };
    cache.keep(idHash, row, names, mark, now.getTime());
  }
  return row;
}

/**
 * The session's row under the signing secret's hash, else under another accepted secret's: a
 * session started before or during a rotation keeps its hash, and lives until it ends as usual.
 */
async function findSessionRow(context: SessionContext, token: string, now: Date, cache: SessionRowCache | undefined) {
  for (const idHash of sessionIdHashes(context, token)) {
    const row = await sessionRowOf(context, idHash, now, cache);
    if (row) return { idHash, row };
  }
  return undefined;
}

/** Finds the session behind a cookie; an expired one is deleted on the spot. Activity pushes the idle limit. */
export async function resolveSession(context: SessionContext, token: string, cache?: SessionRowCache): Promise<SessionLookup> {
  const now = context.clock.now();
  const found = await findSessionRow(context, token, now, cache);
  if (!found) return { status: 'none' };
  const { idHash, row } = found;
  const profile = accountProfileOf(row);
  if (!profile || isExpired(row, profile.role, now) || hasMovedOut(profile, now)) {
    cache?.forgetSession(idHash);
    await deleteSession(context.db, idHash);
    return { status: 'expired' };
  }
  if (now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_REFRESH_MS) {
    await touchSession(context.db, idHash, now);
    // The kept row sees the activity too (the triggers ignore last_seen_at).
    row.last_seen_at = now;
  }
  const residentDwelling = row.resident_dwelling && toResidentDwelling(row.resident_dwelling);
  return { status: 'active', session: { idHash, assurance: row.assurance, user: toSessionUser(profile, residentDwelling) } };
}

export async function endSession(context: Pick<AppContext, 'db'>, idHash: Buffer): Promise<void> {
  await deleteSession(context.db, idHash);
}

/** Ends every session of the user (password change or reset); returns how many there were. */
export async function endAllSessionsOfUser(db: Kysely<Database>, userId: string): Promise<number> {
  return deleteSessionsOfUser(db, userId);
}

export async function purgeEndedSessions(context: Pick<AppContext, 'db' | 'clock'>): Promise<void> {
  await deleteSessionsEndedBefore(context.db, context.clock.now());
}
