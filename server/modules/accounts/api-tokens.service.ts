import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { ApiTokenRevokedReason, Database } from '../../db/schema.ts';
import type { SessionLookup, SessionUser } from '../../http/caller.ts';
import { AppError } from '../../http/errors.ts';
import { isAnyHash, keyedHash, keyedHashes, randomToken, secretKeyId } from '../../kernel/keyed-hash.ts';
import { addDays, localDayOf } from '../../kernel/local-time.ts';
import { toResidentDwelling } from '../occupancy/occupancy.service.ts';
import { API_TOKEN_PREFIX, MAX_LIVE_API_TOKENS, type apiTokenSummary } from '#shared/contracts/api-tokens.ts';
import type { z } from 'zod';
import { API_TOKEN_RATE_LIMIT, API_TOKEN_USE_DAYS } from './api-token-policy.ts';
import {
  countLiveApiTokens,
  findApiTokenWithAccount,
  insertApiToken,
  markApiTokenRevoked,
  markApiTokensOfUserRevoked,
  markApiTokensUnderOtherSecretsRevoked,
  rekeyApiToken,
  recordApiTokenUse,
  selectApiTokensOf,
  selectDailyUsesOf,
} from './api-tokens.queries.ts';

/**
 * Personal access tokens (issue 23): a resident's read-only key to their own consumption. The
 * token is `rcp_` and 256 random bits, handed over once; the database keeps its keyed hash
 * (SESSION_SECRET, purpose `api-token`), so a copy of the database cannot use it. A token opens
 * only the routes whose access policy says `apiToken: 'read'` (server/http/guards.ts).
 */
type Context = Pick<AppContext, 'config' | 'db' | 'clock'>;
type ApiTokenSummary = z.infer<typeof apiTokenSummary>;

/** Characters of the token kept in clear to recognise it: the prefix and 6 of its 43 random ones. */
const SHOWN_CHARACTERS = API_TOKEN_PREFIX.length + 6;

function tokenHash(context: Pick<AppContext, 'config'>, token: string): Buffer {
  return keyedHash(context.config.sessionSecret, 'api-token', token);
}

/**
 * A token found under the retiring secret of a rotation (phase 2's SESSION_SECRET_PREVIOUS) is
 * re-keyed to the signing secret at that use, so it keeps working once the old secret is dropped
 * (like a gateway token). One found under phase 1's SESSION_SECRET_NEXT stays as it is: nodes
 * still signing with the old secret must keep finding it.
 */
function isRetiring(context: Pick<AppContext, 'config'>, secret: string | undefined): boolean {
  return secret !== undefined && secret !== context.config.sessionSecret && secret === context.config.previousSessionSecret;
}

function statusOf(row: { expires_at: Date; revoked_at: Date | null }, now: Date): ApiTokenSummary['status'] {
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
}

function lastDays(today: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDays(today, index - count + 1));
}

export async function listApiTokens(context: Context, user: { userId: string; timeZone: string }): Promise<{ tokens: ApiTokenSummary[] }> {
  const now = context.clock.now();
  const rows = await selectApiTokensOf(context.db, user.userId);
  const days = lastDays(localDayOf(now.getTime(), user.timeZone), API_TOKEN_USE_DAYS);
  const uses = await selectDailyUsesOf(
    context.db,
    rows.map((row) => row.id),
    days[0]!,
  );
  const countOf = new Map(uses.map((use) => [`${use.token_id} ${use.day}`, use.count]));
  return {
    tokens: rows.map((row) => ({
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
      revokedAt: row.revoked_at?.toISOString() ?? null,
      revokedReason: row.revoked_reason,
      status: statusOf(row, now),
      dailyUses: days.map((day) => ({ day, count: countOf.get(`${row.id} ${day}`) ?? 0 })),
    })),
  };
}

/** A new token; the answer is the only place its value ever appears. */
export async function createApiToken(
  context: Context,
  user: { userId: string; timeZone: string },
  input: { name: string; lifetimeDays: number },
): Promise<ApiTokenSummary & { token: string }> {
  const now = context.clock.now();
  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  const id = await context.db.transaction().execute(async (trx) => {
    if ((await countLiveApiTokens(trx, user.userId, now)) >= MAX_LIVE_API_TOKENS) throw new AppError('api_token_limit_reached');
    return insertApiToken(trx, {
      user_id: user.userId,
      name: input.name,
      token_hash: tokenHash(context, token),
      key_id: secretKeyId(context.config.sessionSecret),
      prefix: token.slice(0, SHOWN_CHARACTERS),
      created_at: now,
      expires_at: new Date(now.getTime() + input.lifetimeDays * 86_400_000),
    });
  });
  const created = (await listApiTokens(context, user)).tokens.find((summary) => summary.id === id)!;
  return { ...created, token };
}

/** Revokes one of the resident's tokens, at once: the next request with it is refused. */
export async function revokeApiToken(context: Context, userId: string, tokenId: string): Promise<void> {
  if (!(await markApiTokenRevoked(context.db, userId, tokenId, context.clock.now()))) throw new AppError('api_token_not_found');
}

/** Revokes every live token of the user: at move-out, closure and deletion, in the caller's transaction. */
export function revokeApiTokensOfUser(db: Kysely<Database>, userId: string, now: Date, reason: ApiTokenRevokedReason): Promise<number> {
  return markApiTokensOfUserRevoked(db, userId, now, reason);
}

/**
 * Phase 3 of a SESSION_SECRET rotation (`npm run secrets -- revoke-unreachable-api-tokens`):
 * revokes the live tokens keyed under a secret none of `config.acceptedSessionSecrets` is (not
 * used during phase 2, so never re-keyed): they can no longer be found, and their holders' list
 * then says « revoked » (`secret_rotation`) rather than showing a dead token as active. A token
 * whose key is unknown (null) is left alone. Returns how many.
 */
export function revokeApiTokensUnderDroppedSecrets(context: Pick<AppContext, 'config' | 'db' | 'clock'>): Promise<number> {
  return markApiTokensUnderOtherSecretsRevoked(context.db, context.config.acceptedSessionSecrets.map(secretKeyId), context.clock.now());
}

/**
 * The resident behind a token, as a full-assurance session of their own dwelling; 'none' for
 * an unknown, expired or revoked token, or an account closed or past its move-out. Each use is
 * recorded (last use, the day's count) and counted against the token's rate limit.
 */
export async function resolveApiToken(context: Context, token: string): Promise<SessionLookup> {
  const now = context.clock.now();
  const candidates = keyedHashes(context.config.acceptedSessionSecrets, 'api-token', token);
  for (const [position, candidate] of candidates.entries()) {
    const row = await findApiTokenWithAccount(context.db, candidate);
    if (!row || !isAnyHash([candidate], row.token_hash)) continue;
    if (isRetiring(context, context.config.acceptedSessionSecrets[position]) && !row.revoked_at) {
      await rekeyApiToken(context.db, { id: row.token_id, foundHash: candidate }, { hash: tokenHash(context, token), keyId: secretKeyId(context.config.sessionSecret) });
    }
    const dwelling = row.resident_dwelling && toResidentDwelling(row.resident_dwelling);
    if (row.revoked_at || row.expires_at.getTime() <= now.getTime() || row.id === null || row.role !== 'resident' || !dwelling) return { status: 'none' };
    const timeZone = row.resident_time_zone ?? dwelling.timeZone;
    const today = localDayOf(now.getTime(), timeZone);
    if (row.resident_moved_out_on !== null && row.resident_moved_out_on < today) return { status: 'none' };
    const use = await recordApiTokenUse(context.db, row.token_id, now, today, API_TOKEN_RATE_LIMIT.windowMs);
    if (use.windowCount > API_TOKEN_RATE_LIMIT.count) {
      const retryAfterSeconds = Math.max(1, Math.ceil((use.windowStartedAt.getTime() + API_TOKEN_RATE_LIMIT.windowMs - now.getTime()) / 1000));
      throw new AppError('api_token_rate_limited', { retryAfterSeconds });
    }
    const user: SessionUser = {
      userId: row.id,
      role: 'resident',
      email: row.email ?? '',
      locale: row.locale ?? 'fr',
      displayName: row.email ?? '',
      resident: dwelling,
      manager: null,
      staff: null,
    };
    return { status: 'active', session: { idHash: candidate, apiTokenId: row.token_id, assurance: 'full', user } };
  }
  return { status: 'none' };
}
