import { sql, type Kysely } from 'kysely';
import type { AlertNoticeChannel, AlertNoticeSkipReason, AlertNoticeStatus, Database } from '../../db/schema.ts';

export type NoticeDb = Kysely<Database>;

/** The episode a notice is about, with where it happened. */
export async function selectEpisodeForNotices(db: NoticeDb, episodeId: string) {
  return db.selectFrom('alert_episodes').select(['id', 'kind', 'residence_id']).where('id', '=', episodeId).executeTakeFirst();
}

/** Inserts the notices that do not exist yet (one per episode and channel); returns every notice of the episode. */
export async function insertEpisodeNotices(
  db: NoticeDb,
  notices: ReadonlyArray<{ episode_id: string; residence_id: string; channel: AlertNoticeChannel; message_id: string; created_at: Date }>,
) {
  if (notices.length === 0) return [];
  await db
    .insertInto('alert_notices')
    .values([...notices])
    .onConflict((conflict) => conflict.columns(['episode_id', 'channel']).doNothing())
    .execute();
  return db
    .selectFrom('alert_notices')
    .select(['id', 'channel', 'message_id', 'status'])
    .where('episode_id', '=', notices[0]!.episode_id)
    .execute();
}

export async function selectNotice(db: NoticeDb, noticeId: string) {
  return db.selectFrom('alert_notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
}

/**
 * What the send job needs, read when it runs: the episode, the residence's time zone, and the
 * dwelling's current resident (active account, not moved out) with their options and language.
 */
export async function selectNoticeTarget(db: NoticeDb, episodeId: string, today: string) {
  const episode = await db
    .selectFrom('alert_episodes as episode')
    .innerJoin('residences as residence', 'residence.id', 'episode.residence_id')
    .select(['episode.kind', 'episode.source', 'episode.fluid', 'episode.started_at', 'episode.details', 'episode.dwelling_id', 'residence.time_zone'])
    .where('episode.id', '=', episodeId)
    .executeTakeFirstOrThrow();
  const resident = await db
    .selectFrom('users as user')
    .innerJoin('resident_profiles as profile', 'profile.user_id', 'user.id')
    .select([
      'user.email',
      'user.locale',
      'profile.civility',
      'profile.last_name',
      'profile.mobile_e164',
      'profile.notify_leak_by_email',
      'profile.notify_leak_by_sms',
      'profile.notify_overconsumption',
      'profile.moved_in_on',
    ])
    .where('user.dwelling_id', '=', episode.dwelling_id)
    .where('user.role', '=', 'resident')
    .where('user.closed_at', 'is', null)
    .where((eb) => eb.or([eb('profile.moved_out_on', 'is', null), eb('profile.moved_out_on', '>=', today)]))
    .executeTakeFirst();
  return { episode, resident };
}

/**
 * Marks the notice as being sent, committed before the provider is called. Only from a state
 * that still needs sending; `sending` is accepted only from a caller holding the notice's lock
 * (the attempt that left it so is gone).
 */
export async function markNoticeSending(
  db: NoticeDb,
  noticeId: string,
  values: { recipient: string; sendingAt: Date; interruptedBefore: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('alert_notices')
    .set((eb) => ({
      status: 'sending',
      recipient: values.recipient,
      sending_at: values.sendingAt,
      attempts: eb('attempts', '+', 1),
      ...(values.interruptedBefore ? { last_error: 'the previous attempt stopped before its outcome was recorded' } : {}),
    }))
    .where('id', '=', noticeId)
    .where('status', 'in', ['pending', 'failed', 'sending'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markNoticeSent(db: NoticeDb, noticeId: string, values: { provider: string; providerMessageId: string; sentAt: Date }) {
  await db
    .updateTable('alert_notices')
    .set({ status: 'sent', provider: values.provider, provider_message_id: values.providerMessageId, sent_at: values.sentAt })
    .where('id', '=', noticeId)
    .where('status', '=', 'sending')
    .execute();
}

export async function markNoticeFailed(db: NoticeDb, noticeId: string, values: { error: string; retryable: boolean; provider: string | null }) {
  await db
    .updateTable('alert_notices')
    .set({ status: 'failed', last_error: values.error.slice(0, 500), retryable: values.retryable, provider: values.provider })
    .where('id', '=', noticeId)
    .where('status', '=', 'sending')
    .execute();
}

export async function markNoticeSkipped(db: NoticeDb, noticeId: string, reason: AlertNoticeSkipReason) {
  await db
    .updateTable('alert_notices')
    .set({ status: 'skipped', skip_reason: reason })
    .where('id', '=', noticeId)
    .where('status', 'in', ['pending', 'failed', 'sending'])
    .execute();
}

/**
 * Notices that need a new job: pending ones older than `pendingBefore` (their job was lost), a
 * `sending` one older than `sendingBefore` (its attempt may have died: the job decides under
 * the notice's lock), failed retryable ones last tried before `failedBefore` (their job's
 * retries are spent).
 */
export async function selectStalledNotices(
  db: NoticeDb,
  limits: { pendingBefore: Date; sendingBefore: Date; failedBefore: Date; limit: number },
) {
  return db
    .selectFrom('alert_notices')
    .select(['id', 'message_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('created_at', '<=', limits.pendingBefore)]),
        eb.and([eb('status', '=', 'sending'), eb('sending_at', '<=', limits.sendingBefore)]),
        eb.and([eb('status', '=', 'failed'), eb('retryable', '=', true), eb('sending_at', '<=', limits.failedBefore)]),
      ]),
    )
    .orderBy('created_at')
    .limit(limits.limit)
    .execute();
}

/** The back office's list of notices, newest first, optionally by status and residence. */
export async function selectAlertNotices(
  db: NoticeDb,
  filter: { statuses?: readonly AlertNoticeStatus[]; residenceId?: string; limit: number; offset: number },
) {
  let query = db
    .selectFrom('alert_notices as notice')
    .innerJoin('alert_episodes as episode', 'episode.id', 'notice.episode_id')
    .innerJoin('dwellings as dwelling', 'dwelling.id', 'episode.dwelling_id')
    .innerJoin('residences as residence', 'residence.id', 'notice.residence_id')
    .select([
      'notice.id',
      'notice.episode_id',
      'notice.channel',
      'notice.message_id',
      'notice.recipient',
      'notice.status',
      'notice.attempts',
      'notice.last_error',
      'notice.skip_reason',
      'notice.provider',
      'notice.provider_message_id',
      'notice.created_at',
      'notice.sending_at',
      'notice.sent_at',
      'episode.kind',
      'episode.fluid',
      'episode.started_at',
      'dwelling.id as dwelling_id',
      'dwelling.dwelling_code',
      'residence.id as residence_id',
      'residence.building_code',
      'residence.name as residence_name',
    ]);
  if (filter.statuses && filter.statuses.length > 0) query = query.where('notice.status', 'in', [...filter.statuses]);
  if (filter.residenceId) query = query.where('notice.residence_id', '=', filter.residenceId);
  return query.orderBy('notice.created_at', 'desc').orderBy('notice.id').limit(filter.limit).offset(filter.offset).execute();
}

/** How many notices are in each status (the back office's delivery summary). */
export async function countAlertNoticesByStatus(db: NoticeDb) {
  const rows = await db
    .selectFrom('alert_notices')
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .groupBy('status')
    .execute();
  return rows;
}

// Advisory lock class of alert notices (the second key is a hash of the notice id).
const NOTICE_LOCK_CLASS = 7_207_001;

/** Takes the session advisory lock of a notice on this connection; false when another session holds it. */
export async function tryNoticeLock(connection: NoticeDb, noticeId: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${NOTICE_LOCK_CLASS}::int, hashtext(${noticeId})) as locked`.execute(connection);
  return rows[0]?.locked === true;
}

export async function releaseNoticeLock(connection: NoticeDb, noticeId: string): Promise<void> {
  await sql`select pg_advisory_unlock(${NOTICE_LOCK_CLASS}::int, hashtext(${noticeId}))`.execute(connection);
}
