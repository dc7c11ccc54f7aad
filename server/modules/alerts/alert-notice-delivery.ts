import type { AppContext } from '../../app-context.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { SmsDeliveryError } from '../../notifications/sms/sms-provider.ts';
import { deliverSms } from '../../notifications/sms/sms-sender.ts';
import { noticeEmail, noticeSms, type NoticeFacts } from './alert-notice-texts.ts';
import {
  markNoticeFailed,
  markNoticeSending,
  markNoticeSent,
  markNoticeSkipped,
  releaseNoticeLock,
  selectNotice,
  selectNoticeTarget,
  tryNoticeLock,
  type NoticeDb,
} from './alert-notices.queries.ts';

export type DeliveryOutcome = 'sent' | 'skipped' | 'already-done' | 'busy' | 'failed-permanently';

/** Thrown after a failed attempt that is worth retrying; the job queue retries with backoff. */
export class NoticeDeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeDeliveryFailed';
  }
}

/** The resident space's pages a notice links to (web/src/features/residents/resident-paths.ts). */
const RESIDENT_ALERTS_PATH = '/mon-espace/alertes';
const RESIDENT_OPTIONS_PATH = '/mon-espace/options';

/** Notices being delivered by this process, per database (PGlite has one session: no advisory lock tells them apart). */
const inFlightByDatabase = new WeakMap<DatabaseHandle, Set<string>>();

/**
 * Runs `work` as the only delivery of this notice anywhere. On PostgreSQL a session advisory
 * lock on a connection held for the whole attempt: it is released by the server as soon as
 * its holder's connection goes, so a crashed attempt (even SIGKILL) never blocks the next one,
 * and a live one always does, on any node. On PGlite (one process) a set of notices in flight.
 */
async function withNoticeLock<T>(context: AppContext, noticeId: string, work: (db: NoticeDb) => Promise<T>): Promise<T | 'busy'> {
  let inFlight = inFlightByDatabase.get(context.database);
  if (!inFlight) inFlightByDatabase.set(context.database, (inFlight = new Set()));
  if (inFlight.has(noticeId)) return 'busy';
  inFlight.add(noticeId);
  try {
    if (context.database.kind !== 'postgres') return await work(context.db);
    return await context.db.connection().execute(async (connection) => {
      if (!(await tryNoticeLock(connection, noticeId))) return 'busy' as const;
      try {
        return await work(connection);
      } finally {
        await releaseNoticeLock(connection, noticeId);
      }
    });
  } finally {
    inFlight.delete(noticeId);
  }
}

/** The latest month of an over-consumption episode (`details.months`, as detection records them). */
function latestAbnormalMonth(details: Record<string, unknown> | null): { month: string; basis: 'own_history' | 'residence_average' | undefined } | undefined {
  const months = Array.isArray(details?.months) ? (details.months as Array<Record<string, unknown>>) : [];
  const latest = months.at(-1);
  if (!latest || typeof latest.month !== 'string' || !/^[0-9]{4}-[0-9]{2}$/.test(latest.month)) return undefined;
  const basis = latest.basis === 'own_history' || latest.basis === 'residence_average' ? latest.basis : undefined;
  return { month: latest.month, basis };
}

function dayInZone(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
}

/**
 * Delivers one notice, once. The resident, their options and their address are read now, at
 * sending time. The notice is marked `sending` (committed) before the provider call and
 * `sent` with the provider's id (committed) after it, both under the notice's lock:
 *
 * - `sent` or `skipped`: nothing to do (a job retry, a second job, a second node).
 * - locked by a live attempt: nothing to do here; that attempt records its outcome, and its
 *   job retries if it fails.
 * - `sending` while nobody holds the lock: the attempt that marked it died between the two
 *   marks. Whether its provider accepted the message cannot be known, so it is sent again,
 *   with the same Message-ID or client reference. That resend is the only duplicate possible:
 *   it reaches the resident only if the provider had accepted the first one in the instant
 *   before the portal recorded it.
 * - provider refused or unreachable: recorded as `failed` (attempts, last error) and thrown,
 *   so the job queue retries with backoff; a permanent refusal (invalid number) is recorded
 *   and not retried.
 */
export async function deliverAlertNotice(context: AppContext, noticeId: string): Promise<DeliveryOutcome> {
  const first = await selectNotice(context.db, noticeId);
  if (!first || first.status === 'sent' || first.status === 'skipped') return 'already-done';
  if (first.status === 'failed' && !first.retryable) return 'failed-permanently';

  const outcome = await withNoticeLock(context, noticeId, async (db): Promise<DeliveryOutcome> => {
    const notice = await selectNotice(db, noticeId);
    if (!notice || notice.status === 'sent' || notice.status === 'skipped') return 'already-done';
    if (notice.status === 'failed' && !notice.retryable) return 'failed-permanently';

    const now = context.clock.now();
    const { episode, resident } = await selectNoticeTarget(db, notice.episode_id, now.toISOString().slice(0, 10));
    if (!resident) {
      await markNoticeSkipped(db, noticeId, 'no_resident');
      return 'skipped';
    }
    const chosen =
      episode.kind === 'leak'
        ? notice.channel === 'email'
          ? resident.notify_leak_by_email
          : resident.notify_leak_by_sms
        : notice.channel === 'email' && resident.notify_overconsumption;
    if (!chosen) {
      await markNoticeSkipped(db, noticeId, 'option_off');
      return 'skipped';
    }
    if (notice.channel === 'sms' && !resident.mobile_e164) {
      await markNoticeSkipped(db, noticeId, 'no_mobile');
      return 'skipped';
    }

    const startedOn = dayInZone(episode.started_at, episode.time_zone);
    const latestMonth = latestAbnormalMonth(episode.details);
    const facts: NoticeFacts = {
      kind: episode.kind,
      source: episode.source,
      fluid: episode.fluid,
      since: startedOn < resident.moved_in_on ? resident.moved_in_on : startedOn,
      month: latestMonth?.month,
      basis: latestMonth?.basis,
      civility: resident.civility,
      lastName: resident.last_name,
      language: resident.locale === 'en' ? 'en' : 'fr',
      alertsUrl: `${context.config.publicUrl}${RESIDENT_ALERTS_PATH}`,
      optionsUrl: `${context.config.publicUrl}${RESIDENT_OPTIONS_PATH}`,
    };
    const recipient = notice.channel === 'email' ? resident.email : resident.mobile_e164!;
    const claimed = await markNoticeSending(db, noticeId, {
      recipient,
      sendingAt: now,
      interruptedBefore: notice.status === 'sending',
    });
    if (!claimed) return 'already-done';

    let delivered: { provider: string; providerMessageId: string };
    try {
      if (notice.channel === 'email') {
        const email = noticeEmail(facts);
        delivered = await context.mailer.deliverNow({
          messageKey: notice.message_id,
          messageId: `<${notice.message_id}@${new URL(context.config.publicUrl).hostname}>`,
          to: recipient,
          subject: email.subject,
          text: email.text,
          html: email.html,
          residenceId: notice.residence_id,
        });
      } else {
        delivered = await deliverSms(context, {
          to: recipient,
          text: noticeSms(facts),
          reference: notice.message_id,
          residenceId: notice.residence_id,
        });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof SmsDeliveryError && error.permanent;
      await markNoticeFailed(db, noticeId, {
        error: message,
        retryable: !permanent,
        provider: notice.channel === 'email' ? 'smtp' : context.config.sms ? 'vonage' : 'outbox',
      });
      if (permanent) return 'failed-permanently';
      throw new NoticeDeliveryFailed(`alert notice ${notice.message_id}: ${message}`);
    }
    await markNoticeSent(db, noticeId, { ...delivered, sentAt: context.clock.now() });
    return 'sent';
  });
  return outcome;
}
