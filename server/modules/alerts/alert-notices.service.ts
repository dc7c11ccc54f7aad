import type { AppContext } from '../../app-context.ts';
import type { AlertNoticeChannel, AlertNoticeSkipReason, AlertNoticeStatus } from '../../db/schema.ts';
import { queueNoticeJobs } from './alert-notices.jobs.ts';
import { countAlertNoticesByStatus, insertEpisodeNotices, selectAlertNotices, selectEpisodeForNotices } from './alert-notices.queries.ts';
import type { Fluid } from '#shared/device-kinds.ts';

/** Leak notices go by email and SMS (as the resident chose), over-consumption notices by email. */
const NOTICE_CHANNELS: Record<'leak' | 'overconsumption', readonly AlertNoticeChannel[]> = {
  leak: ['email', 'sms'],
  overconsumption: ['email'],
};

/** Stable per episode and channel: the email's Message-ID and the SMS provider's client reference. */
export function noticeMessageId(episodeId: string, channel: AlertNoticeChannel): string {
  return `alert-${episodeId}-${channel}`;
}

/**
 * Schedules the notices of an alert episode that has just opened: one per channel the
 * episode's kind allows (leak: email and SMS; over-consumption: email), each sent by its own
 * job. Idempotent: calling it again for the same episode creates nothing and only queues
 * again what is still pending (a second job for a notice still sends it once). Whether and
 * where each notice goes is decided when its job runs, from the resident's options then.
 *
 * Contract for the detection side: call it once the episode is committed (never inside a
 * transaction: it queues jobs).
 */
export async function scheduleEpisodeNotices(context: AppContext, episodeId: string): Promise<void> {
  const episode = await selectEpisodeForNotices(context.db, episodeId);
  if (!episode) throw new Error(`scheduleEpisodeNotices: no alert episode ${episodeId}`);
  const createdAt = context.clock.now();
  const notices = await insertEpisodeNotices(
    context.db,
    NOTICE_CHANNELS[episode.kind].map((channel) => ({
      episode_id: episode.id,
      residence_id: episode.residence_id,
      channel,
      message_id: noticeMessageId(episode.id, channel),
      created_at: createdAt,
    })),
  );
  await queueNoticeJobs(
    context,
    notices.filter((notice) => notice.status === 'pending'),
  );
}

export interface AlertNoticeListItem {
  id: string;
  episodeId: string;
  kind: 'leak' | 'overconsumption';
  fluid: Fluid;
  episodeStartedAt: string;
  channel: AlertNoticeChannel;
  messageId: string;
  recipient: string | null;
  status: AlertNoticeStatus;
  attempts: number;
  lastError: string | null;
  skipReason: AlertNoticeSkipReason | null;
  provider: string | null;
  providerMessageId: string | null;
  createdAt: string;
  sendingAt: string | null;
  sentAt: string | null;
  dwelling: { id: string; code: string };
  residence: { id: string; buildingCode: string; name: string | null };
}

/**
 * The alert notices for the back office, newest first: what is pending, being sent, sent,
 * failed (with attempts and the last error) or skipped (and why). `summary` counts every
 * notice by status.
 */
export async function listAlertNotices(
  context: Pick<AppContext, 'db'>,
  filter: { statuses?: readonly AlertNoticeStatus[]; residenceId?: string; limit?: number; offset?: number } = {},
): Promise<{ items: AlertNoticeListItem[]; summary: Record<AlertNoticeStatus, number> }> {
  const [rows, counts] = await Promise.all([
    selectAlertNotices(context.db, { ...filter, limit: Math.min(filter.limit ?? 50, 500), offset: filter.offset ?? 0 }),
    countAlertNoticesByStatus(context.db),
  ]);
  const summary: Record<AlertNoticeStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const row of counts) summary[row.status] = row.count;
  return {
    summary,
    items: rows.map((row) => ({
      id: row.id,
      episodeId: row.episode_id,
      kind: row.kind,
      fluid: row.fluid,
      episodeStartedAt: row.started_at.toISOString(),
      channel: row.channel,
      messageId: row.message_id,
      recipient: row.recipient,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      skipReason: row.skip_reason,
      provider: row.provider,
      providerMessageId: row.provider_message_id,
      createdAt: row.created_at.toISOString(),
      sendingAt: row.sending_at?.toISOString() ?? null,
      sentAt: row.sent_at?.toISOString() ?? null,
      dwelling: { id: row.dwelling_id, code: row.dwelling_code },
      residence: { id: row.residence_id, buildingCode: row.building_code, name: row.residence_name },
    })),
  };
}
