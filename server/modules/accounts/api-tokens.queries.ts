import { sql, type Insertable, type Kysely } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { ApiTokenRevokedReason, ApiTokensTable, Database } from '../../db/schema.ts';
import { preparedStatement } from '../../db/prepared-statements.ts';
import { residentDwellingQuery } from '../occupancy/occupancy.service.ts';
import { activeAccountProfiles } from './accounts.queries.ts';

type Db = Kysely<Database>;

export async function insertApiToken(db: Db, token: Insertable<ApiTokensTable>): Promise<string> {
  const row = await db.insertInto('api_tokens').values(token).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function countLiveApiTokens(db: Db, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function selectApiTokensOf(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at', 'revoked_reason'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export function selectDailyUsesOf(db: Db, tokenIds: readonly string[], fromDay: string) {
  if (tokenIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('api_token_daily_uses').select(['token_id', 'day', 'count']).where('token_id', 'in', tokenIds).where('day', '>=', fromDay).execute();
}

/** Revokes one live token of the user; false when there is none by that id. */
export async function markApiTokenRevoked(db: Db, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_reason: 'resident' })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markApiTokensOfUserRevoked(db: Db, userId: string, now: Date, reason: ApiTokenRevokedReason): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Stores the token's hash under another secret; only if the row still holds the hash it was found by (another node may have re-keyed it). */
export async function rekeyApiToken(db: Db, token: { id: string; foundHash: Buffer }, rekeyed: { hash: Buffer; keyId: string }): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ token_hash: rekeyed.hash, key_id: rekeyed.keyId })
    .where('id', '=', token.id)
    .where('token_hash', '=', token.foundHash)
    .execute();
}

/** Revokes (`secret_rotation`) the live tokens keyed under a known secret that is none of `keyIds`; how many. */
export async function markApiTokensUnderOtherSecretsRevoked(db: Db, keyIds: readonly string[], now: Date): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_reason: 'secret_rotation' })
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('key_id', 'is not', null)
    .where('key_id', 'not in', keyIds)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The live token by its hash, with its account's profile (null columns once closed) and the
 * resident's dwelling: what a token request needs, in one round trip, like the session lookup.
 */
const apiTokenWithAccount = preparedStatement('api-token-with-account', (db, tokenHash: Buffer) =>
  db
    .selectFrom('api_tokens')
    .leftJoin(activeAccountProfiles(db).as('account'), 'account.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.token_hash', 'api_tokens.user_id', 'api_tokens.expires_at', 'api_tokens.revoked_at'])
    .selectAll('account')
    .select(jsonObjectFrom(residentDwellingQuery(db, 'api_tokens.user_id')).as('resident_dwelling'))
    .where('api_tokens.token_hash', '=', tokenHash),
);

export async function findApiTokenWithAccount(db: Db, tokenHash: Buffer) {
  const [row] = await apiTokenWithAccount(db, tokenHash);
  return row;
}

/**
 * Records one use, in one statement: the token's last use, its fixed rate window (restarted when
 * older than `windowMs`) and the day's count. Returns the window's count after this use.
 */
export async function recordApiTokenUse(db: Db, tokenId: string, now: Date, day: string, windowMs: number): Promise<{ windowCount: number; windowStartedAt: Date }> {
  const windowFloor = new Date(now.getTime() - windowMs);
  const { rows } = await sql<{ window_count: number; window_started_at: Date }>`
    with used as (
      update api_tokens set
        last_used_at = ${now},
        window_started_at = case when window_started_at is null or window_started_at <= ${windowFloor} then ${now} else window_started_at end,
        window_count = case when window_started_at is null or window_started_at <= ${windowFloor} then 1 else window_count + 1 end
      where id = ${tokenId}
      returning window_count, window_started_at
    ), counted as (
      insert into api_token_daily_uses (token_id, day, count) values (${tokenId}, ${day}, 1)
      on conflict (token_id, day) do update set count = api_token_daily_uses.count + 1
    )
    select window_count, window_started_at from used
  `.execute(db);
  const row = rows[0]!;
  return { windowCount: Number(row.window_count), windowStartedAt: new Date(row.window_started_at) };
}
